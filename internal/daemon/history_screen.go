package daemon

import (
	"hash/maphash"

	"github.com/netsyncd/netsyncd/internal/budget"
	"github.com/netsyncd/netsyncd/internal/event"
	"github.com/netsyncd/netsyncd/internal/people"
)

// pastSet is the objects the history read learns from, in the order read,
// and what the guards of leaving some out need to know of them. An object
// that can bring no one (people.Look.NoOne: most of a year of history, a
// dentist, a gym class, a flight) is kept aside, not read: learnPast
// learns from the others alone when that gives the very ledger learning
// from all of them gives (exact), else from all.
type pastSet struct {
	srcs []event.Source
	out  []bool // srcs[i] is left out
	// uids are the UID keys (people.NormUID) of the objects learned from,
	// left those of the objects left out: one UID in two objects (an
	// override in a resource of its own, one event in two calendars) is
	// one occurrence to the pass, which the object left out may be.
	// They are kept hashed: two UIDs of one hash are one UID to the
	// guard, which only makes it more careful.
	uids, left map[uint64]bool
	// zones are the zone names any of them may make the parser look up
	// (people.Screen.Look): the pass looks up budget.ZoneNames at most,
	// and one left out must not free room for another's.
	zones map[string]bool
	// events are the VEVENTs of the objects left out, an upper bound of
	// their occurrences (budget.OccurrencesPerPass).
	events int
	// Look's scratch and callbacks, made once.
	buf       people.LookBuf
	ids       []uint64
	uid, zone func([]byte)
}

func newPastSet() *pastSet {
	p := &pastSet{uids: map[uint64]bool{}, left: map[uint64]bool{}, zones: map[string]bool{}}
	p.uid = func(k []byte) { p.ids = append(p.ids, maphash.Bytes(uidSeed, k)) }
	p.zone = func(name []byte) {
		if !p.zones[string(name)] {
			p.zones[string(name)] = true
		}
	}
	return p
}

// uidSeed hashes the UID keys of every pastSet of the process.
var uidSeed = maphash.MakeSeed()

// look reads data with screen: the guards' facts (its zone names noted
// already, its UID keys returned for keep), and whether the object may be
// left out.
// The keys are valid until the next look.
func (p *pastSet) look(screen *people.Screen, data []byte) (people.Look, []uint64) {
	p.ids = p.ids[:0]
	l := screen.Look(data, &p.buf, p.uid, p.zone)
	return l, p.ids
}

// keep appends src, of which look found l and ids; leave: it may be left
// out if it can bring no one (the objects of the window's series never
// are).
func (p *pastSet) keep(src event.Source, l people.Look, ids []uint64, leave bool) {
	out := leave && l.NoOne
	in := p.uids
	if out {
		in, p.events = p.left, p.events+l.Events
	}
	for _, k := range ids {
		in[k] = true
	}
	p.srcs, p.out = append(p.srcs, src), append(p.out, out)
}

// add is look and keep.
func (p *pastSet) add(screen *people.Screen, src event.Source, data []byte, leave bool) {
	l, ids := p.look(screen, data)
	p.keep(src, l, ids, leave)
}

// facts is a pastSet of data's UID keys and zone names alone, to merge
// when data joins a set.
func facts(screen *people.Screen, data []byte) *pastSet {
	f := newPastSet()
	l, ids := f.look(screen, data)
	f.keep(event.Source{}, l, ids, false)
	f.srcs, f.out = nil, nil
	return f
}

// merge appends q's objects after p's.
func (p *pastSet) merge(q *pastSet) {
	p.srcs, p.out = append(p.srcs, q.srcs...), append(p.out, q.out...)
	for k := range q.uids {
		p.uids[k] = true
	}
	for k := range q.left {
		p.left[k] = true
	}
	for k := range q.zones {
		p.zones[k] = true
	}
	p.events += q.events
}

// exact: learning without the objects left out gives the ledger learning
// from all gives, as far as the bytes tell (learnPast checks the
// occurrences after): no UID of one left out is another's (whose
// occurrence it could be in the full reading, or cancel), and the zone
// names of all are fewer than the pass looks up.
func (p *pastSet) exact() bool {
	for k := range p.left {
		if p.uids[k] {
			return false
		}
	}
	return len(p.zones) < budget.ZoneNames
}

// kept is the objects learned from when some are left out.
func (p *pastSet) kept() []event.Source {
	out := make([]event.Source, 0, len(p.srcs))
	for i, src := range p.srcs {
		if !p.out[i] {
			out = append(out, src)
		}
	}
	return out
}

// leftOut counts the objects left out.
func (p *pastSet) leftOut() int {
	n := 0
	for _, o := range p.out {
		if o {
			n++
		}
	}
	return n
}
