package caldav

import (
	"strings"
	"time"

	"github.com/netsyncd/netsyncd/internal/ics"
)

// expandsRecurrences tells whether the answer to a time-range query
// starting at from proves that the server tests the range against every
// instance of a series (RFC 4791 section 9.9), not only the series' first
// instance as Xandikos 0.2.8 does. The proof is a recurring event each of
// whose VEVENTs (the series and any overridden instance) starts and ends
// days before from: matching the components' own times could not have
// returned it, so the server expanded the rule. With that proof Fetch
// skips the query for every recurring event, which costs Radicale a parse
// of every object of the calendar (18 s for 5,000 events, against 0.6 s
// for the window; docs/performance.md). A server that returns objects
// outside the range is no risk: those it returns are kept anyway.
func expandsRecurrences(rs []response, from time.Time) bool {
	if from.IsZero() {
		return false
	}
	// Two days before from, at midnight UTC: no time zone's wall clock is
	// a day away from UTC, and an end that touches from is not "before".
	limit := time.Date(from.Year(), from.Month(), from.Day()-2, 0, 0, 0, 0, time.UTC)
	for i := range rs {
		if data := rs[i].prop().CalendarData; data != nil && oldSeries(*data, limit) {
			return true
		}
	}
	return false
}

// oldSeries reports whether data holds a VEVENT with an RRULE and every
// VEVENT of it starts, and ends if it has a DTEND, on a day before limit.
// A DURATION is not read: such an object proves nothing.
func oldSeries(data string, limit time.Time) bool {
	var stack []string
	recurring, events := false, 0
	var start, end string
	for _, line := range ics.Unfold(data) {
		name, value, _ := strings.Cut(line, ":")
		name, _, _ = strings.Cut(strings.ToUpper(name), ";")
		inEvent := len(stack) > 0 && stack[len(stack)-1] == "VEVENT"
		switch {
		case name == "BEGIN":
			stack = append(stack, strings.ToUpper(strings.TrimSpace(value)))
			if stack[len(stack)-1] == "VEVENT" {
				start, end = "", ""
			}
		case name == "END" && inEvent:
			// Without DTEND an event lasts no time, or its one day.
			stack = stack[:len(stack)-1]
			events++
			if !before(start, limit) || (end != "" && !before(end, limit)) {
				return false
			}
		case name == "END" && len(stack) > 0:
			stack = stack[:len(stack)-1]
		case !inEvent:
		case name == "RRULE":
			recurring = true
		case name == "DTSTART":
			start = lastValue(line)
		case name == "DTEND":
			end = lastValue(line)
		case name == "DURATION":
			return false
		}
	}
	return recurring && events > 0
}

// lastValue is the value of a content line: after its last colon, since a
// quoted parameter (TZID="...") may hold colons and a date never does.
func lastValue(line string) string {
	return strings.TrimSpace(line[strings.LastIndexByte(line, ':')+1:])
}

func dateOf(v string) string {
	if len(v) < 8 {
		return ""
	}
	return v[:8]
}

// before reports whether the date-time or date v falls on a day before limit.
func before(v string, limit time.Time) bool {
	d, err := time.Parse("20060102", dateOf(v))
	return err == nil && d.Before(limit)
}
