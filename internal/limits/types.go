package limits

import "github.com/netsyncd/netsyncd/internal/config"

// typeCap checks one type's per-week caps: number of events and hours
// (in-person hours with travel, or remote hours, as the event counts).
func (v *weekView) typeCap(typ string, cap config.TypeLimit) {
	var n int
	var hours float64
	var names []string
	for _, i := range v.members {
		it, t := &v.items[i], &v.ts[i]
		if it.Class.Type != typ {
			continue
		}
		n++
		hours += t.hours()
		names = append(names, v.c.name(it)+v.detail(it, t, true))
	}
	if cap.MaxPerWeek != nil && n > *cap.MaxPerWeek {
		v.add(OverTypeCap, "%d %s of type %s planned, cap %d per week (limits.types.%s.max_per_week): %s; keep the one worth most.",
			n, plural(n, "event", "events"), typ, *cap.MaxPerWeek, typ, listAnd(names))
	}
	if cap.MaxHoursPerWeek != nil && hours > *cap.MaxHoursPerWeek+eps {
		v.add(OverTypeCap, "%s of type %s planned, cap %s per week (limits.types.%s.max_hours_per_week): over by %s; %s.",
			FormatHours(hours), typ, FormatHours(*cap.MaxHoursPerWeek), typ, FormatHours(hours-*cap.MaxHoursPerWeek), listAnd(names))
	}
}
