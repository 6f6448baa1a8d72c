package plan

import (
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/netsyncd/netsyncd/internal/config"
	"github.com/netsyncd/netsyncd/internal/entry"
	"github.com/netsyncd/netsyncd/internal/event"
	"github.com/netsyncd/netsyncd/internal/limits"
	"github.com/netsyncd/netsyncd/internal/milestone"
	"github.com/netsyncd/netsyncd/internal/people"
)

// The tests here feed the planner what an odd config and an odd calendar
// give it and hold it to what a demanding user expects of any input: it
// returns (bounded work, no panic), the same plan twice, no two entries
// with one UID, and every entry it is free to place (open slots and
// reconnects, and preps and follow-ups that found a slot) inside the
// allowed times and clear of busy time.

// hostileBudget is how long one hostile plan may take. The planner's own
// searches are bounded; a plan that takes longer walks time minute by
// minute somewhere.
const hostileBudget = 10 * time.Second

// planHostile plans res with ex under cfg twice, failing on a panic, on a
// plan that takes longer than hostileBudget, or on two plans that differ.
func planHostile(t *testing.T, cfg *config.Config, res limits.Result, ex Extras) ([]entry.Entry, []limits.Finding) {
	t.Helper()
	return planHostileAll(t, cfg, res, nil, ex)
}

// planHostileAll is planHostile with the people ledger.
func planHostileAll(t *testing.T, cfg *config.Config, res limits.Result, ppl *People, ex Extras) ([]entry.Entry, []limits.Finding) {
	t.Helper()
	type out struct {
		es  []entry.Entry
		fs  []limits.Finding
		err error
		pan any
	}
	run := func() out {
		done := make(chan out, 1)
		go func() {
			var o out
			defer func() {
				o.pan = recover()
				done <- o
			}()
			o.es, o.fs, o.err = PlanAll(context.Background(), cfg, res, ppl, ex)
		}()
		select {
		case o := <-done:
			return o
		case <-time.After(hostileBudget):
			t.Fatalf("plan took longer than %v: unbounded work", hostileBudget)
			return out{}
		}
	}
	a := run()
	if a.pan != nil {
		t.Fatalf("plan panicked: %v", a.pan)
	}
	if a.err != nil {
		t.Fatalf("plan: %v", a.err)
	}
	if b := run(); !reflect.DeepEqual(a.es, b.es) || !reflect.DeepEqual(a.fs, b.fs) {
		t.Fatalf("two plans of the same input differ:\n%v\n%v", summaries(a.es), summaries(b.es))
	}
	return a.es, a.fs
}

func summaries(es []entry.Entry) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = fmt.Sprintf("%s %s %s-%s", e.Kind, e.UID, e.Start.Format(time.RFC3339), e.End.Format("15:04"))
	}
	return out
}

// checkPlaced fails on two entries with one UID, and on an entry the
// planner placed freely (a slot or a reconnect; a prep or follow-up not
// at its documented fallback) that is outside the allowed times, meets a
// busy occurrence of res, or meets another such entry.
func checkPlaced(t *testing.T, cfg *config.Config, res limits.Result, es []entry.Entry, fs []limits.Finding) {
	t.Helper()
	loc := cfg.Zone()
	uids := map[string]bool{}
	for _, e := range es {
		if uids[e.UID] {
			t.Errorf("two entries with UID %s", e.UID)
		}
		uids[e.UID] = true
	}
	noPrep := map[string]bool{}
	for _, f := range fs {
		if f.Code == limits.NoPrepSlot {
			noPrep[f.UID] = true
		}
	}
	var placed []Span
	for _, e := range es {
		if !placedFreely(e, res, noPrep, cfg, loc) {
			continue
		}
		what := fmt.Sprintf("%s entry %s at %s-%s", e.Kind, e.UID, e.Start.In(loc).Format("Mon 2 Jan 2006 15:04 MST"), e.End.In(loc).Format("15:04 MST"))
		if !e.End.After(e.Start) {
			t.Errorf("%s: empty or inverted", what)
			continue
		}
		if !insideAllowed(cfg.Limits.AllowedTimes, e.Start, e.End, loc) {
			t.Errorf("%s: outside limits.allowed_times", what)
		}
		for i := range res.Items {
			it := &res.Items[i]
			o := &it.Occ
			busy := !o.Owned && !o.Transparent && !o.Cancelled() && !it.Class.Declined
			if busy && e.Start.Before(o.End.Add(travel(it))) && o.Start.Add(-travel(it)).Before(e.End) {
				t.Errorf("%s: meets busy event %s at %s-%s (travel %d min)", what, o.UID, o.Start.In(loc).Format("Mon 15:04"), o.End.In(loc).Format("15:04"), it.TravelMinutes)
				break
			}
		}
		for _, p := range placed {
			if e.Start.Before(p.End) && p.Start.Before(e.End) {
				t.Errorf("%s: meets another entry of the plan at %s-%s", what, p.Start.In(loc).Format("Mon 15:04"), p.End.In(loc).Format("15:04"))
			}
		}
		placed = append(placed, Span{e.Start, e.End})
	}
}

