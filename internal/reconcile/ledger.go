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
	l[uid] = e
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
