package plan

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/netsyncd/netsyncd/internal/config"
	"github.com/netsyncd/netsyncd/internal/entry"
	"github.com/netsyncd/netsyncd/internal/event"
	"github.com/netsyncd/netsyncd/internal/limits"
)

// TestHostileSlotsAcrossDST plans open slots and a networking event in
// weeks where the clocks change, with windows on the change itself.
func TestHostileSlotsAcrossDST(t *testing.T) {
	for _, tc := range []struct {
		zone string
		now  string // local, the Monday of the week the clocks change (or the day before)
	}{
		{"Europe/London", "2027-03-22 00:00"},       // forward Sun 28 Mar 01:00
		{"Europe/London", "2026-10-19 00:00"},       // back Sun 25 Oct 02:00
		{"America/New_York", "2027-03-08 00:00"},    // forward Sun 14 Mar 02:00
		{"America/New_York", "2026-10-26 00:00"},    // back Sun 1 Nov 02:00
		{"Australia/Lord_Howe", "2026-09-28 00:00"}, // forward 30 minutes Sun 4 Oct 02:00
		{"Australia/Lord_Howe", "2027-03-29 00:00"}, // back 30 minutes Sun 4 Apr 02:00
		{"America/Santiago", "2026-08-31 00:00"},    // midnight skipped Sun 6 Sep 2026
		{"Asia/Beirut", "2022-03-21 00:00"},         // midnight skipped Sun 27 Mar 2022
		{"America/Havana", "2027-03-08 00:00"},      // midnight skipped Sun 14 Mar
	} {
		for _, ws := range [][]config.AllowedTime{
			{window(0, 24*60)},               // the whole day, skipped hour and all
			{window(0, 60), window(60, 180)}, // windows at the change itself
			{window(90, 165)},                // inside Lord Howe's half hour and New York's skipped hour
			{window(23*60+30, 24*60)},        // the very end of the day
		} {
			name := fmt.Sprintf("%s %s %v", tc.zone, tc.now, ws)
			t.Run(name, func(t *testing.T) {
				cfg := zoneConfig(t, tc.zone)
				loc := cfg.Zone()
				cfg.Limits.AllowedTimes = ws
				cfg.Plan.SlotTimes = ws
				now, err := time.ParseInLocation("2006-01-02 15:04", tc.now, loc)
				if err != nil {
					t.Fatal(err)
				}
				ws0 := limits.WeekStart(now, loc, time.Monday)
				res := limits.Result{Weeks: []limits.Week{hostileWeek(ws0), hostileWeek(limits.WeekStart(ws0.AddDate(0, 0, 7).Add(12*time.Hour), loc, time.Monday))}}
				ev := netItem("ev", "Mixer", ws0.AddDate(0, 0, 6).Add(3*time.Hour), 30*time.Minute, 15)
				res.Items = append(res.Items, ev)
				es, fs := planHostile(t, cfg, res, Extras{Now: now})
				checkPlaced(t, cfg, res, es, fs)
				for _, e := range es {
					if e.Kind == entry.KindSlot && !isWindow(cfg.Plan.SlotTimes, e.Start, e.End, loc) {
						t.Errorf("slot %s-%s is not one whole plan.slot_times window", e.Start.In(loc).Format("Mon 2 Jan 15:04 MST"), e.End.In(loc).Format("15:04 MST"))
					}
				}
			})
		}
	}
}

// isWindow reports whether [s, e) is one whole window of ws on its day, as
// far as the day's clock has the window's times (a window from 00:00 on a
// day that begins at 01:00 starts at 01:00).
func isWindow(ws []config.AllowedTime, s, e time.Time, loc *time.Location) bool {
	y, m, d := s.In(loc).Date()
	for _, w := range ws {
		from := ceilStep(maxTime(time.Date(y, m, d, 0, int(w.From), 0, 0, loc), event.DayStart(y, m, d, loc)), loc)
		if hasDay(w.Days, s.In(loc).Weekday()) && s.Equal(from) && e.Equal(time.Date(y, m, d, 0, int(w.To), 0, 0, loc)) {
			return true
		}
	}
	return false
}

// TestHostileSlotOnSkippedMidnight: where a day begins at 01:00 (the
// clocks skip midnight), a slot window from 00:00 still gets that day's
// slot, from 01:00, as the allowed times' search (nextAllowed) has it.
func TestHostileSlotOnSkippedMidnight(t *testing.T) {
	cfg := zoneConfig(t, "America/Santiago")
	loc := cfg.Zone()
	cfg.Limits.AllowedTimes = []config.AllowedTime{window(0, 24*60)}
	cfg.Plan.SlotTimes = []config.AllowedTime{{Days: days(time.Sunday), From: 0, To: 3 * 60}}
	now := time.Date(2026, 8, 31, 0, 0, 0, 0, loc) // Monday; Sunday 6 Sep 2026 begins at 01:00
	ws := limits.WeekStart(now, loc, time.Monday)
	slots := PlanSlots(SlotInput{Config: cfg, Weeks: []limits.Week{hostileWeek(ws)}, Now: now})
	if len(slots) != 1 {
		t.Fatalf("%d slots; want 1, on Sun 6 Sep from 01:00", len(slots))
	}
	if got := slots[0].Start.In(loc).Format("Mon 2 Jan 15:04"); got != "Sun 6 Sep 01:00" {
		t.Errorf("slot starts %s; want Sun 6 Sep 01:00", got)
	}
}

