package event

import (
	"testing"
	"time"
)

func TestDayStart(t *testing.T) {
	ny, santiago, havana := mustLoad(t, "America/New_York"), mustLoad(t, "America/Santiago"), mustLoad(t, "America/Havana")
	tests := []struct {
		name string
		got  time.Time
		want string // local time, with its offset
	}{
		{"an ordinary day", DayStart(2026, 12, 8, ny), "2026-12-08 00:00 -0500"},
		{"New York's DST change is at 02:00", DayStart(2026, 3, 8, ny), "2026-03-08 00:00 -0500"},
		{"day out of range, as for time.Date", DayStart(2026, 12, 32, ny), "2027-01-01 00:00 -0500"},
		{"Santiago springs forward at midnight: the day begins at 01:00", DayStart(2026, 9, 6, santiago), "2026-09-06 01:00 -0300"},
		{"Santiago the day before", DayStart(2026, 9, 5, santiago), "2026-09-05 00:00 -0400"},
		{"Santiago falls back at midnight: the hour before it repeats", DayStart(2026, 4, 5, santiago), "2026-04-05 00:00 -0400"},
		{"Havana springs forward at midnight", DayStart(2026, 3, 8, havana), "2026-03-08 01:00 -0400"},
	}
	for _, tt := range tests {
		if got := tt.got.Format("2006-01-02 15:04 -0700"); got != tt.want {
			t.Errorf("%s: DayStart = %s; want %s", tt.name, got, tt.want)
		}
	}
}
