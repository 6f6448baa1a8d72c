package plan

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/netsyncd/netsyncd/internal/config"
	"github.com/netsyncd/netsyncd/internal/entry"
	"github.com/netsyncd/netsyncd/internal/limits"
	"github.com/netsyncd/netsyncd/internal/milestone"
)

// TestHostileNoFreeTime: a week booked solid, and a week of thousands of
// tiny events with gaps too short for anything, get no slot, and the
// gala's prep says it found none (no_prep_slot).
func TestHostileNoFreeTime(t *testing.T) {
	cfg := zoneConfig(t, "America/New_York")
	now := at(7, 0, 0) // Monday
	ws := limits.WeekStart(now, ny, time.Monday)
	weeks := []limits.Week{hostileWeek(ws), hostileWeek(ws.AddDate(0, 0, 7))}
	for _, tc := range []struct {
		name  string
		items func() []limits.Item
	}{
		{"booked solid", func() []limits.Item {
			return []limits.Item{busyItem("solid", ws.Add(-24*time.Hour), ws.AddDate(0, 0, 22))}
		}},
		{"ten-minute events with five-minute gaps", func() []limits.Item {
			var its []limits.Item
			for s := ws.Add(-24 * time.Hour); s.Before(ws.AddDate(0, 0, 22)); s = s.Add(15 * time.Minute) {
				its = append(its, busyItem(fmt.Sprintf("tiny-%d", len(its)), s, s.Add(10*time.Minute)))
			}
			return its
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			items := tc.items()
			items = append(items, netItem("gala", "Gala", at(9, 19, 0), 2*time.Hour, 30))
			res := limits.Result{Items: items, Weeks: weeks}
			es, fs := planHostile(t, cfg, res, Extras{Now: now})
			checkPlaced(t, cfg, res, es, fs)
			for _, e := range es {
				if e.Kind == entry.KindSlot {
					t.Errorf("slot %s in a week with no free time", e.Start.Format("Mon 2 Jan 15:04"))
				}
			}
			if !hasFinding(fs, limits.NoPrepSlot, "gala") {
				t.Error("no no_prep_slot finding: the gala's prep found a slot in a week with no free time")
			}
		})
	}
}

// TestHostileAllowedTimes: windows at the edges of what validation lets
// through, and durations no window can hold.
func TestHostileAllowedTimes(t *testing.T) {
	for _, tc := range []struct {
		name    string
		windows []config.AllowedTime
		edit    func(*config.Config)
	}{
		{"any time", nil, nil},
		{"the whole day", []config.AllowedTime{window(0, 24*60)}, nil},
		{"fifteen minutes at midnight", []config.AllowedTime{window(23*60+45, 24*60)}, nil},
		{"duplicated days and windows", []config.AllowedTime{
			{Days: days(time.Monday, time.Monday, time.Monday), From: 7 * 60, To: 9 * 60},
			{Days: days(time.Monday, time.Monday, time.Monday), From: 7 * 60, To: 9 * 60},
		}, nil},
		{"prep longer than every window", []config.AllowedTime{window(7*60, 8*60)}, func(c *config.Config) {
			c.Output.Prep.Duration = config.Duration(2 * time.Hour)
		}},
		{"follow-up longer than every window", []config.AllowedTime{window(7*60, 8*60)}, func(c *config.Config) {
			c.Output.Followup.Duration = config.Duration(2 * time.Hour)
		}},
		{"ten-year lead and follow-up reach", []config.AllowedTime{window(7*60, 8*60)}, func(c *config.Config) {
			c.Output.Prep.Duration = config.Duration(2 * time.Hour)
			c.Output.Prep.Lead = config.Duration(3650 * 24 * time.Hour)
			c.Output.Followup.After = config.Duration(3650 * 24 * time.Hour)
			c.Output.Followup.Duration = config.Duration(2 * time.Hour)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := zoneConfig(t, "America/New_York")
			cfg.Limits.AllowedTimes = tc.windows
			if tc.edit != nil {
				tc.edit(cfg)
			}
			now := at(7, 0, 0)
			ws := limits.WeekStart(now, ny, time.Monday)
			var items []limits.Item
			for i := range 200 { // two hundred evenings out, one every hour of a week and more
				items = append(items, netItem(fmt.Sprintf("ev-%d", i), "Mixer", ws.Add(time.Duration(i)*time.Hour), 45*time.Minute, 20))
			}
			res := limits.Result{Items: items, Weeks: []limits.Week{hostileWeek(ws), hostileWeek(ws.AddDate(0, 0, 7))}}
			es, fs := planHostile(t, cfg, res, Extras{Now: now})
			checkPlaced(t, cfg, res, es, fs)
		})
	}
}

