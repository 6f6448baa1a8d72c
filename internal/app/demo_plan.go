package app

import (
	"context"
	"fmt"
	"io"
	"time"

	"go.uber.org/zap"

	"github.com/netsyncd/netsyncd/internal/config"
	"github.com/netsyncd/netsyncd/internal/daemon"
	"github.com/netsyncd/netsyncd/internal/entry"
	"github.com/netsyncd/netsyncd/internal/event"
	"github.com/netsyncd/netsyncd/internal/pipeline"
	"github.com/netsyncd/netsyncd/internal/report"
)

// demoPlanYAML is the demo's plan: started four Mondays ago, a first
// month and a first quarter.
func demoPlanYAML(now time.Time) string {
	loc, err := time.LoadLocation("America/New_York")
	if err != nil {
		loc = time.UTC
	}
	t := now.In(loc)
	start := time.Date(t.Year(), t.Month(), t.Day()-(int(t.Weekday())+6)%7-28, 0, 0, 0, 0, loc)
	day := func(d int) string { return start.AddDate(0, 0, d).Format("2006-01-02") }
	return fmt.Sprintf(`plan:
  start: %s
  milestones:
    - {name: first month, by: %s, active_meetings: 8, new_contacts: 6, in_person_hours: 16}
    - {name: first quarter, by: %s, active_meetings: 24, new_contacts: 15, reconnects: 6}
`, day(0), day(34), day(90))
}

// demoReport prints `netsyncd report` with the plan's progress for the
// weeks of rw and writes the HTML report to html.
func demoReport(ctx context.Context, env Env, cfg *config.Config, log *zap.Logger, out io.Writer, s *daemon.Reader, rw pipeline.Window, html string) error {
	now := env.Now()
	p, err := analyzePlan(ctx, cfg, log, now, rw, func(w pipeline.Window) ([]event.Source, error) { return s.ReadSources(ctx, w) })
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "\n== netsyncd report: each week against the limits, and the plan's milestones ==\n\n")
	if err := report.WriteReportText(out, p.weeks, cfg.Location); err != nil {
		return err
	}
	if err := report.WriteProgressText(out, p.weeks, p.plan, cfg.Location); err != nil {
		return err
	}
	if err := demoSlots(ctx, env, cfg, log, out, s, rw); err != nil {
		return err
	}
	if html == "" {
		return nil
	}
	if err := writeHTML(html, p, now, cfg.Location); err != nil {
		return err
	}
	fmt.Fprintf(out, "\nnetsyncd report --html wrote the same as a page with charts: %s (open it in a browser)\n", html)
	return nil
}

// demoSlots shows the open slots of the two quieter weeks after rw (the
// sample's weeks are full: a week over its hours gets no slot), as a pass
// at 06:00 on their first Monday would write them.
func demoSlots(ctx context.Context, env Env, cfg *config.Config, log *zap.Logger, out io.Writer, s *daemon.Reader, rw pipeline.Window) error {
	later := pipeline.Window{From: rw.To, To: rw.To.AddDate(0, 0, 14)}
	now := later.From.Add(6 * time.Hour)
	p, err := analyzePlan(ctx, cfg, log, now, later, func(w pipeline.Window) ([]event.Source, error) { return s.ReadSources(ctx, w) })
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "\n== open slots: at 06:00 on %s, the next two weeks are short of self-arranged meetings ==\n\n", now.In(cfg.Location).Format("Mon 2 Jan"))
	var first *entry.Entry
	for i, e := range p.an.Entries {
		if e.Kind == entry.KindSlot {
			fmt.Fprintf(out, "%s-%s  %s\n", e.Start.In(cfg.Location).Format("Mon 02 Jan 15:04"), e.End.In(cfg.Location).Format("15:04"), e.Summary)
			if first == nil {
				first = &p.an.Entries[i]
			}
		}
	}
	if first == nil {
		fmt.Fprintf(out, "(none: those weeks are at their targets or limits)\n")
		return nil
	}
	fmt.Fprintf(out, "\n%s\n%s\n", first.Summary, first.Description)
	return nil
}