// TestAllowedAgainstEveryMinute holds allowed to its meaning on the days
// the clocks change: an entry is allowed when every minute of it, read on
// the wall clock of its day, lies inside one window. Windows start and end
// anywhere on the grid, the repeated hour of autumn included.
func TestAllowedAgainstEveryMinute(t *testing.T) {
	for _, name := range []string{"America/New_York", "Europe/London", "Australia/Lord_Howe", "America/Santiago"} {
		loc := mustLoad(name)
		var days []time.Time // noon on the days the clocks change in 2026
		for d := time.Date(2026, 1, 1, 12, 0, 0, 0, loc); d.Year() == 2026; d = d.AddDate(0, 0, 1) {
			if _, a := d.Add(-12 * time.Hour).Zone(); true {
				if _, b := d.Add(12 * time.Hour).Zone(); a != b {
					days = append(days, d)
				}
			}
		}
		if len(days) == 0 {
			t.Fatalf("%s: no day in 2026 on which the clocks change", name)
		}
		for _, noon := range days {
			y, m, d := noon.Date()
			for _, w := range []config.AllowedTime{window(0, 24*60), window(0, 90), window(60, 110), window(90, 150), window(120, 180), window(150, 24*60)} {
				ws := []config.AllowedTime{w}
				for s := event.DayStart(y, m, d, loc).Add(-time.Hour); s.Before(event.DayStart(y, m, d+1, loc)); s = s.Add(15 * time.Minute) {
					for _, dur := range []time.Duration{15 * time.Minute, 30 * time.Minute, 45 * time.Minute, 105 * time.Minute} {
						e := s.Add(dur)
						if got, want := allowed(ws, s, e, loc), everyMinuteIn(w, s, e, loc); got != want {
							t.Errorf("%s, window %s-%s: allowed(%s, %s) = %v; every minute inside: %v", name, w.From, w.To,
								s.Format("Mon 2 Jan 15:04 MST"), e.Format("15:04 MST"), got, want)
						}
					}
				}
			}
		}
	}
}

// insideAllowed is allowed found minute by minute, as the tests' oracle.
func insideAllowed(windows []config.AllowedTime, s, e time.Time, loc *time.Location) bool {
	if len(windows) == 0 {
		return true
	}
	return slices.ContainsFunc(windows, func(w config.AllowedTime) bool { return everyMinuteIn(w, s, e, loc) })
}

// everyMinuteIn reports whether every minute of [s, e) is, on the wall
// clock, on s's day and inside w, and e's wall clock is no later than w's
// end (an entry may end at 24:00): an entry over the skipped hour of
// spring that ends at 03:00 is not inside a window to 02:30, though none
// of its minutes is past 02:00.
func everyMinuteIn(w config.AllowedTime, s, e time.Time, loc *time.Location) bool {
	end := e.In(loc).Hour()*60 + e.In(loc).Minute()
	if !sameDay(s.In(loc), e.In(loc)) {
		end += 24 * 60
	}
	if !hasDay(w.Days, s.In(loc).Weekday()) || end > int(w.To) {
		return false
	}
	for t := s; t.Before(e); t = t.Add(time.Minute) {
		l := t.In(loc)
		if m := l.Hour()*60 + l.Minute(); !sameDay(l, s.In(loc)) || m < int(w.From) || m+1 > int(w.To) {
			return false
		}
	}
	return true
}

func TestPrevAllowed(t *testing.T) {
	windows := testConfig().Limits.AllowedTimes // weekdays 07:00-21:00, Saturdays 09:00-14:00
	tests := []struct {
		name     string
		from     time.Time
		d        time.Duration
		want     time.Time
		wantNone bool
	}{
		{"inside a window: the grid time before", at(8, 10, 0), 30 * time.Minute, at(8, 9, 45), false},
		{"early morning: the evening before", at(9, 7, 0), 30 * time.Minute, at(8, 20, 30), false},
		{"Monday morning: Saturday's window", at(14, 6, 0), time.Hour, at(12, 13, 0), false},
		{"Sunday evening, too long for Saturday: Friday", at(13, 20, 0), 6 * time.Hour, at(11, 15, 0), false},
		{"longer than any window: none", at(8, 10, 0), 15 * time.Hour, time.Time{}, true},
	}
	for _, tt := range tests {
		got := prevAllowed(windows, tt.from, tt.d, ny)
		if tt.wantNone != got.IsZero() || !tt.wantNone && !got.Equal(tt.want) {
			t.Errorf("%s: prevAllowed(%s, %v) = %s; want %s (none: %v)", tt.name, tt.from.Format("Mon 2 15:04"), tt.d, got.Format("Mon 2 15:04"), tt.want.Format("Mon 2 15:04"), tt.wantNone)
		}
	}
}
