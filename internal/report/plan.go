package report

import (
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/netsyncd/netsyncd/internal/limits"
	"github.com/netsyncd/netsyncd/internal/milestone"
)

// Plan is what the plan views show beside the weeks: the milestones, the
// burn-up of active meetings and the weekly target.
type Plan struct {
	Milestones []milestone.Progress
	Burnup     []milestone.Point
	MinActive  int            // limits.min_active_per_week
	Slots      map[string]int // open slots planned, by week label
}

// milestoneJSON is one milestone of `report --json` (SPEC.md, "The plan").
type milestoneJSON struct {
	Name          string           `json:"name"`
	From          string           `json:"from"` // the first day counted, YYYY-MM-DD
	By            string           `json:"by"`
	Target        milestone.Counts `json:"target"`
	Done          milestone.Counts `json:"done"`
	Planned       milestone.Counts `json:"planned"`
	ExpectedByNow milestone.Counts `json:"expected_by_now"`
	Status        milestone.Status `json:"status"`
}

func milestonesJSON(ps []milestone.Progress, loc *time.Location) []milestoneJSON {
	out := make([]milestoneJSON, 0, len(ps))
	for _, p := range ps {
		out = append(out, milestoneJSON{Name: p.Name, From: p.From.In(loc).Format("2006-01-02"), By: p.By.String(),
			Target: p.Target, Done: p.Done, Planned: p.Planned, ExpectedByNow: p.Expected, Status: p.Status})
	}
	return out
}

// barWidth is the cells of a full bar in the text view.
const barWidth = 20

// bar draws share (0..1 of the width) with a marker at mark (0..1; <0 for
// none): "████████░░░░│░░░░░░░".
func bar(share, mark float64, width int) string {
	filled := int(math.Round(math.Min(math.Max(share, 0), 1) * float64(width)))
	m := -1
	if mark >= 0 {
		m = min(int(math.Round(mark*float64(width))), width-1)
	}
	var b strings.Builder
	for i := range width {
		switch {
		case i == m && i >= filled:
			b.WriteString("│")
		case i < filled:
			b.WriteString("█")
		default:
			b.WriteString("░")
		}
	}
	return b.String()
}

// WriteProgressText writes the compact progress view: per week, hours
// against the budget and active against passive meetings; then each
// milestone's counts against its target, the pace marked with │.
func WriteProgressText(w io.Writer, weeks []limits.Week, p Plan, loc *time.Location) error {
	ew := &errWriter{w: w}
	ew.printf("\nPROGRESS  (█ done or planned, │ where the pace is now)\n")
	for _, wk := range weeks {
		ew.printf("  %s  hours %s %s   %s\n", wk.Week, hoursBar(wk), pad(hours(wk.Hours)+" / "+hours(wk.BudgetHours), 14), meetings(wk, p))
	}
	if len(p.Milestones) > 0 {
		ew.printf("\nMILESTONES\n")
	}
	for i := range p.Milestones {
		m := &p.Milestones[i]
		ew.printf("%s, %s to %s: %s (%s of the time gone)\n", m.Name, m.From.In(loc).Format("Mon 2 Jan"), m.By.In(loc).Format("Mon 2 Jan 2006"),
			strings.ReplaceAll(string(m.Status), "_", " "), pct(m.Elapsed))
		for _, x := range m.Measures() {
			share := 0.0
			if x.Target > 0 {
				share = x.Done / x.Target
			}
			mark := -1.0
			if x.Target > 0 {
				mark = x.Expected / x.Target
			}
			ew.printf("  %s %s  %s\n", pad(x.Name, 16), bar(share, mark, barWidth), x.Short())
		}
	}
	return ew.result()
}

// hoursBar fills the budget's width; hours past it show as "!" cells.
func hoursBar(wk limits.Week) string {
	if wk.BudgetHours <= 0 {
		if wk.Hours > 0 {
			return strings.Repeat("!", barWidth)
		}
		return strings.Repeat("░", barWidth)
	}
	s := bar(wk.Hours/wk.BudgetHours, -1, barWidth)
	if over := wk.Hours - wk.BudgetHours; over > 1e-9 {
		s += strings.Repeat("!", min(int(math.Ceil(over/wk.BudgetHours*barWidth)), 5))
	} else {
		s += strings.Repeat(" ", 5)
	}
	return s
}

// meetings draws one cell per event, active █ then passive ░, then · for
// each active meeting still missing to the week's target.
func meetings(wk limits.Week, p Plan) string {
	missing := max(p.MinActive-wk.Active, 0)
	cells := strings.Repeat("█", wk.Active) + strings.Repeat("░", wk.Passive) + strings.Repeat("·", missing)
	s := "meetings " + pad(cells, 8) + " " + strconv.Itoa(wk.Active) + " active, " + strconv.Itoa(wk.Passive) + " passive"
	if p.MinActive > 0 {
		s += ", target " + strconv.Itoa(p.MinActive) + " active"
	}
	if n := p.Slots[wk.Week]; n > 0 {
		s += " (" + strconv.Itoa(n) + " open " + map[bool]string{true: "slot", false: "slots"}[n == 1] + ")"
	}
	return s
}
