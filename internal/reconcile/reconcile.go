package reconcile

import (
	"sort"
	"time"

	"github.com/netsyncd/netsyncd/internal/entry"
)

// Action is what a change does.
type Action string

const (
	Create Action = "create" // PUT with If-None-Match: *
	Update Action = "update" // PUT with If-Match
	Delete Action = "delete" // DELETE with If-Match
	Keep   Action = "keep"   // no request
)

// Change is one decision of a pass.
type Change struct {
	Action Action
	UID    string
	// Href is the owned entry's href for an update, delete or keep; for a
	// create, the object name to use in the target calendar (UID + ".ics").
	Href string
	// Entry is the desired entry as planned, nil when none is (a delete).
	// It is not always what Data holds: an update that keeps the user's
	// text or times writes those instead. After a 412, re-reconcile with
	// Entry, never with what Data holds.
	Entry *entry.Entry
	Owned *Owned // the entry in the calendar, if any
	Data  []byte // the body to PUT (create, update)
	// IfMatch is the owned entry's ETag (update, delete).
	IfMatch string
	Reason  string
	// KeptUserEdit: the user's text, times or alarms differ from the plan and won.
	KeptUserEdit bool
	// OwnHash is the X-NETSYNCD-HASH Data carries when its text is
	// netsyncd's own (a create, an update that keeps no text of the
	// user's), "" otherwise: the ledger learns how the server stores a
	// write of netsyncd's text only (Ledger.Wrote), never of the user's.
	OwnHash string
}

// Reconcile returns the changes that bring the target calendar to desired,
// in the order they should be applied (see the package doc).
func Reconcile(desired []entry.Entry, owned []Owned, ledger Ledger, now time.Time, opts entry.EncodeOptions) []Change {
	r := newRun(owned, ledger, now, opts)
	for i := range desired {
		r.desired(&desired[i])
	}
	r.leftovers()
	return r.sorted()
}

type run struct {
	ledger  Ledger
	now     time.Time
	opts    entry.EncodeOptions
	byUID   map[string]*Owned
	foreign map[string]bool // UIDs of objects without netsyncd's marker
	done    map[string]bool // UIDs decided
	changes []Change
}

func newRun(owned []Owned, ledger Ledger, now time.Time, opts entry.EncodeOptions) *run {
	if opts.As == "" {
		opts.As = "event"
	}
	r := &run{ledger: ledger, now: now, opts: opts, byUID: map[string]*Owned{}, foreign: map[string]bool{}, done: map[string]bool{}}
	idx := make([]int, len(owned))
	for i := range idx {
		idx[i] = i
	}
	// The first href wins when two objects share a UID; the other is left alone.
	sort.SliceStable(idx, func(a, b int) bool { return owned[idx[a]].Href < owned[idx[b]].Href })
	for _, i := range idx {
		o := &owned[i]
		switch {
		case o.Kind == "":
			r.foreign[o.UID] = true
		case r.byUID[o.UID] != nil:
			r.add(Change{Action: Keep, UID: o.UID, Href: o.Href, Owned: o, Reason: "another object in the calendar has the same UID; left alone"})
		default:
			r.byUID[o.UID] = o
		}
	}
	return r
}

func (r *run) add(c Change) { r.changes = append(r.changes, c) }

// desired decides one desired entry.
func (r *run) desired(d *entry.Entry) {
	if r.done[d.UID] {
		return
	}
	r.done[d.UID] = true
	if o := r.byUID[d.UID]; o != nil {
		r.match(d, o)
		return
	}
	c := Change{Action: Keep, UID: d.UID, Entry: d}
	switch {
	case r.foreign[d.UID]:
		c.Reason = "an object without netsyncd's marker has this UID; not touched"
	case r.ledger.userDeleted(d.UID):
		c.Reason = "created before and deleted by the user; not created again"
	case !d.Until.After(r.now):
		c.Reason = "already over; not created"
	default:
		o := r.opts
		o.Sequence = 0
		c = Change{Action: Create, UID: d.UID, Href: d.UID + ".ics", Entry: d, Data: entry.Encode(*d, o), Reason: "new", OwnHash: d.Hash()}
	}
	r.add(c)
}
