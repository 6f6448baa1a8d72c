package daemon

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/netsyncd/netsyncd/internal/entry"
	"github.com/netsyncd/netsyncd/internal/people"
	"github.com/netsyncd/netsyncd/internal/plan"
	"github.com/netsyncd/netsyncd/internal/state"
	"github.com/netsyncd/netsyncd/internal/testservers"
)

// pastCoffee is a coffee with one person, days before fixtureNow: outside
// window.past (14d), so only the history read sees it.
func pastCoffee(uid, email, name string, daysAgo int) fixtureEvent {
	return fixtureEvent{UID: uid, Summary: "Coffee with " + name, Location: "Blue Bottle, 5th Ave, Midtown",
		Start: fixtureNow.AddDate(0, 0, -daysAgo).Add(90 * time.Minute), Length: 45 * time.Minute,
		Extra: "ATTENDEE;PARTSTAT=ACCEPTED;CN=" + name + ":mailto:" + email + "\r\n"}
}

// TestReconnectOnServers: the first pass reads people.history once and
// learns Dana from a coffee months ago, writes her reconnect entry (and
// the prep of a coffee with someone met before says so), an unchanged pass
// is idle and keeps it, history is not read again, and booking a lunch
// with Dana deletes the entry. The ledger file is 0600.
func TestReconnectOnServers(t *testing.T) {
	for _, srv := range []*testservers.Server{testservers.Radicale(t), testservers.Xandikos(t), testservers.DAViCal(t)} {
		t.Run(srv.Name, func(t *testing.T) { testReconnect(t, srv) })
	}
}

func testReconnect(t *testing.T, srv *testservers.Server) {
	events := append(fixtureEvents(),
		pastCoffee("past-dana", "dana@lazard.example", "Dana Whitfield", 70),
		pastCoffee("past-sarah", "sarah.chen@bain.com", "Sarah Chen", 40))
	h := newHarness(t, srv, events)
	h.cfg.Employer.Confidential = false
	dana := plan.ReconnectUID("dana@lazard.example", fixtureNow.AddDate(0, 0, -70).Add(90*time.Minute))

	first := h.pass()
	owned := h.owned()
	r, ok := owned[dana]
	if !ok {
		t.Fatalf("no reconnect entry for Dana after the first pass (%+v); entries: %v", first, summaries(owned))
	}
	if r.Summary != "Reconnect: Dana Whitfield" || r.Kind != entry.KindReconnect || r.SourceUID != "person:dana@lazard.example" || !r.Start.After(fixtureNow) {
		t.Errorf("Dana's reconnect = %q kind %s source %q at %v", r.Summary, r.Kind, r.SourceUID, r.Start)
	}
	if !strings.Contains(r.Description, "Coffee with Dana Whitfield") {
		t.Errorf("the reconnect does not say where you last met:\n%s", r.Description)
	}
	if p := owned[prepUID("coffee-sarah")].Description; !strings.Contains(p, "Who you will see:") || !strings.Contains(p, "last met") {
		t.Errorf("the prep of the coffee with Sarah, met 40 days ago, does not say so:\n%s", p)
	}
	info, err := os.Stat(filepath.Join(h.dir, "people.json"))
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("people.json: %v, mode %v; want 0600", err, info)
	}

	// Nothing changed: one request, the entry kept.
	h.proxy.Reset()
	if sum := h.pass(); !sum.Idle || h.proxy.Count() != 1 {
		t.Errorf("unchanged pass: idle %v, %d requests %v; want idle, 1", sum.Idle, h.proxy.Count(), h.proxy.Requests())
	}
	if _, ok := h.owned()[dana]; !ok {
		t.Fatal("Dana's reconnect is gone after an idle pass")
	}

	// A coffee of long ago added now is not learned: history is read once.
	h.putSource(pastCoffee("past-omar", "omar@haddad.example", "Omar Haddad", 100))
	// Booking a lunch with Dana deletes her reconnect entry.
	h.putSource(fixtureEvent{UID: "lunch-dana", Summary: "Lunch", Location: "Balthazar, 80 Spring St, SoHo", Start: day(8, 12, 30), Length: time.Hour,
		Extra: "ATTENDEE;PARTSTAT=ACCEPTED;CN=Dana Whitfield:mailto:dana@lazard.example\r\n"})
	sum := h.pass()
	if _, ok := h.owned()[dana]; ok || sum.Deleted == 0 {
		t.Errorf("Dana's reconnect is still there after a lunch with her was booked (%+v)", sum)
	}
	l := h.peopleLedger()
	if _, ok := l.People["omar@haddad.example"]; ok {
		t.Error("a coffee long ago added after the first pass was learned: history was read again")
	}
	if _, ok := l.People["dana@lazard.example"]; !ok {
		t.Error("Dana is not in the saved ledger")
	}
}

func (h *harness) peopleLedger() people.Ledger {
	h.t.Helper()
	store, err := state.Open(h.dir)
	if err != nil {
		h.t.Fatal(err)
	}
	defer store.Close()
	l, ok, err := people.Load(store)
	if err != nil || !ok {
		h.t.Fatalf("people.Load = %v, %v", ok, err)
	}
	return l
}

func summaries(owned map[string]entry.Owned) []string {
	var out []string
	for _, o := range owned {
		out = append(out, string(o.Kind)+" "+o.Summary)
	}
	return out
}

// TestFailedPeopleSaveFailsThePass: a pass whose people ledger cannot be
// saved (people.json is a directory) fails, and is not the base of an idle
// pass; once it can be saved, the next pass saves it.
func TestFailedPeopleSaveFailsThePass(t *testing.T) {
	srv := testservers.Radicale(t)
	h := newHarness(t, srv, append(fixtureEvents(), pastCoffee("past-dana", "dana@lazard.example", "Dana Whitfield", 70)))
	file := filepath.Join(h.dir, "people.json")
	if err := os.Mkdir(file, 0o700); err != nil {
		t.Fatal(err)
	}
	_, _, err := h.runWith(false, nil)
	if err == nil || !strings.Contains(err.Error(), "could not save the people ledger") {
		t.Fatalf("pass with people.json a directory = %v; want a failed pass naming the people ledger", err)
	}
	if err := os.Remove(file); err != nil {
		t.Fatal(err)
	}
	if sum := h.pass(); sum.Idle {
		t.Error("the pass after a failed save was idle")
	}
	if _, ok := h.peopleLedger().People["dana@lazard.example"]; !ok {
		t.Error("the people ledger saved after the failure lacks Dana")
	}
}
