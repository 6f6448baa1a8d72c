package app

import (
	"context"
	"fmt"
	"io"
	"time"

	"go.uber.org/zap"

	"github.com/netsyncd/netsyncd/internal/config"
	"github.com/netsyncd/netsyncd/internal/daemon"
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
func demoReport(ctx context.Context, env Env, cfg *config.Config, log *zap.Logger, out io.Writer, s *daemon.Syncer, rw pipeline.Window, html string) error {
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
	if html == "" {
		return nil
	}
	if err := writeHTML(html, p, now, cfg.Location); err != nil {
		return err
	}
	fmt.Fprintf(out, "\nnetsyncd report --html wrote the same as a page with charts: %s (open it in a browser)\n", html)
	return nil
}
