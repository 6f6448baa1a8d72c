package daemon

import (
	"testing"
	"time"
)

// The schedule across a daylight-saving change in the user's zone: a
// daily pass at 02:30 ran on no day when the clock sprang forward (cron
// skipped to the next day); it now runs at 03:30, the wall time read at
// the offset before the gap. Every other time stays where cron puts it,
// checked against cron itself every quarter hour around each change
// of 2026 in four zones (one with a half-hour change, one whose gap is at midnight).
func TestScheduleAcrossDaylightSaving(t *testing.T) {
	load := func(name string) *time.Location {
		loc, err := time.LoadLocation(name)
		if err != nil {
			t.Fatal(err)
		}
		return loc
	}
	ny, berlin := load("America/New_York"), load("Europe/Berlin")
	for _, c := range []struct {
		spec string
		from time.Time
		want []string
	}{
		{"30 2 * * *", time.Date(2026, 3, 7, 12, 0, 0, 0, ny), []string{"03-08 03:30 EDT", "03-09 02:30 EDT"}},
		{"30 2 * * *", time.Date(2026, 3, 28, 12, 0, 0, 0, berlin), []string{"03-29 03:30 CEST", "03-30 02:30 CEST"}},
		{"15 2 * * 0", time.Date(2026, 3, 2, 12, 0, 0, 0, ny), []string{"03-08 03:15 EDT", "03-15 02:15 EDT"}},
		{"0 * * * *", time.Date(2026, 3, 8, 0, 30, 0, 0, ny), []string{"03-08 01:00 EST", "03-08 03:00 EDT", "03-08 04:00 EDT"}},
		{"30 3 * * *", time.Date(2026, 3, 7, 12, 0, 0, 0, ny), []string{"03-08 03:30 EDT", "03-09 03:30 EDT"}},
		{"30 1 * * *", time.Date(2026, 10, 31, 12, 0, 0, 0, ny), []string{"11-01 01:30 EDT", "11-01 01:30 EST", "11-02 01:30 EST"}},
		// A spec in its own zone, read from a pass in another.
		{"CRON_TZ=America/New_York 30 2 * * *", time.Date(2026, 3, 7, 12, 0, 0, 0, ny), []string{"03-08 03:30 EDT", "03-09 02:30 EDT"}},
		{"TZ=America/New_York 30 2 * * *", time.Date(2026, 3, 7, 18, 0, 0, 0, berlin), []string{"03-08 08:30 CET", "03-09 07:30 CET"}},
	} {
		s, err := parseSchedule(c.spec)
		if err != nil {
			t.Fatal(err)
		}
		at := c.from
		for i, want := range c.want {
			at = s.Next(at)
			if got := at.Format("01-02 15:04 MST"); got != want {
				t.Errorf("%q from %s: pass %d at %s; want %s", c.spec, c.from.Format("01-02 15:04 MST"), i+1, got, want)
				break
			}
		}
	}
	// Away from a gap the schedule is cron's own, whatever the spec:
	// checked every quarter hour of the days around each change of 2026.
	for _, name := range []string{"America/New_York", "Europe/Berlin", "Australia/Lord_Howe", "America/Santiago"} {
		loc := load(name)
		var days []time.Time
		for d := time.Date(2026, 1, 2, 12, 0, 0, 0, loc); d.Year() == 2026; d = d.AddDate(0, 0, 1) {
			if _, a := d.AddDate(0, 0, -1).Zone(); func() bool { _, b := d.Zone(); return a != b }() {
				days = append(days, d.AddDate(0, 0, -3))
			}
		}
		if len(days) != 2 {
			t.Fatalf("%s: %d changes of offset in 2026; want 2", name, len(days))
		}
		for _, spec := range []string{"30 2 * * *", "0 0 * * *", "*/15 * * * *", "0 9 * * 1", "@every 1h", "45 1 * * 0"} {
			s, err := parseSchedule(spec)
			if err != nil {
				t.Fatal(err)
			}
			inner := s.(gapSchedule).Schedule
			for _, d := range days {
				for at := d; at.Before(d.AddDate(0, 0, 5)); at = at.Add(15 * time.Minute) {
					got, cr := s.Next(at), inner.Next(at)
					_, was := at.Zone()
					_, will := cr.Zone()
					if !got.Equal(cr) && !(will > was && got.After(at) && got.Before(cr)) {
						t.Errorf("%s %q from %s: %s; cron says %s", name, spec, at.Format(time.RFC3339), got.Format(time.RFC3339), cr.Format(time.RFC3339))
					}
				}
			}
		}
	}
}
