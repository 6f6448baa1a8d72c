package plan

import (
	"testing"
	"time"

	"github.com/netsyncd/netsyncd/internal/config"
	"github.com/netsyncd/netsyncd/internal/entry"
)

func TestBusy(t *testing.T) {
	var b busy
	b.add(at(8, 12, 0), at(8, 13, 0))
	b.add(at(8, 9, 0), at(8, 10, 0))
	b.add(at(8, 10, 0), at(8, 11, 0)) // touches the 9:00 span: merged
	b.add(at(8, 15, 0), at(8, 16, 0))
	b.add(at(8, 12, 30), at(8, 15, 30)) // bridges 12:00 and 15:00
	want := busy{{at(8, 9, 0), at(8, 11, 0)}, {at(8, 12, 0), at(8, 16, 0)}}
	if len(b) != len(want) {
		t.Fatalf("busy = %v; want %v", b, want)
	}
	for i := range want {
		if !b[i].start.Equal(want[i].start) || !b[i].end.Equal(want[i].end) {
			t.Errorf("span %d = %s-%s; want %s-%s", i, b[i].start.Format("15:04"), b[i].end.Format("15:04"), want[i].start.Format("15:04"), want[i].end.Format("15:04"))
		}
	}
	tests := []struct {
		start, end time.Time
		want       bool
	}{
		{at(8, 8, 0), at(8, 9, 0), false}, // ends where busy starts
		{at(8, 11, 0), at(8, 12, 0), false},
		{at(8, 10, 45), at(8, 11, 15), true},
		{at(8, 16, 0), at(8, 17, 0), false},
		{at(8, 8, 0), at(8, 17, 0), true},
	}
	for _, tt := range tests {
		if got := b.overlaps(tt.start, tt.end); got != tt.want {
			t.Errorf("overlaps(%s-%s) = %v; want %v", tt.start.Format("15:04"), tt.end.Format("15:04"), got, tt.want)
		}
	}
}

func TestAllowed(t *testing.T) {
	windows := []config.AllowedTime{
		{Days: []config.Weekday{config.Weekday(time.Tuesday)}, From: 7 * 60, To: 21 * 60},
		{Days: []config.Weekday{config.Weekday(time.Wednesday)}, From: 22 * 60, To: 24 * 60},
		{Days: []config.Weekday{config.Weekday(time.Sunday)}, From: 9 * 60, To: 12 * 60},
	}
	dst := func(h, m int) time.Time { return time.Date(2026, 3, 8, h, m, 0, 0, ny) } // Sunday, clocks go forward at 02:00
	tests := []struct {
		name       string
		start, end time.Time
		want       bool
	}{
		{"inside", at(8, 7, 0), at(8, 7, 30), true},
		{"ends at the window's end", at(8, 20, 30), at(8, 21, 0), true},
		{"runs past the end", at(8, 20, 45), at(8, 21, 15), false},
		{"starts before the window", at(8, 6, 45), at(8, 7, 15), false},
		{"day not allowed", at(10, 9, 0), at(10, 9, 30), false},
		{"ends at midnight in a window to 24:00", at(9, 23, 30), at(10, 0, 0), true},
		{"crosses midnight", at(9, 23, 45), at(10, 0, 15), false},
		{"local wall clock on a DST day", dst(9, 0), dst(9, 30), true},
		{"before the window on a DST day", dst(8, 30), dst(9, 0), false},
	}
	for _, tt := range tests {
		if got := allowed(windows, tt.start, tt.end, ny); got != tt.want {
			t.Errorf("%s: allowed(%s-%s) = %v; want %v", tt.name, tt.start.Format("Mon 15:04"), tt.end.Format("15:04"), got, tt.want)
		}
	}
	if !allowed(nil, at(8, 3, 0), at(8, 3, 30), ny) {
		t.Error("no allowed_times: want every time allowed")
	}
}

func TestGrid(t *testing.T) {
	kolkata := mustLoad("Asia/Kolkata")
	tests := []struct {
		in          time.Time
		loc         *time.Location
		floor, ceil string
	}{
		{at(8, 17, 10), ny, "17:00", "17:15"},
		{at(8, 17, 15), ny, "17:15", "17:15"},
		{time.Date(2026, 12, 8, 17, 7, 30, 0, kolkata), kolkata, "17:00", "17:15"},
	}
	for _, tt := range tests {
		if got := floorStep(tt.in, tt.loc).Format("15:04"); got != tt.floor {
			t.Errorf("floorStep(%s) = %s; want %s", tt.in.Format("15:04:05"), got, tt.floor)
		}
		if got := ceilStep(tt.in, tt.loc).Format("15:04"); got != tt.ceil {
			t.Errorf("ceilStep(%s) = %s; want %s", tt.in.Format("15:04:05"), got, tt.ceil)
		}
	}
}

func TestWeekEntryOnDSTDay(t *testing.T) {
	cfg := testConfig()
	ws := time.Date(2026, 3, 8, 0, 0, 0, 0, ny) // a Sunday week start, the day clocks go forward
	it := netItem("ev", "Mixer", ws.Add(3*24*time.Hour+18*time.Hour), time.Hour, 20)
	w := weekOf("2026-W11", 8, 1)
	w.Start, w.End = ws, ws.AddDate(0, 0, 7)
	es, _ := Plan(cfg, limitsResult(it, w))
	n := 0
	for _, e := range es {
		if e.Kind != entry.KindWeek {
			continue
		}
		n++
		if l := e.Start.In(ny); l.Hour() != 8 || l.Minute() != 0 || l.Day() != 8 {
			t.Errorf("week entry on a DST day starts %s; want Sun 8 Mar 08:00 local", l.Format("Mon 2 Jan 15:04 MST"))
		}
	}
	if n != 1 {
		t.Errorf("%d week entries; want 1", n)
	}
}

func TestNextAllowed(t *testing.T) {
	windows := testConfig().Limits.AllowedTimes // weekdays 07:00-21:00, Saturdays 09:00-14:00
	tests := []struct {
		name     string
		from     time.Time
		d        time.Duration
		want     time.Time
		wantNone bool
	}{
		{"inside a window: the next grid time", at(8, 10, 0), 20 * time.Minute, at(8, 10, 15), false},
		{"too late in the evening: next morning", at(8, 20, 45), 20 * time.Minute, at(9, 7, 0), false},
		{"Friday night: Saturday's window", at(11, 21, 0), 20 * time.Minute, at(12, 9, 0), false},
		{"Saturday afternoon: Monday morning", at(12, 13, 50), 20 * time.Minute, at(14, 7, 0), false},
		{"longer than any window: none", at(8, 10, 0), 15 * time.Hour, time.Time{}, true},
	}
	for _, tt := range tests {
		got := nextAllowed(windows, tt.from, tt.d, ny)
		if tt.wantNone != got.IsZero() || !tt.wantNone && !got.Equal(tt.want) {
			t.Errorf("%s: nextAllowed(%s, %v) = %s; want %s (none: %v)", tt.name, tt.from.Format("Mon 15:04"), tt.d, got.Format("Mon 2 15:04"), tt.want.Format("Mon 2 15:04"), tt.wantNone)
		}
	}
}
