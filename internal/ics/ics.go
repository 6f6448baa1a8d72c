// Package ics writes and splits iCalendar content lines: the one place
// netsyncd folds, unfolds and escapes the text it writes (its entries,
// the shared ledger, the demo's and the benchmarks' sample calendars).
// Reading calendars is package event's.
//
// RFC 5545 section 3.1: "Lines of text SHOULD NOT be longer than 75
// octets, excluding the line break. Long content lines SHOULD be split
// into a multiple line representations using a line "folding" technique.
// That is, a long line can be split between any two characters by
// inserting a CRLF immediately followed by a single linear white-space
// character". A split inside a UTF-8 sequence would make both halves
// invalid, so folds fall on character boundaries.
package ics

import (
	"strings"
	"unicode/utf8"
)

// maxLine is the longest content line written, in octets.
const maxLine = 75

// WriteLine writes one content line to b, folded, with CRLF line ends.
func WriteLine(b *strings.Builder, line string) {
	limit := maxLine
	for len(line) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(line[cut]) {
			cut--
		}
		if cut == 0 {
			// No rune starts in the first limit bytes (not UTF-8): cut at
			// the limit, or the loop would never shorten the line.
			cut = limit
		}
		b.WriteString(line[:cut])
		b.WriteString("\r\n ")
		line = line[cut:]
		limit = maxLine - 1 // the leading space counts
	}
	b.WriteString(line)
	b.WriteString("\r\n")
}

// Writer builds an iCalendar object line by line.
type Writer struct{ strings.Builder }

// Line writes one content line, folded, with CRLF.
func (w *Writer) Line(line string) { WriteLine(&w.Builder, line) }

// Raw writes s as it is: lines already folded and CRLF-terminated.
func (w *Writer) Raw(s string) { w.WriteString(s) }

// EscapeText escapes a TEXT value. RFC 5545 section 3.3.11: "ESCAPED-CHAR =
// ("\\" / "\;" / "\," / "\N" / "\n")"; a line break is written "\n".
// The text written is Text(s).
func EscapeText(s string) string {
	s = Text(s)
	var b strings.Builder
	b.Grow(len(s) + 8)
	for _, r := range s {
		switch r {
		case '\\', ';', ',':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '\n':
			b.WriteString(`\n`)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Text is s as EscapeText writes it, and so as it reads back: CRLF is a
// line feed, a byte that is not UTF-8 is U+FFFD, and the control
// characters TEXT does not allow (RFC 5545 section 3.1, CONTROL: C0 but
// tab, and DEL; a line feed is escaped) are dropped. U+FFFE and U+FFFF,
// which TEXT allows but XML 1.0 cannot carry (its Char production stops at
// U+FFFD), are U+FFFD too: a server sends them raw in a multi-status and
// the decoder reads them as U+FFFD (caldav's cleanReader), so written as
// they are, they came back as a text the user never wrote. Whoever hashes
// or compares text that EscapeText writes compares Text of it, or text
// read back differs from the text written.
func Text(s string) string {
	clean := utf8.ValidString(s)
	for i := 0; clean && i < len(s); i++ {
		c := s[i]
		clean = c >= 0x20 && c != 0x7f || c == '\t' || c == '\n'
		// U+FFFE and U+FFFF are EF BF BE and EF BF BF.
		clean = clean && !(c == 0xef && i+2 < len(s) && s[i+1] == 0xbf && s[i+2] >= 0xbe)
	}
	if clean {
		return s
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s { // a byte that is not UTF-8 ranges as U+FFFD
		switch {
		case r == 0xfffe || r == 0xffff:
			b.WriteRune(utf8.RuneError)
		case r == '\t' || r == '\n' || r >= 0x20 && r != 0x7f:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Unfold splits iCalendar text into its content lines, each unfolded: a
// line that starts with a space or a tab continues the one before. Its
// cost is linear in len(data): a line folded into many pieces is joined
// once, not copied again for each piece.
func Unfold(data string) []string {
	var out []string
	var joined strings.Builder // the line being unfolded, once it has a continuation
	var line string            // the line being unfolded, while it has none
	open := false
	flush := func() {
		if joined.Len() > 0 {
			line = joined.String()
			joined = strings.Builder{}
		}
		out = append(out, line)
	}
	for _, l := range strings.Split(strings.ReplaceAll(data, "\r\n", "\n"), "\n") {
		if (strings.HasPrefix(l, " ") || strings.HasPrefix(l, "\t")) && open {
			if joined.Len() == 0 {
				joined.WriteString(line)
			}
			joined.WriteString(l[1:])
			continue
		}
		if open {
			flush()
		}
		line, open = l, true
	}
	if open {
		flush()
	}
	return out
}
