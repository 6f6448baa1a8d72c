package app

import (
	"context"
	"flag"
	"time"

	"github.com/netsyncd/netsyncd/internal/config"
	"github.com/netsyncd/netsyncd/internal/event"
	"github.com/netsyncd/netsyncd/internal/limits"
	"github.com/netsyncd/netsyncd/internal/pipeline"
	"github.com/netsyncd/netsyncd/internal/report"
)

var reportCommand = command{
	name: "report", args: "[--config PATH] [--ics FILE] [--week 2026-W48] [--json] [--html FILE]",
	short: "show each week against your limits, and the plan's progress",
	long: `Shows the weekly view: in-person networking hours (travel both ways
included) against limits.hours_per_week, the number of events, active vs
passive, remote networking, travel, confidential risks, and every finding,
for the current week and the following weeks of the window; or one week
with --week. Then the progress view: a bar per week for hours against the
budget and for active against passive meetings (· marks each active meeting
still missing to limits.min_active_per_week), and each of plan.milestones
against its target, │ marking where its pro-rata pace is today (docs/plan.md).
--html FILE writes the same as a page with charts (weekly hours against the
budget, active share, milestone burn-up) that any browser opens offline.

A week starts on limits.week_start and is named by the ISO week of its first
day (2026-W48). Events come from the server, or with --ics from an exported
.ics file, offline.

Examples:
  netsyncd report
  netsyncd report --week 2026-W50 --json
  netsyncd report --html ~/networking.html
  netsyncd report --ics ~/Downloads/calendar.ics --week 2026-W50`,
	run: func(ctx context.Context, env Env, fs *flag.FlagSet, args []string) error {
		o := addReadFlags(fs)
		week := fs.String("week", "", "one week, like 2026-W48 (default: this week and the next ones in the window)")
		html := fs.String("html", "", "also write the report as a self-contained HTML page with charts to `FILE`")
		if err := parseFlags(fs, args); err != nil {
			return err
		}
		log, cfg, err := o.load(env)
		if err != nil {
			return err
		}
		defer log.Sync()
		now := env.Now()
		shown, err := weekRange(cfg, pipeline.WindowAround(cfg, now), now, *week)
		if err != nil {
			return err
		}
		p, err := analyzePlan(ctx, cfg, log, now, shown, func(w pipeline.Window) ([]event.Source, error) { return o.read(ctx, env, cfg, log, w) })
		if err != nil {
			return err
		}
		logAnalysis(log, p.an)
		if *html != "" {
			if err := writeHTML(*html, p, now, cfg.Location); err != nil {
				return err
			}
		}
		if *o.json {
			return report.WritePlanJSON(env.Stdout, p.weeks, p.plan, cfg.Location)
		}
		if err := report.WriteReportText(env.Stdout, p.weeks, cfg.Location); err != nil {
			return err
		}
		return report.WriteProgressText(env.Stdout, p.weeks, p.plan, cfg.Location)
	},
}

// weekRange is one week (--week) or the weeks from this one to the end of
// the window. Busy events of the days around a week matter for travel and
// overlaps, so the window read stays whole weeks.
func weekRange(cfg *config.Config, w pipeline.Window, now time.Time, week string) (pipeline.Window, error) {
	first := time.Weekday(cfg.Limits.WeekStart)
	if week == "" {
		return pipeline.Window{From: limits.WeekStart(now, cfg.Location, first), To: w.To}, nil
	}
	start, end, err := limits.ParseWeek(week, cfg.Location, first)
	if err != nil {
		return w, usagef("--week: %v", err)
	}
	return pipeline.Window{From: start, To: end}, nil
}
