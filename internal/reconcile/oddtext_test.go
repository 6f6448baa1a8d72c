package reconcile

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"
	"time"

	"github.com/netsyncd/netsyncd/internal/classify"
	"github.com/netsyncd/netsyncd/internal/config"
	"github.com/netsyncd/netsyncd/internal/entry"
	"github.com/netsyncd/netsyncd/internal/event"
	"github.com/netsyncd/netsyncd/internal/limits"
	"github.com/netsyncd/netsyncd/internal/plan"
)

// oddSummaries are event texts Encode cannot write as they are: control
// characters (a DEL in a calendar's name, an ESC in an .ics file), bytes
// that are not UTF-8, a lone CR, U+FFFE.
var oddSummaries = map[string]string{
	"DEL": "Mixer\x7f at the Hall", "ESC": "Mixer \x1b[2J", "NUL": "Mixer\x00", "not UTF-8": "Caf\xe9 mixer",
	"bare CR": "Mixer\rnight", "C1": "Mixer\u0085night", "U+FFFE": "Mixer\ufffe", "CRLF": "Mixer\r\nnight",
}

// plannedFrom is what the planner makes of a passive networking event
// named summary, in person, on Tue 8 Dec 18:00: its prep and follow-up.
func plannedFrom(t *testing.T, summary string) []entry.Entry {
	t.Helper()
	cfg := config.Default()
	cfg.Location, cfg.Timezone = ny, "America/New_York"
	cfg.Me.Emails = []string{"jane@home.example"}
	start := at(8, 18, 0)
	it := limits.Item{
		Occ: event.Occurrence{UID: "mixer-1", Summary: summary, Location: summary + ", 5th Ave", Calendar: "Personal\x7f",
			Start: start, End: start.Add(time.Hour), Organizer: "host@example.org", OrganizerName: "Pat " + summary},
		Class:         classify.Class{Networking: true, Mode: classify.Passive, Type: "event", InPerson: true},
		TravelMinutes: 20,
	}
	es, _ := plan.Plan(cfg, limits.Result{Items: []limits.Item{it}})
	if len(es) != 2 {
		t.Fatalf("the planner made %d entries of %q; want its prep and follow-up", len(es), summary)
	}
	return es
}

// TestOddTextFollowsItsSource: entries planned from an event with odd
// text are netsyncd's on every pass: a second pass writes nothing and
// keeps no user edit, and when the event is renamed they follow it.
func TestOddTextFollowsItsSource(t *testing.T) {
	for name, summary := range oddSummaries {
		t.Run(name, func(t *testing.T) {
			s := newServer(t)
			s.pass(plannedFrom(t, summary), -1, false)
			writes := s.writes
			for _, c := range Reconcile(plannedFrom(t, summary), s.owned(), s.ledger, now, stamp) {
				if c.Action != Keep || c.KeptUserEdit {
					t.Errorf("second pass: %s %s (%s), kept_user_edit=%v; want unchanged", c.Action, c.UID, c.Reason, c.KeptUserEdit)
				}
			}
			renamed := plannedFrom(t, summary+" (moved to the roof)")
			s.pass(renamed, -1, false)
			if s.writes != writes+2 {
				t.Errorf("after the event was renamed: %d writes; want the 2 entries updated", s.writes-writes)
			}
			for _, o := range s.owned() {
				if o.Edited() || !strings.Contains(o.Summary, "(moved to the roof)") {
					t.Errorf("%s reads %q (edited %v); want the renamed event's text, netsyncd's", o.Kind, o.Summary, o.Edited())
				}
			}
		})
	}
}

// TestUserEditOfOddTextIsKept: the user's edit of such an entry is still
// an edit, and wins over the renamed event.
func TestUserEditOfOddTextIsKept(t *testing.T) {
	for name, summary := range oddSummaries {
		t.Run(name, func(t *testing.T) {
			s := newServer(t)
			first := plannedFrom(t, summary)
			s.pass(first, -1, false)
			href := "/cal/" + first[0].UID + ".ics"
			s.objects[href] = edit(t, s.objects[href], func(e *entry.Entry) { e.Summary = "Prep: my own words" })
			if o := s.objects[href]; !o.Edited() {
				t.Fatalf("the user's edit of %q does not read as edited", first[0].Summary)
			}
			kept := false
			for _, c := range Reconcile(plannedFrom(t, summary+" (renamed)"), s.owned(), s.ledger, now, stamp) {
				if c.UID == first[0].UID {
					kept = c.KeptUserEdit
					if c.Data != nil && !strings.Contains(string(c.Data), "SUMMARY:Prep: my own words\r\n") {
						t.Errorf("%s (%s) writes over the user's summary:\n%s", c.Action, c.Reason, c.Data)
					}
				}
			}
			if !kept {
				t.Errorf("the user's edit is not reported kept")
			}
		})
	}
}

