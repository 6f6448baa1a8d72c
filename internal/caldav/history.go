package caldav

import (
	"bytes"
	"context"
	"sort"
	"sync"
	"time"

	"go.uber.org/zap"
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
	ms, err := c.query(ctx, cal, timeRange(from, to))
	if err != nil {
		return nil, nil, nil, err
	}
	objs, skipped := c.objects(ms, cal)
	dates := make([]eventDates, len(objs))
	proof := time.Date(from.Year(), from.Month(), from.Day()-2, 0, 0, 0, 0, time.UTC) // as expandsRecurrences
	expands := false
	for i := range objs {
		dates[i] = datesOf(objs[i].Data)
		d := &dates[i]
		expands = expands || (d.ok && d.rrule && !d.duration && d.end.Before(proof))
	}
	if !expands {
		// As Fetch: a server may test the range against a series' first
		// instance only. The series it left out are asked for by href.
		more, moreSkipped, err := c.seriesBesides(ctx, cal, from, objs, skipped)
		if err != nil {
			return nil, nil, nil, err
		}
		skipped = append(skipped, moreSkipped...)
		for _, o := range more {
			if d := datesOf(o.Data); d.recurs || !d.ok {
				objs, dates = append(objs, o), append(dates, d)
			}
		}
	}
	// Days in UTC, two away from split: no time zone's wall clock is a day
	// away from UTC, and floating times are read as if in UTC.
	over := time.Date(split.Year(), split.Month(), split.Day()-2, 0, 0, 0, 0, time.UTC)
	starts := time.Date(split.Year(), split.Month(), split.Day()+2, 0, 0, 0, 0, time.UTC)
	window = objs[:0:0]
	for i, o := range objs {
		d := &dates[i]
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

// seriesBesides returns the recurring VEVENT objects of cal (with an RRULE
// or an RDATE) that begin before a query starting at from, not among have:
// two calendar-queries for their ETags alone (bounded as Fetch's,
// seriesFilter), sent together, then one multiget of the others. A server
// refusing such a query is logged, as by Fetch.
func (c *Client) seriesBesides(ctx context.Context, cal string, from time.Time, have []Object, answered []Skipped) ([]Object, []Skipped, error) {
	props := []string{"RRULE", "RDATE"}
	recs := make([]*multistatus, len(props))
	errs := make([]error, len(props))
	var wg sync.WaitGroup
	for i, prop := range props {
		wg.Go(func() {
			recs[i], errs[i] = c.seriesQuery(ctx, cal, prop, from, func(filter string) (*multistatus, error) {
				return c.report(ctx, "REPORT", cal, "1", xmlHeader+`<C:calendar-query `+calNS+`><D:prop><D:getetag/></D:prop><C:filter>`+
					`<C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT">`+filter+`</C:comp-filter></C:comp-filter>`+
					`</C:filter></C:calendar-query>`)
			})
		})
	}
	wg.Wait()
	known := make(map[string]bool, len(have))
	for _, o := range have {
		known[o.Path] = true
	}
	for _, sk := range answered {
		// Answered already, and skipped with why: asking for it again
		// would only skip it again (a lying server's 30,000 such members
		// were fetched a second time, by href).
		known[sk.Path] = true
	}
	var missing []string
	for i, prop := range props {
		if err := errs[i]; Refused(err) {
			c.log.Warn("recurring events query refused", zap.String("calendar", cal), zap.String("property", prop), zap.Error(err))
			continue
		} else if err != nil {
			return nil, nil, err
		}
		for j := range recs[i].Responses {
			p, err := recs[i].Responses[j].path()
			if err == nil && p != "" && trimSlash(p) != trimSlash(cal) && !known[p] {
				known[p] = true
				missing = append(missing, p)
			}
		}
	}
	if len(missing) == 0 {
		return nil, nil, nil
	}
	sort.Strings(missing)
	return c.MultiGet(ctx, cal, missing)
}

// eventDates is what datesOf reads of an object's VEVENTs.
type eventDates struct {
	ok          bool      // at least one VEVENT, each with a readable DTSTART
	recurs      bool      // a VEVENT has an RRULE or RDATE
	rrule       bool      // a VEVENT has an RRULE
	open        bool      // a VEVENT has an RDATE, or an RRULE without UNTIL
	duration    bool      // a VEVENT has a DURATION (not read)
	first, last time.Time // the earliest start day; the latest start, end or UNTIL day
	end         time.Time // the latest start or end day
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
		for len(line) > 0 && line[len(line)-1] == '\r' {
			line = line[:len(line)-1]
		}
		// The name ends at the first ':' or ';' (a byte loop: names are
		// short, and IndexAny builds a set on every call).
		n := 0
		for n < len(line) && line[n] != ':' && line[n] != ';' {
			n++
		}
		name := line[:n]
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
			d.recurs, d.rrule = true, true
			until := ruleUntil(afterColon(line))
			if until.IsZero() {
				d.open = true
			} else if until.After(d.last) {
				d.last = until
			}
		case bytes.EqualFold(name, []byte("DURATION")):
			d.duration = true
		case bytes.EqualFold(name, []byte("DTSTART")), bytes.EqualFold(name, []byte("DTEND")):
			v := line[bytes.LastIndexByte(line, ':')+1:] // lastValue, without a copy
			day, ok := dayOf(bytes.TrimSpace(v))
			if !ok {
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
			if day.After(d.end) {
				d.end = day
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
			if day, ok := dayOf(v); ok {
				return day
			}
			return time.Time{}
		}
	}
	return time.Time{}
}

// dayOf is time.Parse("20060102", dateOf(v)) without converting v: the
// day its first eight bytes write, at midnight UTC.
func dayOf(v []byte) (time.Time, bool) {
	if len(v) < 8 {
		return time.Time{}, false
	}
	n := 0
	for _, c := range v[:8] {
		if c < '0' || c > '9' {
			return time.Time{}, false
		}
		n = n*10 + int(c-'0')
	}
	y, m, d := n/10000, time.Month(n/100%100), n%100
	if m < 1 || m > 12 || d < 1 || d > time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day() {
		return time.Time{}, false
	}
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC), true
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
