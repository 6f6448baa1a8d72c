package plan

import (
	"slices"
	"sort"
	"time"

	"github.com/netsyncd/netsyncd/internal/config"
	"github.com/netsyncd/netsyncd/internal/event"
	"github.com/netsyncd/netsyncd/internal/limits"
)

// step is the grid entries are placed on: :00, :15, :30 and :45 local time.
const step = 15 * time.Minute

// span is a half-open interval [start, end).
type span struct{ start, end time.Time }

// busy is a sorted list of disjoint spans: the time that is taken.
type busy []span

// newBusy collects the busy time of a pass: every opaque occurrence that is
// not declined, not cancelled and not one of netsyncd's own entries, with
// the travel both ways around an in-person networking event.
func newBusy(items []limits.Item) busy {
	var b busy
	for i := range items {
		it := &items[i]
		o := &it.Occ
		if o.Owned || o.Transparent || o.Cancelled() || it.Class.Declined || !o.End.After(o.Start) {
			continue
		}
		travel := time.Duration(it.TravelMinutes) * time.Minute
		b = append(b, span{o.Start.Add(-travel), o.End.Add(travel)})
	}
	sort.Slice(b, func(i, j int) bool { return b[i].start.Before(b[j].start) })
	out := b[:0]
	for _, s := range b {
		if n := len(out); n > 0 && !s.start.After(out[n-1].end) {
			if s.end.After(out[n-1].end) {
				out[n-1].end = s.end
			}
			continue
		}
		out = append(out, s)
	}
	if len(out) < cap(b)/2 {
		// Held to the end of the plan: not the room of every busy
		// occurrence's span (0.9 MiB at 50,000 events) for the few merged.
		return slices.Clone(out)
	}
	return out
}

// overlaps reports whether [start, end) meets any busy span.
func (b busy) overlaps(start, end time.Time) bool {
	_, ok := b.first(start, end)
	return ok
}

// first returns the earliest busy span that [start, end) meets.
func (b busy) first(start, end time.Time) (span, bool) {
	// The spans are disjoint and sorted, so their ends are sorted too.
	i := sort.Search(len(b), func(i int) bool { return b[i].end.After(start) })
	if i < len(b) && b[i].start.Before(end) {
		return b[i], true
	}
	return span{}, false
}

// add marks [start, end) as busy, merging it with the spans it meets.
func (b *busy) add(start, end time.Time) {
	s := *b
	i := sort.Search(len(s), func(i int) bool { return !s[i].end.Before(start) })
	j := i
	for j < len(s) && !s[j].start.After(end) {
		if s[j].start.Before(start) {
			start = s[j].start
		}
		if s[j].end.After(end) {
			end = s[j].end
		}
		j++
	}
	if j > i {
		s[i] = span{start, end}
		s = append(s[:i+1], s[j:]...)
	} else {
		s = append(s, span{})
		copy(s[i+1:], s[i:])
		s[i] = span{start, end}
	}
	*b = s
}

// allowed reports whether [start, end) lies inside one window of the
// allowed times, read in local wall-clock time. No windows: always allowed.
func allowed(windows []config.AllowedTime, start, end time.Time, loc *time.Location) bool {
	if len(windows) == 0 {
		return true
	}
	s, e := start.In(loc), end.In(loc)
	from := s.Hour()*60 + s.Minute()
	to := e.Hour()*60 + e.Minute()
	if !sameDay(s, e) {
		// Only an entry ending exactly at midnight may run to "24:00".
		if !sameDay(s, e.Add(-time.Nanosecond)) || to != 0 || e.Second() != 0 {
			return false
		}
		to = 24 * 60
	}
	from, to = clocksBack(s, e, from, to)
	for _, w := range windows {
		if hasDay(w.Days, s.Weekday()) && from >= int(w.From) && to <= int(w.To) {
			return true
		}
	}
	return false
}

