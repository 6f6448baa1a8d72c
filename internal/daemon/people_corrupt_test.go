package daemon

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/netsyncd/netsyncd/internal/testservers"
)

// TestCorruptPeopleLedgerIsKept: a people.json the daemon cannot read (a
// newer netsyncd's version, after a downgrade) was warned about, learned
// again from people.history and saved over: what it held of the years
// before people.history was gone. Now it is moved aside first, the
// warning says where, and the pass saves the ledger learned again.
func TestCorruptPeopleLedgerIsKept(t *testing.T) {
	srv := testservers.Radicale(t)
	h := newHarness(t, srv, append(fixtureEvents(), pastCoffee("past-dana", "dana@lazard.example", "Dana Whitfield", 70)))
	file := filepath.Join(h.dir, "people.json")
	newer := []byte(`{"version":2,"people":[{"key":"omar@haddad.example","meetings":[{"occ":"2019","start":"2019-05-01T12:00:00Z"}]}]}`)
	if err := os.WriteFile(file, newer, 0o600); err != nil {
		t.Fatal(err)
	}
	_, logs, err := h.runWith(false, nil)
	if err != nil {
		t.Fatal(err)
	}
	warned := false
	for _, e := range logs.All() {
		if strings.Contains(e.Message, "people ledger cannot be read") && strings.Contains(e.ContextMap()["error"].(string), file+".corrupt") {
			warned = true
		}
	}
	if !warned {
		t.Errorf("no warning names %s.corrupt", file)
	}
	if got, err := os.ReadFile(file + ".corrupt"); err != nil || !bytes.Equal(got, newer) {
		t.Errorf("people.json.corrupt = %q, %v; want the newer version's file as it was", got, err)
	}
	if _, ok := h.peopleLedger().People["dana@lazard.example"]; !ok {
		t.Error("the ledger learned again lacks Dana")
	}
}
