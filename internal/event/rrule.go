package event

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/netsyncd/netsyncd/internal/budget"
	"github.com/teambition/rrule-go"
)

// parseRule reads an RRULE value (RFC 5545 section 3.3.10) into rrule-go's
// options, with UNTIL already moved into the wall-clock frame of the series
// (see wall). rrule-go's own parser reads a local UNTIL as UTC and refuses
// the X- and RSCALE parts that RFC 7529 allows.
func parseRule(value string, start stamp, frame *time.Location) (rrule.ROption, error) {
	var opt rrule.ROption
	freq := false
	for _, part := range strings.Split(strings.TrimPrefix(strings.TrimSpace(value), "RRULE:"), ";") {
		if strings.TrimSpace(part) == "" {
			continue
		}
		key, v, ok := strings.Cut(part, "=")
		key, v = strings.ToUpper(strings.TrimSpace(key)), strings.ToUpper(strings.TrimSpace(v))
		if !ok || v == "" {
			return opt, fmt.Errorf("RRULE part %q has no value", shorten(part, 30))
		}
		var err error
		switch key {
		case "FREQ":
			opt.Freq, err = rrule.StrToFreq(v)
			freq = err == nil
		case "UNTIL":
			opt.Until, err = ruleUntil(v, start, frame)
		case "COUNT":
			// COUNT=-1 appears next to UNTIL in real files; like dateutil,
			// read a count below one as no count.
			opt.Count, err = strconv.Atoi(v)
			opt.Count = max(opt.Count, 0)
		case "INTERVAL":
			opt.Interval, err = positive(v)
		case "WKST":
			opt.Wkst, err = weekday(v)
		case "BYDAY":
			opt.Byweekday, err = weekdays(v)
		case "BYSETPOS", "BYMONTH", "BYMONTHDAY", "BYYEARDAY", "BYWEEKNO", "BYHOUR", "BYMINUTE", "BYSECOND":
			err = setInts(&opt, key, v)
		case "RSCALE":
			if v != "GREGORIAN" {
				err = errors.New("only RSCALE=GREGORIAN is supported")
			}
		case "SKIP": // RFC 7529: only matters for RSCALE calendars
		default:
			if !strings.HasPrefix(key, "X-") {
				err = errors.New("unknown part")
			}
		}
		if err != nil {
			return opt, fmt.Errorf("RRULE %s=%s: %w", key, shorten(v, 30), err)
		}
	}
	if !freq {
		return opt, errors.New("RRULE has no FREQ")
	}
	if n := periodInstants(opt); n > budget.RulePeriodInstants {
		return opt, fmt.Errorf("RRULE makes up to %d instants in each period of FREQ=%s, more than the %d netsyncd expands: the series is not read", n, opt.Freq, budget.RulePeriodInstants)
	}
	return opt, nil
}

// periodInstants is an upper bound on the instants one period of the rule
// makes before BYSETPOS, COUNT or any budget can drop one: the days of the
// period that the day filters can leave, times the times of day that
// BYHOUR, BYMINUTE and BYSECOND expand each day into (RFC 5545 section
// 3.3.10, the table of BYxxx expansions).
func periodInstants(opt rrule.ROption) int {
	days := 1
	switch opt.Freq {
	case rrule.YEARLY:
		days = 366
		if n := len(opt.Bymonth); n > 0 {
			days = 31 * n
		}
		if n := len(opt.Byyearday); n > 0 {
			days = min(days, n)
		}
		if n := len(opt.Byweekno); n > 0 {
			days = min(days, 7*n)
		}
	case rrule.MONTHLY:
		days = 31
	case rrule.WEEKLY:
		days = 7
	}
	if n := len(opt.Bymonthday); n > 0 && opt.Freq <= rrule.MONTHLY && len(opt.Byweekday) == 0 {
		months := 1
		if opt.Freq == rrule.YEARLY {
			months = 12
			if len(opt.Bymonth) > 0 {
				months = len(opt.Bymonth)
			}
		}
		days = min(days, n*months)
	}
	times := 1
	expand := func(list []int, from rrule.Frequency) {
		if len(list) > 0 && opt.Freq < from {
			times *= len(list)
		}
	}
	expand(opt.Byhour, rrule.HOURLY)
	expand(opt.Byminute, rrule.MINUTELY)
	expand(opt.Bysecond, rrule.SECONDLY)
	return days * times
}

