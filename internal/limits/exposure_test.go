package limits

import (
	"testing"
	"time"

	"github.com/netsyncd/netsyncd/internal/classify"
	"github.com/netsyncd/netsyncd/internal/config"
	"github.com/netsyncd/netsyncd/internal/event"
)

// TestPossibleNetworkingIsChecked: an event the classifier calls possible
// networking counts for nothing but still gets the blocked-place and
// confidential-risk findings; declined, it gets none.
func TestPossibleNetworkingIsChecked(t *testing.T) {
	cfg := config.Default()
	cfg.Location = time.UTC
	cfg.Limits.BlockedLocations = []string{"Acme HQ"}
	start := time.Date(2026, 3, 3, 8, 0, 0, 0, time.UTC)
	item := func(declined bool) Item {
		return Item{
			Occ: event.Occurrence{UID: "p@test", Summary: "Hiring sync", Location: "Acme HQ, café", Start: start, End: start.Add(time.Hour)},
			Class: classify.Class{Possible: true, Declined: declined, ConfidentialRisk: true, InPerson: true,
				Reasons: []string{"networking=false: x", "confidential_risk: organizer hr@acme-corp.com is from the employer"}},
		}
	}
	res := Check(cfg, []Item{item(false)}, start.AddDate(0, 0, -1), start.AddDate(0, 0, 6))
	codes := map[string]bool{}
	for _, f := range res.Items[0].Findings {
		codes[f.Code] = true
	}
	if !codes[LocationBlocked] || !codes[ConfidentialRisk] {
		t.Errorf("possible networking at a blocked place: findings %+v; want %s and %s", res.Items[0].Findings, LocationBlocked, ConfidentialRisk)
	}
	if res.Weeks[0].Events != 0 {
		t.Errorf("possible networking counted in the week: %+v", res.Weeks[0])
	}
	res = Check(cfg, []Item{item(true)}, start.AddDate(0, 0, -1), start.AddDate(0, 0, 6))
	if len(res.Items[0].Findings) != 0 {
		t.Errorf("declined possible networking: findings %+v; want none", res.Items[0].Findings)
	}
}

// TestBlockedPlaceWithoutAccents: a blocked place written with accents
// matches a location typed without them, and the other way round.
func TestBlockedPlaceWithoutAccents(t *testing.T) {
	cfg := config.Default()
	cfg.Location = time.UTC
	cfg.Limits.BlockedLocations = []string{"Edifício Vértice", "torre hispania"}
	start := time.Date(2026, 3, 3, 12, 0, 0, 0, time.UTC)
	for _, loc := range []string{"Restaurante do Edificio Vertice, Av. Faria Lima", "Cafetería Torre Hispánia", "EDIFÍCIO VÉRTICE"} {
		it := Item{
			Occ:   event.Occurrence{UID: "b@test", Summary: "Almoço", Location: loc, Start: start, End: start.Add(time.Hour)},
			Class: classify.Class{Networking: true, Mode: classify.Active, Type: "meal", InPerson: true},
		}
		res := Check(cfg, []Item{it}, start.AddDate(0, 0, -1), start.AddDate(0, 0, 6))
		blocked := false
		for _, f := range res.Items[0].Findings {
			blocked = blocked || f.Code == LocationBlocked
		}
		if !blocked {
			t.Errorf("networking at %q: findings %+v; want %s", loc, res.Items[0].Findings, LocationBlocked)
		}
	}
}
