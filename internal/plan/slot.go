package plan

import (
	"time"

	"github.com/netsyncd/netsyncd/internal/config"
	"github.com/netsyncd/netsyncd/internal/limits"
)

// Span is a busy interval [Start, End).
type Span struct{ Start, End time.Time }

// Suggestion is who an open slot proposes to meet: a person due for a
// reconnect, with the zone where meeting them is practical.
type Suggestion struct {
	Name, Email string
	Zone        string // a zone within limits.max_travel_minutes, "" if none is known
	LastMet     time.Time
	LastSummary string
	Overdue     time.Duration
}

// SlotInput is what PlanSlots decides from. Weeks are the checked weeks of
// the window (limits.Check); Busy is the time taken (opaque source events
// with their travel, and the entries planned so far).
type SlotInput struct {
	Config *config.Config
	Weeks  []limits.Week
	Busy   []Span
	// Due are the people due for a reconnect, most overdue first.
	Due []Suggestion
	// Shortfall is how many active meetings the milestones behind need
	// (milestone.Shortfall); it asks for slots in the current week.
	Shortfall int
	// Behind names the milestones behind, for the slot's text.
	Behind []string
	Now    time.Time
	// UnderWay are the target's slot entries that have begun and not
	// ended at Now: each stays its day's slot.
	UnderWay []Span
}

func (in *SlotInput) underWay(s, e time.Time) bool {
	for _, u := range in.UnderWay {
		if u.Start.Equal(s) && u.End.Equal(e) {
			return true
		}
	}
	return false
}

// Slot is one open slot PlanSlots chose.
type Slot struct {
	Week       string // the week's label
	Start, End time.Time
	// Suggestion is who to invite; nil: someone new.
	Suggestion *Suggestion
	// Active and Target are the week's self-arranged meetings and the
	// target that made the slot (the larger of min_active_per_week and
	// what the milestones need).
	Active, Target int
	Behind         []string
}

// PlanSlots chooses the open slots of the current week (the one holding
// Now) and the next. Rules:
//   - A week gets at most its shortfall: limits.min_active_per_week minus
//     its active meetings; in the current week at least what the
//     milestones behind need.
//   - A week already at or over its hours or its events gets none, and the
//     slots never take it past either (a slot counts its length and
//     limits.default_travel_minutes both ways).
//   - A slot is one whole plan.slot_times window, on a 15-minute grid,
//     starting no earlier than Now (or one of UnderWay, which stays put),
//     inside limits.allowed_times, meeting no busy span; at most one a
//     day, the earliest days first.
//   - The people due are suggested in order, one per slot; then someone new.
func PlanSlots(in SlotInput) []Slot {
	b := busy(nil)
	for _, s := range in.Busy {
		if s.End.After(s.Start) {
			b.add(s.Start, s.End)
		}
	}
	return planSlots(in, &b)
}

func planSlots(in SlotInput, b *busy) []Slot {
	cfg := in.Config
	loc := cfg.Zone()
	first := time.Weekday(cfg.Limits.WeekStart)
	current := limits.WeekStart(in.Now, loc, first)
	next := current.AddDate(0, 0, 7)
	due := in.Due
	carry := in.Shortfall
	var out []Slot
	for i := range in.Weeks {
		w := &in.Weeks[i]
		if !w.Start.Equal(current) && !w.Start.Equal(next) {
			continue
		}
		target := cfg.Limits.MinActivePerWeek
		if w.Start.Equal(current) || carry > 0 {
			target = max(target, w.Active+carry)
		}
		want := min(target-w.Active, room(cfg, w))
		got := weekSlots(in, b, w, want, loc)
		for k := range got {
			got[k].Active, got[k].Target, got[k].Behind = w.Active, target, in.Behind
			if len(due) > 0 {
				s := due[0]
				got[k].Suggestion, due = &s, due[1:]
			}
		}
		carry = max(carry-len(got), 0)
		if !w.Start.Equal(current) {
			carry = 0
		}
		out = append(out, got...)
	}
	return out
}

// room is how many slots fit in w's limits: events left, and hours left
// for slots of the longest slot_times window with default travel both ways.
func room(cfg *config.Config, w *limits.Week) int {
	lim := cfg.Limits
	events := lim.MaxEventsPerWeek - w.Events
	each := float64(2*lim.DefaultTravelMinutes)/60 + longestSlot(cfg.Plan.SlotTimes).Hours()
	hours := events
	if each > 0 {
		hours = int((lim.HoursPerWeek - w.Hours + 1e-9) / each)
	}
	return max(min(events, hours), 0)
}

func longestSlot(ts []config.AllowedTime) time.Duration {
	var d time.Duration
	for _, t := range ts {
		d = max(d, time.Duration(t.To-t.From)*time.Minute)
	}
	return d
}

// weekSlots finds up to n free slots in w, at most one a day.
func weekSlots(in SlotInput, b *busy, w *limits.Week, n int, loc *time.Location) []Slot {
	var out []Slot
	ws := w.Start.In(loc)
	y, m, d := ws.Date()
	for day := 0; day < 7 && len(out) < n; day++ {
		if s, e, ok := daySlot(in, b, time.Date(y, m, d+day, 12, 0, 0, 0, loc), loc); ok {
			b.add(s, e)
			out = append(out, Slot{Week: w.Week, Start: s, End: e})
		}
	}
	return out
}

// daySlot is the earliest free slot_times window on noon's day.
func daySlot(in SlotInput, b *busy, noon time.Time, loc *time.Location) (time.Time, time.Time, bool) {
	var best, bestEnd time.Time
	y, m, d := noon.Date()
	// A slot of the target under way stays the day's slot while it runs
	// (reconcile leaves it alone: its Until is its start, SlotEntries)
	// rather than a later window getting a second one.
	for _, t := range in.Config.Plan.SlotTimes {
		if !hasDay(t.Days, noon.Weekday()) {
			continue
		}
		s := windowStart(y, m, d, t.From, loc)
		e := time.Date(y, m, d, 0, int(t.To), 0, 0, loc)
		if !sameDay(s, noon) || !e.After(s) || (s.Before(in.Now) && !in.underWay(s, e)) || b.overlaps(s, e) ||
			!allowed(in.Config.Limits.AllowedTimes, s, e, loc) {
			continue
		}
		if best.IsZero() || s.Before(best) {
			best, bestEnd = s, e
		}
	}
	return best, bestEnd, !best.IsZero()
}
