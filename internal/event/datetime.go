package event

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/emersion/go-ical"

	"github.com/netsyncd/netsyncd/internal/budget"
)

// stamp is one DATE or DATE-TIME value, or one PERIOD of an RDATE.
type stamp struct {
	t    time.Time // in its zone: the TZID's, UTC, or the floating zone; a DATE is the start of its day in loc
	date bool      // VALUE=DATE
	end  *span     // the length a PERIOD gives this instance; nil otherwise
	// written is the wall clock as written, as a UTC time, for a DATE and
	// a local DATE-TIME (zero for UTC): it differs from t's wall clock when
	// that time does not exist in its zone (a DST gap, see civil), and a
	// rule recurs at the time written, not at the one it was moved to.
	written time.Time
}

// wallIn is the wall clock in frame a rule anchored at s recurs at: the
// value as written when it was written in frame's time.
func (s stamp) wallIn(frame *time.Location) time.Time {
	if !s.written.IsZero() && s.t.Location() == frame {
		return s.written
	}
	return wall(s.t, frame)
}

// civil is the instant of a wall clock in loc as RFC 5545 section 3.3.5
// reads it: a time that falls in a gap (the hour skipped when clocks go
// forward, 02:30 on a spring-forward day) is read with the offset before
// the gap, so it lands as far after the gap's start (03:30); a time that
// occurs twice (the hour repeated when clocks go back) is the first of
// the two. time.Date chooses neither: in a gap it answers an hour early
// west of Greenwich (01:30 in New York) and late east of it, and in a fold
// east of Greenwich it answers the second. Days and months out of range
// are normalised as by time.Date.
func civil(y int, mo time.Month, d, h, mi, s int, loc *time.Location) time.Time {
	t := time.Date(y, mo, d, h, mi, s, 0, loc)
	if loc == time.UTC {
		return t
	}
	naive := time.Date(y, mo, d, h, mi, s, 0, time.UTC)
	// the offsets a day before and after: no zone's offset is over 14
	// hours, so these bracket the wall clock, and no zone changes its
	// offset twice within two days
	_, before := naive.Add(-24 * time.Hour).In(loc).Zone()
	_, after := naive.Add(24 * time.Hour).In(loc).Zone()
	if before == after {
		return t
	}
	first := naive.Add(-time.Duration(before) * time.Second)
	second := naive.Add(-time.Duration(after) * time.Second)
	same := func(c time.Time) bool { return wall(c, loc).Equal(naive) }
	switch {
	case same(first) && same(second):
		if second.Before(first) {
			return second.In(loc)
		}
		return first.In(loc)
	case same(first):
		return first.In(loc)
	case same(second):
		return second.In(loc)
	}
	return first.In(loc) // in the gap: the offset before it
}

// span is a length of time as RFC 5545 section 3.3.6 counts it: days are
// nominal (a day is a calendar day, 23 or 25 hours across a DST change),
// hours, minutes and seconds are exact.
type span struct {
	days  int
	exact time.Duration
}

func (s span) after(t time.Time) time.Time { return addDays(t, s.days).Add(s.exact) }
func (s span) zero() bool                  { return s.days == 0 && s.exact == 0 }

// addDays is t moved by n calendar days at the same wall clock, read as
// civil reads it (AddDate reads a wall clock in a gap as time.Date does).
func addDays(t time.Time, n int) time.Time {
	if n == 0 {
		return t
	}
	y, mo, d := t.Date()
	h, mi, s := t.Clock()
	return civil(y, mo, d+n, h, mi, s, t.Location()).Add(time.Duration(t.Nanosecond()))
}

// stamps reads every value of a DTSTART, DTEND, RDATE, EXDATE or
// RECURRENCE-ID property (RFC 5545 sections 3.3.4, 3.3.5, 3.3.9, 3.8.5):
// comma lists, VALUE=DATE, VALUE=PERIOD, TZID, UTC ("Z") and floating times.
// At most budget.ValuesPerProperty+1 values are read, so that a caller can
// tell a list was cut: one RDATE of 3 million dates (24 MB) took 416 MB
// split whole.
func (z *zones) stamps(p *ical.Prop) ([]stamp, error) {
	var out []stamp
	for v := range strings.SplitSeq(p.Value, ",") {
		if len(out) > budget.ValuesPerProperty {
			break
		}
		if v = strings.TrimSpace(v); v == "" {
			continue
		}
		s, err := z.stamp(p, v)
		if err != nil {
			return nil, fmt.Errorf("%s %q: %w", p.Name, shorten(v, 40), err)
		}
		out = append(out, s)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s has no value", p.Name)
	}
	return out, nil
}