// placedFreely reports whether the planner chose e's time from the free
// time rather than taking its documented fallback: a prep with a
// no_prep_slot finding goes right before travel, a follow-up with no free
// slot right after the travel back.
func placedFreely(e entry.Entry, res limits.Result, noPrep map[string]bool, cfg *config.Config, loc *time.Location) bool {
	switch e.Kind {
	case entry.KindSlot, entry.KindReconnect:
		return true
	case entry.KindPrep:
		return !noPrep[e.SourceUID]
	case entry.KindFollowup:
		for i := range res.Items {
			it := &res.Items[i]
			if it.Occ.UID == e.SourceUID && e.Start.Equal(ceilStep(it.Occ.End.Add(travel(it)), loc)) {
				return false // right after the travel back: maybe the fallback
			}
		}
		return true
	}
	return false
}

// hostileWeek is the checked week starting at ws, with no events counted.
func hostileWeek(ws time.Time) limits.Week {
	return limits.Week{Week: limits.WeekLabel(ws), Start: ws, End: limits.WeekStart(ws.AddDate(0, 0, 7).Add(12*time.Hour), ws.Location(), ws.Weekday()), BudgetHours: 6}
}

// zoneConfig is the test config in the zone name, with every window of
// the day allowed and open slots wanted (3 a week).
func zoneConfig(t *testing.T, name string) *config.Config {
	t.Helper()
	cfg := testConfig()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Skipf("no zone %s here: %v", name, err)
	}
	cfg.Location, cfg.Timezone = loc, name
	cfg.Limits.MinActivePerWeek, cfg.Limits.MaxEventsPerWeek, cfg.Limits.HoursPerWeek = 3, 10, 40
	return cfg
}

func days(ds ...time.Weekday) []config.Weekday {
	out := make([]config.Weekday, len(ds))
	for i, d := range ds {
		out[i] = config.Weekday(d)
	}
	return out
}

var everyDay = days(time.Sunday, time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday)

func window(from, to int) config.AllowedTime {
	return config.AllowedTime{Days: everyDay, From: config.ClockTime(from), To: config.ClockTime(to)}
}

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

// TestHostileNoFreeTime: a week booked solid, and a week of thousands of
// tiny events with gaps too short for anything, get no slot and no
// reconnect, and every prep or follow-up is at its documented fallback.
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

// TestHostilePlanProperties plans random calendars under random allowed
// times and slot times in zones with odd clocks, around their changes,
// and holds every plan to checkPlaced. The seed is fixed: a failure
// replays.
func TestHostilePlanProperties(t *testing.T) {
	zones := []string{"America/New_York", "Europe/London", "Australia/Lord_Howe", "America/Santiago", "Asia/Kathmandu"}
	starts := []string{"2026-03-02", "2026-03-23", "2026-09-28", "2026-10-19", "2026-10-26", "2026-08-31", "2026-03-30"}
	r := rand.New(rand.NewPCG(30, 2026))
	grid := func(lo, hi int) int { return lo + 15*r.IntN((hi-lo)/15+1) }
	for n := range 200 {
		cfg := zoneConfig(t, zones[r.IntN(len(zones))])
		withPeople := n%4 == 0 // the reconnect tests' ledger, due at rnow in New York
		if withPeople {
			cfg = zoneConfig(t, "America/New_York")
			cfg.People.MaxReconnectsPerWeek = 1 + r.IntN(3)
			cfg.Output.Reconnect.Duration = config.Duration(time.Duration(grid(15, 60)) * time.Minute)
		}
		cfg.Limits.WeekStart = config.Weekday(r.IntN(7))
		first := time.Weekday(cfg.Limits.WeekStart)
		loc := cfg.Zone()
		var ws []config.AllowedTime
		for range r.IntN(4) {
			from := grid(0, 23*60+45)
			w := config.AllowedTime{Days: everyDay[:1+r.IntN(7)], From: config.ClockTime(from), To: config.ClockTime(grid(from+15, 24*60))}
			ws = append(ws, w)
		}
		cfg.Limits.AllowedTimes = ws
		cfg.Plan.SlotTimes = append([]config.AllowedTime(nil), ws...)
		cfg.Output.Prep.Duration = config.Duration(time.Duration(grid(15, 120)) * time.Minute)
		cfg.Output.Followup.Duration = config.Duration(time.Duration(grid(15, 120)) * time.Minute)
		day, _ := time.ParseInLocation("2006-01-02", starts[r.IntN(len(starts))], loc)
		now := day.Add(time.Duration(r.IntN(24*60)) * time.Minute)
		var ppl *People
		if withPeople {
			now = rnow
			ppl = &People{Ledger: people.Learn(people.Ledger{}, history(), cfg, rnow), Now: rnow}
		}
		w0 := limits.WeekStart(now, loc, first)
		res := limits.Result{Weeks: []limits.Week{hostileWeek(w0), hostileWeek(limits.WeekStart(w0.AddDate(0, 0, 7).Add(12*time.Hour), loc, first))}}
		for i := range r.IntN(60) {
			s := w0.Add(time.Duration(r.IntN(14*24*4)) * 15 * time.Minute)
			d := time.Duration(1+r.IntN(16)) * 15 * time.Minute
			if r.IntN(3) == 0 {
				res.Items = append(res.Items, netItem(fmt.Sprintf("ev-%d", i), "Mixer", s, d, r.IntN(4)*15))
			} else {
				res.Items = append(res.Items, busyItem(fmt.Sprintf("busy-%d", i), s, s.Add(d)))
			}
		}
		t.Run(fmt.Sprintf("%d %s %s", n, cfg.Timezone, now.Format("2006-01-02T15:04")), func(t *testing.T) {
			es, fs := planHostileAll(t, cfg, res, ppl, Extras{Now: now})
			checkPlaced(t, cfg, res, es, fs)
		})
	}
}
