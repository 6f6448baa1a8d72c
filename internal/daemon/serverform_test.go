package daemon

import (
	"os"
	"strings"
	"testing"

	"github.com/netsyncd/netsyncd/internal/testservers"
)

// rewrittenText is text a server may store other than as it was PUT:
// Xandikos 0.2.8 (icalendar 4.0.3) reads a backslash before "n", "N",
// "\\", "," or ";" of an escaped TEXT value as an escape once more, and
// upper-case %3A, %2C, %3B and %5C as the characters they encode.
const rewrittenText = `C:\new\data, \\srv\share, https://x.example/?u=https%3A%2F%2Fmeet.example%2Fj%2F1`

// icsText escapes s as a TEXT value (RFC 5545 3.3.11).
func icsText(s string) string {
	return strings.NewReplacer(`\`, `\\`, ",", `\,`, ";", `\;`, "\n", `\n`).Replace(s)
}

// TestServerFormOfAnEntry: a source event whose text holds what a server
// rewrites when it stores it (a Windows path, a share, a URL-encoded link)
// makes a prep entry quoting it. Read back as the server stores it (the
// daemon's cached copy of what it PUT dropped), the entry is still
// netsyncd's: not kept as the user's edit, and it follows a rename of its
// source. Before, on Xandikos, it read as edited by the user for ever.
// The user's edit of such an entry is still theirs, and the passes after
// are idle.
//
// Behind a proxy that drops the ETag of every answer to a PUT, as RFC 4791
// section 5.3.4 asks of a server that changes what it stores, the write
// is taken from the GET that checks it (before, on Xandikos, every write
// failed as lost), and the same holds.
func TestServerFormOfAnEntry(t *testing.T) {
	for _, tc := range []struct {
		name  string
		start func(testing.TB) *testservers.Server
	}{{"xandikos", testservers.Xandikos}, {"radicale", testservers.Radicale}} {
		t.Run(tc.name, func(t *testing.T) { testServerForm(t, tc.start(t), false) })
		t.Run(tc.name+"-put-without-etag", func(t *testing.T) { testServerForm(t, tc.start(t), true) })
	}
}

func testServerForm(t *testing.T, srv *testservers.Server, noPutETag bool) {
	ev := fixtureEvents()[:1] // the coffee with Sarah, a prep and a follow-up
	ev[0].Location = icsText(rewrittenText)
	h := newHarness(t, srv, ev)
	if noPutETag {
		qp := testservers.NewQuirkProxy(t, srv.URL, testservers.Quirks{PutWithoutETag: true})
		h.useProxy(qp, qp.URL+"/")
	}
	if sum := h.pass(); sum.Created == 0 {
		t.Fatalf("the first pass created nothing: %s", sum.Short())
	}
	uid := prepUID("coffee-sarah")
	prep, ok := h.owned()[uid]
	if !ok {
		t.Fatalf("no prep entry for the coffee")
	}
	if !strings.Contains(prep.Description, rewrittenText) {
		t.Logf("%s stores the prep's description other than as written (its hash %s, netsyncd's %s):\n%s", srv.Name, prep.ContentHash, prep.StoredHash, prep.Description)
	}
	dropCache := func() {
		t.Helper()
		_, path := h.objectsFile()
		if err := os.Remove(path); err != nil {
			t.Fatal(err)
		}
	}

	// The entry as the server stores it, read for what it is.
	dropCache()
	if sum := h.pass(); sum.KeptUserEdits != 0 || sum.Changed() {
		t.Errorf("pass reading the stored form: %s, %d kept user edits, changes %+v; want nothing kept as the user's and nothing written", sum.Short(), sum.KeptUserEdits, sum.Changes)
	}
	h.checkIdle("after reading the stored form")

	// It follows its source.
	ev[0].Summary = "Coffee with Sarah Chen and Raj"
	h.putSource(ev[0])
	if sum := h.pass(); sum.Updated == 0 || sum.KeptUserEdits != 0 {
		t.Errorf("pass after the rename: %s, %d kept user edits; want the prep updated", sum.Short(), sum.KeptUserEdits)
	}
	if got := h.owned()[uid]; got.Summary != "Prep: "+ev[0].Summary {
		t.Errorf("the prep's summary is %q after its source was renamed; want %q", got.Summary, "Prep: "+ev[0].Summary)
	}
	dropCache()
	if sum := h.pass(); sum.KeptUserEdits != 0 || sum.Changed() {
		t.Errorf("pass reading the stored form of the update: %s, %d kept user edits; want nothing", sum.Short(), sum.KeptUserEdits)
	}

	// The user's edit is theirs: kept through a rename of the source, on
	// a pass that reads what the server stores.
	prep = h.owned()[uid]
	userText := strings.Replace(string(prep.Data), "SUMMARY:", "SUMMARY:Mine: ", 1)
	srv.Put(t, prep.Href, []byte(userText))
	ev[0].Summary = "Coffee with Sarah Chen, Raj and Li"
	h.putSource(ev[0])
	dropCache()
	sum := h.pass()
	got := h.owned()[uid]
	if !strings.HasPrefix(got.Summary, "Mine: ") || sum.KeptUserEdits == 0 {
		t.Errorf("the user's edit after a rename: summary %q, %s, %d kept user edits; want the user's summary kept", got.Summary, sum.Short(), sum.KeptUserEdits)
	}
	h.checkIdle("after the user's edit")
}
