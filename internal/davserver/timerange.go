package davserver

import (
	"time"

	"github.com/emersion/go-ical"
)

// matchCompTime applies a time-range to one component (RFC 4791 section
// 9.9). Every instance of a recurring component counts; an overridden
// instance (RECURRENCE-ID) is a component of its own and is tested as such,
// so a moved occurrence may also match at its old time: over-inclusion is
// allowed, omission is not.
func matchCompTime(tr *timeRange, comp *ical.Component, loc *time.Location) bool {
	sp, err := tr.span()
	if err != nil {
		return true
	}
	switch comp.Name {
	case ical.CompEvent:
		return matchEventTime(sp, comp, loc)
	case ical.CompToDo:
		return matchTodoTime(sp, comp, loc)
	}
	return true
}

func matchEventTime(sp span, comp *ical.Component, loc *time.Location) bool {
	startProp := comp.Props.Get(ical.PropDateTimeStart)
	if startProp == nil {
		return false
	}
	ev := ical.Event{Component: comp}
	start, err := ev.DateTimeStart(loc)
	if err != nil {
		return true
	}
	end, err := ev.DateTimeEnd(loc)
	if err != nil {
		return true
	}
	return matchInstances(sp, comp, start, end.Sub(start), loc)
}

// matchInstances tests the first instance and, when comp recurs, every later
// one that could reach into sp.
func matchInstances(sp span, comp *ical.Component, start time.Time, d time.Duration, loc *time.Location) bool {
	if sp.overlaps(start, d) {
		return true
	}
	if comp.Props.Get(ical.PropRecurrenceDates) != nil {
		return true // RDATE without a rule is not expanded by go-ical
	}
	set, err := comp.RecurrenceSet(loc)
	if err != nil {
		return true
	}
	if set == nil {
		return false
	}
	// An instance overlapping sp starts after sp.start-d; the first two
	// such instances settle it (the first may only touch sp.start).
	from := sp.start.Add(-d)
	if sp.start.IsZero() {
		from = start
	}
	t := set.After(from, true)
	for i := 0; i < 2 && !t.IsZero(); i++ {
		if sp.end.IsZero() || t.Before(sp.end) {
			if sp.overlaps(t, d) {
				return true
			}
		} else {
			return false
		}
		t = set.After(t, false)
	}
	return false
}

// matchTodoTime follows the VTODO table of RFC 4791 section 9.9, with
// COMPLETED and CREATED left out: a to-do with neither DTSTART nor DUE
// matches every range.
func matchTodoTime(sp span, comp *ical.Component, loc *time.Location) bool {
	start, errS := comp.Props.DateTime(ical.PropDateTimeStart, loc)
	due, errD := comp.Props.DateTime(ical.PropDue, loc)
	if errS != nil || errD != nil {
		return true
	}
	if start.IsZero() {
		if due.IsZero() {
			return true
		}
		return (sp.start.IsZero() || sp.start.Before(due)) && (sp.end.IsZero() || !sp.end.Before(due))
	}
	var d time.Duration
	if p := comp.Props.Get(ical.PropDuration); p != nil {
		d, _ = p.Duration()
	}
	if !due.IsZero() {
		d = due.Sub(start)
	}
	return matchInstances(sp, comp, start, d, loc)
}
