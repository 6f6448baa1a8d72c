package config

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Duration is a time.Duration that YAML reads as "90m", "1h30m" or "2d"
// (a day is 24 hours here: windows and leads, not calendar arithmetic).
type Duration time.Duration

// D returns the duration as a time.Duration.
func (d Duration) D() time.Duration { return time.Duration(d) }

// ParseDuration reads "90m", "1h30m", "2d", "1d12h", "0".
func ParseDuration(s string) (time.Duration, error) {
	in := s
	s = strings.TrimSpace(s)
	if s == "0" {
		return 0, nil
	}
	bad := func() error { return fmt.Errorf("%q is not a duration: write it like 90m, 1h30m or 2d", in) }
	var days int64
	if i := strings.IndexByte(s, 'd'); i >= 0 {
		n, err := strconv.ParseInt(s[:i], 10, 64)
		if err == nil && n > maxWindowDays {
			return 0, tooLongError{in}
		}
		if err != nil || n < 0 {
			return 0, bad()
		}
		days, s = n, s[i+1:]
		if s == "" {
			return time.Duration(days) * 24 * time.Hour, nil
		}
		if s[0] == '-' || s[0] == '+' { // "1d-5h" reads as a typo, not as 19h
			return 0, bad()
		}
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, bad()
	}
	// The cap is on the whole: "2562047h" is 292 years, and "3650d2562047h"
	// would overflow into a negative duration.
	if d > time.Duration(maxWindowDays-days)*24*time.Hour {
		return 0, tooLongError{in}
	}
	return time.Duration(days)*24*time.Hour + d, nil
}

// tooLongError is a duration or a period over ten years, the longest
// netsyncd reads: ParsePeriod passes it on as it is, since "not a period:
// write it like 60d" said nothing of 36500d, which is written so.
type tooLongError struct{ in string }

func (e tooLongError) Error() string {
	return fmt.Sprintf("%q is more than %d days (ten years), the longest duration netsyncd reads: write a shorter one, like 14d", e.in, maxWindowDays)
}

// String writes the duration back in the form the config reads.
func (d Duration) String() string {
	td := time.Duration(d)
	if td == 0 {
		return "0"
	}
	day := 24 * time.Hour
	if td >= day {
		if td%day == 0 {
			return fmt.Sprintf("%dd", td/day)
		}
		return fmt.Sprintf("%dd%s", td/day, Duration(td%day))
	}
	return hms(td)
}

// hms writes a duration in hours, minutes and seconds without zero tails:
// time.Duration writes "1h30m0s" and "2h0m0s"; this writes "1h30m" and "2h"
// (but keeps the "0s" of "30s").
func hms(td time.Duration) string {
	s := td.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

// Weekday is a day of the week written mon, tue, ... (or monday, tuesday, ...).
type Weekday time.Weekday

var weekdayNames = map[string]time.Weekday{
	"sun": time.Sunday, "mon": time.Monday, "tue": time.Tuesday, "wed": time.Wednesday,
	"thu": time.Thursday, "fri": time.Friday, "sat": time.Saturday,
}

// ParseWeekday reads "mon", "Monday", "tues", "thurs", ...
func ParseWeekday(s string) (time.Weekday, error) {
	k := strings.ToLower(strings.TrimSpace(s))
	if len(k) >= 3 {
		if d, ok := weekdayNames[k[:3]]; ok {
			full := strings.ToLower(d.String())
			if strings.HasPrefix(full, k) {
				return d, nil
			}
		}
	}
	return 0, fmt.Errorf("%q is not a day: write mon, tue, wed, thu, fri, sat or sun", s)
}

// String is the short lower-case name: "mon".
func (w Weekday) String() string { return strings.ToLower(time.Weekday(w).String()[:3]) }

// ClockTime is a time of day in minutes after midnight, written "07:00".
// "24:00" is allowed as an end.
type ClockTime int

// ParseClock reads "7:00", "07:30", "24:00".
func ParseClock(s string) (ClockTime, error) {
	h, m, ok := strings.Cut(strings.TrimSpace(s), ":")
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if !ok || err1 != nil || err2 != nil || hh < 0 || mm < 0 || mm > 59 || hh > 24 || hh == 24 && mm != 0 || len(m) != 2 {
		return 0, fmt.Errorf("%q is not a time of day: write it like 07:00 or 18:30", s)
	}
	return ClockTime(hh*60 + mm), nil
}

// String writes "07:00".
func (c ClockTime) String() string { return fmt.Sprintf("%02d:%02d", int(c)/60, int(c)%60) }
