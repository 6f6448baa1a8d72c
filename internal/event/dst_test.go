package event

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// Wall clocks that do not exist or exist twice in their zone, read as RFC
// 5545 section 3.3.5 says: a time in a gap (clocks going forward) takes the
// offset before the gap, a time in a fold (clocks going back) is the first
// of the two; a rule recurs at the wall clock written, whatever the first
// instance was moved to; and a day with no midnight (America/Santiago
// moves 00:00 to 01:00) is still that day. time.Date, which every value
// was read with before, answers an hour early in a gap west of Greenwich
// (New York's 02:30 was 01:30 EST, and every later day of the series
// stayed at 01:30), an hour late east of it (Berlin's series moved to
// 03:30 for good), and in Santiago the day before at 23:00 (an all-day
// event on Sunday 6 September 2026 was listed on Saturday, and a daily
// all-day series listed Saturday twice and no Sunday). A leap second,
// 23:59:60, is a DATE-TIME too (it made the event unreadable).
func TestWallClocksInGapsAndFolds(t *testing.T) {
	ny, berlin, santiago := mustLoad(t, "America/New_York"), mustLoad(t, "Europe/Berlin"), mustLoad(t, "America/Santiago")
	event := func(lines ...string) string {
		return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VEVENT\r\nUID:u\r\nDTSTAMP:20260101T000000Z\r\nSUMMARY:Coffee\r\n" +
			strings.Join(lines, "\r\n") + "\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
	}
	tests := []struct {
		name     string
		ics      string
		loc      *time.Location
		from, to string // dates in loc
		want     []string
	}{
		{"New York: a daily series from 02:30 on the spring-forward day", event(
			"DTSTART;TZID=America/New_York:20260308T023000", "DURATION:PT1H", "RRULE:FREQ=DAILY;COUNT=3"),
			ny, "2026-03-07", "2026-03-11", []string{
				"2026-03-08T03:30:00-04:00 2026-03-08T04:30:00-04:00", // in the gap: 02:30 EST, which is 03:30 EDT
				"2026-03-09T02:30:00-04:00 2026-03-09T03:30:00-04:00", // then at the time written
				"2026-03-10T02:30:00-04:00 2026-03-10T03:30:00-04:00",
			}},
		{"Berlin: a daily series from 02:30 on the spring-forward day", event(
			"DTSTART;TZID=Europe/Berlin:20260329T023000", "DURATION:PT1H", "RRULE:FREQ=DAILY;COUNT=3"),
			berlin, "2026-03-28", "2026-04-01", []string{
				"2026-03-29T03:30:00+02:00 2026-03-29T04:30:00+02:00",
				"2026-03-30T02:30:00+02:00 2026-03-30T03:30:00+02:00",
				"2026-03-31T02:30:00+02:00 2026-03-31T03:30:00+02:00",
			}},
		{"New York: a weekly 02:30 series over the gap, one EXDATE on the gap day", event(
			"DTSTART;TZID=America/New_York:20260301T023000", "DURATION:PT1H", "RRULE:FREQ=WEEKLY;COUNT=4",
			"EXDATE;TZID=America/New_York:20260315T023000"),
			ny, "2026-02-28", "2026-03-31", []string{
				"2026-03-01T02:30:00-05:00 2026-03-01T03:30:00-05:00",
				"2026-03-08T03:30:00-04:00 2026-03-08T04:30:00-04:00", // forward, not 01:30 EST
				"2026-03-22T02:30:00-04:00 2026-03-22T03:30:00-04:00",
			}},
		{"an override of the instance in the gap replaces it", event(
			"DTSTART;TZID=America/New_York:20260301T023000", "DURATION:PT1H", "RRULE:FREQ=WEEKLY;COUNT=2",
			"END:VEVENT", "BEGIN:VEVENT", "UID:u", "DTSTAMP:20260101T000000Z", "SUMMARY:Moved",
			"RECURRENCE-ID;TZID=America/New_York:20260308T023000",
			"DTSTART;TZID=America/New_York:20260308T100000", "DURATION:PT1H"),
			ny, "2026-02-28", "2026-03-31", []string{
				"2026-03-01T02:30:00-05:00 2026-03-01T03:30:00-05:00",
				"2026-03-08T10:00:00-04:00 2026-03-08T11:00:00-04:00",
			}},
		{"Berlin: 02:30 on the fall-back day is the first 02:30", event(
			"DTSTART;TZID=Europe/Berlin:20261025T023000", "DURATION:PT1H"),
			berlin, "2026-10-24", "2026-10-26", []string{
				"2026-10-25T02:30:00+02:00 2026-10-25T02:30:00+01:00", // CEST, an hour of elapsed time
			}},
		{"New York: 01:30 on the fall-back day is the first 01:30", event(
			"DTSTART;TZID=America/New_York:20261101T013000", "DURATION:PT1H"),
			ny, "2026-10-31", "2026-11-02", []string{
				"2026-11-01T01:30:00-04:00 2026-11-01T01:30:00-05:00",
			}},
		{"a day's duration from 02:30 the day before the gap", event(
			"DTSTART;TZID=America/New_York:20260307T023000", "DURATION:P1D"),
			ny, "2026-03-06", "2026-03-09", []string{
				"2026-03-07T02:30:00-05:00 2026-03-08T03:30:00-04:00",
			}},
		{"Santiago: an all-day event on the day without a midnight", event(
			"DTSTART;VALUE=DATE:20260906"),
			santiago, "2026-09-04", "2026-09-08", []string{
				"2026-09-06T01:00:00-03:00 2026-09-07T00:00:00-03:00",
			}},
		{"Santiago: a daily all-day series over that day", event(
			"DTSTART;VALUE=DATE:20260905", "RRULE:FREQ=DAILY;COUNT=3", "EXDATE;VALUE=DATE:20260907"),
			santiago, "2026-09-04", "2026-09-09", []string{
				"2026-09-05T00:00:00-04:00 2026-09-06T01:00:00-03:00",
				"2026-09-06T01:00:00-03:00 2026-09-07T00:00:00-03:00",
			}},
		{"a leap second (RFC 5545 3.3.12 allows 60) is the next minute", event(
			"DTSTART;TZID=America/New_York:20261231T235960", "DURATION:PT1H"),
			ny, "2026-12-31", "2027-01-02", []string{
				"2027-01-01T00:00:00-05:00 2027-01-01T01:00:00-05:00", // before: "not a DATE or DATE-TIME", the event skipped
			}},
		{"Santiago: a local time at midnight on that day", event(
			"DTSTART;TZID=America/Santiago:20260906T000000", "DURATION:PT30M", "RRULE:FREQ=DAILY;COUNT=2"),
			santiago, "2026-09-04", "2026-09-09", []string{
				"2026-09-06T01:00:00-03:00 2026-09-06T01:30:00-03:00",
				"2026-09-07T00:00:00-03:00 2026-09-07T00:30:00-03:00",
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			from, _ := time.ParseInLocation("2006-01-02", tc.from, tc.loc)
			to, _ := time.ParseInLocation("2006-01-02", tc.to, tc.loc)
			occs, probs := Expand(Source{Calendar: "T", Data: []byte(tc.ics)}, from, to, tc.loc)
			if len(probs) > 0 {
				t.Errorf("problems: %v", probs)
			}
			var got []string
			for _, o := range occs {
				got = append(got, fmt.Sprintf("%s %s", o.Start.Format(time.RFC3339), o.End.Format(time.RFC3339)))
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("got\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(tc.want, "\n  "))
			}
		})
	}
}

// civil is the earliest instant with the wall clock asked for, and in a
// gap the wall clock read with the offset before it, for every quarter
// hour of 2026 in zones west and east of Greenwich, one changing at
// midnight and one changing by half an hour; found here by brute force.
func TestCivilAgainstEveryInstant(t *testing.T) {
	for _, name := range []string{"America/New_York", "Europe/Berlin", "America/Santiago", "Australia/Lord_Howe", "Asia/Kolkata"} {
		loc := mustLoad(t, name)
		for q := range 365 * 24 * 4 {
			w := time.Date(2026, 1, 1, 0, 15*q, 0, 0, time.UTC)
			var want time.Time
			for i := w.Add(-15 * time.Hour); !i.After(w.Add(15 * time.Hour)); i = i.Add(15 * time.Minute) {
				if wall(i, loc).Equal(w) {
					want = i
					break
				}
			}
			if want.IsZero() { // in a gap: the offset of the instant before it
				_, off := w.Add(-15 * time.Hour).In(loc).Zone()
				want = w.Add(-time.Duration(off) * time.Second)
			}
			if got := civil(w.Year(), w.Month(), w.Day(), w.Hour(), w.Minute(), 0, loc); !got.Equal(want) {
				t.Fatalf("%s %s: civil %v; want %v", name, w.Format("2006-01-02 15:04"), got, want.In(loc))
			}
		}
	}
}
