package daemon

import (
	"time"

	"github.com/robfig/cron/v3"
)

// parseSchedule is the schedule key as the daemon runs it: cron's, with a
// pass whose wall time falls in a daylight-saving gap run at the same
// offset as before the gap (as RFC 5545 section 3.3.5 reads such a time:
// 02:30 on the day New York springs forward is 03:30 EDT), instead of not
// at all. robfig/cron finds no 02:30 on that day and goes on to the next,
// so `30 2 * * *` skipped the day's pass once a year, in every zone with
// daylight saving (and `@daily` a day in Santiago, whose gap is at
// midnight). A fold is left as cron makes it: an hourly schedule runs in
// both of the repeated hours, a daily one at 01:30 twice, which costs an
// idle pass.
func parseSchedule(spec string) (cron.Schedule, error) {
	s, err := cronParser.Parse(spec)
	if err != nil {
		return nil, err
	}
	return gapSchedule{s}, nil
}

type gapSchedule struct{ cron.Schedule }

// Next is the inner schedule's next time after t, or, when the offset of
// t's zone grows before that (a gap lies between), the first time the
// schedule would match reading the wall clock at t's offset, if that comes
// sooner: a match in the gap, which cron skipped. Only a wall time the gap
// took away can come sooner (every other wall time exists at both offsets,
// and the later offset reaches it first), so nothing else moves.
func (g gapSchedule) Next(t time.Time) time.Time {
	n := g.Schedule.Next(t)
	if n.IsZero() {
		return n
	}
	// The zone the spec reads its wall clock in: its own with a TZ= or
	// CRON_TZ= prefix, else t's.
	loc := t.Location()
	spec, own := g.Schedule.(*cron.SpecSchedule)
	own = own && spec.Location != time.Local
	if own {
		loc = spec.Location
	}
	_, before := t.In(loc).Zone()
	_, after := n.In(loc).Zone()
	if after <= before {
		return n
	}
	fixed := time.FixedZone("", before)
	var m time.Time
	if own {
		at := *spec
		at.Location = fixed
		m = at.Next(t)
	} else {
		m = g.Schedule.Next(t.In(fixed))
	}
	if !m.IsZero() && m.After(t) && m.Before(n) {
		return m.In(t.Location())
	}
	return n
}
