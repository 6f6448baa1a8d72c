package plan

import (
	"testing"
	"time"

	"github.com/netsyncd/netsyncd/internal/entry"
	"github.com/netsyncd/netsyncd/internal/limits"
)

func TestPrepPlacement(t *testing.T) {
	tests := []struct {
		name      string
		items     []limits.Item
		uid       string
		wantStart time.Time
		noSlot    bool
	}{
		{
			name:      "free afternoon: latest slot ending before travel",
			items:     []limits.Item{netItem("ev", "Mixer", at(8, 18, 0), 2*time.Hour, 20)},
			uid:       "ev",
			wantStart: at(8, 17, 0), // leave at 17:40; 17:10 is off the grid, so 17:00-17:30
		},
		{
			name: "busy right before: the slot before the meeting",
			items: []limits.Item{
				busyItem("m", at(8, 16, 0), at(8, 17, 30)),
				netItem("ev", "Mixer", at(8, 18, 0), 2*time.Hour, 30),
			},
			uid:       "ev",
			wantStart: at(8, 15, 30),
		},
		{
			name: "transparent, declined and cancelled events are not busy",
			items: []limits.Item{
				transparent(busyItem("free", at(8, 16, 0), at(8, 17, 30))),
				declined(busyItem("no", at(8, 16, 0), at(8, 17, 30))),
				cancelled(busyItem("gone", at(8, 16, 0), at(8, 17, 30))),
				owned(busyItem("mine", at(8, 16, 0), at(8, 17, 30))),
				netItem("ev", "Mixer", at(8, 18, 0), 2*time.Hour, 30),
			},
			uid:       "ev",
			wantStart: at(8, 17, 0),
		},
		{
			name:      "early breakfast: the evening before, inside allowed times",
			items:     []limits.Item{netItem("ev", "Breakfast talk", at(8, 7, 30), time.Hour, 30)},
			uid:       "ev",
			wantStart: at(7, 20, 30),
		},
		{
			name: "another event's travel is busy",
			items: []limits.Item{
				// Busy 11:30-13:30 with travel; its prep takes 11:00 and its follow-up 13:30.
				netItem("a", "Lunch", at(8, 12, 0), time.Hour, 30),
				netItem("b", "Panel", at(8, 14, 0), time.Hour, 0),
			},
			uid:       "b",
			wantStart: at(8, 10, 30),
		},
		{
			name: "no free slot in the lead: right before travel, with a finding",
			items: []limits.Item{
				busyItem("all", at(7, 6, 0), at(8, 17, 30)),
				netItem("ev", "Mixer", at(8, 18, 0), time.Hour, 20),
			},
			uid:       "ev",
			wantStart: at(8, 17, 10),
			noSlot:    true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			es, fs := Plan(testConfig(), limits.Result{Items: tt.items})
			got := find(t, es, entry.KindPrep, tt.uid)
			if !got.Start.Equal(tt.wantStart) || got.End.Sub(got.Start) != 30*time.Minute {
				t.Errorf("prep of %q = %s-%s; want %s for 30m", tt.uid, got.Start.In(ny).Format("Mon 15:04"), got.End.In(ny).Format("15:04"), tt.wantStart.Format("Mon 15:04"))
			}
			if gotNoSlot := hasFinding(fs, limits.NoPrepSlot, tt.uid); gotNoSlot != tt.noSlot {
				t.Errorf("no_prep_slot finding for %q = %v; want %v (findings %v)", tt.uid, gotNoSlot, tt.noSlot, fs)
			}
		})
	}
}

