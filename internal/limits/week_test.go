package limits

import (
	"testing"
	"time"
)

func TestWeeksBetween(t *testing.T) {
	tests := []struct {
		name     string
		first    time.Weekday
		from, to string
		labels   []string
		starts   []string
		hours    []float64 // length of each week
	}{
		{"monday, spring DST week", time.Monday, "2026-03-04", "2026-03-10",
			[]string{"2026-W10", "2026-W11"}, []string{"2026-03-02", "2026-03-09"}, []float64{167, 168}},
		{"sunday, spring DST week starts on the change", time.Sunday, "2026-03-08 12:00", "2026-03-15",
			[]string{"2026-W10"}, []string{"2026-03-08"}, []float64{167}},
		{"saturday, spring DST week", time.Saturday, "2026-03-08", "2026-03-14 00:01",
			[]string{"2026-W10", "2026-W11"}, []string{"2026-03-07", "2026-03-14"}, []float64{167, 168}},
		{"monday, autumn DST week", time.Monday, "2026-10-30", "2026-11-03",
			[]string{"2026-W44", "2026-W45"}, []string{"2026-10-26", "2026-11-02"}, []float64{169, 168}},
		{"sunday, autumn DST week", time.Sunday, "2026-11-01", "2026-11-08",
			[]string{"2026-W44"}, []string{"2026-11-01"}, []float64{169}},
		{"monday across the new year: ISO year", time.Monday, "2026-12-30", "2027-01-05",
			[]string{"2026-W53", "2027-W01"}, []string{"2026-12-28", "2027-01-04"}, []float64{168, 168}},
		{"empty window", time.Monday, "2026-03-10", "2026-03-10", nil, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			weeks := weeksBetween(at(tt.from), at(tt.to), ny, tt.first)
			if len(weeks) != len(tt.labels) {
				t.Fatalf("weeksBetween(%s, %s) = %d weeks; want %d", tt.from, tt.to, len(weeks), len(tt.labels))
			}
			for i, w := range weeks {
				if w.Week != tt.labels[i] || !w.Start.Equal(at(tt.starts[i])) {
					t.Errorf("week %d = %s from %s; want %s from %s", i, w.Week, w.Start, tt.labels[i], tt.starts[i])
				}
				if h := w.End.Sub(w.Start).Hours(); h != tt.hours[i] {
					t.Errorf("week %s lasts %v h; want %v", w.Week, h, tt.hours[i])
				}
				if w.Start.Weekday() != tt.first || w.Start.Hour() != 0 || w.End.Hour() != 0 {
					t.Errorf("week %s runs %s to %s; want midnight %s to midnight", w.Week, w.Start, w.End, tt.first)
				}
			}
		})
	}
}

func TestParseWeek(t *testing.T) {
	for _, first := range []time.Weekday{time.Monday, time.Sunday, time.Saturday, time.Wednesday} {
		for s := at("2025-12-20"); s.Before(at("2028-01-10")); s = s.AddDate(0, 0, 7) {
			start := WeekStart(s, ny, first)
			label := WeekLabel(start)
			got, end, err := ParseWeek(label, ny, first)
			if err != nil || !got.Equal(start) || !end.Equal(start.AddDate(0, 0, 7)) {
				t.Fatalf("ParseWeek(%q, %s) = %s, %s, %v; want %s", label, first, got, end, err, start)
			}
		}
	}
	for _, bad := range []string{"2026-W54", "2025-W53", "2026-W00", "2026-W5", "2026W05", "week 5", ""} {
		if _, _, err := ParseWeek(bad, ny, time.Monday); err == nil {
			t.Errorf("ParseWeek(%q) succeeded; want an error", bad)
		}
	}
}

// In Santiago the clocks jump from 00:00 to 01:00 on Sunday 6 September
// 2026: a week that starts that Sunday starts at 01:00 of the 6th, not at
// 23:00 of the 5th (time.Date's answer for the missing midnight).
func TestWeekStartsWhereMidnightIsMissing(t *testing.T) {
	scl, err := time.LoadLocation("America/Santiago")
	if err != nil {
		t.Fatal(err)
	}
	want := time.Date(2026, 9, 6, 1, 0, 0, 0, scl)
	if got := WeekStart(time.Date(2026, 9, 8, 12, 0, 0, 0, scl), scl, time.Sunday); !got.Equal(want) {
		t.Errorf("WeekStart = %v; want %v", got, want)
	}
	start, end, err := ParseWeek("2026-W36", scl, time.Sunday)
	if err != nil || !start.Equal(want) || !end.Equal(time.Date(2026, 9, 13, 0, 0, 0, 0, scl)) {
		t.Errorf("ParseWeek(2026-W36, Sunday) = %v, %v, %v; want %v to the 13th", start, end, err, want)
	}
}
