package davserver

import (
	"testing"
	"time"
)

// TestSamplePastKeepsTime: the months before the two weeks read back at
// their wall-clock times, across the DST change, whatever the week.
func TestSamplePastKeepsTime(t *testing.T) {
	loc := newYork(t)
	for _, now := range []time.Time{time.Date(2026, 12, 9, 10, 0, 0, 0, loc), time.Date(2027, 2, 10, 10, 0, 0, 0, loc)} {
		cals := parseSample(t, now, loc)
		monday := weekStart(now, loc)
		for _, ev := range samplePast {
			if ev.day > -21 || ev.day < -pastDays {
				t.Errorf("%s is %d days back; want between 21 and %d, outside the demo's window", ev.slug, -ev.day, pastDays)
			}
			cal := cals[ev.cal+"/"+ev.slug+".ics"]
			m := master(t, cal)
			start, err := m.DateTimeStart(loc)
			if want := at(monday, ev.day, ev.start); err != nil || !start.Equal(want) {
				t.Errorf("week of %s: %s starts %v (%v); want %v", monday.Format("2006-01-02"), ev.slug, start, err, want)
			}
		}
	}
}
