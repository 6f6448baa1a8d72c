package daemon

import (
	"net/http"
	"testing"

	"github.com/netsyncd/netsyncd/internal/testservers"
)

// TestRenamedAndDeletedTarget, against Radicale: a target calendar the
// user renamed is still found by its path (no MKCALENDAR, no 409, no
// duplicate, never read as a source); a target calendar the user deleted
// is made again with every entry, not left empty.
func TestRenamedAndDeletedTarget(t *testing.T) {
	srv := testservers.Radicale(t)
	h := newHarness(t, srv, fixtureEvents())
	h.cfg.CalDAV.Sources = nil // every calendar but the target: a renamed target must not become a source
	first := h.pass()
	if first.Created == 0 {
		t.Fatalf("first pass created nothing")
	}
	before := len(h.owned())

	code, _, body := srv.Do(t, "PROPPATCH", h.target, http.Header{"Content-Type": {"application/xml"}}, []byte(
		`<?xml version="1.0"?><d:propertyupdate xmlns:d="DAV:"><d:set><d:prop><d:displayname>Job search</d:displayname></d:prop></d:set></d:propertyupdate>`))
	if code/100 != 2 {
		t.Fatalf("PROPPATCH = %d %s", code, body)
	}
	h.putSource(fixtureEvent{UID: "coffee-new", Summary: "Coffee with Noa Lee", Location: "Blue Bottle, 5th Ave, Midtown",
		Start: day(9, 8, 0), Length: 45 * 60e9, Extra: "ATTENDEE;PARTSTAT=ACCEPTED:mailto:noa@lee.example\r\n"})
	sum, logs, err := h.runWith(false, nil)
	if err != nil || len(sum.Errors) > 0 {
		t.Fatalf("pass after renaming the target = %v, %v; want it found by its path", err, sum)
	}
	if logs.FilterMessageSnippet("under another name").Len() == 0 {
		t.Errorf("no warning that the target is used by its path")
	}
	owned := h.owned()
	if _, ok := owned[prepUID("coffee-new")]; !ok || len(owned) <= before || sum.Created > 3 {
		t.Errorf("after the rename: %d entries (had %d), created %d; want the new coffee's entries only", len(owned), before, sum.Created)
	}

	srv.Delete(t, h.target)
	sum, _, err = h.runWith(false, nil)
	if err != nil || len(sum.Errors) > 0 {
		t.Fatalf("pass after deleting the target = %v, %v", err, sum)
	}
	if got := len(h.owned()); got != len(owned) || sum.Created != len(owned) {
		t.Errorf("after deleting the target calendar: %d entries, created %d; want all %d made again", got, sum.Created, len(owned))
	}
}
