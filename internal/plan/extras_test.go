package plan

import (
	"strings"
	"testing"
	"time"

	"github.com/netsyncd/netsyncd/internal/config"
	"github.com/netsyncd/netsyncd/internal/entry"
	"github.com/netsyncd/netsyncd/internal/limits"
	"github.com/netsyncd/netsyncd/internal/milestone"
	"github.com/netsyncd/netsyncd/internal/people"
)

func TestPlanExtras(t *testing.T) {
	cfg := testConfig()
	n := 10
	cfg.Plan.Milestones = []config.Milestone{{Name: "first month", By: config.Date{Year: 2026, Month: 12, Day: 31}, ActiveMeetings: &n}}
	now := at(7, 6, 0)
	// A breakfast meeting on Tuesday: that day's slot is at lunch.
	mixer := netItem("mixer", "Mixer", at(7, 18, 0), 2*time.Hour, 20)
	gala := busyItem("gala", at(9, 19, 0), at(9, 22, 0))
	gala.Occ.Summary, gala.Opportunity = "School gala", `opportunity: "gala" in summary`
	res := limits.Result{Items: []limits.Item{mixer, gala, busyItem("standup", at(8, 7, 0), at(8, 8, 0))}, Weeks: slotWeeks(0, 2)}
	ms := milestone.Compute(milestone.Input{Config: cfg, Start: at(1, 0, 0), Now: now})
	entries, found, err := PlanExtras(t.Context(), cfg, res, Extras{Milestones: ms, Now: now, Due: []Suggestion{{Name: "Priya Raman"}}})
	if err != nil {
		t.Fatal(err)
	}
	var slots []entry.Entry
	for _, e := range entries {
		if e.Kind == entry.KindSlot {
			slots = append(slots, e)
		}
	}
	if len(slots) != 2 || slots[0].Summary != "Open slot: Priya Raman" || !slots[0].Start.Equal(at(7, 7, 30)) ||
		slots[1].Summary != "Open slot: someone new" || !slots[1].Start.Equal(at(8, 12, 0)) {
		for _, s := range slots {
			t.Logf("slot %s %s", s.Start, s.Summary)
		}
		t.Fatalf("want 2 slots, Mon 7:30 for Priya and Tue 12:00 for someone new")
	}
	if len(found) != 1 || found[0].Code != limits.BehindMilestone {
		t.Errorf("findings = %+v; want one behind_milestone", found)
	}
	week := find(t, entries, entry.KindWeek, "2026-W50")
	for _, want := range []string{"Open slots for meetings you arrange yourself:\n- Mon 7 Dec 07:30-08:30: Priya Raman",
		"Chances to network (not counted against your limits):\n- Wed 9 Dec 19:00-22:00 School gala",
		"Milestones:\n- first month (by Thu 31 Dec 2026): behind; 0/10 active meetings", `Milestone "first month" (by Thu 31 Dec) is behind`} {
		if !strings.Contains(week.Description, want) {
			t.Errorf("week entry lacks %q:\n%s", want, week.Description)
		}
	}
	if plain, _, _ := PlanWith(t.Context(), cfg, res); len(plain) != 3 {
		t.Errorf("PlanWith without extras = %d entries; want prep, follow-up, week", len(plain))
	}
}

func TestBuildExtrasSuggestsDuePeople(t *testing.T) {
	cfg := testConfig()
	cfg.Limits.Zones = []config.Zone{{Name: "Brooklyn", Match: []string{"brooklyn"}, TravelMinutes: 50}, {Name: "Midtown", Match: []string{"midtown"}, TravelMinutes: 20}, {Name: "FiDi", Match: []string{"wall st"}, TravelMinutes: 30}}
	now := at(7, 6, 0)
	long := now.AddDate(0, -4, 0)
	l := people.Ledger{People: map[string]people.Person{
		"priya@northwind.example": {Key: "priya@northwind.example", Name: "Priya Raman", Email: "priya@northwind.example",
			Meetings: []people.Meeting{{Occ: "a", Start: long, Summary: "Coffee with Priya", Location: "Joe, Midtown", InPerson: true, Networking: true}}},
		"dana@kestrel.example": {Key: "dana@kestrel.example", Email: "dana@kestrel.example",
			Meetings: []people.Meeting{{Occ: "b", Start: long.AddDate(0, 0, 7), Location: "Dumbo, Brooklyn", InPerson: true, Networking: true}}},
	}}
	ex, _ := BuildExtras(cfg, nil, milestone.Record{}, l, at(1, 0, 0), now, nil)
	if len(ex.Due) != 2 {
		t.Fatalf("Due = %+v; want Priya then Dana", ex.Due)
	}
	if p := ex.Due[0]; p.Name != "Priya Raman" || p.Zone != "Midtown" || p.LastSummary != "Coffee with Priya" {
		t.Errorf("first suggestion = %+v; want Priya in Midtown", p)
	}
	if d := ex.Due[1]; d.Name != "dana@kestrel.example" || d.Zone != "Midtown" {
		t.Errorf("second suggestion = %+v; want Dana by email, in the nearest zone (Brooklyn is too far)", d)
	}
}
