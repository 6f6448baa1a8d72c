package event

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/emersion/go-ical"
)

// buildZone makes a location from a VTIMEZONE's own definition (RFC 5545
// section 3.6.5), for TZIDs that name no zone we know ("Customized Time
// Zone", "(UTC+01:00) Amsterdam, Berlin, ...").
//
// It keeps the latest STANDARD and DAYLIGHT sub-components only: the rules in
// force today, which is what a pipeline looking at weeks around now needs.
// When both carry a yearly RRULE of the "Nth weekday of month" kind, the
// result follows daylight saving time like the real zone (encoded as a POSIX
// TZ rule, which Go applies to every year); otherwise it is a fixed offset,
// the STANDARD one.
func buildZone(id string, def *ical.Component) (*time.Location, error) {
	std, dst := latestObservance(def, ical.CompTimezoneStandard), latestObservance(def, ical.CompTimezoneDaylight)
	if std == nil {
		std, dst = dst, nil
	}
	if std == nil {
		return nil, errors.New("VTIMEZONE has neither STANDARD nor DAYLIGHT")
	}
	stdOff, err := utcOffset(propValue(std, "TZOFFSETTO"))
	if err != nil {
		return nil, fmt.Errorf("STANDARD TZOFFSETTO: %w", err)
	}
	fixed := time.FixedZone(id, stdOff)
	if dst == nil {
		return fixed, nil
	}
	dstOff, err := utcOffset(propValue(dst, "TZOFFSETTO"))
	if err != nil {
		return nil, fmt.Errorf("DAYLIGHT TZOFFSETTO: %w", err)
	}
	toDST, ok1 := posixRule(dst)
	toSTD, ok2 := posixRule(std)
	if !ok1 || !ok2 || dstOff == stdOff {
		return fixed, nil
	}
	rule := fmt.Sprintf("%s%s%s%s,%s,%s",
		posixName(std, "STD"), posixOffset(stdOff), posixName(dst, "DST"), posixOffset(dstOff), toDST, toSTD)
	l, err := tzifLocation(id, rule, stdOff)
	if err != nil {
		return fixed, nil
	}
	return l, nil
}

// latestObservance returns the sub-component of that kind with the latest
// DTSTART, nil if there is none.
func latestObservance(def *ical.Component, kind string) *ical.Component {
	var best *ical.Component
	var bestStart string
	for _, c := range def.Children {
		if c.Name != kind {
			continue
		}
		// DTSTART here is a local date-time (RFC 5545 section 3.6.5):
		// comparing the strings orders them.
		if s := propValue(c, ical.PropDateTimeStart); best == nil || s >= bestStart {
			best, bestStart = c, s
		}
	}
	return best
}

// utcOffset reads a UTC offset, RFC 5545 section 3.3.14: ("+" / "-") HHMM [SS].
func utcOffset(s string) (int, error) {
	s = strings.ReplaceAll(strings.TrimSpace(s), ":", "")
	if len(s) != 5 && len(s) != 7 || s[0] != '+' && s[0] != '-' {
		return 0, fmt.Errorf("%q is not a UTC offset", s)
	}
	n, err := strconv.Atoi(s[1:])
	if err != nil || n < 0 {
		return 0, fmt.Errorf("%q is not a UTC offset", s)
	}
	if len(s) == 5 {
		n *= 100
	}
	h, m, sec := n/10000, n/100%100, n%100
	if h > 23 || m > 59 || sec > 59 {
		return 0, fmt.Errorf("%q is not a UTC offset", s)
	}
	off := h*3600 + m*60 + sec
	if s[0] == '-' {
		off = -off
	}
	return off, nil
}

// posixRule turns an observance's onset into a POSIX TZ rule "Mm.w.d/time":
// month m, week w (5 = last), weekday d (0 = Sunday), at local wall time.
// It understands FREQ=YEARLY with BYMONTH and BYDAY "2SU"/"-1SU", and the
// older form BYDAY=SU with BYMONTHDAY=8,9,...,14.
func posixRule(c *ical.Component) (string, bool) {
	parts := map[string]string{}
	for _, kv := range strings.Split(strings.ToUpper(propValue(c, ical.PropRecurrenceRule)), ";") {
		if k, v, ok := strings.Cut(kv, "="); ok {
			parts[k] = v
		}
	}
	month, err := strconv.Atoi(parts["BYMONTH"])
	if parts["FREQ"] != "YEARLY" || err != nil || month < 1 || month > 12 || len(parts["BYDAY"]) < 2 {
		return "", false
	}
	byday := parts["BYDAY"]
	day := strings.Index("SUMOTUWETHFRSA", byday[len(byday)-2:])
	if day < 0 || day%2 != 0 {
		return "", false
	}
	week, ok := posixWeek(byday[:len(byday)-2], parts["BYMONTHDAY"])
	if !ok {
		return "", false
	}
	at := "02:00:00"
	if start := propValue(c, ical.PropDateTimeStart); len(start) >= 15 && start[8] == 'T' {
		at = start[9:11] + ":" + start[11:13] + ":" + start[13:15]
	}
	return fmt.Sprintf("M%d.%d.%d/%s", month, week, day/2, at), true
}

func posixWeek(n, monthDays string) (int, bool) {
	if n != "" && n != "+" {
		w, err := strconv.Atoi(n)
		switch {
		case err != nil:
			return 0, false
		case w == -1:
			return 5, true
		case w >= 1 && w <= 4:
			return w, true
		}
		return 0, false
	}
	first, err := strconv.Atoi(strings.Split(monthDays, ",")[0])
	switch {
	case err != nil:
		return 0, false
	case first < 0:
		return 5, true
	case first <= 22 && (first-1)%7 == 0:
		return (first-1)/7 + 1, true
	case first >= 22:
		return 5, true // 25..31 in March: the last week of the month
	}
	return 0, false
}

// posixOffset writes a UTC offset the POSIX way: hours west of Greenwich.
func posixOffset(off int) string {
	sign := ""
	if off > 0 {
		sign = "-"
	} else {
		off = -off
	}
	return fmt.Sprintf("%s%d:%02d:%02d", sign, off/3600, off/60%60, off%60)
}

// posixName writes TZNAME in the quoted <...> form, which allows digits and signs.
func posixName(c *ical.Component, fallback string) string {
	name := strings.Map(func(r rune) rune {
		if r == '+' || r == '-' || r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' {
			return r
		}
		return -1
	}, propValue(c, "TZNAME"))
	if len(name) < 3 || len(name) > 16 {
		name = fallback
	}
	return "<" + name + ">"
}

// tzifLocation builds a location whose only content is a POSIX TZ rule, by
// writing the smallest TZif (RFC 8536) file that Go's LoadLocationFromTZData
// reads: no transitions, one local time type, and the rule as footer.
func tzifLocation(name, rule string, off int) (*time.Location, error) {
	const abbr = "STD\x00"
	var b bytes.Buffer
	block := func() {
		b.WriteString("TZif2")
		b.Write(make([]byte, 15))
		for _, n := range []uint32{0, 0, 0, 0, 1, uint32(len(abbr))} {
			b.Write(binary.BigEndian.AppendUint32(nil, n))
		}
		b.Write(binary.BigEndian.AppendUint32(nil, uint32(int32(off))))
		b.Write([]byte{0, 0})
		b.WriteString(abbr)
	}
	block() // the version 1 data, which readers of version 2 skip
	block()
	b.WriteString("\n" + rule + "\n")
	return time.LoadLocationFromTZData(name, b.Bytes())
}
