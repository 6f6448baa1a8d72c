package plan

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/netsyncd/netsyncd/internal/config"
	"github.com/netsyncd/netsyncd/internal/entry"
	"github.com/netsyncd/netsyncd/internal/limits"
)

// twoWeeks are 2026-W50 (Mon 7 Dec) and 2026-W51 with the given active
// meetings, events and hours.
func slotWeeks(active0, active1 int) []limits.Week {
	w0, w1 := weekOf("2026-W50", 7, active0), weekOf("2026-W51", 14, active1)
	w0.Active, w1.Active = active0, active1
	w0.Hours, w1.Hours = 1, 1
	return []limits.Week{w0, w1}
}

func slotStarts(ss []Slot) string {
	var out []string
	for _, s := range ss {
		who := "new"
		if s.Suggestion != nil {
			who = s.Suggestion.Name
		}
		out = append(out, s.Start.In(ny).Format("Mon 2 15:04")+"-"+s.End.In(ny).Format("15:04")+" "+who)
	}
	return strings.Join(out, ", ")
}

func TestPlanSlots(t *testing.T) {
	due := []Suggestion{{Name: "Priya Raman"}, {Name: "Dana Whitfield"}}
	tests := []struct {
		name      string
		weeks     []limits.Week
		busy      []Span
		shortfall int
		now       time.Time
		cfg       func(*config.Config)
		want      string
	}{
		{"two short this week, one next; due people first", slotWeeks(0, 1), nil, 0, at(7, 6, 0), nil,
			"Mon 7 07:30-08:30 Priya Raman, Tue 8 07:30-08:30 Dana Whitfield, Mon 14 07:30-08:30 new"},
		{"a busy breakfast moves the slot to lunch; the past is skipped", slotWeeks(1, 2), []Span{{at(8, 8, 0), at(8, 9, 0)}}, 0, at(7, 13, 0), nil,
			"Tue 8 12:00-13:30 Priya Raman"},
		{"weeks at target get none", slotWeeks(2, 3), nil, 0, at(7, 6, 0), nil, ""},
		{"a milestone behind asks for more this week", slotWeeks(2, 2), nil, 3, at(10, 12, 30), nil,
			"Fri 11 07:30-08:30 Priya Raman, Mon 14 07:30-08:30 Dana Whitfield, Tue 15 07:30-08:30 new"},
		{"no room in the events limit", slotWeeks(0, 0), nil, 0, at(7, 6, 0), func(c *config.Config) { c.Limits.MaxEventsPerWeek = 1 },
			"Mon 7 07:30-08:30 Priya Raman, Mon 14 07:30-08:30 Dana Whitfield"},
		{"no hours left", slotWeeks(0, 0), nil, 0, at(7, 6, 0), func(c *config.Config) { c.Limits.HoursPerWeek = 2 }, ""},
		{"slot_times outside the allowed times are never used", slotWeeks(0, 2), nil, 0, at(7, 6, 0), func(c *config.Config) {
			c.Limits.AllowedTimes = []config.AllowedTime{{Days: c.Plan.SlotTimes[0].Days, From: 9 * 60, To: 21 * 60}}
		}, "Mon 7 12:00-13:30 Priya Raman, Tue 8 12:00-13:30 Dana Whitfield"},
		{"only the current week and the next", append(slotWeeks(2, 2), weekOf("2026-W52", 21, 0)), nil, 0, at(7, 6, 0), nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := testConfig()
			if tt.cfg != nil {
				tt.cfg(cfg)
			}
			got := PlanSlots(SlotInput{Config: cfg, Weeks: tt.weeks, Busy: tt.busy, Due: due, Shortfall: tt.shortfall, Now: tt.now})
			if s := slotStarts(got); s != tt.want {
				t.Errorf("PlanSlots = %s\nwant        %s", s, tt.want)
			}
		})
	}
}

// TestSlotUnderWayStaysPut: at 07:40 the day's 07:30 slot of the target
// stays the day's slot (no second one at lunch), and its entry is never
// created late: its Until is its start.
func TestSlotUnderWayStaysPut(t *testing.T) {
	cfg := testConfig()
	in := SlotInput{Config: cfg, Weeks: slotWeeks(1, 2), Now: at(7, 7, 40)}
	if got := slotStarts(PlanSlots(in)); !strings.HasPrefix(got, "Mon 7 12:00") {
		t.Fatalf("without a slot under way: %s; want Mon's lunch window first", got)
	}
	in.UnderWay = []Span{{Start: at(7, 7, 30), End: at(7, 8, 30)}}
	got := PlanSlots(in)
	if s := slotStarts(got); !strings.HasPrefix(s, "Mon 7 07:30-08:30") || strings.Contains(s, "Mon 7 12:00") {
		t.Fatalf("with the 07:30 slot under way: %s; want it kept as Mon's one slot", s)
	}
	if e := SlotEntries(cfg, got[:1])[0]; e.Until.After(in.Now) {
		t.Errorf("the slot under way has Until %v after now %v: reconcile would create it late", e.Until, in.Now)
	}
}

