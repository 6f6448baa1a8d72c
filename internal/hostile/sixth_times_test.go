package hostile

import (
	"strings"
	"testing"
	"time"
)

// A source event that would get a prep entry, with an end before its
// start (a negative DURATION, a DTEND before the DTSTART, of DATE-TIMEs
// and of DATEs) or equal to it. Each is read with the two swapped (as
// python-recurring-ical-events reads them), which puts its entries at
// sensible times; but nothing said so, and the user saw a coffee at other
// times than its DTSTART. Now each swapped event has one log line naming
// it. An end equal to the start is a moment, allowed: no line.
func TestSixthEndBeforeStart(t *testing.T) {
	ev := func(uid, times string) string {
		return "BEGIN:VEVENT\r\nUID:" + uid + "\r\nDTSTAMP:20261101T000000Z\r\n" + times + "SUMMARY:Coffee w/ Dana " + uid + "\r\nLOCATION:Blue Bottle\r\nEND:VEVENT\r\n"
	}
	objs := []string{
		calendar(ev("negative-duration", "DTSTART:20261207T170000Z\r\nDURATION:-PT1H\r\n")),
		calendar(ev("end-before-start", "DTSTART:20261208T190000Z\r\nDTEND:20261208T170000Z\r\n")),
		calendar(ev("days-reversed", "DTSTART;VALUE=DATE:20261210\r\nDTEND;VALUE=DATE:20261209\r\n")),
		calendar(ev("end-equals-start", "DTSTART:20261209T190000Z\r\nDTEND:20261209T190000Z\r\n")),
	}
	srv, url := davServer(t, objs...)
	cfg := passConfig(t, url, "")
	code, s, log := onceAt(t, now, cfg)
	if code != 0 {
		t.Fatalf("pass = %d\n%s", code, tail(log))
	}
	for _, uid := range []string{"negative-duration", "end-before-start", "days-reversed"} {
		if n := strings.Count(log, `UID \"`+uid+`\": its DTEND or DURATION puts its end before its start`); n != 1 {
			t.Errorf("the log names %s's end before its start %d times; want once\n%s", uid, n, tail(log))
		}
	}
	// Read, not skipped: said under its own heading, not counted.
	if n := strings.Count(log, "read a calendar component that breaks RFC 5545"); n != 3 || strings.Contains(log, "skipped a calendar component") || s.SkippedInvalid != 0 {
		t.Errorf("%d lines read a component that breaks RFC 5545 (want 3), skipped_invalid %d (want 0)\n%s", n, s.SkippedInvalid, tail(log))
	}
	if strings.Contains(log, "end-equals-start\\\": its") {
		t.Errorf("an end equal to the start is logged as a problem:\n%s", tail(log))
	}
	window := [2]time.Time{now, now.AddDate(0, 0, 14)}
	preps := 0
	for _, c := range s.Changes {
		if c.Action == "create" && c.Kind == "prep" {
			preps++
		}
	}
	if preps != 4 {
		t.Errorf("the pass created %d prep entries; want one for each of the 4 coffees\n%+v", preps, s.Changes)
	}
	for href, data := range srv.Objects(srv.Home() + "netsyncd/") {
		for _, l := range strings.Split(string(data), "\r\n") {
			if v, ok := strings.CutPrefix(l, "DTSTART:"); ok {
				at, err := time.Parse("20060102T150405Z", v)
				if err != nil || at.Before(window[0].Add(-24*time.Hour)) || at.After(window[1]) {
					t.Errorf("%s starts at %s, outside the pass's window", href, v)
				}
			}
		}
	}
}
