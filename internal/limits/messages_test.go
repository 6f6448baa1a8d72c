package limits

import (
	"reflect"
	"testing"

	"github.com/netsyncd/netsyncd/internal/config"
)

// TestWeekMessages reads whole messages: they are what the user acts on.
func TestWeekMessages(t *testing.T) {
	cfg := testConfig()
	cfg.Limits.MinActivePerWeek = 2
	cfg.Limits.MaxEventsPerWeek = 2
	cfg.Limits.Types = map[string]config.TypeLimit{"event": {MaxPerWeek: intp(1)}}
	items := []Item{
		meet("NYC CFO mixer", "2026-03-10 18:00", "2026-03-10 20:00", passive, where("Midtown Loft")),
		meet("Coffee with Ann", "2026-03-11 08:00", "2026-03-11 09:00", risk("confidential_risk: attendee ann@acme-corp.com")),
		meet("Fintech night", "2026-03-12 18:00", "2026-03-12 20:30", passive, where("Dumbo, Brooklyn")),
	}
	r := Check(cfg, items, at("2026-03-09"), at("2026-03-16"))
	want := []string{
		"Week 2026-W11: 8.5 h of in-person networking planned (travel both ways included), budget 6 h: over by 2.5 h; " +
			"the passive events are NYC CFO mixer (Tue 10 Mar 18:00–20:00) [2 h + 20 min travel each way] and " +
			"Fintech night (Thu 12 Mar 18:00–20:30) [2 h 30 min + 50 min travel each way]: drop or shorten one.",
		"Week 2026-W11: 3 networking events planned, limit 2: over by 1; the passive events are NYC CFO mixer (Tue 10 Mar 18:00–20:00) and Fintech night (Thu 12 Mar 18:00–20:30): drop or shorten one.",
		"Week 2026-W11: only 1 of 3 networking events is active (33%; 20% of the hours), minimum 50%: arrange a coffee or a lunch yourself, or drop a passive event.",
		"Week 2026-W11: 1 active meeting planned, target 2: arrange 1 more (a coffee, a lunch, a small dinner).",
		"Week 2026-W11: 2 events of type event planned, cap 1 per week (limits.types.event.max_per_week): NYC CFO mixer (Tue 10 Mar 18:00–20:00) [2 h + 20 min travel each way] and Fintech night (Thu 12 Mar 18:00–20:30) [2 h 30 min + 50 min travel each way]; keep the one worth most.",
		"Coffee with Ann (Wed 11 Mar 08:00–09:00) could expose your search to your employer: attendee ann@acme-corp.com; keep it off calendars your employer can see and be ready to say how it helps the company.",
		"Fintech night (Thu 12 Mar 18:00–20:30) is 50 min away (zone Brooklyn), more than max_travel_minutes 45 one way: meet closer or go remote.",
	}
	var got []string
	for _, f := range r.Weeks[0].Findings {
		got = append(got, f.Message)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("week messages:\n%q\nwant:\n%q", got, want)
	}
	if w := r.Weeks[0]; w.Confidential != 1 || w.TravelMinutes != 180 {
		t.Errorf("week has %d confidential risks, %d travel minutes; want 1, 180", w.Confidential, w.TravelMinutes)
	}
}

func TestCheckSortsAndKeepsInput(t *testing.T) {
	items := []Item{
		meet("Late", "2026-03-12 08:00", "2026-03-12 09:00"),
		busy("Early", "2026-03-10 08:00", "2026-03-10 09:00"),
		meet("Middle", "2026-03-11 08:00", "2026-03-11 09:00", where("")),
	}
	before := make([]Item, len(items))
	copy(before, items)
	r := Check(testConfig(), items, at("2026-03-09"), at("2026-03-16"))
	var order []string
	for _, it := range r.Items {
		order = append(order, it.Occ.Summary)
	}
	if want := []string{"Early", "Middle", "Late"}; !reflect.DeepEqual(order, want) {
		t.Errorf("Check items in order %v; want %v", order, want)
	}
	if !reflect.DeepEqual(items, before) {
		t.Errorf("Check changed its input")
	}
	if r.Weeks[0].Findings == nil {
		t.Errorf("a week's findings are nil; want an empty list")
	}
}
