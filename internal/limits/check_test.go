package limits

import (
	"math"
	"testing"
	"time"

	"github.com/netsyncd/netsyncd/internal/config"
)

type weekWant struct {
	label                   string
	hours, remoteHours      float64
	events, active, passive int
	remote, travel          int
	codes                   string // findings about the week itself, in order
}

func endsAt(t time.Time) opt { return func(it *Item) { it.Occ.End = t } }

func intp(n int) *int           { return &n }
func floatp(f float64) *float64 { return &f }

func TestCheckWeeks(t *testing.T) {
	roomy := func(c *config.Config) {
		c.Limits.HoursPerWeek = 100
		c.Limits.MaxEventsPerWeek = 100
		c.Limits.MinActiveShare = 0
	}
	tests := []struct {
		name     string
		cfg      func(*config.Config)
		from, to string
		items    []Item
		want     []weekWant
	}{
		{"in-person meal counts its duration and travel both ways", nil, "2026-03-09", "2026-03-16",
			[]Item{meet("Lunch", "2026-03-10 12:00", "2026-03-10 13:00"), busy("Standup", "2026-03-10 09:00", "2026-03-10 09:30")},
			[]weekWant{{label: "2026-W11", hours: 1 + 40.0/60, events: 1, active: 1, travel: 40}}},
		{"6 h in a 6 h budget is no finding", nil, "2026-03-09", "2026-03-16",
			[]Item{meet("Long lunch", "2026-03-10 12:00", "2026-03-10 17:20")},
			[]weekWant{{label: "2026-W11", hours: 6, events: 1, active: 1, travel: 40}}},
		{"6.01 h in a 6 h budget is over", nil, "2026-03-09", "2026-03-16",
			[]Item{meet("Long lunch", "2026-03-10 12:00", "2026-03-10 17:20", endsAt(at("2026-03-10 17:20").Add(36*time.Second)))},
			[]weekWant{{label: "2026-W11", hours: 6.01, events: 1, active: 1, travel: 40, codes: "over_weekly_hours"}}},
		{"zero hours budget: any in-person networking is over", func(c *config.Config) { c.Limits.HoursPerWeek = 0 }, "2026-03-09", "2026-03-16",
			[]Item{meet("Coffee", "2026-03-10 08:00", "2026-03-10 08:30")},
			[]weekWant{{label: "2026-W11", hours: 30.0/60 + 40.0/60, events: 1, active: 1, travel: 40, codes: "over_weekly_hours"}}},
		{"remote networking is beside the budget, never in it", func(c *config.Config) { c.Limits.HoursPerWeek = 1 }, "2026-03-09", "2026-03-16",
			[]Item{meet("Webinar", "2026-03-10 12:00", "2026-03-10 14:00", remote, passive), meet("Zoom coffee", "2026-03-11 08:00", "2026-03-11 08:30", remote)},
			[]weekWant{{label: "2026-W11", remoteHours: 2.5, events: 2, active: 1, passive: 1, remote: 2}}},
		{"declined, cancelled and owned count for nothing", nil, "2026-03-09", "2026-03-16",
			[]Item{meet("A", "2026-03-10 12:00", "2026-03-10 13:00", declined), meet("B", "2026-03-11 12:00", "2026-03-11 13:00", cancelled),
				meet("C", "2026-03-12 12:00", "2026-03-12 13:00", owned)},
			[]weekWant{{label: "2026-W11"}}},
		{"an event across midnight and the week boundary counts where it starts", roomy, "2026-03-09", "2026-03-23",
			[]Item{meet("Late dinner", "2026-03-15 23:00", "2026-03-16 01:00", passive)},
			[]weekWant{{label: "2026-W11", hours: 2 + 40.0/60, events: 1, passive: 1, travel: 40}, {label: "2026-W12"}}},
		{"sunday weeks: Sunday night starts the next week", func(c *config.Config) { roomy(c); c.Limits.WeekStart = config.Weekday(time.Sunday) }, "2026-03-09", "2026-03-16",
			[]Item{meet("Late dinner", "2026-03-15 23:00", "2026-03-16 01:00", passive), meet("Coffee", "2026-03-14 10:00", "2026-03-14 11:00")},
			[]weekWant{{label: "2026-W10", hours: 1 + 40.0/60, events: 1, active: 1, travel: 40},
				{label: "2026-W11", hours: 2 + 40.0/60, events: 1, passive: 1, travel: 40}}},
		{"saturday weeks: Friday night into Saturday counts on Friday", func(c *config.Config) { roomy(c); c.Limits.WeekStart = config.Weekday(time.Saturday) }, "2026-03-09", "2026-03-16",
			[]Item{meet("Gala", "2026-03-13 20:00", "2026-03-14 01:00", passive), meet("Brunch", "2026-03-14 10:00", "2026-03-14 12:00")},
			[]weekWant{{label: "2026-W10", hours: 5 + 40.0/60, events: 1, passive: 1, travel: 40},
				{label: "2026-W11", hours: 2 + 40.0/60, events: 1, active: 1, travel: 40}}},
		{"multi-day conference: all_day_hours per day inside the allowed times", func(c *config.Config) {
			c.Limits.Types = map[string]config.TypeLimit{"conference": {MaxPerWeek: intp(1)}}
		}, "2026-03-09", "2026-03-16",
			// Thu 8 h, Fri 8 h, Sat 5 h (09:00-14:00), Sun nothing; travel on the three days that count.
			[]Item{meet("Summit", "2026-03-12", "2026-03-16", allDay, passive, typ("conference"))},
			[]weekWant{{label: "2026-W11", hours: 21 + 2, events: 1, passive: 1, travel: 120, codes: "over_weekly_hours,below_active_share"}}},
		{"timed multi-day conference: each day's own hours, capped", func(c *config.Config) { roomy(c); c.Limits.AllDayHours = 9 }, "2026-03-09", "2026-03-16",
			// Tue 09-21 allowed 12 h -> 9; Wed 07-21 14 h -> 9; Thu 07-15 8 h.
			[]Item{meet("Expo", "2026-03-10 09:00", "2026-03-12 15:00", passive, typ("conference"))},
			[]weekWant{{label: "2026-W11", hours: 26 + 2, events: 1, passive: 1, travel: 120}}},
		{"multi-day event across the week boundary counts where it starts", roomy, "2026-03-09", "2026-03-23",
			// Sat 5 h, Sun 0, Mon 8, Tue 8.
			[]Item{meet("Retreat", "2026-03-14", "2026-03-18", allDay, passive)},
			[]weekWant{{label: "2026-W11", hours: 21 + 2, events: 1, passive: 1, travel: 120}, {label: "2026-W12"}}},
		{"spring DST: an all-day event on the 23-hour day", func(c *config.Config) {
			roomy(c)
			c.Limits.WeekStart, c.Limits.AllDayHours, c.Limits.AllowedTimes = config.Weekday(time.Sunday), 24, nil
		}, "2026-03-08", "2026-03-15",
			[]Item{meet("Hackathon", "2026-03-08", "2026-03-09", allDay, remote)},
			[]weekWant{{label: "2026-W10", remoteHours: 23, events: 1, active: 1, remote: 1}}},
		{"autumn DST: a night event lasts its real hours", func(c *config.Config) { roomy(c); c.Limits.AllowedTimes = nil }, "2026-10-26", "2026-11-02",
			[]Item{meet("Halloween party", "2026-10-31 22:00", "2026-11-01 02:00", remote, passive)},
			[]weekWant{{label: "2026-W44", remoteHours: 5, events: 1, passive: 1, remote: 1}}},
		{"four events in a limit of four is no finding", nil, "2026-03-09", "2026-03-16",
			[]Item{meet("A", "2026-03-09 08:00", "2026-03-09 08:30"), meet("B", "2026-03-10 08:00", "2026-03-10 08:30"),
				meet("C", "2026-03-11 08:00", "2026-03-11 08:30", remote), meet("D", "2026-03-12 08:00", "2026-03-12 08:30", remote)},
			[]weekWant{{label: "2026-W11", hours: 2 * (0.5 + 40.0/60), events: 4, active: 4, remote: 2, remoteHours: 1, travel: 80}}},
		{"five events in a limit of four is over", nil, "2026-03-09", "2026-03-16",
			[]Item{meet("A", "2026-03-09 08:00", "2026-03-09 08:30", remote), meet("B", "2026-03-10 08:00", "2026-03-10 08:30", remote),
				meet("C", "2026-03-11 08:00", "2026-03-11 08:30", remote), meet("D", "2026-03-12 08:00", "2026-03-12 08:30", remote),
				meet("E", "2026-03-13 08:00", "2026-03-13 08:30", remote, passive)},
			[]weekWant{{label: "2026-W11", remoteHours: 2.5, events: 5, active: 4, passive: 1, remote: 5, codes: "over_weekly_events"}}},
		{"active share exactly at the minimum is no finding", roomy, "2026-03-09", "2026-03-16",
			[]Item{meet("A", "2026-03-09 08:00", "2026-03-09 09:00", remote), meet("B", "2026-03-10 18:00", "2026-03-10 20:00", remote, passive)},
			[]weekWant{{label: "2026-W11", remoteHours: 3, events: 2, active: 1, passive: 1, remote: 2}}},
		{"active share below the minimum", func(c *config.Config) { roomy(c); c.Limits.MinActiveShare = 0.5 }, "2026-03-09", "2026-03-16",
			[]Item{meet("A", "2026-03-09 08:00", "2026-03-09 09:00", remote), meet("B", "2026-03-10 18:00", "2026-03-10 20:00", remote, passive),
				meet("C", "2026-03-11 18:00", "2026-03-11 20:00", remote, passive)},
			[]weekWant{{label: "2026-W11", remoteHours: 5, events: 3, active: 1, passive: 2, remote: 3, codes: "below_active_share"}}},
		{"weekly target met exactly, then missed, then an empty week", func(c *config.Config) { c.Limits.MinActivePerWeek = 2 }, "2026-03-09", "2026-03-30",
			[]Item{meet("A", "2026-03-09 08:00", "2026-03-09 08:30", remote), meet("B", "2026-03-10 08:00", "2026-03-10 08:30", remote),
				meet("C", "2026-03-17 08:00", "2026-03-17 08:30", remote)},
			[]weekWant{{label: "2026-W11", events: 2, active: 2, remote: 2, remoteHours: 1},
				{label: "2026-W12", events: 1, active: 1, remote: 1, remoteHours: 0.5, codes: "below_weekly_target"},
				{label: "2026-W13", codes: "below_weekly_target"}}},
		{"type caps: count at the cap, hours over it", func(c *config.Config) {
			roomy(c)
			c.Limits.Types = map[string]config.TypeLimit{"event": {MaxPerWeek: intp(2), MaxHoursPerWeek: floatp(3)}, "meal": {MaxPerWeek: intp(0)}}
		}, "2026-03-09", "2026-03-16",
			[]Item{meet("Mixer", "2026-03-10 18:00", "2026-03-10 19:30", remote, passive), meet("Panel", "2026-03-11 18:00", "2026-03-11 19:31", remote, passive)},
			[]weekWant{{label: "2026-W11", remoteHours: 3 + 1.0/60, events: 2, passive: 2, remote: 2, codes: "over_type_cap"}}},
		{"type caps: count over the cap, hours at it", func(c *config.Config) {
			roomy(c)
			c.Limits.Types = map[string]config.TypeLimit{"event": {MaxPerWeek: intp(1), MaxHoursPerWeek: floatp(3)}}
		}, "2026-03-09", "2026-03-16",
			[]Item{meet("Mixer", "2026-03-10 18:00", "2026-03-10 19:30", remote, passive), meet("Panel", "2026-03-11 18:00", "2026-03-11 19:30", remote, passive)},
			[]weekWant{{label: "2026-W11", remoteHours: 3, events: 2, passive: 2, remote: 2, codes: "over_type_cap"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := testConfig()
			if tt.cfg != nil {
				tt.cfg(cfg)
			}
			r := Check(cfg, tt.items, at(tt.from), at(tt.to))
			if len(r.Weeks) != len(tt.want) {
				t.Fatalf("Check gave %d weeks; want %d", len(r.Weeks), len(tt.want))
			}
			for i, w := range r.Weeks {
				checkWeek(t, w, tt.want[i])
			}
		})
	}
}

func checkWeek(t *testing.T, w Week, want weekWant) {
	t.Helper()
	near := func(a, b float64) bool { return math.Abs(a-b) < 1e-9 }
	got := weekWant{w.Week, w.Hours, w.RemoteHours, w.Events, w.Active, w.Passive, w.Remote, w.TravelMinutes, weekCodes(w)}
	if got.label != want.label || !near(got.hours, want.hours) || !near(got.remoteHours, want.remoteHours) ||
		got.events != want.events || got.active != want.active || got.passive != want.passive ||
		got.remote != want.remote || got.travel != want.travel || got.codes != want.codes {
		t.Errorf("week %s = %+v; want %+v", w.Week, got, want)
		for _, f := range w.Findings {
			t.Logf("  %s: %s", f.Code, f.Message)
		}
	}
}
