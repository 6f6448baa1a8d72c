package limits

import (
	"sort"
	"time"

	"github.com/netsyncd/netsyncd/internal/config"
)

// Check computes travel times and findings for every occurrence and sums up
// every week (in cfg.Location, starting on limits.week_start) that
// intersects [from, to).
//
// items are every occurrence of the window, networking or not: the others
// are the busy time that networking must not overlap. Rules:
//   - An occurrence counts towards limits when it is networking, neither
//     declined nor cancelled, and not an entry netsyncd owns.
//   - It counts in the week where it starts, even if it runs past midnight
//     or into the next week.
//   - In-person networking counts its duration plus travel both ways;
//     remote networking counts in Remote and RemoteHours, never in Hours.
//   - All-day and multi-day events count, per day, the part inside the
//     allowed times up to limits.all_day_hours (and travel both ways per day).
//   - A networking event without a mode counts as passive: nobody recorded
//     that the user arranged it.
//
// The returned items are a sorted copy (by Start); the input is not changed.
func Check(cfg *config.Config, items []Item, from, to time.Time) Result {
	c := newChecker(cfg, from.Location())
	out := sortedCopy(items)
	weeks := weeksBetween(from, to, c.loc, time.Weekday(cfg.Limits.WeekStart))
	busy := newBusyIndex(out)
	tallies := make([]tally, len(out))
	for i := range out {
		it := &out[i]
		it.TravelMinutes, it.Zone, it.TravelNote, it.Findings = 0, "", "", nil
		tallies[i].week = -1
		if !Counted(it) {
			if exposed(it) {
				it.Findings = c.exposureFindings(it)
			}
			continue
		}
		tallies[i] = c.tally(it, weekIndex(weeks, it.Occ.Start))
		it.Findings = c.itemFindings(it, &tallies[i], busy, i)
	}
	c.summarize(weeks, out, tallies)
	return Result{Items: out, Weeks: weeks}
}

// Counted reports whether an occurrence counts towards the limits.
func Counted(it *Item) bool {
	return it.Class.Networking && !it.Class.Declined && !it.Occ.Cancelled() && !it.Occ.Owned
}

// checker holds the config, prepared once per Check.
type checker struct {
	lim        config.Limits
	home       *config.LatLon
	loc        *time.Location
	allowed    [7][]window
	hasAllowed bool
	zones      []zone
	blocked    []phrase
}

func newChecker(cfg *config.Config, fallback *time.Location) *checker {
	c := &checker{lim: cfg.Limits, home: cfg.Me.Home, loc: cfg.Location, zones: newZones(cfg.Limits.Zones)}
	if c.loc == nil {
		c.loc = fallback
	}
	c.allowed, c.hasAllowed = newAllowed(cfg.Limits.AllowedTimes)
	for _, b := range cfg.Limits.BlockedLocations {
		c.blocked = append(c.blocked, newPhrase(b))
	}
	return c
}

func sortedCopy(items []Item) []Item {
	out := make([]Item, len(items))
	copy(out, items)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Occ.Start.Before(out[j].Occ.Start) })
	return out
}

// tally is what one counted occurrence adds to its week. Computing it
// also sets the item's travel fields.
type tally struct {
	week     int         // index into the weeks, -1 outside them
	counted  bool        // networking that counts
	inPerson bool        // counted in Hours (else in RemoteHours)
	minutes  float64     // the event itself (all-day: per-day hours)
	travel   float64     // travel both ways, every day, in minutes
	closed   []time.Time // days of a spanning event with no allowed time
	unknown  bool        // in person, travel is the default: location unknown
}

func (t *tally) hours() float64 { return (t.minutes + t.travel) / 60 }

func (c *checker) tally(it *Item, week int) tally {
	t := tally{week: week, counted: true, inPerson: it.Class.InPerson, minutes: it.Occ.Duration().Minutes()}
	days := 1
	if spans(&it.Occ) {
		t.minutes, days, t.closed = c.dayMinutes(&it.Occ)
	}
	if t.inPerson {
		tr := c.travelFor(it)
		it.TravelMinutes, it.Zone, it.TravelNote, t.unknown = tr.minutes, tr.zone, tr.note, tr.unknown
		t.travel = float64(2 * it.TravelMinutes * days)
	}
	return t
}

// busyIndex lists the occurrences that make time busy, in start order:
// opaque, timed (all-day events have no hours to collide with), not declined
// or cancelled, not owned by netsyncd.
type busyIndex struct {
	items  []Item
	idx    []int // into items, by start
	maxDur time.Duration
}

func newBusyIndex(items []Item) *busyIndex {
	b := &busyIndex{items: items}
	for i := range items {
		o := &items[i].Occ
		if o.Transparent || o.Owned || o.Cancelled() || items[i].Class.Declined || spans(o) {
			continue
		}
		b.idx = append(b.idx, i)
		b.maxDur = max(b.maxDur, o.Duration())
	}
	return b
}

// around calls f with each busy occurrence (other than self) that overlaps [s, e).
func (b *busyIndex) around(self int, s, e time.Time, f func(j int)) {
	lo := s.Add(-b.maxDur)
	k := sort.Search(len(b.idx), func(k int) bool { return !b.items[b.idx[k]].Occ.Start.Before(lo) })
	for ; k < len(b.idx); k++ {
		j := b.idx[k]
		o := &b.items[j].Occ
		if !o.Start.Before(e) {
			return
		}
		if j != self && o.End.After(s) && o.Key() != b.items[self].Occ.Key() {
			f(j)
		}
	}
}
