package milestone

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/netsyncd/netsyncd/internal/limits"
)

// Measure is one count of a milestone, for people to read.
type Measure struct {
	Name                            string // "active meetings", "in-person hours"
	Target, Done, Planned, Expected float64
	Hours                           bool
}

var measureNames = [4]string{"active meetings", "new contacts", "reconnects", "in-person hours"}

// Measures lists the milestone's targets with their numbers.
func (p *Progress) Measures() []Measure {
	var out []Measure
	d, pl, e := p.Done.fields(), p.Planned.fields(), p.Expected.fields()
	for i, t := range p.Target.fields() {
		if t != nil {
			out = append(out, Measure{Name: measureNames[i], Target: *t, Done: *d[i], Planned: *pl[i], Expected: *e[i], Hours: i == 3})
		}
	}
	return out
}

// Short writes "3/8 active meetings (4.5 expected by now)".
func (m Measure) Short() string {
	return num(m.Done, m.Hours) + "/" + num(m.Target, m.Hours) + " " + m.Name + " (" + num(m.Expected, m.Hours) + " expected by now)"
}

// Summary is one line: the milestone, its day, its status and its counts.
func (p *Progress) Summary(loc *time.Location) string {
	var parts []string
	for _, m := range p.Measures() {
		parts = append(parts, m.Short())
	}
	return fmt.Sprintf("%s (by %s): %s; %s", p.Name, p.By.In(loc).Format("Mon 2 Jan 2006"), strings.ReplaceAll(string(p.Status), "_", " "), strings.Join(parts, ", "))
}

// Findings returns a behind_milestone finding for each milestone behind
// its pace, dated now (so it is filed under the current week).
func Findings(ps []Progress, now time.Time, loc *time.Location) []limits.Finding {
	var out []limits.Finding
	for i := range ps {
		p := &ps[i]
		if p.Status != Behind {
			continue
		}
		var short []string
		for _, m := range p.Measures() {
			if behindOn(m) {
				short = append(short, m.Short())
			}
		}
		at := now
		out = append(out, limits.Finding{
			Code: limits.BehindMilestone,
			Message: fmt.Sprintf("Milestone %q (by %s) is behind its pace: %s. Arrange a coffee or a lunch yourself; netsyncd opens slots for it.",
				p.Name, p.By.In(loc).Format("Mon 2 Jan"), strings.Join(short, ", ")),
			Start: &at,
		})
	}
	return out
}

func behindOn(m Measure) bool {
	if m.Hours {
		return m.Done < m.Expected-1
	}
	return m.Done < float64(int(m.Expected))
}

// Shortfall is how many more active meetings the milestones behind need
// to be back on pace: the deficit of active meetings, and at least one for
// a milestone behind on anything else (a meeting you arrange is where new
// contacts, reconnects and hours come from). 0 when none is behind.
func Shortfall(ps []Progress) int {
	most := 0
	for i := range ps {
		if ps[i].Status != Behind {
			continue
		}
		for _, m := range ps[i].Measures() {
			switch {
			case !behindOn(m):
			case m.Name == measureNames[0]:
				most = max(most, int(m.Expected)-int(m.Done))
			default:
				most = max(most, 1)
			}
		}
	}
	return most
}

// num writes 3, 4.5, 12.25.
func num(f float64, hours bool) string {
	s := strconv.FormatFloat(round2(f), 'f', -1, 64)
	if hours {
		return s + " h"
	}
	return s
}
