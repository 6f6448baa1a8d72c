package event

import (
	"errors"
	"fmt"
	"time"

	"github.com/netsyncd/netsyncd/internal/budget"

	"github.com/teambition/rrule-go"
)

const (
	// maxPerSeries caps the occurrences one object may have inside a
	// window when no budget is given (budgets.occurrences_per_object).
	maxPerSeries = budget.DefaultOccurrencesPerObject
	// maxSteps caps how many instances a rule with COUNT may walk through
	// before the window (COUNT rules cannot skip ahead: see fastForward).
	maxSteps = budget.RuleSteps
)

var errTruncated = errors.New("too many occurrences: truncated")

// errWalk is a rule truncated because it walked maxSteps instances without
// reaching the end of the window (a COUNT rule from long ago).
var errWalk = fmt.Errorf("%w: the rule walks more than %d instances before the window ends (a rule with COUNT cannot skip ahead); the occurrences found by then are read; a later DTSTART would fix it", errTruncated, maxSteps)

// ruleStarts returns the wall-clock starts (see wall) that the rule opt,
// anchored at the wall-clock start ds, generates within [lo, hi]. At most
// limit of them may start at or after in (the window proper; those between
// lo and in can only overlap it by their length).
//
// rrule-go walks from DTSTART, so a rule must be moved close to the window
// first (fastForward) or an RRULE:FREQ=MINUTELY from 1990 costs minutes;
// and some rules make it loop forever or until the year 9999 (impossible),
// which guard refuses first.
func ruleStarts(opt rrule.ROption, ds, lo, in, hi time.Time, limit int, tick *budget.Ticker) ([]time.Time, error) {
	if ds.Year() < 1 || ds.Year() > 9999 {
		return nil, errors.New("DTSTART is outside the years 1 to 9999")
	}
	opt.Dtstart = ds
	fillDefaults(&opt)
	if !possible(opt) {
		return nil, nil
	}
	if opt.Count == 0 {
		fastForward(&opt, lo)
	}
	if !opt.Until.IsZero() && opt.Until.Before(opt.Dtstart) {
		return nil, nil
	}
	years := cycleShift(hi)
	opt.Dtstart = opt.Dtstart.AddDate(years, 0, 0)
	if !opt.Until.IsZero() {
		opt.Until = opt.Until.AddDate(years, 0, 0)
	}
	lo, in, hi = lo.AddDate(years, 0, 0), in.AddDate(years, 0, 0), hi.AddDate(years, 0, 0)
	r, err := rrule.NewRRule(opt)
	if err != nil {
		return nil, err
	}
	var out []time.Time
	counted := 0
	next := r.Iterator()
	for steps := 0; ; steps++ {
		if err := tick.Tick(); err != nil {
			return out, err
		}
		v, ok := next()
		switch {
		case !ok || v.After(hi):
			return out, nil
		case steps >= maxSteps:
			return out, errWalk
		case v.Before(lo):
			continue
		}
		if !v.Before(in) {
			if counted++; counted > limit {
				return out, errTruncated
			}
		}
		out = append(out, v.AddDate(-years, 0, 0))
	}
}

// cycleShift is how many years ruleStarts moves a rule and its window
// forward: whole cycles of the Gregorian calendar (400 years, exactly
// 146,097 days or 20,871 weeks, the same weekdays and leap years), so the
// rule makes the same instances there, shifted, and as many as bring hi
// within 400 years of rrule-go's last year (9999). rrule-go looks for the
// next period with a match until that year: a rule whose filters never
// agree (FREQ=MONTHLY;BYDAY=6MO, BYYEARDAY=-1;BYMONTH=1) walked from the
// window to the year 9999 for every object and every pass, 0.25 s of CPU
// for a monthly one (200 of them: 39 s a pass), and now walks at most 400
// years past the window.
func cycleShift(hi time.Time) int {
	return max(0, (rrule.MAXYEAR-hi.Year())/400) * 400
}

// fillDefaults writes down the parts that rrule-go would otherwise take from
// DTSTART (RFC 5545 section 3.3.10: "information, not contained in the rule,
// necessary to determine the various recurrence instance start time and
// dates are derived from the Start Time"), so that moving DTSTART keeps them.
func fillDefaults(o *rrule.ROption) {
	ds := o.Dtstart
	if len(o.Byweekno)+len(o.Byyearday)+len(o.Bymonthday)+len(o.Byweekday) == 0 {
		switch o.Freq {
		case rrule.YEARLY:
			if len(o.Bymonth) == 0 {
				o.Bymonth = []int{int(ds.Month())}
			}
			o.Bymonthday = []int{ds.Day()}
		case rrule.MONTHLY:
			o.Bymonthday = []int{ds.Day()}
		case rrule.WEEKLY:
			o.Byweekday = []rrule.Weekday{[]rrule.Weekday{rrule.SU, rrule.MO, rrule.TU, rrule.WE, rrule.TH, rrule.FR, rrule.SA}[ds.Weekday()]}
		}
	}
	if len(o.Byhour) == 0 && o.Freq < rrule.HOURLY {
		o.Byhour = []int{ds.Hour()}
	}
	if len(o.Byminute) == 0 && o.Freq < rrule.MINUTELY {
		o.Byminute = []int{ds.Minute()}
	}
	if len(o.Bysecond) == 0 && o.Freq < rrule.SECONDLY {
		o.Bysecond = []int{ds.Second()}
	}
}

// fastForward moves DTSTART to shortly before lo by whole periods of the
// rule, so the instances from lo on are the same and the walk is short.
// Yearly and monthly rules restart at the first of a period (fillDefaults
// has pinned the month day and time); the others move by exact multiples.
func fastForward(o *rrule.ROption, lo time.Time) {
	ds, n := o.Dtstart, o.Interval
	if n < 1 {
		n = 1
	}
	if !ds.Before(lo) {
		return
	}
	var unit time.Duration
	switch o.Freq {
	case rrule.YEARLY:
		if k := (lo.Year()-ds.Year())/n - 1; k > 0 {
			o.Dtstart = time.Date(ds.Year()+k*n, 1, 1, 0, 0, 0, 0, time.UTC)
		}
		return
	case rrule.MONTHLY:
		months := (lo.Year()-ds.Year())*12 + int(lo.Month()-ds.Month())
		if k := months/n - 1; k > 0 {
			o.Dtstart = time.Date(ds.Year(), ds.Month()+time.Month(k*n), 1, 0, 0, 0, 0, time.UTC)
		}
		return
	case rrule.WEEKLY:
		unit = 7 * 24 * time.Hour
	case rrule.DAILY:
		unit = 24 * time.Hour
	case rrule.HOURLY:
		unit = time.Hour
	case rrule.MINUTELY:
		unit = time.Minute
	default:
		unit = time.Second
	}
	step := unit * time.Duration(n)
	// Sub saturates at about 290 years: 40 rounds reach any window from
	// the year 1 (4 left a DAILY rule of the year 1 300,000 days short).
	for range 40 {
		k := int64(lo.Sub(o.Dtstart)/step) - 1
		if k <= 0 {
			return
		}
		o.Dtstart = o.Dtstart.Add(step * time.Duration(k))
	}
}
