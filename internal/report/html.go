package report

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"math"
	"strings"
	"time"

	"github.com/netsyncd/netsyncd/internal/limits"
	"github.com/netsyncd/netsyncd/internal/milestone"
)

//go:embed report.html.tmpl
var pageText string

var page = template.Must(template.New("report").Parse(pageText))

// pageData is what report.html.tmpl shows.
type pageData struct {
	Generated, Zone, Range       string
	HoursSVG, ActiveSVG, BurnSVG template.HTML
	Milestones                   []msView
	Weeks                        []weekView
}

type msView struct {
	Name, Dates, Status, StatusText, Elapsed string
	Measures                                 []measureView
}

type measureView struct {
	Name, Text  string
	Done, Pace  string // CSS widths, "42%"
	HasPace     bool
	Reached     bool
	PlannedMore string // CSS width of what is planned beyond done
}

type weekView struct {
	Week, Dates, Hours, Meetings, Share string
	Over                                bool
	Findings                            []limits.Finding
}

// WriteHTML writes the report as one self-contained HTML page: no
// script, no external style, font or image; the charts are inline SVG
// (weekly hours against the budget, active and passive per week, the
// milestone burn-up), then the milestones and every week's findings.
func WriteHTML(w io.Writer, weeks []limits.Week, p Plan, now time.Time, loc *time.Location) error {
	d := pageData{
		Generated: now.In(loc).Format("Mon 2 Jan 2006 15:04"), Zone: loc.String(),
		HoursSVG:  template.HTML(hoursChart(weeks, loc)), // #nosec: built from escaped labels (svg.go)
		ActiveSVG: template.HTML(activeChart(weeks, p, loc)),
		BurnSVG:   template.HTML(burnupChart(p.Burnup, p.Milestones, now, loc)),
	}
	if len(weeks) > 0 {
		d.Range = weeks[0].Week + " to " + weeks[len(weeks)-1].Week
	}
	for i := range p.Milestones {
		d.Milestones = append(d.Milestones, milestoneView(&p.Milestones[i], loc))
	}
	for _, wk := range weeks {
		d.Weeks = append(d.Weeks, weekRowView(wk, loc))
	}
	if err := page.Execute(w, d); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	return nil
}

func milestoneView(m *milestone.Progress, loc *time.Location) msView {
	v := msView{Name: m.Name, Status: string(m.Status), StatusText: strings.ReplaceAll(string(m.Status), "_", " "),
		Dates:   m.From.In(loc).Format("Mon 2 Jan") + " to " + m.By.In(loc).Format("Mon 2 Jan 2006"),
		Elapsed: pct(m.Elapsed) + " of the time gone"}
	for _, x := range m.Measures() {
		mv := measureView{Name: x.Name, Text: x.Short(), Reached: x.Done >= x.Target}
		if x.Target > 0 {
			mv.Done = width(x.Done / x.Target)
			mv.PlannedMore = width((x.Planned - x.Done) / x.Target)
			mv.Pace, mv.HasPace = width(x.Expected/x.Target), m.Status != milestone.Met && m.Status != milestone.Missed
		} else {
			mv.Done, mv.PlannedMore = "100%", "0%"
		}
		v.Measures = append(v.Measures, mv)
	}
	return v
}

func width(share float64) string { return pct(math.Min(math.Max(share, 0), 1)) }

func weekRowView(wk limits.Week, loc *time.Location) weekView {
	r := weekRow(wk, loc)
	return weekView{Week: wk.Week, Dates: r[1], Hours: r[2], Over: wk.Hours > wk.BudgetHours+1e-9,
		Meetings: r[4] + " active, " + r[5] + " passive", Share: r[6], Findings: wk.Findings}
}
