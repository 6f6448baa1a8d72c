package people

import (
	"slices"
	"time"

	"github.com/netsyncd/netsyncd/internal/classify"
	"github.com/netsyncd/netsyncd/internal/config"
	"github.com/netsyncd/netsyncd/internal/event"
	"github.com/netsyncd/netsyncd/internal/limits"
)

// Learn returns l with the meetings of items added: the plug for a pass,
// which hands it the occurrences it classified anyway (and, once, those of
// people.history). For every occurrence in items, what items say now
// replaces what l had about it (a meeting since cancelled or declined is
// dropped); occurrences not in items are kept as they were. The same items
// learned twice give the same ledger. people.ignore, people.forget and
// employer.domains are applied to the whole ledger, old meetings included.
func Learn(l Ledger, items []limits.Item, cfg *config.Config, now time.Time) Ledger {
	return LearnNames(l, items, cfg, now, nil)
}

// LearnNames is Learn reading summaries' names through names (nil: its
// own), which the pass's other readers share.
func LearnNames(l Ledger, items []limits.Item, cfg *config.Config, now time.Time, names *Names) Ledger {
	f := newFilterNames(cfg, names)
	for i := range items {
		f.learnMyNames(&items[i].Occ)
	}
	out := l.clone()
	seen := out.forgetOccurrences(items)
	byName := out.emailsByName()
	order := chronological(items)
	// Networking occurrences first: they bring people into the ledger. Any
	// later occurrence with a known person is then a meeting too.
	for _, networking := range []bool{true, false} {
		touched := map[string]bool{}
		for _, i := range order {
			it := &items[i]
			if it.Class.Networking != networking || !seen[it.Occ.Key()] || !happened(&it.Occ, f, now) {
				continue
			}
			seen[it.Occ.Key()] = false // one event in two calendars counts once
			out.learn(it, f, byName, touched)
		}
		// Sorted once a loop, not once a meeting: one person met 20,000
		// times was 20,000 sorts of up to 20,000 meetings.
		for k := range touched {
			if p, ok := out.People[k]; ok {
				sortMeetings(p.Meetings)
			}
		}
	}
	out.prune(f)
	return out
}

// happened: started before now, not cancelled, not declined by me.
func happened(o *event.Occurrence, f filter, now time.Time) bool {
	return !o.Owned && !o.Cancelled() && o.Start.Before(now) && !declinedByMe(o, f)
}

// forgetOccurrences removes from l every meeting and event of an occurrence
// in items, and returns those occurrences' keys.
func (l *Ledger) forgetOccurrences(items []limits.Item) map[string]bool {
	seen := make(map[string]bool, len(items))
	for i := range items {
		seen[items[i].Occ.Key()] = true
	}
	for k, p := range l.People {
		kept := slices.DeleteFunc(p.Meetings, func(m Meeting) bool { return seen[m.Occ] })
		if len(kept) == 0 {
			delete(l.People, k)
			continue
		}
		p.Meetings = kept
		l.People[k] = p
	}
	for k := range l.Events {
		if seen[k] {
			delete(l.Events, k)
		}
	}
	return seen
}

func chronological(items []limits.Item) []int {
	order := make([]int, len(items))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return items[a].Occ.Start.Compare(items[b].Occ.Start) })
	return order
}

// learn adds one occurrence that happened. The meetings it appends are
// sorted by the caller, once, for every key learn puts in touched; what
// it reads of them before (FirstMet) holds because a loop's occurrences
// come in order and the ones of the non-networking loop are never added
// before a person's first meeting.
func (l *Ledger) learn(it *limits.Item, f filter, byName map[string]string, touched map[string]bool) {
	o := &it.Occ
	host := ""
	if it.Class.Networking && it.Class.Mode == classify.Passive {
		if host = hostOf(o, f); host != "" {
			l.Events[o.Key()] = Event{Occ: o.Key(), Start: o.Start, Summary: o.Summary, Host: host}
		}
	}
	people, others := f.present(o)
	for _, c := range people {
		key := l.resolve(c, byName)
		p, known := l.People[key]
		if !known && !it.Class.Networking {
			continue // a person enters the ledger at a networking occurrence
		}
		if known && !it.Class.Networking && o.Start.Before(p.FirstMet()) {
			continue // only a later event resets the cadence
		}
		p.Key = key
		p.update(c)
		if p.Email != "" && p.Name != "" {
			byName[NameKey(p.Name)] = key
		}
		p.Meetings = append(p.Meetings, Meeting{
			Occ: o.Key(), Start: o.Start, Summary: o.Summary, Location: o.Location,
			InPerson: it.Class.InPerson, OneOnOne: others == 1 && host == "", Networking: it.Class.Networking, Host: host,
		})
		touched[key] = true
		l.People[key] = p
	}
}

// emailsByName indexes the people known by email by the NameKey of their
// name.
func (l *Ledger) emailsByName() map[string]string {
	m := make(map[string]string, len(l.People))
	for k, p := range l.People {
		if p.Email != "" && p.Name != "" {
			m[NameKey(p.Name)] = k
		}
	}
	return m
}

// resolve finds the key a candidate is known under: an email person whose
// name is the one a summary gives, or a name-only person now seen with an
// email (whose meetings move to the email).
func (l *Ledger) resolve(c candidate, byName map[string]string) string {
	if c.email == "" {
		if k, ok := byName[c.key]; ok {
			if _, alive := l.People[k]; alive {
				return k
			}
		}
		return c.key
	}
	if c.name != "" {
		if old, ok := l.People[NameKey(c.name)]; ok {
			p := l.People[c.key]
			p.Meetings = append(p.Meetings, old.Meetings...)
			sortMeetings(p.Meetings)
			if p.Organization == "" {
				p.Organization = old.Organization
			}
			l.People[c.key] = p
			delete(l.People, old.Key)
		}
	}
	return c.key
}

// update takes the latest name, email and organisation seen.
func (p *Person) update(c candidate) {
	if c.name != "" {
		p.Name = c.name
	}
	if c.email != "" {
		p.Email = c.email
	}
	if c.org != "" {
		p.Organization = c.org
	}
}

// prune drops the people config says are never people.
func (l *Ledger) prune(f filter) {
	for k, p := range l.People {
		if f.excluded(p.Email, p.Name) {
			delete(l.People, k)
		}
	}
}
