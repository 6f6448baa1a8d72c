package plan

import (
	"time"

	"github.com/netsyncd/netsyncd/internal/limits"
)

// travel is the one-way travel time of an occurrence.
func travel(it *limits.Item) time.Duration { return time.Duration(it.TravelMinutes) * time.Minute }

// prepSlot finds the latest free slot that ends before travel to the event
// starts and starts no earlier than output.prep.lead before the event. With
// none, it returns the slot right before travel, and false.
func (p *planner) prepSlot(it *limits.Item) (time.Time, bool) {
	d := p.cfg.Output.Prep.Duration.D()
	leave := it.Occ.Start.Add(-travel(it)).In(p.loc)
	earliest := it.Occ.Start.Add(-p.cfg.Output.Prep.Lead.D())
	for s := floorStep(leave.Add(-d), p.loc); !s.Before(earliest); {
		if b, busy := p.busy.first(s, s.Add(d)); busy {
			// Every earlier start up to b.start-d meets b too: jump past it.
			s = floorStep(b.start.Add(-d), p.loc)
			continue
		}
		if allowed(p.cfg.Limits.AllowedTimes, s, s.Add(d), p.loc) {
			return s, true
		}
		if s = prevAllowed(p.cfg.Limits.AllowedTimes, s, d, p.loc); s.IsZero() {
			break
		}
	}
	return leave.Add(-d), false
}

// followupSlot finds the first free slot inside the allowed times that
// starts after the event and the travel back, no later than
// output.followup.after after the event's end. With none, it takes the
// first such slot in the week after that (a Saturday gala's follow-up goes
// to Monday morning, not to Saturday night), and only then the first grid
// time after the travel back.
func (p *planner) followupSlot(it *limits.Item) time.Time {
	back := ceilStep(it.Occ.End.Add(travel(it)), p.loc)
	latest := it.Occ.End.Add(p.cfg.Output.Followup.After.D())
	if s, ok := p.firstFree(back, latest); ok {
		return s
	}
	// From the travel back at the earliest: an after shorter than the
	// travel would otherwise let a free (transparent) event's follow-up
	// start on the way home.
	if s, ok := p.firstFree(maxTime(latest, back), latest.Add(followupReach)); ok {
		return s
	}
	return back
}

// followupReach is how far past output.followup.after a follow-up is
// searched before it falls back to the time right after the event.
const followupReach = 7 * 24 * time.Hour

// firstFree returns the first grid time in [from, latest] where a
// follow-up fits: free and inside the allowed times.
func (p *planner) firstFree(from, latest time.Time) (time.Time, bool) {
	return p.freeSlot(from, latest, p.cfg.Output.Followup.Duration.D())
}

// freeSlot returns the first grid time in [from, latest] where a slot of d
// is free and inside the allowed times.
func (p *planner) freeSlot(from, latest time.Time, d time.Duration) (time.Time, bool) {
	for s := ceilStep(from, p.loc); !s.After(latest); {
		if b, busy := p.busy.first(s, s.Add(d)); busy {
			s = ceilStep(b.end, p.loc) // every later start before b.end meets b
			continue
		}
		if allowed(p.cfg.Limits.AllowedTimes, s, s.Add(d), p.loc) {
			return s, true
		}
		if s = nextAllowed(p.cfg.Limits.AllowedTimes, s, d, p.loc); s.IsZero() {
			break
		}
	}
	return time.Time{}, false
}
