package daemon

import (
	"testing"

	"github.com/netsyncd/netsyncd/internal/testservers"
)

// TestTwoInstancesKeepADeletion, against Radicale: a home server and a
// laptop (one account, two state directories). The server creates the
// entries, the user deletes one, and the laptop, which never saw it, does
// not create it again: it reads what was made from the target calendar's
// shared ledger. Neither instance's later pass writes anything.
func TestTwoInstancesKeepADeletion(t *testing.T) {
	srv := testservers.Radicale(t)
	home := newHarness(t, srv, fixtureEvents())
	if sum := home.pass(); sum.Created == 0 {
		t.Fatalf("the first instance created nothing")
	}
	deleted := home.owned()[prepUID("coffee-sarah")]
	if deleted.Href == "" {
		t.Fatalf("no prep entry for coffee-sarah")
	}
	srv.Delete(t, deleted.Href) // the user deletes it in their app
	entries := len(home.owned())

	laptop := *home
	laptop.dir = t.TempDir()
	cfg := *home.cfg // the state directory is the harness's dir, not the config's
	laptop.cfg = &cfg
	sum := laptop.pass()
	if _, back := laptop.owned()[prepUID("coffee-sarah")]; back || sum.Created != 0 || len(laptop.owned()) != entries {
		t.Errorf("the second instance created %d entries (the deleted one back: %v); want none", sum.Created, back)
	}
	for name, h := range map[string]*harness{"home server": home, "laptop": &laptop} {
		if sum := h.pass(); sum.Changed() {
			t.Errorf("a later pass of the %s changed %d/%d/%d", name, sum.Created, sum.Updated, sum.Deleted)
		}
	}
	if _, back := home.owned()[prepUID("coffee-sarah")]; back {
		t.Errorf("the deleted entry came back")
	}
}
