package plan

import (
	"strings"
	"testing"
	"time"

	"github.com/netsyncd/netsyncd/internal/entry"
	"github.com/netsyncd/netsyncd/internal/limits"
)

func TestPlanWhichEntries(t *testing.T) {
	tests := []struct {
		name                 string
		item                 limits.Item
		prepRemote           bool
		wantPrep, wantFollow bool
	}{
		{"in person: prep and follow-up", netItem("x", "Mixer", at(8, 18, 0), time.Hour, 20), false, true, true},
		{"remote: follow-up only", remoteItem("x", "Call with Sam", at(8, 10, 0), time.Hour), false, false, true},
		{"remote with prep.remote: both", remoteItem("x", "Call with Sam", at(8, 10, 0), time.Hour), true, true, true},
		{"declined: nothing", declined(netItem("x", "Mixer", at(8, 18, 0), time.Hour, 20)), false, false, false},
		{"cancelled: nothing", cancelled(netItem("x", "Mixer", at(8, 18, 0), time.Hour, 20)), false, false, false},
		{"netsyncd's own entry: nothing", owned(netItem("x", "Mixer", at(8, 18, 0), time.Hour, 20)), false, false, false},
		{"not networking: nothing", busyItem("x", at(8, 9, 0), at(8, 10, 0)), false, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := testConfig()
			cfg.Output.Prep.Remote = tt.prepRemote
			es, _ := Plan(cfg, limits.Result{Items: []limits.Item{tt.item}})
			if got := has(es, entry.KindPrep, "x"); got != tt.wantPrep {
				t.Errorf("prep planned = %v; want %v", got, tt.wantPrep)
			}
			if got := has(es, entry.KindFollowup, "x"); got != tt.wantFollow {
				t.Errorf("followup planned = %v; want %v", got, tt.wantFollow)
			}
		})
	}
}

func TestPlanUIDs(t *testing.T) {
	a := netItem("series", "Alumni breakfast", at(8, 8, 0), time.Hour, 10)
	a.Occ.Recurring, a.Occ.RecurrenceID = true, at(8, 8, 0)
	b := netItem("series", "Alumni breakfast", at(15, 8, 0), time.Hour, 10)
	b.Occ.Recurring, b.Occ.RecurrenceID = true, at(15, 8, 0)
	res := limits.Result{Items: []limits.Item{a, b}, Weeks: []limits.Week{weekOf("2026-W50", 7, 1), weekOf("2026-W51", 14, 1)}}
	first, _ := Plan(testConfig(), res)
	second, _ := Plan(testConfig(), res)
	seen := map[string]bool{}
	for i, e := range first {
		if e.UID != second[i].UID {
			t.Errorf("entry %d: UID %q then %q; want the same UID on every pass", i, e.UID, second[i].UID)
		}
		if seen[e.UID] {
			t.Errorf("UID %q planned twice", e.UID)
		}
		seen[e.UID] = true
		if !strings.HasPrefix(e.UID, "netsyncd-") || len(e.UID) != len("netsyncd-")+32 {
			t.Errorf("UID %q; want netsyncd- and 32 hex digits", e.UID)
		}
	}
	if len(first) != 6 {
		t.Fatalf("planned %d entries; want 6 (2 preps, 2 follow-ups, 2 weeks)", len(first))
	}
	p := find(t, first, entry.KindPrep, "series")
	if p.SourceRecurrenceID != "2026-12-08T13:00:00Z" || p.UID != entry.UID(entry.KindPrep, "series", "2026-12-08T13:00:00Z") {
		t.Errorf("prep of the first occurrence: rid %q uid %q; want rid 2026-12-08T13:00:00Z and its derived UID", p.SourceRecurrenceID, p.UID)
	}
}

func TestPlanWeekEntries(t *testing.T) {
	items := []limits.Item{netItem("ev", "Mixer", at(9, 18, 0), time.Hour, 20)}
	items[0].Findings = []limits.Finding{{Code: limits.LocationUnknown, Message: "Midtown Hall matches no zone.", UID: "ev"}}
	weeks := []limits.Week{
		weekOf("2026-W50", 7, 1, limits.Finding{Code: limits.BelowActiveShare, Message: "Only 0% of this week's events are yours."}),
		weekOf("2026-W51", 14, 0),
	}
	for _, on := range []bool{true, false} {
		cfg := testConfig()
		cfg.Output.WeeklyPlan = on
		es, _ := Plan(cfg, limits.Result{Items: items, Weeks: weeks})
		var got []entry.Entry
		for _, e := range es {
			if e.Kind == entry.KindWeek {
				got = append(got, e)
			}
		}
		if !on {
			if len(got) != 0 {
				t.Errorf("weekly_plan off: %d week entries; want none", len(got))
			}
			continue
		}
		if len(got) != 1 {
			t.Fatalf("%d week entries; want 1 (a week without networking gets none)", len(got))
		}
		w := got[0]
		if w.Week != "2026-W50" || w.UID != entry.WeekUID("2026-W50") || !w.Start.Equal(at(7, 8, 0)) || !w.End.Equal(at(7, 8, 30)) || !w.Until.Equal(at(14, 0, 0)) {
			t.Errorf("week entry %q %q %s-%s until %s; want 2026-W50 Mon 7 Dec 08:00-08:30 until Mon 14 Dec", w.Week, w.UID, w.Start, w.End, w.Until)
		}
		if w.Summary != "Networking plan 2026-W50" {
			t.Errorf("week summary %q; want %q", w.Summary, "Networking plan 2026-W50")
		}
		for _, want := range []string{"Only 0% of this week's events are yours.", "Midtown Hall matches no zone.", "Mixer", "3.5 h of a 6 h budget"} {
			if !strings.Contains(w.Description, want) {
				t.Errorf("week description lacks %q:\n%s", want, w.Description)
			}
		}
	}
}

// TestPlanHonoursLocation checks that the grid and the allowed times are
// local: in Kolkata (UTC+05:30) a prep still starts on a quarter hour.
func TestPlanHonoursLocation(t *testing.T) {
	cfg := testConfig()
	cfg.Location = mustLoad("Asia/Kolkata")
	start := time.Date(2026, 12, 8, 18, 0, 0, 0, cfg.Location)
	it := netItem("ev", "Mixer", start, time.Hour, 20)
	es, _ := Plan(cfg, limits.Result{Items: []limits.Item{it}})
	got := find(t, es, entry.KindPrep, "ev").Start.In(cfg.Location)
	if got.Hour() != 17 || got.Minute() != 0 {
		t.Errorf("prep in Kolkata starts %s; want 17:00 local", got.Format("15:04"))
	}
}
