package reconcile

import (
	"strings"
	"testing"

	"github.com/netsyncd/netsyncd/internal/entry"
)

// TestLearnAfterTheETagIsReused: SOGo's ETags are a version number per
// object, and every new object's is "gcs00000000", so the ETag of
// netsyncd's create comes back on any object made again at its href. The
// user edits the entry (a new ETag, seen by a pass), deletes it and undoes
// that in their app, which PUTs their edited copy again: it gets the ETag
// of netsyncd's create. That copy is the user's text, not the server's form
// of netsyncd's write: it stays theirs through a rename of its source, and
// is kept when no longer planned.
func TestLearnAfterTheETagIsReused(t *testing.T) {
	d := planned("talk", 8, 10, `C:\new\data`)
	ledger := Ledger{}
	server := serverCopy(t, created(t, d, ledger)) // under "put-etag", SOGo's gcs00000000
	ledger.Learn([]Owned{server})

	user := edit(t, server, func(e *entry.Entry) { e.Summary = "My talk" }) // gcs00000001
	edited := []Owned{user}
	if ledger.Learn(edited); !edited[0].Edited() {
		t.Fatalf("the user's edit reads as netsyncd's: %+v", ledger[d.UID])
	}

	restored := user
	restored.ETag = server.ETag // deleted, and put back by the app's undo: gcs00000000 again
	owned := []Owned{restored}
	ledger.Learn(owned)
	if !owned[0].Edited() {
		t.Errorf("the user's copy put back under the ETag of netsyncd's create reads as netsyncd's: record %+v", ledger[d.UID])
	}
	renamed := d
	renamed.Summary = "Prep: the talk, renamed"
	if c := one(t, Reconcile([]entry.Entry{renamed}, owned, ledger, now, stamp)); !c.KeptUserEdit ||
		c.Data != nil && !strings.Contains(string(c.Data), "SUMMARY:My talk\r\n") {
		t.Errorf("its source renamed: %s; want the user's summary kept", describe([]Change{c}))
	}
	if c := one(t, Reconcile(nil, owned, ledger, now, stamp)); c.Action != Keep || !c.KeptUserEdit {
		t.Errorf("no longer planned: %s; want the user's copy kept", describe([]Change{c}))
	}
}

// TestLearnOnlyFromTheFirstRead: the ETag of netsyncd's write names the
// server's form of it at the first pass that reads the entry after the
// write, and never after: no pass need see what happens in between later.
// The user edits the entry and moves it to another calendar and back while
// netsyncd does not run (a laptop asleep): on SOGo the object made again
// has the ETag of netsyncd's create. It is the user's.
func TestLearnOnlyFromTheFirstRead(t *testing.T) {
	d := planned("talk", 8, 10, `C:\new\data`)
	ledger := Ledger{}
	server := serverCopy(t, created(t, d, ledger))
	if ledger.Learn([]Owned{server}); ledger[d.UID].Stored != server.ContentHash {
		t.Fatalf("the first read after the write did not learn the server's form: %+v", ledger[d.UID])
	}
	back := edit(t, server, func(e *entry.Entry) { e.Summary = "My talk" })
	back.ETag = server.ETag
	owned := []Owned{back}
	ledger.Learn(owned)
	if !owned[0].Edited() {
		t.Errorf("the user's copy made again under the ETag of netsyncd's create reads as netsyncd's: record %+v", ledger[d.UID])
	}
	if c := one(t, Reconcile(nil, owned, ledger, now, stamp)); c.Action != Keep || !c.KeptUserEdit {
		t.Errorf("no longer planned: %s; want the user's copy kept", describe([]Change{c}))
	}
	// What the first read learned stays known.
	owned = []Owned{server}
	if ledger.Learn(owned); owned[0].Edited() {
		t.Errorf("the server's form reads as the user's after the ETag was forgotten: %+v", ledger[d.UID])
	}
}
