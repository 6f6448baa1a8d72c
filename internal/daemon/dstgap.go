package daemon

import (
	"math/bits"
	"time"

	"github.com/robfig/cron/v3"
)

// parseSchedule is the schedule key as the daemon runs it: cron's, with
// every wall time that falls in a daylight-saving gap run once, at the
// offset before the gap (as RFC 5545 section 3.3.5 reads such a time:
// 02:30 on the day New York springs forward is 03:30 EDT), instead of not
// at all. robfig/cron finds no 02:30 on that day and goes on to the next,
// so `30 2 * * *` skipped the day's pass once a year, in every zone with
// daylight saving (and `@daily` a day in Santiago, whose gap is at
// midnight); `*/20 2 * * *` runs at 03:00, 03:20 and 03:40 EDT that day,
// and a gap time that lands on a time cron runs anyway (`*/20 * * * *`:
// 02:00 is 03:00 EDT) is one pass, not two. A fold is left as cron makes
// it: an hourly schedule runs in both of the repeated hours, a daily one
// at 01:30 twice, which costs an idle pass.
func parseSchedule(spec string) (cron.Schedule, error) {
	s, err := cronParser.Parse(spec)
	if err != nil {
		return nil, err
	}
	return gapSchedule{s}, nil
}

type gapSchedule struct{ cron.Schedule }

// Next is the first time after t at which the schedule runs: for each
// date, each wall time the spec matches, at every instant the zone shows
// that wall time (two in a fold), or, for a wall time a gap took away, at
// the wall time read at the offset before the gap. robfig/cron's own Next
// is kept for @every only: its SpecSchedule walks the clock by whole
// hours, which skipped the gap's times, and at a half-hour change (Lord
// Howe Island) also skipped the day after the change for a daily pass.
// Like cron, it looks five years ahead and returns zero past that.
func (g gapSchedule) Next(t time.Time) time.Time {
	spec, ok := g.Schedule.(*cron.SpecSchedule)
	if !ok {
		return g.Schedule.Next(t) // @every: a duration, not a wall time
	}
	// The zone the spec reads its wall clock in: its own with a TZ= or
	// CRON_TZ= prefix, else t's.
	loc := t.Location()
	if spec.Location != time.Local {
		loc = spec.Location
	}
	w := t.In(loc)
	// From the date before t's: a fold at midnight (Santiago) shows the
	// evening before again after t.
	for d := time.Date(w.Year(), w.Month(), w.Day()-1, 0, 0, 0, 0, time.UTC); d.Year() <= w.Year()+5; d = d.AddDate(0, 0, 1) {
		if !dayMatches(spec, d) {
			continue
		}
		// The offsets the date's wall times can be shown at bound their
		// instants: none is before wall-hi nor after wall-lo.
		lo, hi := offsetsAround(d, loc)
		var best time.Time
	walls:
		for hours := spec.Hour &^ star; hours != 0; hours &= hours - 1 {
			hour := d.Add(time.Duration(bits.TrailingZeros64(hours)) * time.Hour)
			if !hour.Add(time.Hour - lo).After(t) {
				continue // the whole hour is shown at or before t
			}
			for mins := spec.Minute &^ star; mins != 0; mins &= mins - 1 {
				for secs := spec.Second &^ star; secs != 0; secs &= secs - 1 {
					wall := hour.Add(time.Duration(bits.TrailingZeros64(mins))*time.Minute + time.Duration(bits.TrailingZeros64(secs))*time.Second)
					if !wall.Add(-lo).After(t) {
						continue // shown at or before t, whatever its offset
					}
					if !best.IsZero() && wall.Add(-hi).After(best) {
						break walls // this and every later wall time come after best
					}
					for _, x := range instants(wall, loc) {
						if x.After(t) && (best.IsZero() || x.Before(best)) {
							best = x
						}
					}
				}
			}
		}
		if !best.IsZero() {
			return best.In(t.Location()) // the times of a later date all come after
		}
	}
	return time.Time{}
}

// offsetsAround are the least and the greatest offset of loc from the
// day before the date d (given as UTC) to the day after it.
func offsetsAround(d time.Time, loc *time.Location) (lo, hi time.Duration) {
	for i, at := range []time.Time{d.Add(-15 * time.Hour), d.Add(12 * time.Hour), d.Add(37 * time.Hour)} {
		_, o := at.In(loc).Zone()
		if off := time.Duration(o) * time.Second; i == 0 || off < lo {
			lo = off
		}
		if off := time.Duration(o) * time.Second; i == 0 || off > hi {
			hi = off
		}
	}
	return lo, hi
}

// star is cron's bit for a field written "*".
const star = 1 << 63

// has reports whether a cron field's bits hold v.
func has(field uint64, v int) bool { return field&(1<<uint(v)) != 0 }

// dayMatches is cron's rule for the date d: its month, and its day of the
// month and its weekday, either one when neither field is "*".
func dayMatches(s *cron.SpecSchedule, d time.Time) bool {
	if !has(s.Month, int(d.Month())) {
		return false
	}
	dom, dow := has(s.Dom, d.Day()), has(s.Dow, int(d.Weekday()))
	if s.Dom&star != 0 || s.Dow&star != 0 {
		return dom && dow
	}
	return dom || dow
}

// instants are the times at which loc's clock shows the wall time wall
// (given as UTC): one, two in a fold, and for a wall time a gap took away,
// the wall time at the offset before the gap (03:30 EDT for 02:30 on the
// day New York springs forward).
func instants(wall time.Time, loc *time.Location) []time.Time {
	// Every offset is within -12 h and +14 h, so the instants showing wall
	// lie between these two, with at most one change between them.
	_, early := wall.Add(-15 * time.Hour).In(loc).Zone()
	_, late := wall.Add(13 * time.Hour).In(loc).Zone()
	var out []time.Time
	for _, off := range []int{early, late} {
		x := wall.Add(-time.Duration(off) * time.Second)
		if _, o := x.In(loc).Zone(); o == off && (len(out) == 0 || !out[0].Equal(x)) {
			out = append(out, x)
		}
	}
	if len(out) == 0 { // a gap: the offset grew from early to late
		out = append(out, wall.Add(-time.Duration(min(early, late))*time.Second))
	}
	return out
}
