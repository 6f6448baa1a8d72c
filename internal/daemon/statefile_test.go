package daemon

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.uber.org/zap"

	"github.com/netsyncd/netsyncd/internal/state"
	"github.com/netsyncd/netsyncd/internal/testservers"
)

// readSyncState decodes the harness's sync.json.
func (h *harness) readSyncState() syncState {
	h.t.Helper()
	var st syncState
	b, err := os.ReadFile(filepath.Join(h.dir, "sync.json"))
	if err == nil {
		err = json.Unmarshal(b, &st)
	}
	if err != nil {
		h.t.Fatalf("sync.json: %v", err)
	}
	return st
}

// TestServerChangeRediscovers: the state was written for one caldav.url
// and caldav.username, the config now names another. The pass must
// discover the home again, never send a request to the old one, read every
// calendar afresh, and keep nothing of the old server in sync.json. (A
// reload builds a new Syncer, which reads the home from sync.json like a
// restart does.)
func TestServerChangeRediscovers(t *testing.T) {
	// The user changes: Radicale's bob gets 403 on alice's home.
	t.Run("username", func(t *testing.T) {
		t.Parallel()
		srv := testservers.Radicale(t)
		h := newHarness(t, srv, fixtureEvents())
		old := h.firstPassHome()
		bob := srv.AsUser("bob")
		bob.MakeCalendar(t, "personal")
		for _, e := range fixtureEvents() {
			bob.Put(t, bob.Home+"personal/"+e.UID+".ics", e.ics())
		}
		h.cfg.CalDAV.Username = "bob"
		h.cfg.CalDAV.Sources = []string{"personal"}
		h.checkRediscovered(h.proxy, old, "/bob/")
	})
	// The server changes: another Radicale, served under /dav, where the
	// old home /alice/ is not the home.
	t.Run("url", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, testservers.Radicale(t), fixtureEvents())
		old := h.firstPassHome()
		other := testservers.Radicale(t)
		other.MakeCalendar(t, "personal")
		for _, e := range fixtureEvents() {
			other.Put(t, other.Home+"personal/"+e.UID+".ics", e.ics())
		}
		qp := testservers.NewQuirkProxy(t, other.URL, testservers.Quirks{Prefix: "/dav"})
		h.proxy.Reset()
		h.cfg.CalDAV.URL = qp.URL + "/dav/"
		h.cfg.CalDAV.Sources = []string{"personal"}
		h.checkRediscovered(qp.Proxy, old, "/dav/alice/")
		if n := h.proxy.Count(); n != 0 {
			t.Errorf("the old server got %d requests: %v", n, h.proxy.Requests())
		}
	})
}

// firstPassHome runs a pass that writes the state and returns the home
// the Syncer found.
func (h *harness) firstPassHome() string {
	h.t.Helper()
	var s *Syncer
	if _, _, err := h.runWith(false, func(x *Syncer) { s = x }); err != nil {
		h.t.Fatal(err)
	}
	if st := h.readSyncState(); st.Home != h.srv.Home || st.URL != h.cfg.CalDAV.URL || st.Username != h.cfg.CalDAV.Username {
		h.t.Fatalf("sync.json after the first pass: home %q, url %q, username %q; want %q for %s as %s",
			st.Home, st.URL, st.Username, h.srv.Home, h.cfg.CalDAV.URL, h.cfg.CalDAV.Username)
	}
	return s.home
}

