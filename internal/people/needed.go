package people

import (
	"time"

	"github.com/netsyncd/netsyncd/internal/config"
	"github.com/netsyncd/netsyncd/internal/event"
	"github.com/netsyncd/netsyncd/internal/limits"
)

// Needed reports, for each of items, whether Learn needs its class: the
// occurrence happened (as Learn judges it) and someone is there, a person
// as Learn finds them or a host it may have had. Learn gives the same
// ledger when the items Needed leaves out carry a zero Class, and their
// occurrences only what a lean reading keeps (event.Options.Lean): the
// daemon's first read of people.history classifies no more
// (pipeline.ClassifiedSome).
func Needed(items []limits.Item, cfg *config.Config, now time.Time) []bool {
	return NeededNames(items, cfg, now, nil)
}

// NeededNames is Needed reading summaries' names through names (nil: its
// own): the LearnNames that follows, given the same, reads them again free.
func NeededNames(items []limits.Item, cfg *config.Config, now time.Time, names *Names) []bool {
	f := newFilterNames(cfg, names)
	for i := range items {
		f.learnMyNames(&items[i].Occ) // as Learn does first: they change who is there
	}
	out := make([]bool, len(items))
	for i := range items {
		o := &items[i].Occ
		if !happened(o, f, now) {
			continue
		}
		people, _ := f.present(o)
		out[i] = len(people) > 0 || mayHaveHost(o, f)
	}
	return out
}

// mayHaveHost: hostOf can name a host of o, were it a passive networking
// event: it has an organiser other than me and not the employer's, or a
// ticketing link (whose description may name the host).
func mayHaveHost(o *event.Occurrence, f filter) bool {
	org := o.Organizer
	if org != "" && inAny(org, f.employer) {
		return false
	}
	mine := org == "" || f.me[org]
	return !mine || f.ticketLink(o.URL)
}
