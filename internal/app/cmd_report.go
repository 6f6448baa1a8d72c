package app

import (
	"context"
	"flag"
	"time"

	"github.com/netsyncd/netsyncd/internal/config"
	"github.com/netsyncd/netsyncd/internal/limits"
	"github.com/netsyncd/netsyncd/internal/pipeline"
	"github.com/netsyncd/netsyncd/internal/report"
)

var reportCommand = command{
	name: "report", args: "[--config PATH] [--ics FILE] [--week 2026-W48] [--json]",
	short: "show each week against your limits",
	long: `Shows the weekly view: in-person networking hours (travel both ways
included) against limits.hours_per_week, the number of events, active vs
passive, remote networking, travel, confidential risks, and every finding,
for the current week and the following weeks of the window; or one week
with --week.

A week starts on limits.week_start and is named by the ISO week of its first
day (2026-W48). Events come from the server, or with --ics from an exported
.ics file, offline.

Examples:
  netsyncd report
  netsyncd report --week 2026-W50 --json
  netsyncd report --ics ~/Downloads/calendar.ics --week 2026-W50`,
	run: func(ctx context.Context, env Env, fs *flag.FlagSet, args []string) error {
		o := addReadFlags(fs)
		week := fs.String("week", "", "one week, like 2026-W48 (default: this week and the next ones in the window)")
		if err := parseFlags(fs, args); err != nil {
			return err
		}
		an, cfg, err := o.analyze(ctx, env, func(cfg *config.Config, w pipeline.Window) (pipeline.Window, error) {
			return weekRange(cfg, w, env.Now(), *week)
		})
		if err != nil {
			return err
		}
		if *o.json {
			return report.WriteReportJSON(env.Stdout, an.Weeks)
		}
		return report.WriteReportText(env.Stdout, an.Weeks, cfg.Location)
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