// checkRediscovered runs a pass with the changed config through p and
// checks it used only the new home, wantHome.
func (h *harness) checkRediscovered(p *testservers.Proxy, old string, wantHome string) {
	h.t.Helper()
	p.Reset()
	sum, logs, err := h.runWith(false, nil)
	if err != nil || len(sum.Errors) > 0 {
		h.t.Fatalf("pass after the change: %v %v (requests %v)", err, sum, p.Requests())
	}
	for _, r := range p.Requests() {
		if _, path, _ := strings.Cut(r, " "); strings.HasPrefix(path, old) {
			h.t.Errorf("request %q to the old home %s; want none", r, old)
		}
	}
	if logs.FilterMessage("found the calendar home").Len() != 1 {
		h.t.Errorf("the pass did not discover the home again")
	}
	if sum.Created == 0 || sum.Fetch.Full != 1 || sum.Fetch.Cached != 0 {
		h.t.Errorf("pass after the change: created %d, fetch %+v; want the entries created in the new target, the source read whole (the target, just made, not read)",
			sum.Created, sum.Fetch)
	}
	st := h.readSyncState()
	if st.Home != wantHome || st.URL != h.cfg.CalDAV.URL || st.Username != h.cfg.CalDAV.Username {
		h.t.Errorf("sync.json: home %q, url %q, username %q; want %q, %q, %q",
			st.Home, st.URL, st.Username, wantHome, h.cfg.CalDAV.URL, h.cfg.CalDAV.Username)
	}
	for path := range st.Calendars {
		if !strings.HasPrefix(path, wantHome) {
			h.t.Errorf("sync.json still caches %s; want only calendars under %s", path, wantHome)
		}
	}
}

// TestLostLedgerIsLogged: losing ledger.json alone is said once in the
// log. Whether it alone is gone or the whole state directory with it, the
// entry the user had deleted does not come back: the target calendar's
// shared ledger (marker.go) still knows it, and the new ledger.json holds
// every record again.
func TestLostLedgerIsLogged(t *testing.T) {
	for _, tc := range []struct {
		name   string
		lose   []string
		warned int
	}{
		{"ledger.json alone", []string{"ledger.json"}, 1},
		{"the whole state directory", nil, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t, testservers.Radicale(t), fixtureEvents())
			h.checkLedgerWarnings("first pass", 0)
			h.srv.Delete(t, h.owned()[followupUID("lunch-tom")].Href) // the user deletes one entry
			entries := len(h.owned())
			h.checkLedgerWarnings("pass after the user's deletion", 0)
			if tc.lose == nil {
				if err := os.RemoveAll(h.dir); err != nil {
					t.Fatal(err)
				}
			}
			for _, name := range tc.lose {
				if err := os.Remove(filepath.Join(h.dir, name)); err != nil {
					t.Fatal(err)
				}
			}
			sum := h.checkLedgerWarnings("pass after losing the state", tc.warned)
			if sum.Created != 0 || len(h.owned()) != entries {
				t.Errorf("pass after losing the state created %d entries; want none: the shared ledger knows the deleted one", sum.Created)
			}
			var ledger map[string]json.RawMessage
			if b, err := os.ReadFile(filepath.Join(h.dir, "ledger.json")); err != nil || json.Unmarshal(b, &ledger) != nil || len(ledger) != entries+1 {
				t.Errorf("ledger.json after that pass holds %d entries (%v); want the %d in the target", len(ledger), err, entries+1)
			}
			if sum := h.checkLedgerWarnings("the pass after that", 0); sum.Created != 0 {
				t.Errorf("the entry the user deleted was recreated")
			}
		})
	}
}

