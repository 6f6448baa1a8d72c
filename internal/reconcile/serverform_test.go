package reconcile

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/netsyncd/netsyncd/internal/entry"
)

// serverCopy is o as a server that re-serialises what it stores holds it
// (Xandikos 0.2.8 reads the "\\n" of "C:\\new" once more as a line end),
// under the ETag the PUT was answered with.
func serverCopy(t *testing.T, o Owned) Owned {
	t.Helper()
	data := strings.Replace(string(o.Data), `DESCRIPTION:C:\\new`, `DESCRIPTION:C:\new`, 1)
	if data == string(o.Data) {
		t.Fatalf("no description to rewrite in:\n%s", o.Data)
	}
	c, err := entry.Decode([]byte(data))
	if err != nil {
		t.Fatal(err)
	}
	c.Href, c.ETag = o.Href, o.ETag
	return c
}

// created is the entry the create of d wrote, with its ledger record as
// the daemon keeps it (Created, Wrote with the PUT's ETag).
func created(t *testing.T, d entry.Entry, ledger Ledger) Owned {
	t.Helper()
	cs := Reconcile([]entry.Entry{d}, nil, ledger, now, stamp)
	if len(cs) != 1 || cs[0].Action != Create || cs[0].OwnHash != d.Hash() {
		t.Fatalf("want one create carrying netsyncd's hash %s: %s (own hash %q)", d.Hash(), describe(cs), cs[0].OwnHash)
	}
	o, err := entry.Decode(cs[0].Data)
	if err != nil {
		t.Fatal(err)
	}
	o.Href, o.ETag = "/cal/"+cs[0].Href, "put-etag"
	ledger.Created(d.UID, o.Href, now)
	ledger.Wrote(d.UID, cs[0].OwnHash, o.ETag)
	return o
}

func one(t *testing.T, cs []Change) Change {
	t.Helper()
	if len(cs) != 1 {
		t.Fatalf("want one change: %s", describe(cs))
	}
	return cs[0]
}

// TestServerFormIsNetsyncds: an entry the server stores other than as
// netsyncd PUT it is learned under the PUT's ETag and stays netsyncd's: it
// follows its source, and is deleted when no longer planned. The user's
// edit of it changes its ETag and its text: it is still theirs, kept
// through a change of its source and when it is no longer planned.
func TestServerFormIsNetsyncds(t *testing.T) {
	d := planned("talk", 8, 10, `C:\new\data`)
	ledger := Ledger{}
	server := serverCopy(t, created(t, d, ledger))
	if !server.Edited() {
		t.Fatal("the server's copy reads as netsyncd's before anything is learned: the test tests nothing")
	}
	owned := []Owned{server}
	if !ledger.Learn(owned) || ledger[d.UID].Stored != server.ContentHash || owned[0].Edited() {
		t.Fatalf("the server's copy under the PUT's ETag was not learned: record %+v, entry edited %v", ledger[d.UID], owned[0].Edited())
	}
	if ledger.Learn(owned) {
		t.Error("Learn reports a change the second time")
	}
	if c := one(t, Reconcile([]entry.Entry{d}, owned, ledger, now, stamp)); c.Action != Keep || c.KeptUserEdit || c.Reason != "unchanged" {
		t.Errorf("the server's copy, nothing changed: %s", describe([]Change{c}))
	}
	renamed := d
	renamed.Summary = "Prep: the talk, renamed"
	if c := one(t, Reconcile([]entry.Entry{renamed}, owned, ledger, now, stamp)); c.Action != Update || c.KeptUserEdit || c.OwnHash != renamed.Hash() ||
		!strings.Contains(string(c.Data), "SUMMARY:Prep: the talk\\, renamed") {
		t.Errorf("the server's copy, its source renamed: %s; want it updated with the new summary", describe([]Change{c}))
	}
	if c := one(t, Reconcile(nil, owned, ledger, now, stamp)); c.Action != Delete {
		t.Errorf("the server's copy, no longer planned: %s; want it deleted", describe([]Change{c}))
	}
	// The server gives the same object another ETag (a migration): the
	// stored form is still known.
	moved := []Owned{server}
	moved[0].ETag = "another-etag"
	if ledger.Learn(moved); moved[0].Edited() {
		t.Error("the server's copy under another ETag reads as the user's")
	}

	// The user edits the server's copy.
	user := edit(t, server, func(e *entry.Entry) { e.Summary = "My talk" })
	if user.ETag == server.ETag || user.StoredHash != server.StoredHash {
		t.Fatalf("the edit should keep netsyncd's hash under a new ETag: %+v", user)
	}
	owned = []Owned{user}
	if ledger.Learn(owned) || ledger[d.UID].Stored != server.ContentHash || !owned[0].Edited() {
		t.Fatalf("the user's edit was learned as the server's form: record %+v, edited %v", ledger[d.UID], owned[0].Edited())
	}
	for _, desired := range [][]entry.Entry{{d}, {renamed}} {
		if c := one(t, Reconcile(desired, owned, ledger, now, stamp)); c.Action != Keep || !c.KeptUserEdit {
			t.Errorf("the user's edit, planned %q: %s; want it kept as the user's", desired[0].Summary, describe([]Change{c}))
		}
	}
	if c := one(t, Reconcile(nil, owned, ledger, now, stamp)); c.Action != Keep || !c.KeptUserEdit {
		t.Errorf("the user's edit, no longer planned: %s; want it kept", describe([]Change{c}))
	}
	// Its source moves: the update keeps the user's text, and the ledger
	// learns no stored form of it.
	later := d
	later.Start, later.End = at(8, 11, 0), at(8, 11, 30)
	c := one(t, Reconcile([]entry.Entry{later}, owned, ledger, now, stamp))
	if c.Action != Update || !c.KeptUserEdit || c.OwnHash != "" || !strings.Contains(string(c.Data), "SUMMARY:My talk") {
		t.Fatalf("the user's edit, its source moved: %s (own hash %q); want an update keeping the user's text", describe([]Change{c}), c.OwnHash)
	}
	ledger.Wrote(d.UID, c.OwnHash, "update-etag")
	if e := ledger[d.UID]; e.Hash != "" || e.ETag != "" || e.Stored != "" {
		t.Errorf("after an update with the user's text the ledger still knows a stored form: %+v", e)
	}
}

