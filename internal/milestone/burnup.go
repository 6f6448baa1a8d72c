package milestone

import (
	"slices"
	"time"
)

// Point is one step of a burn-up chart of active meetings: at At, how many
// had happened since the plan's start (Done, cumulative; -1 for a point
// after now), how many were on the calendar (Planned, cumulative), and
// where the milestones' pace puts the target (Target, cumulative; the
// milestones without an active_meetings target add nothing).
type Point struct {
	At                    time.Time
	Done, Planned, Target float64
}

// Burnup returns a point at the plan's start, every week after it, at now
// and at the last milestone's end (at most about 106 points).
func Burnup(in Input, ps []Progress) []Point {
	if len(ps) == 0 || !in.Start.Before(ps[len(ps)-1].End) {
		return nil
	}
	end := ps[len(ps)-1].End
	step := max(7*24*time.Hour, end.Sub(in.Start)/104)
	var times []time.Time
	for at := in.Start; at.Before(end); at = at.Add(step) {
		times = append(times, at)
	}
	times = append(times, end)
	if in.Now.After(in.Start) && in.Now.Before(end) {
		times = append(times, in.Now)
	}
	slices.SortFunc(times, time.Time.Compare)
	times = slices.CompactFunc(times, time.Time.Equal)
	occs := in.Record.sorted()
	out := make([]Point, 0, len(times))
	for _, at := range times {
		p := Point{At: at, Done: -1, Target: targetAt(ps, at)}
		for _, o := range occs {
			if o.Active && !o.Start.Before(in.Start) && o.Start.Before(at) {
				p.Planned++
			}
		}
		if !at.After(in.Now) {
			p.Done = p.Planned
		}
		out = append(out, p)
	}
	return out
}

// targetAt is the cumulative active-meeting target at t: every milestone
// ended before t in full, the one under way pro rata.
func targetAt(ps []Progress, t time.Time) float64 {
	var sum float64
	for _, p := range ps {
		if p.Target.ActiveMeetings == nil || !t.After(p.From) {
			continue
		}
		share := 1.0
		if t.Before(p.End) {
			share = t.Sub(p.From).Seconds() / p.End.Sub(p.From).Seconds()
		}
		sum += *p.Target.ActiveMeetings * share
	}
	return round2(sum)
}