// one reads a property that holds a single value, such as DTSTART.
func (z *zones) one(p *ical.Prop) (stamp, error) {
	s, err := z.stamps(p)
	if err != nil {
		return stamp{}, err
	}
	return s[0], nil
}

func (z *zones) stamp(p *ical.Prop, v string) (stamp, error) {
	if from, to, ok := strings.Cut(v, "/"); ok {
		start, err := z.stamp(p, from)
		if err != nil {
			return stamp{}, err
		}
		length, err := periodEnd(z, p, start.t, to)
		if err != nil {
			return stamp{}, err
		}
		start.end = &length
		return start, nil
	}
	if len(v) == 8 || strings.EqualFold(p.Params.Get(ical.ParamValue), "DATE") && len(v) >= 8 {
		d, err := time.Parse("20060102", v[:8])
		if err != nil {
			return stamp{}, err
		}
		return stamp{t: DayStart(d.Year(), d.Month(), d.Day(), z.loc), date: true, written: d}, nil
	}
	loc := z.floating
	if strings.HasSuffix(v, "Z") || strings.HasSuffix(v, "z") {
		v, loc = v[:len(v)-1], time.UTC
	} else if tzid := p.Params.Get(ical.PropTimezoneID); tzid != "" {
		l, err := z.resolve(tzid)
		if err != nil {
			if _, seen := z.unknown[tzid]; seen || len(z.unknown) < budget.ProblemsPerObject {
				if z.unknown == nil {
					z.unknown = map[string]error{}
				}
				z.unknown[tzid] = err // read as floating; reported once per TZID
			} else {
				z.moreUnknown++
			}
		} else {
			loc = l
		}
	}
	w, err := time.Parse("20060102T150405", v)
	if err != nil && len(v) == 15 && strings.HasSuffix(v, "60") {
		// a leap second, which RFC 5545 section 3.3.12 allows and Go does
		// not: the instant after 23:59:59 is the next minute
		if w, err = time.Parse("20060102T150405", v[:13]+"59"); err == nil {
			w = w.Add(time.Second)
		}
	}
	if err != nil {
		return stamp{}, errors.New("not a DATE or DATE-TIME")
	}
	if loc == time.UTC {
		return stamp{t: w}, nil
	}
	return stamp{t: unwall(w, loc), written: w}, nil
}

// periodEnd reads the second half of a PERIOD, RFC 5545 section 3.3.9:
// an explicit end or a duration.
func periodEnd(z *zones, p *ical.Prop, start time.Time, to string) (span, error) {
	if strings.ContainsAny(to, "Pp") {
		return parseSpan(to)
	}
	end, err := z.stamp(p, to)
	if err != nil {
		return span{}, err
	}
	return span{exact: end.t.Sub(start)}, nil
}

// parseSpan reads a DURATION value, RFC 5545 section 3.3.6:
//
//	dur-value = (["+"] / "-") "P" (dur-date / dur-time / dur-week)
func parseSpan(s string) (span, error) {
	s = strings.ToUpper(strings.TrimSpace(s))
	bad := fmt.Errorf("%q is not a duration", shorten(s, 40))
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimLeft(s, "+-")
	if !strings.HasPrefix(s, "P") || len(s) < 3 {
		return span{}, bad
	}
	var out span
	inTime := false
	for s = s[1:]; s != ""; {
		if s[0] == 'T' {
			inTime, s = true, s[1:]
			continue
		}
		i := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i == 0 || i == len(s) || i > 7 {
			return span{}, bad
		}
		n, _ := strconv.Atoi(s[:i])
		switch unit := s[i]; {
		case unit == 'W' && !inTime:
			out.days += 7 * n
		case unit == 'D' && !inTime:
			out.days += n
		case unit == 'H' && inTime:
			out.exact += time.Duration(n) * time.Hour
		case unit == 'M' && inTime:
			out.exact += time.Duration(n) * time.Minute
		case unit == 'S' && inTime:
			out.exact += time.Duration(n) * time.Second
		default:
			return span{}, bad
		}
		s = s[i+1:]
	}
	if neg {
		out.days, out.exact = -out.days, -out.exact
	}
	return out, nil
}
