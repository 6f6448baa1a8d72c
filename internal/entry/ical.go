package entry

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// unescapeText reads a TEXT value back. Unlike go-ical's Prop.Text it does
// not cut the value at an unescaped comma (some clients do not escape them),
// and it keeps an unknown escape's character rather than failing.
func unescapeText(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' || i+1 == len(s) {
			b.WriteByte(c)
			continue
		}
		i++
		if s[i] == 'n' || s[i] == 'N' {
			b.WriteByte('\n')
		} else {
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

// utcStamp writes a DATE-TIME in UTC form (RFC 5545 section 3.3.5, FORM #2).
func utcStamp(t time.Time) string { return t.UTC().Format("20060102T150405Z") }

// durationValue writes a DURATION (RFC 5545 section 3.3.6), e.g. "-PT15M",
// "-P1DT2H", "PT0S".
func durationValue(d time.Duration) string {
	sign := ""
	if d < 0 {
		sign, d = "-", -d
	}
	d = d.Round(time.Second)
	if d == 0 {
		return "PT0S"
	}
	days := d / (24 * time.Hour)
	d -= days * 24 * time.Hour
	var b strings.Builder
	b.WriteString(sign + "P")
	if days > 0 {
		b.WriteString(strconv.Itoa(int(days)) + "D")
	}
	if d > 0 {
		b.WriteByte('T')
		for _, u := range []struct {
			unit time.Duration
			name string
		}{{time.Hour, "H"}, {time.Minute, "M"}, {time.Second, "S"}} {
			if n := d / u.unit; n > 0 {
				fmt.Fprintf(&b, "%d%s", n, u.name)
				d -= n * u.unit
			}
		}
	}
	return b.String()
}