func TestFollowupPlacement(t *testing.T) {
	tests := []struct {
		name      string
		items     []limits.Item
		uid       string
		wantStart time.Time
	}{
		{
			name:      "lunch: right after the travel back",
			items:     []limits.Item{netItem("ev", "Lunch", at(8, 12, 0), 80*time.Minute, 20)},
			uid:       "ev",
			wantStart: at(8, 13, 45), // back at 13:40, next grid time 13:45
		},
		{
			name:      "evening event: next morning at the first allowed time",
			items:     []limits.Item{netItem("ev", "Dinner", at(8, 19, 0), 2*time.Hour, 30)},
			uid:       "ev",
			wantStart: at(9, 7, 0),
		},
		{
			name: "busy morning: first free slot after it",
			items: []limits.Item{
				netItem("ev", "Dinner", at(8, 19, 0), 2*time.Hour, 30),
				busyItem("m", at(9, 7, 0), at(9, 9, 10)),
			},
			uid:       "ev",
			wantStart: at(9, 9, 15),
		},
		{
			name: "nothing free within followup.after: the first free allowed slot after it",
			items: []limits.Item{
				netItem("ev", "Lunch", at(8, 12, 0), time.Hour, 0),
				busyItem("all", at(8, 13, 0), at(9, 12, 0)),
			},
			uid:       "ev",
			wantStart: at(9, 12, 0), // followup.after ends Wed 07:00, busy until 12:00
		},
		{
			name:      "Saturday night gala: Monday morning, not Saturday night or Sunday",
			items:     []limits.Item{netItem("ev", "Gala", at(12, 19, 0), 4*time.Hour, 30)},
			uid:       "ev",
			wantStart: at(14, 7, 0), // Saturdays allow 09:00-14:00, Sundays nothing
		},
		{
			name: "no free allowed slot for a week: right after the travel back",
			items: []limits.Item{
				netItem("ev", "Lunch", at(8, 12, 0), time.Hour, 0),
				busyItem("all", at(8, 13, 0), at(20, 12, 0)),
			},
			uid:       "ev",
			wantStart: at(8, 13, 0),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			es, _ := Plan(testConfig(), limits.Result{Items: tt.items})
			got := find(t, es, entry.KindFollowup, tt.uid)
			if !got.Start.Equal(tt.wantStart) || got.End.Sub(got.Start) != 20*time.Minute {
				t.Errorf("followup of %q = %s-%s; want %s for 20m", tt.uid, got.Start.In(ny).Format("Mon 15:04"), got.End.In(ny).Format("15:04"), tt.wantStart.Format("Mon 15:04"))
			}
		})
	}
}

// TestEntriesNeverOverlap plans a crowded week and checks that no planned
// entry meets busy time or another planned entry, unless its prep had no slot.
func TestEntriesNeverOverlap(t *testing.T) {
	var items []limits.Item
	for d := 7; d <= 11; d++ {
		items = append(items, busyItem("m"+string(rune('a'+d)), at(d, 9, 0), at(d, 12, 0)))
		items = append(items, netItem("l"+string(rune('a'+d)), "Lunch", at(d, 12, 30), time.Hour, 15))
		items = append(items, netItem("e"+string(rune('a'+d)), "Evening", at(d, 18, 0), 2*time.Hour, 30))
	}
	es, fs := Plan(testConfig(), limits.Result{Items: items})
	taken := newBusy(items)
	for _, e := range es {
		if e.Kind == entry.KindWeek || e.Kind == entry.KindPrep && hasFinding(fs, limits.NoPrepSlot, e.SourceUID) {
			continue
		}
		if taken.overlaps(e.Start, e.End) {
			t.Errorf("%s %q at %s overlaps busy time or another entry", e.Kind, e.SourceUID, e.Start.Format("Mon 15:04"))
		}
		if !allowed(testConfig().Limits.AllowedTimes, e.Start, e.End, ny) {
			t.Errorf("%s %q at %s is outside the allowed times", e.Kind, e.SourceUID, e.Start.Format("Mon 15:04"))
		}
		taken.add(e.Start, e.End)
	}
}

func hasFinding(fs []limits.Finding, code, uid string) bool {
	for _, f := range fs {
		if f.Code == code && f.UID == uid {
			return true
		}
	}
	return false
}

func transparent(it limits.Item) limits.Item { it.Occ.Transparent = true; return it }
func declined(it limits.Item) limits.Item    { it.Class.Declined = true; return it }
func cancelled(it limits.Item) limits.Item   { it.Occ.Status = "CANCELLED"; return it }
func owned(it limits.Item) limits.Item       { it.Occ.Owned = true; return it }
