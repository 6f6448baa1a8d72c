package daemon

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/netsyncd/netsyncd/internal/testservers"
)

// TestFailedSaveFailsThePass: a pass whose ledger cannot be saved (here
// ledger.json is a directory) is a failed pass with the error in its
// summary; the next pass, which cannot read the ledger either, writes
// nothing, so the entry the user deleted in between is not recreated.
func TestFailedSaveFailsThePass(t *testing.T) {
	srv := testservers.Radicale(t)
	h := newHarness(t, srv, fixtureEvents())
	ledger := filepath.Join(h.dir, "ledger.json")
	sum, _, err := h.runWith(false, func(s *Syncer) {
		s.ps = s.loadState() // read before the directory appears
		if err := os.Mkdir(ledger, 0o700); err != nil {
			t.Fatal(err)
		}
	})
	if err == nil || !strings.Contains(err.Error(), "could not save the ledger") {
		t.Fatalf("pass with ledger.json a directory = %v; want a failed pass naming the ledger", err)
	}
	if sum == nil || len(sum.Errors) == 0 || sum.Created == 0 {
		t.Fatalf("summary = %+v; want the created entries and the save error", sum)
	}
	h.target = srv.Home + "networking/"
	uid := prepUID("coffee-sarah")
	own, ok := h.owned()[uid]
	if !ok {
		t.Fatalf("no prep entry for coffee-sarah in %s", h.target)
	}
	srv.Delete(t, own.Href) // the user deletes it

	_, _, err = h.runWith(false, nil)
	if err == nil || !strings.Contains(err.Error(), "ledger.json") {
		t.Errorf("pass with an unreadable ledger = %v; want a failure naming ledger.json", err)
	}
	if _, back := h.owned()[uid]; back {
		t.Errorf("the prep entry the user deleted came back after a failed save")
	}

	// The directory goes (as a full disk is freed): ledger.json never
	// held the entry, and the shared ledger in the target still keeps the
	// user's deletion.
	if err := os.Remove(ledger); err != nil {
		t.Fatal(err)
	}
	if sum, _, err := h.runWith(false, nil); err != nil || len(sum.Errors) > 0 {
		t.Fatalf("pass once the ledger can be saved = %v, %v", err, sum)
	}
	if _, back := h.owned()[uid]; back {
		t.Errorf("the prep entry the user deleted came back once the state could be saved again")
	}
}
