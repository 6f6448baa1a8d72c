package limits

import (
	"strings"
	"testing"
	"time"

	"github.com/netsyncd/netsyncd/internal/config"
)

func TestItemFindings(t *testing.T) {
	noTimes := func(c *config.Config) { c.Limits.AllowedTimes = nil }
	noHome := func(c *config.Config) { c.Me.Home = nil }
	// split allows Tuesday 07:00-12:00 and from-21:00.
	split := func(from config.ClockTime) func(*config.Config) {
		return func(c *config.Config) {
			tue := []config.Weekday{config.Weekday(time.Tuesday)}
			c.Limits.AllowedTimes = []config.AllowedTime{{Days: tue, From: from, To: 21 * 60}, {Days: tue, From: 7 * 60, To: 12 * 60}}
		}
	}
	tests := []struct {
		name   string
		cfg    func(*config.Config)
		items  []Item // the first is the one looked at
		travel int
		zone   string
		codes  string
		says   []string // in the messages or the travel note
	}{
		{"inside the allowed times to the minute", nil,
			[]Item{meet("Breakfast", "2026-03-10 07:00", "2026-03-10 21:00")}, 20, "Midtown", "", nil},
		{"past the end of the allowed times", nil,
			[]Item{meet("Dinner", "2026-03-10 19:30", "2026-03-10 21:01")}, 20, "Midtown", "outside_allowed_times",
			[]string{"Dinner (Tue 10 Mar 19:30–21:01) is outside your allowed times (tue 07:00–21:00)"}},
		{"across midnight is outside", nil,
			[]Item{meet("Gala", "2026-03-13 20:00", "2026-03-14 00:30")}, 20, "Midtown", "outside_allowed_times",
			[]string{"Gala (Fri 13 Mar 20:00–Sat 14 Mar 00:30)", "fri 07:00–21:00"}},
		{"a day with no allowed time", nil,
			[]Item{meet("Sunday brunch", "2026-03-15 11:00", "2026-03-15 12:00")}, 20, "Midtown", "outside_allowed_times",
			[]string{"no allowed time on sun"}},
		{"a conference over a closed day", nil,
			[]Item{meet("Summit", "2026-03-14", "2026-03-16", allDay)}, 20, "Midtown", "outside_allowed_times",
			[]string{"Summit (Sat 14 Mar–Sun 15 Mar, all day) falls on Sun 15 Mar"}},
		{"overlapping allowed windows merge", split(11 * 60),
			[]Item{meet("Long lunch", "2026-03-10 10:00", "2026-03-10 13:00")}, 20, "Midtown", "", nil},
		{"an event across the gap between two windows is outside", split(13 * 60),
			[]Item{meet("Long lunch", "2026-03-10 10:00", "2026-03-10 13:30")}, 20, "Midtown", "outside_allowed_times",
			[]string{"(tue 07:00–12:00, 13:00–21:00)"}},
		{"no allowed_times: any time goes", noTimes,
			[]Item{meet("Sunday brunch", "2026-03-15 11:00", "2026-03-15 12:00")}, 20, "Midtown", "", nil},
		{"zone over the max travel", nil,
			[]Item{meet("Tech night", "2026-03-10 18:00", "2026-03-10 20:00", where("Dumbo, Brooklyn"))}, 50, "Brooklyn", "travel_too_long",
			[]string{"is 50 min away (zone Brooklyn), more than max_travel_minutes 45"}},
		{"zone exactly at the max travel", func(c *config.Config) { c.Limits.Zones[1].TravelMinutes = 45 },
			[]Item{meet("Tech night", "2026-03-10 18:00", "2026-03-10 20:00", where("Dumbo, Brooklyn"))}, 45, "Brooklyn", "", nil},
		{"GEO: 0.1 degree north of home is 11.1 km, 27 min at 25 km/h", nil,
			[]Item{meet("Coffee", "2026-03-10 08:00", "2026-03-10 09:00", where("Cafe Lalo"), geo(40.1, -74))}, 27, "", "",
			[]string{"travel 27 min one way: 11.1 km from me.home at 25 km/h"}},
		{"GEO too far", nil,
			[]Item{meet("Coffee", "2026-03-10 08:00", "2026-03-10 09:00", where("Stamford"), geo(40.3, -74))}, 81, "", "travel_too_long",
			[]string{"is 81 min away (straight line from me.home)"}},
		{"zones win over GEO", nil,
			[]Item{meet("Coffee", "2026-03-10 08:00", "2026-03-10 09:00", where("5TH  Ave & 42nd"), geo(40.3, -74))}, 20, "Midtown", "",
			[]string{`zone Midtown ("5th ave" in the location)`}},
		{"two zones: the first is taken and the note says so", nil,
			[]Item{meet("Walk", "2026-03-10 08:00", "2026-03-10 09:00", where("Midtown to Brooklyn bridge"))}, 20, "Midtown", "",
			[]string{`also matches zone Brooklyn ("brooklyn"): took Midtown`}},
		{"zone words match whole words only", nil,
			[]Item{meet("Coffee", "2026-03-10 08:00", "2026-03-10 09:00", where("Midtowner Cafe"))}, 30, "", "location_unknown",
			[]string{`is at "Midtowner Cafe", which matches no zone and has no usable GEO: assumed 30 min`}},
		{"no location at all", nil,
			[]Item{meet("Coffee", "2026-03-10 08:00", "2026-03-10 09:00", where(""))}, 30, "", "location_unknown",
			[]string{"has no location: assumed 30 min travel each way"}},
		{"GEO without me.home is unknown", noHome,
			[]Item{meet("Coffee", "2026-03-10 08:00", "2026-03-10 09:00", where("Cafe Lalo"), geo(40.1, -74))}, 30, "", "location_unknown",
			[]string{"me.home is not set"}},
		{"unknown location is not judged too far", func(c *config.Config) { c.Limits.DefaultTravelMinutes = 60 },
			[]Item{meet("Coffee", "2026-03-10 08:00", "2026-03-10 09:00", where("Somewhere"))}, 60, "", "location_unknown", nil},
		{"blocked location", nil,
			[]Item{meet("Lunch", "2026-03-10 12:00", "2026-03-10 13:00", where("Lobby, 1 ACME Plaza, Midtown"))}, 20, "Midtown", "location_blocked",
			[]string{`matches blocked location "1 acme plaza"`}},
		{"a blocked place's neighbour is not blocked", nil,
			[]Item{meet("Lunch", "2026-03-10 12:00", "2026-03-10 13:00", where("21 Acme Plaza, Midtown"))}, 20, "Midtown", "", nil},
		{"remote: no travel, no place checks", nil,
			[]Item{meet("Call", "2026-03-10 12:00", "2026-03-10 13:00", remote, where("1 Acme Plaza"))}, 0, "", "", nil},
		{"overlaps a busy event", nil,
			[]Item{meet("Lunch", "2026-03-10 12:00", "2026-03-10 13:00"), busy("Standup", "2026-03-10 12:30", "2026-03-10 13:30")}, 20, "Midtown", "overlaps_busy_time",
			[]string{"Lunch (Tue 10 Mar 12:00–13:00) overlaps Standup (Tue 10 Mar 12:30–13:30) in Work (even before counting 20 min travel each way)"}},
		{"travel does not fit after the event before", nil,
			[]Item{meet("Lunch", "2026-03-10 12:00", "2026-03-10 13:00"), busy("Board call", "2026-03-10 11:00", "2026-03-10 11:50")}, 20, "Midtown", "overlaps_busy_time",
			[]string{"leaves no time to travel after Board call (Tue 10 Mar 11:00–11:50) in Work: 10 min between them, travel takes 20 min"}},
		{"travel does not fit before the event after", nil,
			[]Item{meet("Lunch", "2026-03-10 12:00", "2026-03-10 13:00"), busy("Review", "2026-03-10 13:15", "2026-03-10 14:00")}, 20, "Midtown", "overlaps_busy_time",
			[]string{"leaves no time to travel before Review (Tue 10 Mar 13:15–14:00) in Work: 15 min between them"}},
		{"travel fits exactly", nil,
			[]Item{meet("Lunch", "2026-03-10 12:00", "2026-03-10 13:00"), busy("Board call", "2026-03-10 11:00", "2026-03-10 11:40"),
				busy("Review", "2026-03-10 13:20", "2026-03-10 14:00")}, 20, "Midtown", "", nil},
		{"free, declined, cancelled, owned and all-day events are not busy", nil,
			[]Item{meet("Lunch", "2026-03-10 12:00", "2026-03-10 13:00"), busy("Focus", "2026-03-10 12:00", "2026-03-10 13:00", transparent),
				busy("Declined", "2026-03-10 12:00", "2026-03-10 13:00", declined), busy("Gone", "2026-03-10 12:00", "2026-03-10 13:00", cancelled),
				busy("Prep: Lunch", "2026-03-10 11:30", "2026-03-10 12:00", owned), busy("Holiday", "2026-03-10", "2026-03-11", allDay)}, 20, "Midtown", "", nil},
		{"remote back to back is fine", nil,
			[]Item{meet("Call", "2026-03-10 12:00", "2026-03-10 13:00", remote), busy("Standup", "2026-03-10 11:00", "2026-03-10 12:00")}, 0, "", "", nil},
		{"the same event in two calendars does not collide with itself", nil,
			[]Item{meet("Lunch", "2026-03-10 12:00", "2026-03-10 13:00"), meet("Lunch", "2026-03-10 12:00", "2026-03-10 13:00", func(it *Item) { it.Occ.Calendar = "Shared" })},
			20, "Midtown", "", nil},
		{"two networking events collide both ways", nil,
			[]Item{meet("Lunch", "2026-03-10 12:00", "2026-03-10 13:00"), meet("Other lunch", "2026-03-10 12:30", "2026-03-10 13:30")}, 20, "Midtown", "overlaps_busy_time",
			[]string{"overlaps Other lunch"}},
		{"confidential risk says why", nil,
			[]Item{meet("Coffee with Bob", "2026-03-10 08:00", "2026-03-10 09:00", risk(
				"confidential_risk: attendee bob@acme-corp.com is in employer domain acme-corp.com",
				"confidential_risk: calendar Work is shared with the employer"))}, 20, "Midtown", "confidential_risk",
			[]string{"could expose your search to your employer: attendee bob@acme-corp.com is in employer domain acme-corp.com; calendar Work is shared with the employer"}},
		{"confidential risk without a reason line", nil,
			[]Item{meet("Coffee", "2026-03-10 08:00", "2026-03-10 09:00", risk())}, 20, "Midtown", "confidential_risk",
			[]string{"it is classified as a confidential risk"}},
		{"declined networking is checked for nothing", nil,
			[]Item{meet("Late", "2026-03-15 23:00", "2026-03-16 01:00", declined, risk(), where("1 acme plaza"))}, 0, "", "", nil},
		{"non-networking events get no findings", nil,
			[]Item{busy("Late call", "2026-03-15 23:00", "2026-03-16 01:00"), busy("Overlap", "2026-03-15 23:30", "2026-03-16 00:30")}, 0, "", "", nil},
		{"everything at once, in a stable order", nil,
			[]Item{meet("Mess", "2026-03-15 20:00", "2026-03-15 22:00", where("1 Acme Plaza"), risk()), busy("Dinner", "2026-03-15 21:00", "2026-03-15 23:00")},
			30, "", "outside_allowed_times,location_blocked,location_unknown,overlaps_busy_time,confidential_risk", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := testConfig()
			if tt.cfg != nil {
				tt.cfg(cfg)
			}
			r := Check(cfg, tt.items, at("2026-03-09"), at("2026-03-23"))
			it := find(t, r, tt.items[0].Occ.Summary)
			if it.TravelMinutes != tt.travel || it.Zone != tt.zone || codes(it.Findings) != tt.codes {
				t.Errorf("Check(%s) = travel %d, zone %q, findings %q; want %d, %q, %q",
					tt.name, it.TravelMinutes, it.Zone, codes(it.Findings), tt.travel, tt.zone, tt.codes)
			}
			text := it.TravelNote
			for _, f := range it.Findings {
				text += "\n" + f.Message
				if f.UID != it.Occ.UID || f.Start == nil || !f.Start.Equal(it.Occ.Start) {
					t.Errorf("finding %s has uid %q start %v; want %q %v", f.Code, f.UID, f.Start, it.Occ.UID, it.Occ.Start)
				}
			}
			for _, s := range tt.says {
				if !strings.Contains(text, s) {
					t.Errorf("findings and note of %s do not say %q; they say:\n%s", it.Occ.Summary, s, text)
				}
			}
		})
	}
}