// ruleUntil reads UNTIL into the frame's wall clock. A UTC value is an
// instant; a local one is read in the series' frame; a DATE includes its
// whole day (RFC 5545 wants DATE only with DATE starts, but writers mix them).
func ruleUntil(v string, start stamp, frame *time.Location) (time.Time, error) {
	switch {
	case len(v) == 8:
		d, err := time.Parse("20060102", v)
		if err != nil || start.date {
			return d, err
		}
		return d.Add(24*time.Hour - time.Second), nil
	case strings.HasSuffix(v, "Z"):
		t, err := time.Parse("20060102T150405Z", v)
		if start.date {
			// a DATE series ends on the day UNTIL falls on, in its frame
			y, m, d := t.In(frame).Date()
			return time.Date(y, m, d, 0, 0, 0, 0, time.UTC), err
		}
		return wall(t, frame), err
	default:
		return time.Parse("20060102T150405", v)
	}
}

func positive(v string) (int, error) {
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		return 0, errors.New("not a positive number")
	}
	return n, nil
}

func weekday(v string) (rrule.Weekday, error) {
	days := []rrule.Weekday{rrule.MO, rrule.TU, rrule.WE, rrule.TH, rrule.FR, rrule.SA, rrule.SU}
	i := strings.Index("MOTUWETHFRSASU", v)
	if len(v) != 2 || i < 0 || i%2 != 0 {
		return rrule.Weekday{}, errors.New("not a weekday")
	}
	return days[i/2], nil
}

// weekdays reads BYDAY: "MO", "2TU", "-1SU", comma separated.
func weekdays(v string) ([]rrule.Weekday, error) {
	var out []rrule.Weekday
	for _, s := range strings.Split(v, ",") {
		s = strings.TrimSpace(s)
		if len(s) < 2 {
			return nil, errors.New("not a weekday")
		}
		d, err := weekday(s[len(s)-2:])
		if err != nil {
			return nil, err
		}
		if n := strings.TrimPrefix(s[:len(s)-2], "+"); n != "" {
			k, err := strconv.Atoi(n)
			if err != nil || k == 0 || k > 53 || k < -53 {
				return nil, errors.New("bad week number")
			}
			d = d.Nth(k)
		}
		out = append(out, d)
	}
	return out, nil
}

func setInts(opt *rrule.ROption, key, v string) error {
	var ns []int
	for _, s := range strings.Split(v, ",") {
		n, err := strconv.Atoi(strings.TrimPrefix(strings.TrimSpace(s), "+"))
		if err != nil {
			return errors.New("not a number list")
		}
		ns = append(ns, n)
	}
	dst := map[string]*[]int{
		"BYSETPOS": &opt.Bysetpos, "BYMONTH": &opt.Bymonth, "BYMONTHDAY": &opt.Bymonthday,
		"BYYEARDAY": &opt.Byyearday, "BYWEEKNO": &opt.Byweekno, "BYHOUR": &opt.Byhour,
		"BYMINUTE": &opt.Byminute, "BYSECOND": &opt.Bysecond,
	}[key]
	*dst = append(*dst, ns...)
	return nil
}

// wall is t's wall clock in frame, written as a UTC time. Recurrence rules
// count in wall-clock time (a daily 09:00 stays 09:00 across DST), and in
// UTC that arithmetic has no gaps or folds; unwall maps results back.
func wall(t time.Time, frame *time.Location) time.Time {
	t = t.In(frame)
	y, mo, d := t.Date()
	h, mi, s := t.Clock()
	return time.Date(y, mo, d, h, mi, s, 0, time.UTC)
}

// unwall is the instant of the wall clock w in frame (see civil).
func unwall(w time.Time, frame *time.Location) time.Time {
	y, mo, d := w.Date()
	h, mi, s := w.Clock()
	return civil(y, mo, d, h, mi, s, frame)
}
