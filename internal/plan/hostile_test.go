package plan

import (
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/netsyncd/netsyncd/internal/config"
	"github.com/netsyncd/netsyncd/internal/entry"
	"github.com/netsyncd/netsyncd/internal/limits"
	"github.com/netsyncd/netsyncd/internal/people"
)

// The hostile tests (hostile*_test.go) feed the planner what an odd config
// and an odd calendar give it and hold it to what a demanding user expects
// of any input: it
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
