package limits

import (
	"strings"
	"testing"
)

func TestBelowInPersonShare(t *testing.T) {
	tests := []struct {
		name  string
		min   float64
		items []Item
		want  string // the week's own codes
		says  string
	}{
		{"remote hours are the larger share", 0.6, []Item{
			meet("Coffee", "2026-03-10 08:00", "2026-03-10 08:30", where("midtown")), // 0.5 h + 40 min travel
			meet("Webinar", "2026-03-11 12:00", "2026-03-11 14:00", remote, passive),
		}, "below_in_person_share", "only 1.17 h of 3.17 h of networking is in person (37%), minimum 60%"},
		{"in person exactly at the share", 0.5, []Item{
			meet("Lunch", "2026-03-10 12:00", "2026-03-10 13:00", where("elsewhere"), func(it *Item) { it.TravelMinutes = 0 }),
			meet("Zoom lunch", "2026-03-11 12:00", "2026-03-11 13:00", remote),
		}, "", ""},
		{"no remote hours, no finding", 1, []Item{meet("Coffee", "2026-03-10 08:00", "2026-03-10 08:30", where("midtown"))}, "", ""},
		{"only remote, share 0", 0.6, []Item{meet("Call", "2026-03-10 08:00", "2026-03-10 08:30", remote)}, "below_in_person_share", "(0%)"},
		{"a share of 0 allows any", 0, []Item{meet("Call", "2026-03-10 08:00", "2026-03-10 08:30", remote)}, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := testConfig()
			cfg.Limits.MinInPersonShare = tt.min
			cfg.Limits.DefaultTravelMinutes = 0
			res := Check(cfg, tt.items, at("2026-03-09"), at("2026-03-16"))
			w := res.Weeks[0]
			if got := weekCodes(w); got != tt.want {
				t.Fatalf("week codes = %q; want %q (%v)", got, tt.want, w.Findings)
			}
			if tt.says != "" && !strings.Contains(w.Findings[0].Message, tt.says) {
				t.Errorf("message %q does not say %q", w.Findings[0].Message, tt.says)
			}
		})
	}
}

func TestZoneOf(t *testing.T) {
	zones := testConfig().Limits.Zones
	if name, min, ok := ZoneOf(zones, "Joe Coffee, 5th Ave"); name != "Midtown" || min != 20 || !ok {
		t.Errorf("ZoneOf(5th Ave) = %q, %d, %v; want Midtown, 20, true", name, min, ok)
	}
	if _, _, ok := ZoneOf(zones, "Hoboken"); ok {
		t.Error("ZoneOf(Hoboken) matched a zone")
	}
}
