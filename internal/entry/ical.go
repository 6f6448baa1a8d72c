package entry

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// RFC 5545 section 3.1: "Lines of text SHOULD NOT be longer than 75 octets,
// excluding the line break. Long content lines SHOULD be split into a
// multiple line representations using a line "folding" technique. That is,
// a long line can be split between any two characters by inserting a CRLF
// immediately followed by a single linear white-space character". A split
// inside a UTF-8 sequence would make both halves invalid, so folds fall on
// character boundaries.
const maxLine = 75

// writeLine writes one content line, folded, with CRLF line ends.
func writeLine(b *strings.Builder, line string) {
	limit := maxLine
	for len(line) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(line[cut]) {
			cut--
		}
		b.WriteString(line[:cut])
		b.WriteString("\r\n ")
		line = line[cut:]
		limit = maxLine - 1 // the leading space counts
	}
	b.WriteString(line)
	b.WriteString("\r\n")
}

// escapeText escapes a TEXT value. RFC 5545 section 3.3.11: "ESCAPED-CHAR =
// ("\\" / "\;" / "\," / "\N" / "\n")"; a line break is written "\n".
// Other control characters are not allowed in TEXT and are dropped.
func escapeText(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 8)
	s = strings.ReplaceAll(s, "\r\n", "\n")
	for _, r := range s {
		switch {
		case r == '\\' || r == ';' || r == ',':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t' || r >= 0x20 && r != 0x7f:
			b.WriteRune(r)
		}
	}
	return b.String()
}

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
