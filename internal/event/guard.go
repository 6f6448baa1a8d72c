package event

import "github.com/teambition/rrule-go"

// possible reports whether a rule can produce an instance without sending
// rrule-go into a loop it does not leave: it looks for the next period
// with a match, forever when BYHOUR/BYMINUTE/BYSECOND can never be reached
// by the interval (FREQ=HOURLY;INTERVAL=24;BYHOUR=5 from 00:00), and until
// the year 9999 when the day filters can never agree (BYMONTH=2;BYMONTHDAY=30).
func possible(o rrule.ROption) bool {
	return clockReachable(o) && monthDayPossible(o) && setPosPossible(o) && ordinalPossible(o)
}

// ordinalPossible: an ordinal BYDAY (5MO, -1FR) of a MONTHLY rule, or of a
// YEARLY one with BYMONTH, is the nth such weekday of a month, of which
// there are at most 5; of a YEARLY one without, of the year, at most 53
// (other frequencies ignore the number).
func ordinalPossible(o rrule.ROption) bool {
	if len(o.Byweekday) == 0 || o.Freq != rrule.MONTHLY && o.Freq != rrule.YEARLY {
		return true
	}
	limit := 53
	if o.Freq == rrule.MONTHLY || len(o.Bymonth) > 0 {
		limit = 5
	}
	for _, d := range o.Byweekday {
		if n := d.N(); n <= limit && -n <= limit {
			return true
		}
	}
	return false
}

// clockReachable: a sub-daily rule steps through the times of day
// dtstart + k*interval, one residue class modulo gcd(interval, units per
// day), and rrule-go steps until BYHOUR (and BYMINUTE, BYSECOND below
// MINUTELY, SECONDLY) all match.
func clockReachable(o rrule.ROption) bool {
	ds := o.Dtstart
	hours, minutes, seconds := orAll(o.Byhour, 24), []int{ds.Minute()}, []int{ds.Second()}
	unit := 3600
	switch o.Freq {
	case rrule.HOURLY:
	case rrule.MINUTELY:
		unit, minutes = 60, orAll(o.Byminute, 60)
	case rrule.SECONDLY:
		unit, minutes, seconds = 1, orAll(o.Byminute, 60), orAll(o.Bysecond, 60)
	default:
		return true
	}
	g := gcd(max(o.Interval, 1), 86400/unit)
	start := (ds.Hour()*3600 + ds.Minute()*60 + ds.Second()) / unit
	for _, h := range hours {
		for _, m := range minutes {
			for _, s := range seconds {
				if at := (h*3600 + m*60 + s) / unit; ((at-start)%g+g)%g == 0 {
					return true
				}
			}
		}
	}
	return false
}

func orAll(list []int, n int) []int {
	if len(list) > 0 {
		return list
	}
	all := make([]int, n)
	for i := range all {
		all[i] = i
	}
	return all
}

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// monthDayPossible: some BYMONTHDAY must exist in some BYMONTH.
func monthDayPossible(o rrule.ROption) bool {
	if len(o.Bymonthday) == 0 {
		return true
	}
	days := [13]int{0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}
	for _, m := range orAll(o.Bymonth, 13) {
		if m < 1 || m > 12 {
			continue
		}
		for _, d := range o.Bymonthday {
			if d != 0 && d <= days[m] && -d <= days[m] {
				return true
			}
		}
	}
	return false
}

// setPosPossible: BYSETPOS picks from the instances of one period, so some
// position must fit the largest set a period of that frequency can hold.
func setPosPossible(o rrule.ROption) bool {
	if len(o.Bysetpos) == 0 {
		return true
	}
	days := map[rrule.Frequency]int{rrule.YEARLY: 366, rrule.MONTHLY: 31, rrule.WEEKLY: 7}[o.Freq]
	if days == 0 {
		days = 1
	}
	times := max(len(o.Byhour), 1) * max(len(o.Byminute), 1) * max(len(o.Bysecond), 1)
	for _, p := range o.Bysetpos {
		if p != 0 && p <= days*times && -p <= days*times {
			return true
		}
	}
	return false
}