// hashBefore is X-NETSYNCD-HASH as netsyncd wrote it until 2 December
// 2026: of the text as planned, before Encode cleaned it.
func hashBefore(e entry.Entry) string {
	h := sha256.New()
	for _, s := range []string{e.Summary, e.Description, e.Location} {
		h.Write([]byte(strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n"))))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))[:32]
}

// TestEarlierEntriesOfOddTextHeal: entries an earlier netsyncd wrote from
// odd text, with the hash of the text before it was cleaned, are updated
// once with the same text and today's hash, and then follow their source.
// Before, they read as edited by the user for ever.
func TestEarlierEntriesOfOddTextHeal(t *testing.T) {
	for name, summary := range oddSummaries {
		t.Run(name, func(t *testing.T) {
			s := newServer(t)
			first := plannedFrom(t, summary)
			stuck := map[string]bool{} // the entries an earlier netsyncd hashed before cleaning
			for _, e := range first {
				s.put("/cal/"+e.UID+".ics", entry.Encode(e, entry.EncodeOptions{As: "event", Private: true, Stamp: at(1, 9, 0), GeneratedHash: hashBefore(e)}))
				o := s.objects["/cal/"+e.UID+".ics"]
				stuck[e.UID] = o.Edited()
				if o.Edited() != (hashBefore(e) != e.Hash()) {
					t.Fatalf("an earlier netsyncd's %s entry reads as edited: %v", e.Kind, o.Edited())
				}
			}
			if !stuck[first[0].UID] && !stuck[first[1].UID] {
				t.Skip("an earlier netsyncd hashed this text as it wrote it")
			}
			s.ledger.Adopt(s.owned(), now)
			for _, c := range Reconcile(first, s.owned(), s.ledger, now, stamp) {
				switch {
				case c.KeptUserEdit:
					t.Errorf("%s %s (%s): kept as the user's", c.Action, c.UID, c.Reason)
				case stuck[c.UID] && (c.Action != Update || !strings.Contains(c.Reason, "earlier netsyncd")):
					t.Errorf("%s %s (%s); want an update of the hash", c.Action, c.UID, c.Reason)
				case !stuck[c.UID] && c.Action != Keep:
					t.Errorf("%s %s (%s); want unchanged", c.Action, c.UID, c.Reason)
				}
				s.apply(c, true)
			}
			for _, c := range Reconcile(first, s.owned(), s.ledger, now, stamp) {
				if c.Action != Keep || c.KeptUserEdit {
					t.Errorf("after healing: %s %s (%s); want unchanged", c.Action, c.UID, c.Reason)
				}
			}
			s.pass(plannedFrom(t, summary+" (renamed)"), -1, false)
			for _, o := range s.owned() {
				if o.Edited() || !strings.Contains(o.Summary, "(renamed)") {
					t.Errorf("%s reads %q (edited %v); want the renamed event's text", o.Kind, o.Summary, o.Edited())
				}
			}
		})
	}
}

// TestEarlierEntryTheUserEditedStaysTheirs: an earlier netsyncd's entry of
// odd text that the user then edited does not heal: their text stays.
func TestEarlierEntryTheUserEditedStaysTheirs(t *testing.T) {
	s := newServer(t)
	first := plannedFrom(t, oddSummaries["DEL"])
	href := "/cal/" + first[0].UID + ".ics"
	s.put(href, entry.Encode(first[0], entry.EncodeOptions{As: "event", Private: true, Stamp: at(1, 9, 0), GeneratedHash: hashBefore(first[0])}))
	s.objects[href] = edit(t, s.objects[href], func(e *entry.Entry) { e.Description = "Ask Pat about the venue." })
	for _, c := range Reconcile(first[:1], s.owned(), s.ledger, now, stamp) {
		if !c.KeptUserEdit || (c.Data != nil && !strings.Contains(string(c.Data), "Ask Pat about the venue.")) {
			t.Errorf("%s %s (%s) kept_user_edit=%v; want the user's text kept", c.Action, c.UID, c.Reason, c.KeptUserEdit)
		}
	}
}

// TestHealOnceBesideAnEarlierVersion: an earlier netsyncd sharing the
// calendar writes an entry back with its own hash each time this one
// heals it; the heal is made once, and then the entry is left as it is
// (read as the user's, as before healing), not rewritten on every pass by
// both.
func TestHealOnceBesideAnEarlierVersion(t *testing.T) {
	s := newServer(t)
	first := plannedFrom(t, oddSummaries["DEL"])[:1]
	href := "/cal/" + first[0].UID + ".ics"
	earlier := func() { // the earlier version's write, with its hash
		s.put(href, entry.Encode(first[0], entry.EncodeOptions{As: "event", Private: true, Stamp: at(1, 9, 0), GeneratedHash: hashBefore(first[0])}))
	}
	earlier()
	if o := s.objects[href]; !o.Edited() {
		t.Fatal("the earlier version's entry does not read as edited: the test tells nothing")
	}
	s.ledger.Adopt(s.owned(), now)
	updates := 0
	for round := range 3 {
		for _, c := range Reconcile(first, s.owned(), s.ledger, now, stamp) {
			if c.Action == Update {
				updates++
				s.apply(c, true)
				s.ledger.Wrote(c.UID, c.OwnHash, s.objects[c.Href].ETag) // as the daemon records it
			}
		}
		if round == 0 && updates != 1 {
			t.Fatalf("%d updates in the first round; want the heal", updates)
		}
		earlier()
	}
	if updates != 1 {
		t.Errorf("%d updates over 3 rounds beside an earlier version; want the one heal", updates)
	}
}
