package daemon

import (
	"sort"
	"testing"
	"time"

	"github.com/robfig/cron/v3"
)

// The schedule across a daylight-saving change in the user's zone: a
// daily pass at 02:30 ran on no day when the clock sprang forward (cron
// skipped to the next day); it now runs at 03:30, the wall time read at
// the offset before the gap. Each wall time a gap takes away runs once, in
// order (`*/20 2 * * *`: 03:00, 03:20, 03:40), also for a spec that
// matches once a year read from a time at the other offset, and a gap
// time that lands on a time cron runs anyway is one pass. Checked against
// a brute-force reading of the spec, minute by minute, every quarter hour
// around each change of 2026 in four zones (one with a half-hour change,
// one whose gap is at midnight).
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
		// Several matches inside one gap: each once, in order.
		{"*/20 2 * * *", time.Date(2026, 3, 7, 12, 0, 0, 0, ny), []string{"03-08 03:00 EDT", "03-08 03:20 EDT", "03-08 03:40 EDT", "03-09 02:00 EDT"}},
		{"*/20 2 * * *", time.Date(2026, 3, 8, 3, 10, 0, 0, ny), []string{"03-08 03:20 EDT", "03-08 03:40 EDT", "03-09 02:00 EDT"}},
		// A gap time on a time cron runs anyway: one pass.
		{"*/20 * * * *", time.Date(2026, 3, 8, 1, 30, 0, 0, ny), []string{"03-08 01:40 EST", "03-08 03:00 EDT", "03-08 03:20 EDT", "03-08 03:40 EDT", "03-08 04:00 EDT"}},
		// Once a year, read from a day at the other offset.
		{"30 2 8 3 *", time.Date(2025, 7, 1, 12, 0, 0, 0, ny), []string{"03-08 03:30 EDT", "03-08 02:30 EST"}},
		{"30 2 29 3 *", time.Date(2025, 8, 1, 12, 0, 0, 0, berlin), []string{"03-29 03:30 CEST", "03-29 02:30 CEST"}},
		// A spec in its own zone, read from a pass in another.
		{"CRON_TZ=America/New_York 30 2 * * *", time.Date(2026, 3, 7, 12, 0, 0, 0, ny), []string{"03-08 03:30 EDT", "03-09 02:30 EDT"}},
		{"TZ=America/New_York 30 2 * * *", time.Date(2026, 3, 7, 18, 0, 0, 0, berlin), []string{"03-08 08:30 CET", "03-09 07:30 CET"}},
		{"CRON_TZ=America/New_York 30 2 8 3 *", time.Date(2025, 7, 1, 12, 0, 0, 0, berlin), []string{"03-08 08:30 CET", "03-08 08:30 CET"}},
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
	// Every quarter hour of the days around each change of 2026, against
	// the spec read minute by minute: a pass at every minute whose wall
	// clock matches, and at every minute of a gap whose wall clock at the
	// offset before matches; Next is the first such minute after.
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
		for _, spec := range []string{"30 2 * * *", "0 0 * * *", "*/15 * * * *", "*/20 2 * * *", "*/20 * * * *", "0,30 2 * * *",
			"0 9 * * 1", "45 1 * * 0", "10 0-3 * * *", "@daily", "@every 1h"} {
			s, err := parseSchedule(spec)
			if err != nil {
				t.Fatal(err)
			}
			inner := s.(gapSchedule).Schedule
			for _, d := range days {
				want := passesByMinute(inner, loc, d.AddDate(0, 0, -1), d.AddDate(0, 0, 14))
				for at := d; at.Before(d.AddDate(0, 0, 5)); at = at.Add(15 * time.Minute) {
					got := s.Next(at)
					if want == nil { // @every: cron's own
						if cr := inner.Next(at); !got.Equal(cr) {
							t.Errorf("%s %q from %s: %s; cron says %s", name, spec, at.Format(time.RFC3339), got.Format(time.RFC3339), cr.Format(time.RFC3339))
						}
						continue
					}
					i := sort.Search(len(want), func(i int) bool { return want[i].After(at) })
					if i == len(want) || !got.Equal(want[i]) {
						t.Errorf("%s %q from %s: %s; want %v", name, spec, at.Format(time.RFC3339), got.Format(time.RFC3339), want[i:min(i+1, len(want))])
					}
				}
			}
		}
	}
}

// passesByMinute is every minute from from to to at which spec (a cron
// spec read in loc) should run: its wall clock matches, or it lies in a
// gap and its wall clock at the offset before the gap matches. nil for a
// schedule that is no spec.
func passesByMinute(s cron.Schedule, loc *time.Location, from, to time.Time) []time.Time {
	spec, ok := s.(*cron.SpecSchedule)
	if !ok {
		return nil
	}
	const star = 1 << 63
	bit := func(f uint64, v int) bool { return f&(1<<uint(v)) != 0 }
	matches := func(w time.Time) bool {
		day := bit(spec.Dom, w.Day()) && bit(spec.Dow, int(w.Weekday()))
		if spec.Dom&star == 0 && spec.Dow&star == 0 {
			day = bit(spec.Dom, w.Day()) || bit(spec.Dow, int(w.Weekday()))
		}
		return day && bit(spec.Second, w.Second()) && bit(spec.Minute, w.Minute()) && bit(spec.Hour, w.Hour()) && bit(spec.Month, int(w.Month()))
	}
	var out []time.Time
	var gap *time.Location // the offset before the gap the minute is in
	var gapEnd time.Time
	_, prev := from.In(loc).Zone()
	for x := from.Truncate(time.Minute); x.Before(to); x = x.Add(time.Minute) {
		_, off := x.In(loc).Zone()
		if off > prev {
			gap, gapEnd = time.FixedZone("", prev), x.Add(time.Duration(off-prev)*time.Second)
		}
		prev = off
		inGap := gap != nil && x.Before(gapEnd)
		if matches(x.In(loc)) || inGap && matches(x.In(gap)) {
			out = append(out, x)
		}
	}
	return out
}

// BenchmarkScheduleNext compares Next with robfig/cron's own, in the same
// run: the daemon asks it once a pass (twice when it reloads).
func BenchmarkScheduleNext(b *testing.B) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		b.Fatal(err)
	}
	from := time.Date(2026, 3, 7, 12, 0, 0, 0, ny)
	for _, spec := range []string{"30 2 * * *", "*/15 * * * *", "* * * * *", "30 2 8 3 *"} {
		s, err := parseSchedule(spec)
		if err != nil {
			b.Fatal(err)
		}
		for _, c := range []struct {
			name string
			s    cron.Schedule
		}{{"netsyncd", s}, {"cron", s.(gapSchedule).Schedule}} {
			b.Run(spec+"/"+c.name, func(b *testing.B) {
				for b.Loop() {
					c.s.Next(from)
				}
			})
		}
	}
}
