package caldav

import (
	"bytes"
	"context"
	"time"
)

// FetchRange returns the VEVENT objects of cal that overlap [from, to), with
// their ETags, by one calendar-query with a time-range (RFC 4791 section
// 7.8, section 9.9). Unlike Fetch it does not ask for every recurring
// series as well: the people ledger's history read (people.history) uses
// it for the months before the window, whose series the window's Fetch
// already holds (Xandikos tests a range against a series' first instance
// only, so a series begun before from may be missing here). Objects the
// server answers badly for are returned as Skipped, and logged.
func (c *Client) FetchRange(ctx context.Context, cal string, from, to time.Time) ([]Object, []Skipped, error) {
	ms, err := c.query(ctx, cal, timeRange(from, to))
	if err != nil {
		return nil, nil, err
	}
	objs, skipped := c.objects(ms, cal)
	return objs, skipped, nil
}

// FetchHistory is Fetch over [from, to) in one calendar-query, with the
// objects split at split (from <= split <= to): window holds what Fetch
// over [split, to) would return (every object not certainly over before
// split: the series without an end before it, and anything it cannot
// date); past holds the single events that start before split and the
// series that ended before it (by their UNTIL), for the people ledger's
// history read. An event on the edge may be in both. The first pass
// without a people ledger reads its window and people.history this way:
// one query, not two.
func (c *Client) FetchHistory(ctx context.Context, cal string, from, split, to time.Time) (window, past []Object, skipped []Skipped, err error) {
	objs, skipped, err := c.Fetch(ctx, cal, from, to)
	if err != nil {
		return nil, nil, nil, err
	}
	// Days in UTC, two away from split: no time zone's wall clock is a day
	// away from UTC, and floating times are read as if in UTC.
	over := time.Date(split.Year(), split.Month(), split.Day()-2, 0, 0, 0, 0, time.UTC)
	starts := time.Date(split.Year(), split.Month(), split.Day()+2, 0, 0, 0, 0, time.UTC)
	window = objs[:0:0]
	for _, o := range objs {
		d := datesOf(o.Data)
		if d.open || !d.ok || d.duration || !d.last.Before(over) {
			window = append(window, o)
		}
		if !d.ok || (d.recurs && !d.open) || (!d.recurs && d.first.Before(starts)) {
			// A series that ended is learned from here; the others from
			// the window's copy, which the caller expands back.
			past = append(past, o)
		}
	}
	return window, past, skipped, nil
}

// eventDates is what datesOf reads of an object's VEVENTs.
type eventDates struct {
	ok          bool      // at least one VEVENT, each with a readable DTSTART
	recurs      bool      // a VEVENT has an RRULE or RDATE
	open        bool      // a VEVENT has an RDATE, or an RRULE without UNTIL
	duration    bool      // a VEVENT has a DURATION (not read)
	first, last time.Time // the earliest start day and the latest start or end day
}

// datesOf scans the VEVENTs of an iCalendar object for their start and end
// days (the date part of DTSTART and DTEND, time and zone aside), without
// parsing the object. Properties of nested components (VALARM) and of
// VTIMEZONE are not the event's.
func datesOf(data []byte) eventDates {
	var d eventDates
	depth, inEvent, events, started := 0, false, 0, false
	for len(data) > 0 {
		line := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			data = nil
		}
		line = bytes.TrimRight(line, "\r")
		name := line
		if i := bytes.IndexAny(line, ":;"); i >= 0 {
			name = line[:i]
		}
		switch {
		case bytes.EqualFold(name, []byte("BEGIN")):
			depth++
			if !inEvent && bytes.EqualFold(bytes.TrimSpace(afterColon(line)), []byte("VEVENT")) {
				inEvent, depth, started = true, 1, false
			}
		case bytes.EqualFold(name, []byte("END")):
			depth--
			if inEvent && depth == 0 {
				inEvent, events = false, events+1
				if !started {
					return eventDates{}
				}
			}
		case !inEvent || depth != 1:
		case bytes.EqualFold(name, []byte("RDATE")):
			d.recurs, d.open = true, true
		case bytes.EqualFold(name, []byte("RRULE")):
			d.recurs = true
			until := ruleUntil(afterColon(line))
			if until.IsZero() {
				d.open = true
			} else if until.After(d.last) {
				d.last = until
			}
		case bytes.EqualFold(name, []byte("DURATION")):
			d.duration = true
		case bytes.EqualFold(name, []byte("DTSTART")), bytes.EqualFold(name, []byte("DTEND")):
			day, err := time.Parse("20060102", string(dateOf(string(lastValue(string(line))))))
			if err != nil {
				return eventDates{}
			}
			if bytes.EqualFold(name, []byte("DTSTART")) {
				started = true
				if d.first.IsZero() || day.Before(d.first) {
					d.first = day
				}
			}
			if day.After(d.last) {
				d.last = day
			}
		}
	}
	d.ok = events > 0 && !inEvent
	return d
}

// ruleUntil is the day of a recurrence rule's UNTIL, zero without one.
func ruleUntil(rule []byte) time.Time {
	for part := range bytes.SplitSeq(rule, []byte(";")) {
		if k, v, ok := bytes.Cut(part, []byte("=")); ok && bytes.EqualFold(bytes.TrimSpace(k), []byte("UNTIL")) {
			if day, err := time.Parse("20060102", string(dateOf(string(v)))); err == nil {
				return day
			}
			return time.Time{}
		}
	}
	return time.Time{}
}

// afterColon is a content line's value (after its first colon).
func afterColon(line []byte) []byte {
	if i := bytes.IndexByte(line, ':'); i >= 0 {
		return line[i+1:]
	}
	return nil
}

// Recurs reports whether an iCalendar object may be a series: a VEVENT of
// it has an RRULE or RDATE, or it cannot be dated without parsing it.
func Recurs(data []byte) bool {
	d := datesOf(data)
	return d.recurs || !d.ok
}
