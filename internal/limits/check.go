package limits

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/netsyncd/netsyncd/internal/budget"
	"github.com/netsyncd/netsyncd/internal/classify"
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
	res, _ := CheckWith(nil, cfg, items, from, to)
	return res
}

// CheckWith is Check that ends early when ctx is done (returning its error)
// and keeps to cfg's budgets.findings_per_pass: the occurrences past it get
// no findings of their own, and one BudgetExceeded finding in the first
// week says how many were left unchecked.
func CheckWith(ctx context.Context, cfg *config.Config, items []Item, from, to time.Time) (Result, error) {
	return check(ctx, cfg, sortedCopy(items), from, to)
}

// CheckItems is CheckWith on items themselves: it sorts them, and the
// Result's Items are the same slice. For a caller that has no further use
// for items (package pipeline): at 50,000 events the copy was 9 MiB.
func CheckItems(ctx context.Context, cfg *config.Config, items []Item, from, to time.Time) (Result, error) {
	sort.SliceStable(items, func(i, j int) bool { return items[i].Occ.Start.Before(items[j].Occ.Start) })
	return check(ctx, cfg, items, from, to)
}

func check(ctx context.Context, cfg *config.Config, out []Item, from, to time.Time) (Result, error) {
	c := newChecker(cfg)
	weeks := weeksBetween(from, to, c.loc, time.Weekday(cfg.Limits.WeekStart))
	busy := newBusyIndex(out)
	tallies := make([]tally, len(out))
	tick := budget.NewTicker(ctx)
	room := cfg.Budgets.Limits().FindingsPerPass
	unchecked := 0
	for i := range out {
		if err := tick.Tick(); err != nil {
			return Result{}, err
		}
		it := &out[i]
		it.TravelMinutes, it.Zone, it.TravelNote, it.Findings, it.Hours, it.Opportunity = 0, "", "", nil, 0, ""
		tallies[i].week = -1
		if !Counted(it) {
			if ok, why := classify.Opportunity(&it.Occ, it.Class, cfg); ok {
				it.Opportunity = why
			}
			if exposed(it) {
				it.Findings = c.exposureFindings(it)
			}
			continue
		}
		tallies[i] = c.tally(it, weekIndex(weeks, it.Occ.Start))
		it.Hours = tallies[i].hours()
		if room <= 0 {
			unchecked++
			continue
		}
		it.Findings = c.itemFindings(it, &tallies[i], busy, i)
		room -= len(it.Findings)
	}
	c.summarize(weeks, out, tallies)
	if unchecked > 0 && len(weeks) > 0 {
		weeks[0].Findings = append(weeks[0].Findings, Finding{Code: BudgetExceeded, Message: fmt.Sprintf(
			"This pass has more than %d findings (budgets.findings_per_pass): %d networking events were not checked for findings; a calendar with that many events is probably broken: look for a series that repeats every minute or second.",
			cfg.Budgets.Limits().FindingsPerPass, unchecked)})
	}
	return Result{Items: out, Weeks: weeks}, nil
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

func newChecker(cfg *config.Config) *checker {
	c := &checker{lim: cfg.Limits, home: cfg.Me.Home, loc: cfg.Zone(), zones: newZones(cfg.Limits.Zones)}
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
// or cancelled, not owned by netsyncd. It answers in O(log n) how many
// overlap a span (sorted starts and ends, overall and per UID), and names a
// few of them by a scan of bounded length, so a pass over thousands of
// events at one time stays near-linear.
type busyIndex struct {
	items  []Item
	idx    []int // into items, by start
	maxDur time.Duration
	all    intervals
	byUID  map[string]*intervals
}

// intervals are the starts and the ends of some busy occurrences, each sorted.
type intervals struct{ starts, ends []time.Time }

// overlapping counts the spans that meet [s, e): those starting before e
// minus those ending at or before s (which all start before e too).
func (sp *intervals) overlapping(s, e time.Time) int {
	if sp == nil {
		return 0
	}
	before := sort.Search(len(sp.starts), func(k int) bool { return !sp.starts[k].Before(e) })
	ended := sort.Search(len(sp.ends), func(k int) bool { return sp.ends[k].After(s) })
	return max(before-ended, 0)
}

func (sp *intervals) sort() {
	sort.Slice(sp.starts, func(i, j int) bool { return sp.starts[i].Before(sp.starts[j]) })
	sort.Slice(sp.ends, func(i, j int) bool { return sp.ends[i].Before(sp.ends[j]) })
}

func newBusyIndex(items []Item) *busyIndex {
	b := &busyIndex{items: items, byUID: map[string]*intervals{}}
	for i := range items {
		o := &items[i].Occ
		if o.Transparent || o.Owned || o.Cancelled() || items[i].Class.Declined || spans(o) {
			continue
		}
		b.idx = append(b.idx, i)
		b.maxDur = max(b.maxDur, o.Duration())
		sp := b.byUID[o.UID]
		if sp == nil {
			sp = &intervals{}
			b.byUID[o.UID] = sp
		}
		for _, x := range []*intervals{&b.all, sp} {
			x.starts, x.ends = append(x.starts, o.Start), append(x.ends, o.End)
		}
	}
	b.all.sort()
	for _, sp := range b.byUID {
		sp.sort()
	}
	return b
}

// busyScan bounds the candidates around looks at for one occurrence.
const busyScan = 8 * budget.BusyNamed

// around calls f with at most budget.BusyNamed busy occurrences of other
// series that overlap [s, e), and returns how many more there are that it
// did not name. A series does not collide with itself: an hourly coffee's
// instances are not each other's busy time.
func (b *busyIndex) around(self int, s, e time.Time, f func(j int)) (more int) {
	me := &b.items[self].Occ
	total := b.all.overlapping(s, e) - b.byUID[me.UID].overlapping(s, e)
	named := 0
	lo := s.Add(-b.maxDur)
	k := sort.Search(len(b.idx), func(k int) bool { return !b.items[b.idx[k]].Occ.Start.Before(lo) })
	for scanned := 0; k < len(b.idx) && scanned < busyScan && named < budget.BusyNamed; k, scanned = k+1, scanned+1 {
		j := b.idx[k]
		o := &b.items[j].Occ
		if !o.Start.Before(e) {
			break
		}
		if j != self && o.End.After(s) && o.UID != me.UID {
			f(j)
			named++
		}
	}
	return max(total-named, 0)
}