// TestLearnOnlyOfItsOwnWrite: the ledger learns nothing from an entry
// whose X-NETSYNCD-HASH is of another write (another instance updated it)
// or at another href, nor for a record it dropped (a delete), and Wrote
// makes no record of an entry the ledger does not hold.
func TestLearnOnlyOfItsOwnWrite(t *testing.T) {
	d := planned("talk", 8, 10, `C:\new\data`)
	for _, tc := range []struct {
		name   string
		change func(l Ledger, o *Owned)
	}{
		{"another write's hash", func(l Ledger, o *Owned) { e := l[d.UID]; e.Hash = "0123456789abcdef0123456789abcdef"; l[d.UID] = e }},
		{"another href", func(l Ledger, o *Owned) { o.Href = "/elsewhere/" + d.UID + ".ics" }},
		{"deleted", func(l Ledger, o *Owned) { l.Deleting(d.UID, now) }},
		{"written without an ETag", func(l Ledger, o *Owned) { l.Wrote(d.UID, d.Hash(), "") }},
	} {
		ledger := Ledger{}
		owned := []Owned{serverCopy(t, created(t, d, ledger))}
		tc.change(ledger, &owned[0])
		if ledger.Learn(owned) || ledger[d.UID].Stored != "" || !owned[0].Edited() {
			t.Errorf("%s: learned %+v, edited %v; want nothing learned, the entry the user's", tc.name, ledger[d.UID], owned[0].Edited())
		}
	}
	l := Ledger{}
	l.Wrote(d.UID, d.Hash(), "etag")
	if len(l) != 0 {
		t.Errorf("Wrote made a record of an entry the ledger did not hold: %+v", l)
	}
}

// TestOldLedgerReadsAsBefore: a ledger written before the stored form was
// recorded loads, learns nothing, and the server's copy is the user's edit,
// as it was; a record with the fields round-trips through JSON.
func TestOldLedgerReadsAsBefore(t *testing.T) {
	d := planned("talk", 8, 10, `C:\new\data`)
	server := serverCopy(t, created(t, d, Ledger{}))
	var old Ledger
	if err := json.Unmarshal([]byte(`{"`+d.UID+`":{"created":"2026-12-01T12:00:00Z","href":"`+server.Href+`"}}`), &old); err != nil {
		t.Fatal(err)
	}
	owned := []Owned{server}
	if old.Learn(owned) || owned[0].ServerHash != "" || !owned[0].Edited() {
		t.Fatalf("an old ledger learned %+v", old[d.UID])
	}
	if c := one(t, Reconcile([]entry.Entry{d}, owned, old, now, stamp)); c.Action != Keep || !c.KeptUserEdit {
		t.Errorf("with an old ledger: %s; want the server's copy kept as the user's edit, as before", describe([]Change{c}))
	}
	l := Ledger{}
	created(t, d, l)
	l.Learn([]Owned{server})
	b, err := json.Marshal(l)
	if err != nil {
		t.Fatal(err)
	}
	var back Ledger
	if err := json.Unmarshal(b, &back); err != nil || back[d.UID].Hash != l[d.UID].Hash || back[d.UID].ETag != l[d.UID].ETag || back[d.UID].Stored != l[d.UID].Stored {
		t.Errorf("the record %+v came back from %s as %+v (%v)", l[d.UID], b, back[d.UID], err)
	}
	if !strings.Contains(string(b), `"stored":"`+server.ContentHash+`"`) {
		t.Errorf("the stored form is not in the JSON: %s", b)
	}
}
