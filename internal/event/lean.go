package event

import (
	"github.com/emersion/go-ical"

	"github.com/netsyncd/netsyncd/internal/budget"
)

// reading is how much of an object a scan keeps.
type reading uint8

const (
	readAll reading = iota // every line
	// readEvents keeps every line of a VEVENT, and of the rest what
	// expansion reads (leanScope): the occurrences are a full reading's.
	readEvents
	readLean // Options.Lean
)

func readingOf(opt Options) reading {
	switch {
	case opt.Lean:
		return readLean
	case opt.Events:
		return readEvents
	}
	return readAll
}

// leanProps are the VEVENT properties a lean reading (Options.Lean)
// keeps: what expansion reads (readEvent, series, missingUID), and of the
// descriptive fields those that say who was there, whether it happened,
// and who hosted it.
var leanProps = map[string]bool{
	ical.PropUID: true, ical.PropDateTimeStart: true, ical.PropDateTimeEnd: true, ical.PropDuration: true,
	ical.PropRecurrenceRule: true, ical.PropRecurrenceDates: true, ical.PropExceptionDates: true,
	ical.PropRecurrenceID: true, ical.PropSequence: true,
	ical.PropSummary: true, ical.PropLocation: true, ical.PropURL: true, ical.PropStatus: true,
	ical.PropOrganizer: true, ical.PropAttendee: true, PropKind: true,
}

// leanHeldBytes is the largest object whose VEVENTs a lean reading keeps
// read until the object is expanded (a few of its properties each),
// rather than reading each again from its bytes (vevent.letGo).
const leanHeldBytes = 256 << 10

// leanDescription is the shortest DESCRIPTION line a lean reading keeps:
// one whose text may be longer than budget.TextBytes once read (each byte
// of it can become at most three, U+FFFD for an invalid one), which the
// classifier's budget per pass counts.
const leanDescription = budget.TextBytes/3 + 1

// leanScope is what a lean reading keeps of the lines of the innermost
// open component: all of them (0), those of a VEVENT (leanProps; 1), of
// a VTIMEZONE only its TZID (2), which is all an object's times need of
// it when that TZID is a zone's name (zones.resolve reads the rest from
// its bytes when it is not), of the VCALENDAR only X-WR-TIMEZONE (3).
// Components inside a VEVENT or VTIMEZONE (VALARM, STANDARD, DAYLIGHT)
// are counted, not kept.
func leanScope(stack []*ical.Component) int {
	switch {
	case len(stack) == 1:
		return 3
	case len(stack) < 2:
		return 0
	}
	switch stack[1].Name {
	case ical.CompEvent:
		return 1
	case ical.CompTimezone:
		return 2
	}
	return 0
}

// leanDrops reports whether a lean reading leaves line out, in a
// component of scope (leanScope): every line but BEGIN and END in one
// inside the VEVENT or VTIMEZONE (inner), else what the scope does not
// keep.
func leanDrops(line []byte, scope int, inner, wholeEvent bool) bool {
	i := indexAny(line, ";:")
	switch {
	case i <= 0:
		return false // a line with no name is read (and dropped) as usual
	case i > 32: // no property kept by name has so long a name, nor BEGIN or END
		return inner || scope != 1 || !wholeEvent
	}
	var buf [32]byte
	name := buf[:i]
	for j := range name {
		c := line[j]
		if 'a' <= c && c <= 'z' {
			c -= 'a' - 'A'
		}
		name[j] = c
	}
	switch {
	case string(name) == "BEGIN" || string(name) == "END":
		return false
	case inner:
		return true
	case scope == 2:
		return string(name) != ical.PropTimezoneID
	case scope == 3:
		return string(name) != "X-WR-TIMEZONE"
	case wholeEvent:
		return false // scope 1, a VEVENT's own line
	case string(name) == ical.PropDescription:
		return len(line) < leanDescription
	}
	return !leanProps[string(name)]
}

// fullZone reads in full the VTIMEZONE whose lines raw holds, as a full
// reading of its object reads it: the same lines under the same budgets
// (those of the object as a whole stopped the reading where raw ends).
func fullZone(raw []byte) *ical.Component {
	for _, cal := range parse(raw).calendars {
		for _, c := range cal.Children {
			if c.Name == ical.CompTimezone {
				return c
			}
		}
	}
	return nil
}
