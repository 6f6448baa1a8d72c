package limits

import (
	"fmt"
	"sort"

	"github.com/netsyncd/netsyncd/internal/classify"
)

// eps absorbs float noise in comparisons: a limit met exactly is no finding.
const eps = 1e-9

// summarize fills each week's numbers and findings: the week's own
// findings first, then those of its occurrences in start order.
func (c *checker) summarize(weeks []Week, items []Item, ts []tally) {
	members := make([][]int, len(weeks))
	for i := range ts {
		if ts[i].counted && ts[i].week >= 0 {
			members[ts[i].week] = append(members[ts[i].week], i)
		}
	}
	for w := range weeks {
		wk := weekView{c: c, w: &weeks[w], items: items, ts: ts, members: members[w]}
		wk.sum()
		wk.findings()
		for _, i := range members[w] {
			weeks[w].Findings = append(weeks[w].Findings, items[i].Findings...)
		}
	}
}

// weekView is one week being summed up.
type weekView struct {
	c       *checker
	w       *Week
	items   []Item
	ts      []tally
	members []int // indexes of counted occurrences starting in the week
}

func (v *weekView) sum() {
	w := v.w
	w.BudgetHours = v.c.lim.HoursPerWeek
	var activeHours, allHours float64
	for _, i := range v.members {
		it, t := &v.items[i], &v.ts[i]
		w.Events++
		if it.Class.Mode == classify.Active {
			w.Active++
			activeHours += t.hours()
		} else {
			w.Passive++
		}
		if t.inPerson {
			w.Hours += t.hours()
			w.TravelMinutes += int(t.travel)
		} else {
			w.Remote++
			w.RemoteHours += t.hours()
		}
		if it.Class.ConfidentialRisk {
			w.Confidential++
		}
		allHours += t.hours()
	}
	if w.Events > 0 {
		w.ActiveShare = float64(w.Active) / float64(w.Events)
	}
	if allHours > 0 {
		w.ActiveHoursShare = activeHours / allHours
	}
}

func (v *weekView) add(code, format string, args ...any) {
	v.w.Findings = append(v.w.Findings, Finding{Code: code, Message: "Week " + v.w.Week + ": " + fmt.Sprintf(format, args...)})
}

func (v *weekView) findings() {
	w, lim := v.w, v.c.lim
	if w.Hours > lim.HoursPerWeek+eps {
		v.add(OverWeeklyHours, "%s of in-person networking planned (travel both ways included), budget %s: over by %s; %s",
			FormatHours(w.Hours), FormatHours(lim.HoursPerWeek), FormatHours(w.Hours-lim.HoursPerWeek), v.passiveHint(true))
	}
	if w.Events > lim.MaxEventsPerWeek {
		v.add(OverWeeklyEvents, "%d networking events planned, limit %d: over by %d; %s",
			w.Events, lim.MaxEventsPerWeek, w.Events-lim.MaxEventsPerWeek, v.passiveHint(false))
	}
	if w.Events > 0 && w.ActiveShare < lim.MinActiveShare-eps {
		v.add(BelowActiveShare, "only %d of %d networking events %s active (%s; %s of the hours), minimum %s: arrange a coffee or a lunch yourself, or drop a passive event.",
			w.Active, w.Events, plural(w.Active, "is", "are"), percent(w.ActiveShare), percent(w.ActiveHoursShare), percent(lim.MinActiveShare))
	}
	if w.Active < lim.MinActivePerWeek {
		v.add(BelowWeeklyTarget, "%d active %s planned, target %d: arrange %d more (a coffee, a lunch, a small dinner).",
			w.Active, plural(w.Active, "meeting", "meetings"), lim.MinActivePerWeek, lim.MinActivePerWeek-w.Active)
	}
	v.inPersonShare()
	v.typeCaps()
}

// passiveHint names the events to drop first: the passive ones.
func (v *weekView) passiveHint(inPersonOnly bool) string {
	var names []string
	for _, i := range v.members {
		it, t := &v.items[i], &v.ts[i]
		if it.Class.Mode == classify.Active || inPersonOnly && !t.inPerson {
			continue
		}
		names = append(names, v.c.name(it)+v.detail(it, t, inPersonOnly))
	}
	if len(names) == 0 {
		return "every event is active: move one to another week."
	}
	return "the passive events are " + listAnd(names) + ": drop or shorten one."
}

// detail writes " [2 h + 40 min travel each way]" for hour messages.
func (v *weekView) detail(it *Item, t *tally, hours bool) string {
	if !hours {
		return ""
	}
	if !t.inPerson || t.travel == 0 {
		return " [" + fmtMinutes(t.minutes) + "]"
	}
	if t.travel == float64(2*it.TravelMinutes) {
		return fmt.Sprintf(" [%s + %d min travel each way]", fmtMinutes(t.minutes), it.TravelMinutes)
	}
	return " [" + fmtMinutes(t.minutes) + " + " + fmtMinutes(t.travel) + " travel]"
}

// typeCaps checks limits.types, in type order so the output is stable.
func (v *weekView) typeCaps() {
	types := make([]string, 0, len(v.c.lim.Types))
	for name := range v.c.lim.Types {
		types = append(types, name)
	}
	sort.Strings(types)
	for _, typ := range types {
		v.typeCap(typ, v.c.lim.Types[typ])
	}
}
