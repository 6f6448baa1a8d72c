package reconcile

import (
	"time"

	"github.com/netsyncd/netsyncd/internal/entry"
)

// Owned is an entry netsyncd finds in the target calendar (see entry.Decode).
type Owned = entry.Owned

// LedgerEntry records one entry netsyncd created.
type LedgerEntry struct {
	Created time.Time `json:"created"`
	Href    string    `json:"href,omitempty"`
	// Deleted is when netsyncd deleted the entry itself (its source went
	// away); such an entry may be created again if its source comes back.
	Deleted time.Time `json:"deleted,omitzero"`

	// Hash, ETag and Stored are about netsyncd's last write of the entry
	// when its text was netsyncd's own (not the user's, kept): Hash is the
	// X-NETSYNCD-HASH it carried, ETag the ETag the server answered the
	// PUT with (until the first read of the entry after the write), and
	// Stored the ContentHash of the entry as the server stores it, learned
	// from that read when it is under that ETag (Learn). A server may store a copy other than the one PUT (Xandikos
	// 0.2.8 re-serialises "C:\new" as "C:", a line end and "ew"): the
	// entry is then still netsyncd's, not the user's edit. All empty in
	// ledgers written before they were recorded: such an entry is read
	// as before.
	Hash   string `json:"hash,omitempty"`
	ETag   string `json:"etag,omitempty"`
	Stored string `json:"stored,omitempty"`
}

// Ledger is every entry netsyncd ever created, by UID, kept in the state
// directory. It is how a pass tells "the user deleted it" from "never
// written". The caller keeps it in step with the writes:
//   - after a create succeeds: Created;
//   - before sending a delete: Deleting, and save the ledger first (a crash
//     between the two then errs towards recreating, never towards losing);
//   - at every pass: Adopt, so that an entry whose create succeeded just
//     before a crash is recorded.
type Ledger map[string]LedgerEntry

// Created records that netsyncd created uid at href.
func (l Ledger) Created(uid, href string, now time.Time) {
	l[uid] = LedgerEntry{Created: now, Href: href}
}

// Deleting records that netsyncd is about to delete uid itself.
func (l Ledger) Deleting(uid string, now time.Time) {
	e := l[uid]
	e.Deleted = now
	e.Hash, e.ETag, e.Stored = "", "", ""
	l[uid] = e
}

// Wrote records that netsyncd wrote uid with the X-NETSYNCD-HASH hash and
// its own text, and that the server answered etag; hash "" says the text
// written was the user's (kept), or that the write is not known, and
// forgets what the ledger knew of the entry's stored form. An entry the
// ledger does not hold is not recorded: Created and Adopt make records.
func (l Ledger) Wrote(uid, hash, etag string) {
	e, ok := l[uid]
	if !ok {
		return
	}
	if hash == "" {
		etag = ""
	}
	e.Hash, e.ETag, e.Stored = hash, etag, ""
	l[uid] = e
}

// Learn sets each owned entry's ServerHash from the ledger, learning it
// first from the first read of the entry after netsyncd's last write, when
// it is under the ETag the server answered that write with: that object
// is what the server made of the write, since any other change, the
// user's first, changes its ETag (the If-Match of every update relies on
// it). The record must be of the write the entry carries the
// X-NETSYNCD-HASH of, at the entry's href: a write by another instance, an
// entry copied elsewhere, are read as before. The ETag is forgotten at
// that first read, whatever it finds: no later read is trusted, since no
// pass need have seen what happened in between. It reports whether the
// ledger changed.
func (l Ledger) Learn(owned []Owned) bool {
	changed := false
	for i := range owned {
		o := &owned[i]
		e, ok := l[o.UID]
		if !ok || !e.Deleted.IsZero() || e.Hash == "" || e.Hash != o.StoredHash || PathOf(e.Href) != PathOf(o.Href) {
			continue
		}
		if e.ETag != "" {
			// The first read after the write, and only it: an entry read
			// under another ETag changed since (the user's edit, first),
			// and an ETag may come back on another object. SOGo's are a
			// version number per object, so an object made again at the
			// href (the user's edited copy put back by an undo, or moved
			// to another calendar and back) gets the ETag of netsyncd's
			// create, "gcs00000000", whether or not a pass saw the edit.
			if o.ETag == e.ETag {
				e.Stored = o.ContentHash
			}
			e.ETag = ""
			l[o.UID] = e
			changed = true
		}
		o.ServerHash = e.Stored
	}
	return changed
}

// Adopt records every consistent owned entry the ledger does not know and
// returns how many it added.
func (l Ledger) Adopt(owned []Owned, now time.Time) int {
	n := 0
	for i := range owned {
		o := &owned[i]
		if !o.Kind.Valid() || !o.Consistent() {
			continue
		}
		if e, ok := l[o.UID]; !ok || !e.Deleted.IsZero() {
			l[o.UID] = LedgerEntry{Created: now, Href: o.Href}
			n++
		}
	}
	return n
}

// Prune forgets entries created before cutoff. Pick a cutoff older than
// anything a pass can still plan (now - window.past - window.future - lead),
// or a user-deleted entry could come back.
func (l Ledger) Prune(cutoff time.Time) {
	for uid, e := range l {
		if e.Created.Before(cutoff) {
			delete(l, uid)
		}
	}
}

// userDeleted reports whether uid was created by netsyncd and deleted by
// someone else.
func (l Ledger) userDeleted(uid string) bool {
	e, ok := l[uid]
	return ok && e.Deleted.IsZero()
}
