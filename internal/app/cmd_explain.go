package app

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"go.uber.org/zap"

	"github.com/netsyncd/netsyncd/internal/budget"
	"github.com/netsyncd/netsyncd/internal/classify"
	"github.com/netsyncd/netsyncd/internal/config"
	"github.com/netsyncd/netsyncd/internal/core"
	"github.com/netsyncd/netsyncd/internal/daemon"
	"github.com/netsyncd/netsyncd/internal/event"
	"github.com/netsyncd/netsyncd/internal/fileread"
	"github.com/netsyncd/netsyncd/internal/limits"
	"github.com/netsyncd/netsyncd/internal/pipeline"
	"github.com/netsyncd/netsyncd/internal/report"
)

var explainCommand = command{
	name: "explain", args: "[--config PATH] [--ics FILE] [--from DATE] [--to DATE] [--json]",
	short: "show how every event is classified, and why",
	long: `Lists every occurrence in the window, networking or not, with its
classification (networking, active or passive, type, in person or remote,
confidential risk), the strongest signals for and against each decision
with their rules and weights, the travel time and every finding. A
cancelled event, or one you declined, is marked [cancelled] or [declined]
before its title; --json gives "status" (the event's STATUS) and
"partstat" (yours), lower case. An event that is not networking but where
you will meet people from outside (a gala, a school fundraiser, a talk with
a reception) is a chance to network: "opportunity": true, with its reason;
it counts towards no limit (docs/plan.md).

Events come from the configured CalDAV server, or with --ics from an exported
.ics file, offline: tune your classify rules against an export, then run
explain again. The file's calendar is the file's name without .ics
(Work.ics is calendar "Work"), so employer.shared_calendars and a family
calendar's name apply to it as to the server's; when the config names no
such calendar, the file's own X-WR-CALNAME is used if the config names that.
Without
--config and without a config file, --ics uses the defaults.

DATE is YYYY-MM-DD in the config's time zone; --to is inclusive. The default
window is the config's window (window.past before today, window.future after).

Examples:
  netsyncd explain --ics ~/Downloads/calendar.ics --from 2026-12-01 --to 2026-12-14
  netsyncd explain --json | jq '.[] | select(.networking)'`,
	run: func(ctx context.Context, env Env, fs *flag.FlagSet, args []string) error {
		o := addReadFlags(fs)
		from := fs.String("from", "", "first day, YYYY-MM-DD (default: window.past before today)")
		to := fs.String("to", "", "last day, inclusive, YYYY-MM-DD (default: window.future after today)")
		if err := parseFlags(fs, args); err != nil {
			return err
		}
		an, cfg, err := o.analyze(ctx, env, func(cfg *config.Config, w pipeline.Window) (pipeline.Window, error) {
			return dayRange(cfg, w, *from, *to)
		})
		if err != nil {
			return err
		}
		if *o.json {
			return writeExplainJSON(env.Stdout, an.Items, cfg)
		}
		return report.WriteExplainText(env.Stdout, markedItems(an.Items, cfg), cfg.Location)
	},
}

// explainRow is a row of `explain --json` with the event's STATUS and my
// PARTSTAT, both lower case or "" (SPEC.md).
type explainRow struct {
	report.ExplainRow
	Status   string `json:"status"`
	PartStat string `json:"partstat"`
}

