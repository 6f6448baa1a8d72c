package people

import (
	"bytes"

	"github.com/netsyncd/netsyncd/internal/config"
	"github.com/netsyncd/netsyncd/internal/mailaddr"
)

// Screen tells, from the raw bytes of an iCalendar object and without
// parsing it, whether it certainly brings no one into the ledger.
type Screen struct{ f filter }

// NewScreen builds the Screen of cfg.
func NewScreen(cfg *config.Config) *Screen { return &Screen{f: newFilter(cfg)} }

// Nobody reports whether data certainly brings no one into the ledger: it
// names an attendee or organiser other than me (so its summary is not read
// for names), and every address it names is mine or the employer's (never
// people, and never a host). The daemon's history read skips such objects,
// most of a work calendar, before expanding and classifying the rest. An
// address it cannot read (no mailto:) makes the answer false.
func (s *Screen) Nobody(data []byte) bool {
	someone := false
	var buf []byte // the one address line being read, unfolded and lower-cased
	for len(data) > 0 {
		line := nextLine(&data)
		if !hasPrefixFold(line, "ATTENDEE") && !hasPrefixFold(line, "ORGANIZER") {
			continue
		}
		buf = append(buf[:0], line...)
		for len(data) > 0 && (data[0] == ' ' || data[0] == '\t') {
			buf = append(buf, nextLine(&data)[1:]...)
		}
		lowerASCII(buf)
		email, ok := s.address(buf)
		switch {
		case !ok:
			return false
		case s.f.me[email]:
		case inAny(email, s.f.employer):
			someone = true
		default:
			return false
		}
	}
	return someone
}

// address is the mailto: address of an unfolded, lower-cased ATTENDEE or
// ORGANIZER line; false when it has none.
func (s *Screen) address(line []byte) (string, bool) {
	b, ok := s.addressBytes(line)
	return string(b), ok
}

// addressBytes is address, not copied.
func (s *Screen) addressBytes(line []byte) ([]byte, bool) {
	i := bytes.LastIndex(line, []byte("mailto:"))
	if i < 0 {
		return nil, false
	}
	if i > 0 && line[i-1] == '<' {
		i-- // "<mailto:x@y>"
	}
	return mailaddr.Bare(line[i:]), true // as the reader keys it
}

// nextLine cuts the first physical line off *data, without its CR LF.
func nextLine(data *[]byte) []byte {
	line := *data
	if i := bytes.IndexByte(line, '\n'); i >= 0 {
		line, *data = line[:i], line[i+1:]
	} else {
		*data = nil
	}
	return bytes.TrimSuffix(line, []byte("\r"))
}

// lowerASCII lower-cases b's ASCII letters in place.
func lowerASCII(b []byte) {
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
}

func hasPrefixFold(line []byte, prefix string) bool {
	if len(line) <= len(prefix) || !bytes.EqualFold(line[:len(prefix)], []byte(prefix)) {
		return false
	}
	c := line[len(prefix)]
	return c == ';' || c == ':'
}
