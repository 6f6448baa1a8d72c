package daemon

import (
	"bytes"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/netsyncd/netsyncd/internal/config"
	"github.com/netsyncd/netsyncd/internal/entry"
	"github.com/netsyncd/netsyncd/internal/testservers"
)

// TestOpenSlots runs the open-slot story against each real server: a week
// short of limits.min_active_per_week gets slot entries (busy time, in
// the breakfast windows, never in the past); a second pass writes
// nothing; once the weeks reach their target the next pass deletes the
// untouched slots and keeps the one the user edited, byte for byte.
func TestOpenSlots(t *testing.T) {
	for _, srv := range testservers.All(t) {
		t.Run(srv.Name, func(t *testing.T) { testOpenSlots(t, srv) })
	}
}

func slotEntries(h *harness) []entry.Owned {
	var out []entry.Owned
	for _, o := range h.owned() {
		if o.Kind == entry.KindSlot {
			out = append(out, o)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Start.Before(out[j].Start) })
	return out
}

func testOpenSlots(t *testing.T, srv *testservers.Server) {
	// Tue 1 Dec 07:00: this week (2026-W49) has one self-arranged coffee,
	// next week none; the target is 2 a week.
	h := newHarness(t, srv, []fixtureEvent{
		{UID: "coffee-sarah", Summary: "Coffee with Sarah Chen", Location: "Blue Bottle, 5th Ave, Midtown", Start: day(2, 8, 30), Length: 45 * time.Minute,
			Extra: "ATTENDEE;PARTSTAT=ACCEPTED:mailto:sarah.chen@bain.com\r\n"},
		{UID: "standup", Summary: "Team standup", Location: "Office", Start: day(1, 7, 30), Length: time.Hour,
			Organizer: "boss@acme-corp.com", Extra: "ATTENDEE;PARTSTAT=ACCEPTED:mailto:team@acme-corp.com\r\n"},
	})
	first := h.pass()
	slots := slotEntries(h)
	var when []string
	for _, s := range slots {
		when = append(when, s.Start.In(fixtureNow.Location()).Format("Mon 2 15:04"))
	}
	// This week: one slot; Tuesday's breakfast is taken by the standup and
	// Tuesday's lunch is the first free window. Next week: two.
	if got := strings.Join(when, ", "); got != "Tue 1 12:00, Mon 7 07:30, Tue 8 07:30" {
		t.Fatalf("first pass (%+v) wrote slots at %q; want Tue 1 12:00, Mon 7 07:30, Tue 8 07:30", first, got)
	}
	for _, s := range slots {
		if !strings.HasPrefix(s.Summary, "Open slot: ") || bytes.Contains(s.Data, []byte("TRANSP:TRANSPARENT")) || !s.Start.After(fixtureNow) {
			t.Errorf("slot %s: %q, busy %v, start %v", s.UID, s.Summary, !bytes.Contains(s.Data, []byte("TRANSP:TRANSPARENT")), s.Start)
		}
	}
	h.proxy.Reset()
	if again := h.pass(); again.Changed() || len(h.proxy.Writes()) > 0 {
		t.Errorf("a second pass wrote %v (%+v); want nothing", h.proxy.Writes(), again)
	}

	// The user turns next Monday's slot into their own note.
	mon := slots[1]
	edited := bytes.Replace(mon.Data, []byte("SUMMARY:"+mon.Summary), []byte("SUMMARY:Breakfast with Ana - ask about the board seat"), 1)
	if bytes.Equal(edited, mon.Data) {
		t.Fatalf("no SUMMARY line to edit in:\n%s", mon.Data)
	}
	srv.Put(t, mon.Href, edited)
	editedStored := srv.Get(t, mon.Href)

	// Both weeks reach their target: a lunch this week, two next week.
	for _, e := range []fixtureEvent{
		{UID: "lunch-tom", Summary: "Lunch with Tom Reyes", Location: "Midtown", Start: day(3, 12, 30), Length: time.Hour,
			Extra: "ATTENDEE;PARTSTAT=ACCEPTED:mailto:tom@reyes-capital.com\r\n"},
		{UID: "lunch-ana", Summary: "Lunch with Ana Ruiz", Location: "Midtown", Start: day(9, 12, 30), Length: time.Hour,
			Extra: "ATTENDEE;PARTSTAT=ACCEPTED:mailto:ana@ruiz-partners.com\r\n"},
		{UID: "lunch-li", Summary: "Lunch with Li Wei", Location: "Midtown", Start: day(10, 12, 30), Length: time.Hour,
			Extra: "ATTENDEE;PARTSTAT=ACCEPTED:mailto:li@wei.example\r\n"},
	} {
		h.putSource(e)
	}
	third := h.pass()
	left := slotEntries(h)
	if len(left) != 1 || left[0].UID != mon.UID {
		t.Fatalf("after the weeks reached their target (%+v), slots left: %v; want only the edited one %s", third, left, mon.UID)
	}
	if third.Deleted != 2 || third.KeptUserEdits < 1 {
		t.Errorf("third pass deleted %d (want the 2 untouched slots), kept %d user edits; changes %+v", third.Deleted, third.KeptUserEdits, third.Changes)
	}
	if got := srv.Get(t, mon.Href); !bytes.Equal(got, editedStored) {
		t.Errorf("the edited slot changed:\n%s\nwant\n%s", got, editedStored)
	}
}

// TestMilestonesOnServers: a milestone behind its pace shows in the week
// entry written to each real server, asks for more slots this week, and
// the record the pass counted is kept in plan.json.
func TestMilestonesOnServers(t *testing.T) {
	for _, srv := range testservers.All(t) {
		t.Run(srv.Name, func(t *testing.T) {
			h := newHarness(t, srv, []fixtureEvent{
				{UID: "coffee-sarah", Summary: "Coffee with Sarah Chen", Location: "Midtown", Start: day(2, 8, 30), Length: 45 * time.Minute,
					Extra: "ATTENDEE;PARTSTAT=ACCEPTED:mailto:sarah.chen@bain.com\r\n"},
			})
			eight := 8
			h.cfg.Plan.Start = config.Date{Year: 2026, Month: 11, Day: 16}
			h.cfg.Plan.Milestones = []config.Milestone{{Name: "first month", By: config.Date{Year: 2026, Month: 12, Day: 15}, ActiveMeetings: &eight}}
			h.pass()
			week := h.owned()[entry.WeekUID("2026-W49")]
			for _, want := range []string{"Milestones:\n- first month (by Tue 15 Dec 2026): behind; 0/8 active meetings (4.08 expected by now)",
				`Milestone "first month" (by Tue 15 Dec) is behind its pace`, "Open slots for meetings you arrange yourself:"} {
				if !strings.Contains(week.Description, want) {
					t.Errorf("week entry lacks %q:\n%s", want, week.Description)
				}
			}
			// The milestone asks for 4 more this week, but the hours left
			// (6 h - 1.75 h) hold one slot of 1.5 h with 30 min travel each
			// way: one this week, two next week.
			slots := slotEntries(h)
			if len(slots) != 3 || !strings.Contains(slots[0].Description, `Milestone "first month" is behind its pace.`) {
				t.Errorf("%d slots (%v); want 3, the first saying the milestone is behind", len(slots), slots)
			}
			data, err := os.ReadFile(filepath.Join(h.dir, "plan.json"))
			if err != nil || !bytes.Contains(data, []byte("Coffee with Sarah Chen")) {
				t.Errorf("plan.json = %s, %v; want the coffee counted", data, err)
			}
		})
	}
}