func writeExplainJSON(w io.Writer, items []limits.Item, cfg *config.Config) error {
	base := report.ExplainRows(items)
	rows := make([]explainRow, len(base))
	for i := range base {
		rows[i] = explainRow{ExplainRow: base[i], Status: strings.ToLower(items[i].Occ.Status), PartStat: strings.ToLower(myPartStat(&items[i].Occ, cfg))}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(rows); err != nil {
		return fmt.Errorf("explain: %w", err)
	}
	return nil
}

// myPartStat is my PARTSTAT on o (by me.emails), "" when I am not invited.
func myPartStat(o *event.Occurrence, cfg *config.Config) string {
	for _, a := range o.Attendees {
		for _, e := range cfg.Me.Emails {
			if strings.EqualFold(strings.TrimSpace(e), a.Email) {
				return a.PartStat
			}
		}
	}
	return ""
}

// markedItems returns items with "[cancelled]" or "[declined]" before the
// title of an event that is cancelled or that I declined, so the text of
// explain says it on the first line, networking or not.
func markedItems(items []limits.Item, cfg *config.Config) []limits.Item {
	out := make([]limits.Item, len(items))
	copy(out, items)
	for i := range out {
		o := &out[i].Occ
		mark := ""
		switch {
		case o.Cancelled():
			mark = "[cancelled]"
		case myPartStat(o, cfg) == "DECLINED":
			mark = "[declined]"
		}
		if mark != "" {
			if o.Summary == "" {
				o.Summary = mark + " (no title)"
			} else {
				o.Summary = mark + " " + o.Summary
			}
		}
	}
	return out
}

// readOptions are the flags shared by explain and report.
type readOptions struct {
	config, ics, logLevel *string
	json                  *bool
}

func addReadFlags(fs *flag.FlagSet) *readOptions {
	return &readOptions{
		config:   configFlag(fs),
		ics:      fs.String("ics", "", "read events from this exported .ics file instead of the server"),
		json:     fs.Bool("json", false, "print JSON instead of a readable table"),
		logLevel: logLevelFlag(fs),
	}
}

// analyze loads the config, reads the events (file or server) in the
// window chosen by pick, and analyzes them as a pass does (core.Analyze).
func (o *readOptions) analyze(ctx context.Context, env Env, pick func(*config.Config, pipeline.Window) (pipeline.Window, error)) (pipeline.Analysis, *config.Config, error) {
	log, cfg, err := o.load(env)
	if err != nil {
		return pipeline.Analysis{}, nil, err
	}
	defer log.Sync()
	w, err := pick(cfg, pipeline.WindowAround(cfg, env.Now()))
	if err != nil {
		return pipeline.Analysis{}, nil, err
	}
	cl, err := classify.New(cfg)
	if err != nil {
		return pipeline.Analysis{}, nil, usageError{err}
	}
	srcs, err := o.read(ctx, env, cfg, log, w)
	if err != nil {
		return pipeline.Analysis{}, nil, err
	}
	an, err := core.Analyze(ctx, &core.Inputs{Config: cfg, Classifier: cl, Now: env.Now(), Window: w, Sources: srcs})
	if err != nil {
		return pipeline.Analysis{}, nil, err
	}
	logAnalysis(log, an)
	return an, cfg, nil
}

// logProblems logs the first budget.ProblemsLogged problems and counts
// the rest.
func logProblems(log *zap.Logger, probs []event.Problem) {
	listed, more := event.Listed(probs)
	for _, p := range listed {
		log.Warn(event.ProblemHeading(p), zap.String("problem", p.Error()))
	}
	if more > 0 {
		log.Warn("skipped more calendar components, not listed", zap.Int("more", more))
	}
}

// logAnalysis logs what the pipeline skipped and what a budget capped.
func logAnalysis(log *zap.Logger, an pipeline.Analysis) {
	logProblems(log, an.Problems)
	for _, f := range an.Capped() {
		log.Warn("capped by a budget", zap.String("uid", f.UID), zap.String("message", f.Message))
	}
}

func (o *readOptions) read(ctx context.Context, env Env, cfg *config.Config, log *zap.Logger, w pipeline.Window) ([]event.Source, error) {
	if *o.ics != "" {
		// A regular file of at most an object's bytes: --ics /dev/zero read
		// until memory ran out, a FIFO blocked, neither heeding SIGTERM.
		data, err := fileread.Regular(*o.ics, budget.ObjectBytes)
		switch {
		case errors.Is(err, fileread.ErrNotRegular):
			return nil, usagef("--ics: %v: export the calendar to an .ics file and name that file", err)
		case errors.Is(err, fileread.ErrTooLarge):
			return nil, usagef("--ics: %v, the most one .ics may hold: export a shorter range of dates", err)
		case err != nil:
			return nil, usagef("--ics: %v", err)
		}
		if why := notICS(data); why != "" {
			return nil, usagef("--ics: %s: %s", *o.ics, why)
		}
		return []event.Source{{Calendar: icsCalendarName(cfg, *o.ics, data), File: filepath.Base(*o.ics), Data: data}}, nil
	}
	sec, err := cfg.SecretFrom(env.Getenv)
	if err != nil {
		return nil, usageError{err}
	}
	r, err := daemon.NewReader(cfg, sec, log, env.Now)
	if err != nil {
		return nil, err
	}
	srcs, err := r.ReadSources(ctx, w)
	return srcs, withHint(err, cfg)
}

// dayRange narrows w to --from/--to (dates in the config's zone, --to inclusive).
func dayRange(cfg *config.Config, w pipeline.Window, from, to string) (pipeline.Window, error) {
	if from != "" {
		t, err := time.Parse("2006-01-02", from)
		if err != nil {
			return w, usagef("--from %q: write a date like 2026-12-01", from)
		}
		w.From = event.DayStart(t.Year(), t.Month(), t.Day(), cfg.Location)
	}
	if to != "" {
		t, err := time.Parse("2006-01-02", to)
		if err != nil {
			return w, usagef("--to %q: write a date like 2026-12-14", to)
		}
		w.To = event.DayStart(t.Year(), t.Month(), t.Day()+1, cfg.Location)
	}
	if !w.From.Before(w.To) {
		return w, usagef("--from %s is after --to %s", w.From.Format("2006-01-02"), w.To.AddDate(0, 0, -1).Format("2006-01-02"))
	}
	if w.To.Sub(w.From) > 3*366*24*time.Hour {
		return w, usageError{fmt.Errorf("the window from %s to %s is longer than three years: narrow --from/--to", w.From.Format("2006-01-02"), w.To.AddDate(0, 0, -1).Format("2006-01-02"))}
	}
	return w, nil
}

// icsCalendarName is the calendar an exported file holds: the file's
// name without ".ics" ("Work.ics" is calendar "Work"), so that
// employer.shared_calendars and a family calendar's name match an export
// as they match the server; or, when that name is none the config knows
// (caldav.sources, employer.shared_calendars) and the file's X-WR-CALNAME
// is one, that ("Work_4f1b@group.calendar.google.com.ics" holding
// X-WR-CALNAME:Work). The file's name comes first: Outlook writes its
// default "Calendar" into every export.
func icsCalendarName(cfg *config.Config, path string, data []byte) string {
	base := filepath.Base(path)
	if ext := filepath.Ext(base); strings.EqualFold(ext, ".ics") && len(base) > len(ext) {
		base = base[:len(base)-len(ext)]
	}
	known := func(name string) bool {
		eq := func(s string) bool { return strings.EqualFold(strings.TrimSpace(s), name) }
		return name != "" && cfg != nil && (slices.ContainsFunc(cfg.CalDAV.Sources, eq) || slices.ContainsFunc(cfg.Employer.SharedCalendars, eq))
	}
	if !known(base) {
		if own := event.CalendarName(data); known(own) {
			return own
		}
	}
	return base
}
