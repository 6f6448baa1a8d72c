package app

import (
	"context"
	"flag"
	"fmt"
	"io"
	"time"

	"go.uber.org/zap"

	"github.com/netsyncd/netsyncd/internal/classify"
	"github.com/netsyncd/netsyncd/internal/config"
	"github.com/netsyncd/netsyncd/internal/event"
	"github.com/netsyncd/netsyncd/internal/limits"
	"github.com/netsyncd/netsyncd/internal/people"
	"github.com/netsyncd/netsyncd/internal/pipeline"
	"github.com/netsyncd/netsyncd/internal/report"
)

var peopleCommand = command{
	name: "people", args: "[--config PATH] [--ics FILE] [--due] [--json]",
	short: "who you met, when, and who is due for a reconnect",
	long: `Lists the people you met at networking events, when you first and last
met, how often (and how often in person), at whose events, and when each is
due for a reconnect; then each host's track record: their events you
attended, the people you met there, and how many of them you later met one
on one.

A person is an attendee (by email) other than you (me.emails), or, for an
event without attendees, a name in its summary: "Coffee w/ Dana Whitfield
(Lazard)", "Lunch - Marcus Bell", "Kaffee mit Anna Huber". Rooms, resources,
mailing lists, your employer's domains and people.ignore never count. Only
meetings that happened count: past, not cancelled, not declined by you, and
not you alone. Any later event with a person resets their cadence.

STATUS is due (the last meeting plus people.reconnect_after, or a rule's
cadence, is within output.reconnect.lead), scheduled (a future event with
them is on your calendar), ok, or never (a rule says never).

The ledger is the daemon's (people.json in state_dir, kept by run and once),
brought up to date with the config's window; without one, it is learned from
the configured CalDAV server (people.history back, and the window ahead), or
with --ics from an exported .ics file alone, offline (then the config needs
no caldav section).
Set me.emails in the config, or you count among the people you met.
Nothing is written. See docs/people.md.

Examples:
  netsyncd people --due
  netsyncd people --ics ~/Downloads/calendar.ics --json | jq '.hosts'`,
	run: func(ctx context.Context, env Env, fs *flag.FlagSet, args []string) error {
		o := addReadFlags(fs)
		due := fs.Bool("due", false, "only the people due for a reconnect this week, most overdue first (at most people.max_reconnects_per_week)")
		if err := parseFlags(fs, args); err != nil {
			return err
		}
		r, cfg, err := o.people(ctx, env, *due)
		if err != nil {
			return err
		}
		if *o.json {
			return report.WritePeopleJSON(env.Stdout, r)
		}
		return report.WritePeopleText(env.Stdout, r, *due, cfg)
	},
}

// people shows the daemon's ledger (people.json in state_dir) brought up
// to date with the window; without one, or with --ics, it reads
// people.history of past events and the window ahead, and learns the
// ledger from them alone.
func (o *readOptions) people(ctx context.Context, env Env, dueOnly bool) (people.Report, *config.Config, error) {
	log, cfg, err := o.load(env)
	if err != nil {
		return people.Report{}, nil, err
	}
	defer log.Sync()
	now := env.Now()
	read := func(w pipeline.Window) ([]event.Source, error) { return o.read(ctx, env, cfg, log, w) }
	if *o.ics == "" && cfg.StateDir != "" {
		kept, ok, err := people.LoadDir(cfg.StateDir)
		if err != nil {
			log.Info("the daemon's people ledger cannot be read; learning from the calendar's history", zap.Error(err))
		}
		if ok && err == nil {
			l, items, err := learnOn(kept, cfg, now, pipeline.WindowAround(cfg, now), log, read)
			if err != nil {
				return people.Report{}, nil, err
			}
			return people.View(l, items, cfg, now, dueOnly), cfg, nil
		}
	}
	l, items, err := learnFrom(cfg, now, log, read)
	if err != nil {
		return people.Report{}, nil, err
	}
	return people.View(l, items, cfg, now, dueOnly), cfg, nil
}

// learnFrom reads people.history of past events and the window ahead
// through read, and learns a ledger from them alone. It returns the
// classified occurrences too: the future ones say who is scheduled.
func learnFrom(cfg *config.Config, now time.Time, log *zap.Logger, read func(pipeline.Window) ([]event.Source, error)) (people.Ledger, []limits.Item, error) {
	return learnOn(people.Ledger{}, cfg, now, historyWindow(cfg, now), log, read)
}

// learnOn reads w through read and learns its occurrences into l.
func learnOn(l people.Ledger, cfg *config.Config, now time.Time, w pipeline.Window, log *zap.Logger, read func(pipeline.Window) ([]event.Source, error)) (people.Ledger, []limits.Item, error) {
	cl, err := classify.New(cfg)
	if err != nil {
		return people.Ledger{}, nil, usageError{err}
	}
	srcs, err := read(w)
	if err != nil {
		return people.Ledger{}, nil, err
	}
	items := classified(cfg, cl, srcs, w, log)
	return people.Learn(l, items, cfg, now), items, nil
}

// demoPeople prints the people table of the demo's sample calendar.
func demoPeople(ctx context.Context, env Env, cfg *config.Config, log *zap.Logger, out io.Writer) error {
	s, err := newReader(env, cfg, log)
	if err != nil {
		return err
	}
	now := env.Now()
	l, items, err := learnFrom(cfg, now, log, func(w pipeline.Window) ([]event.Source, error) { return s.ReadSources(ctx, w) })
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "\n== netsyncd people: who you met, who is due for a reconnect, each host's record ==\n\n")
	return report.WritePeopleText(out, people.View(l, items, cfg, now, false), false, cfg)
}

// load builds the logger and loads the config: the file's, or with --ics
// the defaults when there is none.
func (o *readOptions) load(env Env) (*zap.Logger, *config.Config, error) {
	log, err := newLogger(env, *o.logLevel)
	if err != nil {
		return nil, nil, err
	}
	var cfg *config.Config
	if *o.ics != "" {
		cfg, err = loadConfigOffline(env, *o.config, log)
	} else {
		cfg, err = loadConfig(env, *o.config, log)
	}
	if err != nil {
		log.Sync()
		return nil, nil, err
	}
	return log, cfg, nil
}

// historyWindow is people.history before today to the end of the config's
// window ahead.
func historyWindow(cfg *config.Config, now time.Time) pipeline.Window {
	w := pipeline.WindowAround(cfg, now)
	y, m, d := now.In(cfg.Location).Date()
	days := int((cfg.People.History.D() + 24*time.Hour - 1) / (24 * time.Hour))
	w.From = event.DayStart(y, m, d-days, cfg.Location)
	return w
}

// classified expands and classifies every occurrence once (an event in two
// calendars is one), without the limits and the planner: pipeline's rules.
func classified(cfg *config.Config, cl *classify.Classifier, srcs []event.Source, w pipeline.Window, log *zap.Logger) []limits.Item {
	items, problems, _ := pipeline.Classified(context.Background(), cfg, cl, srcs, w) // never cancelled: no error
	logProblems(log, problems)
	return items
}
