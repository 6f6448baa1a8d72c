package report

import (
	"fmt"
	"time"

	"github.com/netsyncd/netsyncd/internal/limits"
	"github.com/netsyncd/netsyncd/internal/milestone"
)

const chartW, chartH = 720, 260

// slotX is the left edge and the width of week i's bar among n.
func (c *chart) slotX(i, n int) (x, bw float64) {
	slot := c.plotW() / float64(max(n, 1))
	bw = min(slot*0.6, 56)
	return c.left + slot*float64(i) + (slot-bw)/2, bw
}

// weekLabels writes each week's label and first day under its bar.
func (c *chart) weekLabels(weeks []limits.Week, loc *time.Location) {
	for i, wk := range weeks {
		x, bw := c.slotX(i, len(weeks))
		c.text(x+bw/2, c.h-c.bottom+16, "middle", "tick", wk.Week[5:])
		c.text(x+bw/2, c.h-c.bottom+30, "middle", "tick dim", wk.Start.In(loc).Format("2 Jan"))
	}
}

// hoursChart: in-person hours (red past the budget) and remote hours on
// top, per week, against the dashed budget line.
func hoursChart(weeks []limits.Week, loc *time.Location) string {
	top := 1.0
	for _, wk := range weeks {
		top = max(top, wk.BudgetHours, wk.Hours+wk.RemoteHours)
	}
	c := newChart(chartW, chartH, top*1.1, "Weekly networking hours against the budget")
	c.grid(" h")
	for i, wk := range weeks {
		x, bw := c.slotX(i, len(weeks))
		in := min(wk.Hours, wk.BudgetHours)
		c.rect(x, bw, 0, in, "bar-hours", fmt.Sprintf("%s: %s in person, travel included", wk.Week, hours(wk.Hours)))
		c.rect(x, bw, in, wk.Hours, "bar-over", fmt.Sprintf("%s: %s over the budget", wk.Week, hours(wk.Hours-wk.BudgetHours)))
		c.rect(x, bw, wk.Hours, wk.Hours+wk.RemoteHours, "bar-remote", fmt.Sprintf("%s: %s remote", wk.Week, hours(wk.RemoteHours)))
		if wk.Hours+wk.RemoteHours > 0 {
			c.text(x+bw/2, c.y(wk.Hours+wk.RemoteHours)-5, "middle", "value", trimFloat(round2(wk.Hours+wk.RemoteHours)))
		}
	}
	if len(weeks) > 0 {
		c.hline(weeks[0].BudgetHours, "budget", "budget "+hours(weeks[0].BudgetHours))
	}
	c.weekLabels(weeks, loc)
	return c.svg()
}

// activeChart: active and passive events per week, the open slots as
// outlines on top, the weekly target dashed, the active share above.
func activeChart(weeks []limits.Week, p Plan, loc *time.Location) string {
	top := float64(max(p.MinActive, 1))
	for _, wk := range weeks {
		top = max(top, float64(wk.Events+p.Slots[wk.Week]))
	}
	c := newChart(chartW, chartH, top*1.15, "Active and passive networking per week")
	c.grid("")
	for i, wk := range weeks {
		x, bw := c.slotX(i, len(weeks))
		a, ps, s := float64(wk.Active), float64(wk.Passive), float64(p.Slots[wk.Week])
		c.rect(x, bw, 0, a, "bar-active", fmt.Sprintf("%s: %d active", wk.Week, wk.Active))
		c.rect(x, bw, a, a+ps, "bar-passive", fmt.Sprintf("%s: %d passive", wk.Week, wk.Passive))
		c.rect(x, bw, a+ps, a+ps+s, "bar-slot", fmt.Sprintf("%s: %d open slots", wk.Week, p.Slots[wk.Week]))
		if wk.Events > 0 {
			c.text(x+bw/2, c.y(a+ps+s)-5, "middle", "value", pct(wk.ActiveShare)+" active")
		}
	}
	if p.MinActive > 0 {
		c.hline(float64(p.MinActive), "target", fmt.Sprintf("target %d active", p.MinActive))
	}
	c.weekLabels(weeks, loc)
	return c.svg()
}

// burnupChart: active meetings done (solid) and planned (dashed) since
// the plan's start, against the milestones' pace (grey), with today and
// each milestone's day marked.
func burnupChart(pts []milestone.Point, ms []milestone.Progress, now time.Time, loc *time.Location) string {
	if len(pts) < 2 {
		return ""
	}
	top := 1.0
	for _, p := range pts {
		top = max(top, p.Target, p.Planned)
	}
	c := newChart(chartW, chartH, top*1.1, "Milestone burn-up: active meetings since the plan's start")
	c.grid("")
	t0, t1 := pts[0].At, pts[len(pts)-1].At
	x := func(t time.Time) float64 { return c.left + c.plotW()*t.Sub(t0).Seconds()/t1.Sub(t0).Seconds() }
	line := func(class string, v func(milestone.Point) float64) {
		c.printf(`<polyline class="%s" points="`, class)
		for _, p := range pts {
			if y := v(p); y >= 0 {
				c.printf("%.1f,%.1f ", x(p.At), c.y(y))
			}
		}
		c.printf(`"/>`)
	}
	for _, m := range ms {
		mx := x(m.End)
		c.printf(`<line x1="%.1f" x2="%.1f" y1="%g" y2="%g" class="mark"/>`, mx, mx, c.top, c.h-c.bottom)
		c.text(mx-4, c.top+12, "end", "mark-label", m.Name)
	}
	line("line-target", func(p milestone.Point) float64 { return p.Target })
	line("line-planned", func(p milestone.Point) float64 { return p.Planned })
	line("line-done", func(p milestone.Point) float64 { return p.Done })
	if now.After(t0) && now.Before(t1) {
		nx := x(now)
		c.printf(`<line x1="%.1f" x2="%.1f" y1="%g" y2="%g" class="now"/>`, nx, nx, c.top+18, c.h-c.bottom) // below the milestones' names
		c.text(nx, c.h-c.bottom+30, "middle", "now-label", "today")
	}
	c.text(c.left, c.h-c.bottom+16, "start", "tick", t0.In(loc).Format("2 Jan"))
	c.text(c.w-c.right, c.h-c.bottom+16, "end", "tick", t1.Add(-time.Hour).In(loc).Format("2 Jan 2006"))
	return c.svg()
}