// TestNullLedgerIsSaid: a ledger.json holding JSON null (no file netsyncd
// writes: an empty ledger is {}) is said in the log, not read silently as
// an empty ledger, and the entry the user deleted stays deleted.
func TestNullLedgerIsSaid(t *testing.T) {
	h := newHarness(t, testservers.Radicale(t), fixtureEvents())
	h.checkLedgerWarnings("first pass", 0)
	h.srv.Delete(t, h.owned()[followupUID("lunch-tom")].Href)
	entries := len(h.owned())
	h.checkLedgerWarnings("pass after the user's deletion", 0)
	if err := os.WriteFile(filepath.Join(h.dir, "ledger.json"), []byte("null\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	sum, logs, err := h.runWith(false, nil)
	if err != nil {
		t.Fatal(err)
	}
	if n := logs.FilterMessage(ledgerNull).Len(); n != 1 {
		t.Errorf("%d warnings %q; want 1", n, ledgerNull)
	}
	if sum.Created != 0 || len(h.owned()) != entries {
		t.Errorf("the pass after ledger.json became null created %d entries; want none", sum.Created)
	}
}

// checkLedgerWarnings runs a pass and checks how many times it said the
// ledger is missing.
func (h *harness) checkLedgerWarnings(what string, want int) *Summary {
	h.t.Helper()
	sum, logs, err := h.runWith(false, nil)
	if err != nil {
		h.t.Fatalf("%s: %v", what, err)
	}
	if len(sum.Errors) > 0 {
		h.t.Fatalf("%s had errors: %v", what, sum.Errors)
	}
	if h.target == "" {
		h.target = h.srv.Home + "networking/"
	}
	if n := logs.FilterMessage(ledgerMissing).Len(); n != want {
		h.t.Errorf("%s: %d warnings %q; want %d", what, n, ledgerMissing, want)
	}
	return sum
}

// TestServerChangeSamePaths moves to another Radicale whose paths are the
// same (/alice/personal/, /alice/networking/): the old ledger must not make
// the new target's missing entries look deleted by the user.
func TestServerChangeSamePaths(t *testing.T) {
	t.Parallel()
	h := newHarness(t, testservers.Radicale(t), fixtureEvents())
	first := h.pass()
	if first.Created == 0 {
		t.Fatal("the first pass created nothing")
	}
	other := testservers.Radicale(t)
	other.MakeCalendar(t, "personal")
	for _, e := range fixtureEvents() {
		other.Put(t, other.Home+"personal/"+e.UID+".ics", e.ics())
	}
	h.cfg.CalDAV.URL = other.URL
	sum, logs, err := h.runWith(false, nil)
	if err != nil || len(sum.Errors) > 0 {
		t.Fatalf("pass on the new server: %v %v", err, sum)
	}
	if sum.Created != first.Created {
		t.Errorf("the pass on the new server created %d entries; want the %d of the first pass (changes: %v)", sum.Created, first.Created, sum.Changes)
	}
	if n := logs.FilterMessageSnippet("starting a new ledger").Len(); n != 1 {
		t.Errorf("%d log lines about the new ledger; want 1", n)
	}
	if n := logs.FilterMessage(ledgerMissing).Len(); n != 0 {
		t.Errorf("the change of server was logged as a lost ledger")
	}
}

// TestPrunedLedgerIsNotLost: a quiet calendar lets Prune empty the ledger;
// that is not a lost ledger, and the entries still in the target are not
// reported as adopted after one.
func TestPrunedLedgerIsNotLost(t *testing.T) {
	t.Parallel()
	h := newHarness(t, testservers.Radicale(t), fixtureEvents())
	h.checkLedgerWarnings("first pass", 0)
	h.now = h.now.AddDate(0, 0, 200)
	h.checkLedgerWarnings("pass 200 days later, every entry pruned", 0)
	h.now = h.now.AddDate(0, 0, 1)
	h.checkLedgerWarnings("the next day's pass", 0)
}

// TestOldStateKeepsItsFindings: a sync.json of an older format is read
// again from the server, but the findings it had reported are not warned
// about once more.
func TestOldStateKeepsItsFindings(t *testing.T) {
	dir := t.TempDir()
	store, err := state.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	old := map[string]any{"version": 1, "home": "/alice/", "findings": []string{"over_weekly_hours|ev|20261208T150000Z"}}
	if err := store.Save("sync", old); err != nil {
		t.Fatal(err)
	}
	s := &Syncer{store: store, log: zap.NewNop()}
	ps := s.loadState()
	if ps.sync.Home != "" || len(ps.sync.Findings) != 1 {
		t.Errorf("loadState of a version 1 file: home %q, findings %v; want no home (read again) and the one finding kept", ps.sync.Home, ps.sync.Findings)
	}
}