// clocksBack widens the wall-clock minutes [from, to] of the entry [s, e)
// by those it runs through when the clocks go back during it: 01:45 EDT to
// 01:15 EST also runs from 01:45 to 02:00 and from 01:00 on the wall
// clock, which its two ends alone do not show.
func clocksBack(s, e time.Time, from, to int) (int, int) {
	_, was := s.Zone()
	if _, is := e.Zone(); is >= was {
		return from, to
	}
	_, change := s.ZoneBounds()
	before := change.Add(-time.Minute).In(s.Location())
	to = max(to, before.Hour()*60+before.Minute()+1)
	if after := change.In(s.Location()); e.After(change) {
		from = min(from, after.Hour()*60+after.Minute())
	}
	return from, to
}

// nextAllowed returns the first grid time after s at which a slot of d
// lies inside one window of the allowed times, looking a week ahead; zero
// when there is none. Searches jump from window to window with it instead
// of walking the night in 15-minute steps.
func nextAllowed(windows []config.AllowedTime, s time.Time, d time.Duration, loc *time.Location) time.Time {
	if len(windows) == 0 {
		return s.Add(step)
	}
	l := s.In(loc)
	y, m, dd := l.Date()
	for day := 0; day <= 7; day++ {
		var best time.Time
		for _, w := range windows {
			if !hasDay(w.Days, time.Date(y, m, dd+day, 12, 0, 0, 0, loc).Weekday()) {
				continue
			}
			from := windowStart(y, m, dd+day, w.From, loc)
			if !from.After(s) {
				from = ceilStep(s.Add(time.Nanosecond), loc)
			}
			if allowed(windows, from, from.Add(d), loc) && (best.IsZero() || from.Before(best)) {
				best = from
			}
		}
		if !best.IsZero() {
			return best
		}
	}
	return time.Time{}
}

// prevAllowed returns the last grid time before s at which a slot of d
// lies inside one window of the allowed times, looking a week back; zero
// when there is none. It is nextAllowed for the prep's search backwards:
// a lead of days would otherwise walk every night in 15-minute steps, and
// a lead of years (which validation lets through) would never end.
func prevAllowed(windows []config.AllowedTime, s time.Time, d time.Duration, loc *time.Location) time.Time {
	if len(windows) == 0 {
		return s.Add(-step)
	}
	y, m, dd := s.In(loc).Date()
	for day := 0; day <= 7; day++ {
		var best time.Time
		for _, w := range windows {
			if !hasDay(w.Days, time.Date(y, m, dd-day, 12, 0, 0, 0, loc).Weekday()) {
				continue
			}
			last := floorStep(time.Date(y, m, dd-day, 0, int(w.To), 0, 0, loc).Add(-d), loc)
			if !last.Before(s) {
				last = floorStep(s.Add(-time.Nanosecond), loc)
			}
			if allowed(windows, last, last.Add(d), loc) && last.After(best) {
				best = last
			}
		}
		if !best.IsZero() {
			return best
		}
	}
	return time.Time{}
}

// windowStart is the first grid time of a window from the clock time from
// on the day y-m-d: on a day that begins at 01:00 (the clocks skip
// midnight, as in Santiago), a window from 00:00 starts at 01:00, not at
// 23:00 the day before, where time.Date puts the missing midnight.
func windowStart(y int, m time.Month, d int, from config.ClockTime, loc *time.Location) time.Time {
	t := time.Date(y, m, d, 0, int(from), 0, 0, loc)
	if start := event.DayStart(y, m, d, loc); t.Before(start) {
		t = start
	}
	return ceilStep(t, loc)
}

func sameDay(a, b time.Time) bool {
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	return ay == by && am == bm && ad == bd
}

func hasDay(days []config.Weekday, d time.Weekday) bool {
	for _, x := range days {
		if time.Weekday(x) == d {
			return true
		}
	}
	return false
}

// floorStep rounds t down to the 15-minute grid of local wall-clock time.
func floorStep(t time.Time, loc *time.Location) time.Time {
	l := t.In(loc)
	back := time.Duration(l.Minute()%15)*time.Minute + time.Duration(l.Second())*time.Second + time.Duration(l.Nanosecond())
	return l.Add(-back)
}

// ceilStep rounds t up to the 15-minute grid of local wall-clock time.
func ceilStep(t time.Time, loc *time.Location) time.Time {
	f := floorStep(t, loc)
	if f.Before(t) {
		f = f.Add(step)
	}
	return f
}