// TestHostileMilestones: thousands of milestones behind, with titles
// empty, enormous or full of control characters, dated from year 1 to
// 9999, keep the entries' texts within what netsyncd writes.
func TestHostileMilestones(t *testing.T) {
	cfg := zoneConfig(t, "America/New_York")
	now := at(7, 9, 0)
	ws := limits.WeekStart(now, ny, time.Monday)
	one := 1.0
	zero := 0.0
	var ms []milestone.Progress
	for i := range 10000 {
		name := fmt.Sprintf("m%d", i)
		switch i % 4 {
		case 1:
			name = ""
		case 2:
			name = strings.Repeat("enormous ", 2000)
		case 3:
			name = "bell\a\x00\x1b[31mred\r\nBEGIN:VEVENT\u2028"
		}
		by := config.Date{Year: 1 + i%9999, Month: time.February, Day: 28}
		ms = append(ms, milestone.Progress{Name: name, By: by, From: by.In(ny).AddDate(-1, 0, 0), End: by.In(ny),
			Target: milestone.Counts{ActiveMeetings: &one}, Done: milestone.Counts{ActiveMeetings: &zero},
			Planned: milestone.Counts{ActiveMeetings: &zero}, Expected: milestone.Counts{ActiveMeetings: &one},
			Status: milestone.Behind, Elapsed: 0.5})
	}
	ms = append(ms, ms[0], ms[0]) // duplicates, as a decoder that let them through would give
	res := limits.Result{Weeks: []limits.Week{hostileWeek(ws), hostileWeek(ws.AddDate(0, 0, 7))}}
	res.Weeks[0].Events = 1
	es, fs := planHostile(t, cfg, res, Extras{Now: now, Milestones: ms})
	checkPlaced(t, cfg, res, es, fs)
	if len(es) == 0 {
		t.Fatal("no entries: want the week entries and the open slots the milestones ask for")
	}
	slots := 0
	for _, e := range es {
		if n := len(e.Summary) + len(e.Description); n > 2*64<<10 {
			t.Errorf("%s entry %s: %d bytes of text; want at most what a template may write (64 KiB) for each of summary and description", e.Kind, e.UID, n)
		}
		if e.Kind == entry.KindSlot {
			slots++
			if more := fmt.Sprintf("%d more milestones are behind", len(ms)-slotBehindNamed); !strings.Contains(e.Description, more) {
				t.Errorf("slot %s does not say %q:\n%.500s", e.UID, more, e.Description)
			}
		}
	}
	if slots == 0 {
		t.Error("no open slot, though every milestone is behind")
	}
}

// TestHostileReconnectCaps: a weekly cap of 0 plans no reconnect, a huge
// one no more than there are people due, and neither loops.
func TestHostileReconnectCaps(t *testing.T) {
	for _, tc := range []struct{ limit, want int }{
		{0, 0},
		{1, 2},       // Dana, Kim and Priya are due: one this week, one next
		{1 << 30, 3}, // all three this week
	} {
		t.Run(fmt.Sprint(tc.limit), func(t *testing.T) {
			cfg := ledgerConfig()
			cfg.People.MaxReconnectsPerWeek = tc.limit
			es := planPeople(t, cfg, history(), nil, People{})
			if got := len(reconnectsOf(es)); got != tc.want {
				t.Errorf("max_reconnects_per_week %d: %d reconnect entries; want %d", tc.limit, got, tc.want)
			}
			checkPlaced(t, cfg, limits.Result{}, es, nil)
		})
	}
}

// TestHostileReconnectCadence: a cadence of a second makes everyone met
// due at once, within the weekly cap; ten years and never make no one due.
func TestHostileReconnectCadence(t *testing.T) {
	for _, tc := range []struct {
		name    string
		cadence config.Cadence
		want    int
	}{
		{"one second", config.Cadence{After: time.Second}, 4}, // Dana, Kim, Priya and Sam; two a week, two weeks
		{"ten years", config.Cadence{After: 520 * 7 * 24 * time.Hour}, 0},
		{"never", config.Cadence{Never: true}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := ledgerConfig()
			cfg.People.ReconnectAfter = tc.cadence
			es := planPeople(t, cfg, history(), nil, People{})
			if got := len(reconnectsOf(es)); got != tc.want {
				t.Errorf("reconnect_after %s: %d reconnect entries; want %d", tc.cadence, got, tc.want)
			}
			checkPlaced(t, cfg, limits.Result{}, es, nil)
		})
	}
}

// TestHostileFollowupAfterTravel: a follow-up never starts before the
// travel back ends, even when output.followup.after is shorter than the
// travel and the event is free time (TRANSP:TRANSPARENT), so its travel
// is not busy time to keep it out.
func TestHostileFollowupAfterTravel(t *testing.T) {
	cfg := testConfig()
	cfg.Output.Followup.After = config.Duration(15 * time.Minute)
	it := netItem("walk", "Walking tour", at(8, 10, 0), time.Hour, 45)
	it.Occ.Transparent = true
	es, _ := Plan(cfg, limitsResult(it, weekOf("2026-W50", 7, 1)))
	f := find(t, es, entry.KindFollowup, "walk")
	if back := at(8, 11, 45); f.Start.Before(back) {
		t.Errorf("follow-up at %s; want no earlier than %s, when the 45 minutes back end", f.Start.Format("15:04"), back.Format("15:04"))
	}
}
