package plan

import (
	"time"

	"github.com/netsyncd/netsyncd/internal/limits"
)

// free reports whether [start, end) is inside the allowed times and meets
// no busy time.
func (p *planner) free(start, end time.Time) bool {
	return !p.busy.overlaps(start, end) && allowed(p.cfg.Limits.AllowedTimes, start, end, p.loc)
}

// travel is the one-way travel time of an occurrence.
func travel(it *limits.Item) time.Duration { return time.Duration(it.TravelMinutes) * time.Minute }

// prepSlot finds the latest free slot that ends before travel to the event
// starts and starts no earlier than output.prep.lead before the event. With
// none, it returns the slot right before travel, and false.
func (p *planner) prepSlot(it *limits.Item) (time.Time, bool) {
	d := p.cfg.Output.Prep.Duration.D()
	leave := it.Occ.Start.Add(-travel(it)).In(p.loc)
	earliest := it.Occ.Start.Add(-p.cfg.Output.Prep.Lead.D())
	for s := floorStep(leave.Add(-d), p.loc); !s.Before(earliest); s = s.Add(-step) {
		if p.free(s, s.Add(d)) {
			return s, true
		}
	}
	return leave.Add(-d), false
}

// followupSlot finds the first free slot that starts after the event and
// the travel back, no later than output.followup.after after the event's
// end. With none, it returns the first grid time after the travel back.
func (p *planner) followupSlot(it *limits.Item) time.Time {
	d := p.cfg.Output.Followup.Duration.D()
	back := ceilStep(it.Occ.End.Add(travel(it)), p.loc)
	latest := it.Occ.End.Add(p.cfg.Output.Followup.After.D())
	for s := back; !s.After(latest); s = s.Add(step) {
		if p.free(s, s.Add(d)) {
			return s
		}
	}
	return back
}