// TestPlanSlotsProperties checks, over many random weeks, what a slot
// must never do: be in the past, on busy time, outside the allowed times,
// beyond the shortfall, or in a week at its hours or events limit.
func TestPlanSlotsProperties(t *testing.T) {
	const runs = 3000
	r := rand.New(rand.NewPCG(16, 2026))
	for run := range runs {
		in := randomSlotInput(r)
		got := PlanSlots(in)
		if err := checkSlots(in, got); err != nil {
			t.Fatalf("run %d: %v\ninput: now %s, weeks %+v, busy %v, shortfall %d, slot_times %v, allowed %v\nslots: %s",
				run, err, in.Now, in.Weeks, in.Busy, in.Shortfall, in.Config.Plan.SlotTimes, in.Config.Limits.AllowedTimes, slotStarts(got))
		}
	}
}

func randomSlotInput(r *rand.Rand) SlotInput {
	cfg := testConfig()
	cfg.Limits.MinActivePerWeek = r.IntN(5)
	cfg.Limits.MaxEventsPerWeek = r.IntN(7)
	cfg.Limits.HoursPerWeek = float64(r.IntN(12))
	cfg.Limits.DefaultTravelMinutes = r.IntN(4) * 15
	cfg.Limits.AllowedTimes = randomWindows(r, 1+r.IntN(3))
	if r.IntN(8) == 0 {
		cfg.Limits.AllowedTimes = nil // any time
	}
	cfg.Plan.SlotTimes = randomWindows(r, 1+r.IntN(3))
	// Weeks around the autumn DST change, so 23- and 25-hour days are in.
	first := time.Date(2026, 10, 19+7*r.IntN(3), 0, 0, 0, 0, ny)
	var weeks []limits.Week
	for i := range 3 {
		s := first.AddDate(0, 0, 7*i)
		ev := r.IntN(6)
		weeks = append(weeks, limits.Week{Week: limits.WeekLabel(s), Start: s, End: s.AddDate(0, 0, 7),
			Events: ev, Active: r.IntN(ev + 1), Hours: float64(r.IntN(10)), BudgetHours: cfg.Limits.HoursPerWeek})
	}
	var spans []Span
	for range r.IntN(25) {
		s := first.Add(time.Duration(r.IntN(21*24*4)) * 15 * time.Minute)
		spans = append(spans, Span{s, s.Add(time.Duration(1+r.IntN(16)) * 15 * time.Minute)})
	}
	now := first.Add(time.Duration(r.IntN(14*24*60)) * time.Minute)
	return SlotInput{Config: cfg, Weeks: weeks, Busy: spans, Shortfall: r.IntN(4), Now: now,
		Due: []Suggestion{{Name: "A"}, {Name: "B"}}}
}

func randomWindows(r *rand.Rand, n int) []config.AllowedTime {
	var out []config.AllowedTime
	for range n {
		var days []config.Weekday
		for d := range 7 {
			if r.IntN(2) == 0 {
				days = append(days, config.Weekday(d))
			}
		}
		from := config.ClockTime(r.IntN(22*4) * 15)
		to := from + config.ClockTime((1+r.IntN(8))*15)
		out = append(out, config.AllowedTime{Days: days, From: from, To: min(to, 24*60)})
	}
	return out
}

