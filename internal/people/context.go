package people

import (
	"time"

	"github.com/netsyncd/netsyncd/internal/config"
	"github.com/netsyncd/netsyncd/internal/event"
	"github.com/netsyncd/netsyncd/internal/limits"
)

// Context answers, for the entries of one pass, what the ledger knew of the
// people at an occurrence and of its host before it: the "who you will
// see" of a prep entry, the "who you met, new and known" of a follow-up,
// the host's track record. It reads the ledger and never changes it.
type Context struct {
	l      Ledger
	f      filter
	byName map[string]string
	hosts  map[string]Host
}

// NewContext builds the Context of a pass: items are the pass's
// occurrences (my own names are learned from them, as Learn does).
func NewContext(l Ledger, items []limits.Item, cfg *config.Config) *Context {
	return NewContextNames(l, items, cfg, nil)
}

// NewContextNames is NewContext reading summaries' names through names
// (nil: its own), which the pass's other readers share.
func NewContextNames(l Ledger, items []limits.Item, cfg *config.Config, names *Names) *Context {
	f := newFilterNames(cfg, names)
	for i := range items {
		f.learnMyNames(&items[i].Occ)
	}
	c := &Context{l: l, f: f, byName: l.emailsByName(), hosts: map[string]Host{}}
	for _, h := range Hosts(l) {
		c.hosts[h.Host] = h
	}
	return c
}

// Acquaintance is one person at an occurrence, with what the ledger knew
// of them before it. Known is false for a first meeting.
type Acquaintance struct {
	Key, Name, Email, Organization string
	Known                          bool
	Times                          int       // meetings before this occurrence
	LastMet                        time.Time // the last of those; zero when not Known
	LastSummary, LastLocation      string
}

// At lists the people at o, as Learn counts them (me, rooms, lists, the
// employer's domains and people.ignore left out), in the order the
// occurrence names them.
func (c *Context) At(o *event.Occurrence) []Acquaintance {
	cands, _ := c.f.present(o)
	out := make([]Acquaintance, 0, len(cands))
	for _, cand := range cands {
		a := Acquaintance{Key: cand.key, Name: cand.name, Email: cand.email, Organization: cand.org}
		if p, ok := c.lookup(cand); ok {
			a.Key = p.Key
			if a.Name == "" {
				a.Name = p.Name
			}
			if a.Organization == "" {
				a.Organization = p.Organization
			}
			for _, m := range p.Meetings {
				if m.Occ != o.Key() && m.Start.Before(o.Start) {
					a.Known, a.Times, a.LastMet = true, a.Times+1, m.Start
					a.LastSummary, a.LastLocation = m.Summary, m.Location
				}
			}
		}
		if a.Name == "" {
			a.Name = a.Email
		}
		out = append(out, a)
	}
	return out
}

// lookup finds the ledger's person for a candidate without changing the
// ledger (resolve's read-only twin).
func (c *Context) lookup(cand candidate) (Person, bool) {
	if p, ok := c.l.People[cand.key]; ok {
		return p, true
	}
	if cand.email == "" {
		if k, ok := c.byName[cand.key]; ok {
			p, ok := c.l.People[k]
			return p, ok
		}
		return Person{}, false
	}
	if cand.name != "" {
		p, ok := c.l.People[NameKey(cand.name)]
		return p, ok
	}
	return Person{}, false
}

// HostRecord is the track record of o's host before o: the host's name, its
// record, and whether the user attended any of its events before. host is
// "" when o has no host (the user organised it, or no one is named).
func (c *Context) HostRecord(o *event.Occurrence) (host string, rec Host, known bool) {
	host = hostOf(o, c.f)
	if host == "" {
		return "", Host{}, false
	}
	rec, known = c.hosts[host]
	if _, attended := c.l.Events[o.Key()]; attended && known {
		rec.Events-- // this very event is not its own track record
	}
	rec.Host = host
	return host, rec, known && (rec.Events > 0 || rec.PeopleMet > 0)
}
