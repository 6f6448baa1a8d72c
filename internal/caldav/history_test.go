package caldav

import (
	"context"
	"slices"
	"testing"
	"time"
)

// testFetchRange: the history read's one query returns the single events
// of the range and nothing outside it; a server may add the series that
// overlap it (they are expanded and filtered by the caller).
func testFetchRange(t *testing.T, ctx context.Context, c *Client, cal string) {
	objs, skipped, err := c.FetchRange(ctx, cal, windowFrom, windowTo)
	if err != nil || len(skipped) != 0 {
		t.Fatalf("FetchRange = %v, skipped %v", err, skipped)
	}
	got := basenames(objs)
	for _, want := range []string{"in-range.ics", "with-tz.ics"} {
		if !slices.Contains(got, want) {
			t.Errorf("FetchRange(%s .. %s) = %q; want %s in it", windowFrom, windowTo, got, want)
		}
	}
	for _, not := range []string{"after.ics", "before.ics", "todo.ics", "old-recurring.ics"} {
		if slices.Contains(got, not) {
			t.Errorf("FetchRange(%s .. %s) = %q; want no %s", windowFrom, windowTo, got, not)
		}
	}
}

// testFetchHistory: the window's part of one query over history and window
// holds what Fetch of the window holds, and what lies before the window
// only is in the past part, not in the window's.
func testFetchHistory(t *testing.T, ctx context.Context, c *Client, cal string) {
	from := windowFrom.AddDate(0, -3, 0)
	win, past, skipped, err := c.FetchHistory(ctx, cal, from, windowFrom, windowTo)
	if err != nil || len(skipped) != 0 {
		t.Fatalf("FetchHistory = %v, skipped %v", err, skipped)
	}
	w, p := basenames(win), basenames(past)
	for _, want := range inWindow {
		if !slices.Contains(w, want) {
			t.Errorf("FetchHistory's window = %q; want %s in it", w, want)
		}
	}
	for _, not := range []string{"after.ics", "before.ics", "todo.ics", "old-recurring.ics"} {
		if slices.Contains(w, not) {
			t.Errorf("FetchHistory's window = %q; want no %s", w, not)
		}
	}
	if !slices.Contains(p, "before.ics") || !slices.Contains(p, "edge-before.ics") {
		t.Errorf("FetchHistory's past = %q; want before.ics and edge-before.ics", p)
	}
	for _, not := range []string{"after.ics", "recurring.ics", "todo.ics"} {
		if slices.Contains(p, not) {
			t.Errorf("FetchHistory's past = %q; want no %s", p, not)
		}
	}
}

func TestDatesOf(t *testing.T) {
	const tz = "BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\nBEGIN:DAYLIGHT\r\nDTSTART:19700329T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nEND:DAYLIGHT\r\nEND:VTIMEZONE\r\n"
	cal := func(body string) []byte {
		return []byte("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n" + tz + body + "END:VCALENDAR\r\n")
	}
	day := func(s string) time.Time { d, _ := time.Parse("20060102", s); return d }
	for _, tc := range []struct {
		name             string
		data             []byte
		ok, recurs, open bool
		duration         bool
		first, last      string
	}{
		{name: "single, zone's rule not the event's", data: cal("BEGIN:VEVENT\r\nUID:a\r\nDTSTART;TZID=Europe/Berlin:20261001T100000\r\nDTEND;TZID=Europe/Berlin:20261002T100000\r\nBEGIN:VALARM\r\nTRIGGER:-PT15M\r\nDTSTART:20300101T000000Z\r\nEND:VALARM\r\nEND:VEVENT\r\n"),
			ok: true, first: "20261001", last: "20261002"},
		{name: "series with an end", data: cal("BEGIN:VEVENT\r\nUID:b\r\nDTSTART:20250106T170000Z\r\nRRULE:FREQ=WEEKLY;UNTIL=20250331T000000Z\r\nEND:VEVENT\r\n"),
			ok: true, recurs: true, first: "20250106", last: "20250331"},
		{name: "series without an end", data: cal("BEGIN:VEVENT\r\nUID:c\r\nDTSTART:20250106T170000Z\r\nRRULE:FREQ=WEEKLY;COUNT=3\r\nEND:VEVENT\r\n"),
			ok: true, recurs: true, open: true, first: "20250106", last: "20250106"},
		{name: "rdate", data: cal("BEGIN:VEVENT\r\nUID:d\r\nDTSTART;VALUE=DATE:20250106\r\nRDATE;VALUE=DATE:20270101\r\nEND:VEVENT\r\n"),
			ok: true, recurs: true, open: true, first: "20250106", last: "20250106"},
		{name: "duration", data: cal("BEGIN:VEVENT\r\nUID:e\r\nDTSTART:20250106T170000Z\r\nDURATION:P400D\r\nEND:VEVENT\r\n"),
			ok: true, duration: true, first: "20250106", last: "20250106"},
		{name: "override before its series", data: cal("BEGIN:VEVENT\r\nUID:f\r\nRECURRENCE-ID:20250301T170000Z\r\nDTSTART:20250302T170000Z\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:f\r\nDTSTART:20250101T170000Z\r\nDTEND:20250101T180000Z\r\nEND:VEVENT\r\n"),
			ok: true, first: "20250101", last: "20250302"},
		{name: "no start", data: cal("BEGIN:VEVENT\r\nUID:g\r\nSUMMARY:x\r\nEND:VEVENT\r\n")},
		{name: "unreadable start", data: cal("BEGIN:VEVENT\r\nUID:h\r\nDTSTART:soon\r\nEND:VEVENT\r\n")},
		{name: "no event", data: cal("BEGIN:VTODO\r\nUID:i\r\nDTSTART:20250101T170000Z\r\nEND:VTODO\r\n")},
		{name: "unterminated", data: []byte("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:20250101T170000Z\r\n")},
	} {
		d := datesOf(tc.data)
		if d.ok != tc.ok || d.recurs != tc.recurs || d.open != tc.open || d.duration != tc.duration {
			t.Errorf("%s: datesOf = %+v; want ok %v recurs %v open %v duration %v", tc.name, d, tc.ok, tc.recurs, tc.open, tc.duration)
			continue
		}
		if tc.ok && (!d.first.Equal(day(tc.first)) || !d.last.Equal(day(tc.last))) {
			t.Errorf("%s: days %s .. %s; want %s .. %s", tc.name, d.first.Format("20060102"), d.last.Format("20060102"), tc.first, tc.last)
		}
		if got, want := Recurs(tc.data), tc.recurs || !tc.ok; got != want {
			t.Errorf("%s: Recurs = %v; want %v", tc.name, got, want)
		}
	}
}