func checkSlots(in SlotInput, got []Slot) error {
	cfg := in.Config
	perWeek := map[string]int{}
	days := map[string]bool{}
	for _, s := range got {
		switch {
		case s.Start.Before(in.Now):
			return fmt.Errorf("slot %s starts before now", s.Start)
		case !allowed(cfg.Limits.AllowedTimes, s.Start, s.End, ny):
			return fmt.Errorf("slot %s-%s is outside the allowed times", s.Start, s.End)
		case !isSlotTime(cfg.Plan.SlotTimes, s):
			return fmt.Errorf("slot %s-%s is not a plan.slot_times window", s.Start, s.End)
		}
		for _, b := range in.Busy {
			if s.Start.Before(b.End) && b.Start.Before(s.End) {
				return fmt.Errorf("slot %s-%s overlaps busy %s-%s", s.Start, s.End, b.Start, b.End)
			}
		}
		day := s.Start.In(ny).Format("2006-01-02")
		if days[day] {
			return fmt.Errorf("two slots on %s", day)
		}
		days[day] = true
		perWeek[s.Week]++
	}
	current := limits.WeekStart(in.Now, ny, time.Monday)
	for _, w := range in.Weeks {
		n := perWeek[w.Week]
		if n == 0 {
			continue
		}
		if !w.Start.Equal(current) && !w.Start.Equal(current.AddDate(0, 0, 7)) {
			return fmt.Errorf("%d slots in %s, neither this week nor the next", n, w.Week)
		}
		short := max(cfg.Limits.MinActivePerWeek-w.Active, 0) + in.Shortfall
		each := longestSlot(cfg.Plan.SlotTimes).Hours() + float64(2*cfg.Limits.DefaultTravelMinutes)/60
		switch {
		case n > short:
			return fmt.Errorf("%d slots in %s, beyond its shortfall %d", n, w.Week, short)
		case w.Events+n > cfg.Limits.MaxEventsPerWeek:
			return fmt.Errorf("%d slots take %s past max_events_per_week (%d events)", n, w.Week, w.Events)
		case w.Hours+float64(n)*each > cfg.Limits.HoursPerWeek+1e-9:
			return fmt.Errorf("%d slots take %s past hours_per_week (%g h)", n, w.Week, w.Hours)
		}
	}
	return nil
}

func isSlotTime(ts []config.AllowedTime, s Slot) bool {
	l := s.Start.In(ny)
	for _, t := range ts {
		y, m, d := l.Date()
		from := ceilStep(time.Date(y, m, d, 0, int(t.From), 0, 0, ny), ny)
		if hasDay(t.Days, l.Weekday()) && from.Equal(s.Start) && time.Date(y, m, d, 0, int(t.To), 0, 0, ny).Equal(s.End) {
			return true
		}
	}
	return false
}

func TestSlotEntries(t *testing.T) {
	cfg := testConfig()
	slots := PlanSlots(SlotInput{Config: cfg, Weeks: slotWeeks(1, 2), Now: at(7, 6, 0), Behind: []string{"first month"},
		Due: []Suggestion{{Name: "Priya Raman", Email: "priya@northwind.example", Zone: "Midtown", LastMet: at(1, 8, 0), LastSummary: "Coffee with Priya"}}})
	es := SlotEntries(cfg, slots)
	if len(es) != 1 {
		t.Fatalf("SlotEntries = %d entries; want 1", len(es))
	}
	e := es[0]
	if e.Kind != entry.KindSlot || e.Summary != "Open slot: Priya Raman" || e.Transparent || e.Week != "2026-W50" {
		t.Errorf("entry = %+v", e)
	}
	for _, want := range []string{"Week 2026-W50: 1 of 2 self-arranged meetings planned.", `Milestone "first month" is behind`,
		"Priya Raman <priya@northwind.example>, due for a reconnect: last met Tue 1 Dec 2026 (Coffee with Priya).", "somewhere in Midtown", "it is yours"} {
		if !strings.Contains(e.Description, want) {
			t.Errorf("description lacks %q:\n%s", want, e.Description)
		}
	}
	if again := SlotEntries(cfg, slots); again[0].UID != e.UID {
		t.Error("the same slot got another UID")
	}
	data := string(entry.Encode(e, entry.EncodeOptions{As: "event"}))
	if strings.Contains(data, "TRANSPARENT") || strings.Contains(data, "RELATED-TO") || !strings.Contains(data, "X-NETSYNCD-KIND:slot") {
		t.Errorf("encoded slot:\n%s", data)
	}
	cfg.Plan.SlotsBusy = false
	if data := string(entry.Encode(SlotEntries(cfg, slots)[0], entry.EncodeOptions{As: "event"})); !strings.Contains(data, "TRANSP:TRANSPARENT") {
		t.Errorf("slots_busy: false did not write TRANSP:TRANSPARENT:\n%s", data)
	}
	o, err := entry.Decode([]byte(data))
	if err != nil || o.Kind != entry.KindSlot || !o.Consistent() {
		t.Errorf("entry.Decode(slot) = %+v, %v; want a consistent slot entry", o.Kind, err)
	}
}
