package limits

import (
	"math"
	"testing"
	"time"

	"github.com/netsyncd/netsyncd/internal/config"
	"github.com/netsyncd/netsyncd/internal/event"
)

// A two-day remote event over the weekend America/Santiago moves its clocks
// from 00:00 to 01:00 (Sunday 6 September 2026). That Sunday began, for
// time.Date, at 23:00 on Saturday, so the Sunday was counted with
// Saturday's allowed times (none: 0 hours instead of Sunday's 2) and
// Saturday was listed twice among the days without allowed times.
func TestSpanningEventOnADayWithoutMidnight(t *testing.T) {
	santiago := mustLoad("America/Santiago")
	cfg := testConfig()
	cfg.Location = santiago
	cfg.Limits.HoursPerWeek, cfg.Limits.MaxEventsPerWeek, cfg.Limits.MinActiveShare = 100, 100, 0
	cfg.Limits.AllDayHours = 24
	cfg.Limits.WeekStart = config.Weekday(time.Monday)
	cfg.Limits.AllowedTimes = []config.AllowedTime{{Days: []config.Weekday{config.Weekday(time.Sunday)}, From: 10 * 60, To: 12 * 60}}
	it := meet("Hackathon", "2026-09-01", "2026-09-02", remote, allDay)
	it.Occ.Start, it.Occ.End = event.DayStart(2026, 9, 5, santiago), event.DayStart(2026, 9, 7, santiago)
	r := Check(cfg, []Item{it}, event.DayStart(2026, 8, 31, santiago), event.DayStart(2026, 9, 7, santiago))
	if len(r.Weeks) != 1 {
		t.Fatalf("Check gave %d weeks; want 1", len(r.Weeks))
	}
	if w := r.Weeks[0]; math.Abs(w.RemoteHours-2) > 1e-9 {
		t.Errorf("the weekend counts %v remote hours; want Sunday's allowed 2", w.RemoteHours)
		for _, f := range w.Findings {
			t.Logf("  %s: %s", f.Code, f.Message)
		}
	}
}
