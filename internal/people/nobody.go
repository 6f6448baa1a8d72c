package people

import (
	"bytes"
	"strings"

	"github.com/netsyncd/netsyncd/internal/config"
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
	for _, line := range bytes.Split(unfoldRaw(data), []byte("\n")) {
		if !hasPrefixFold(line, "ATTENDEE") && !hasPrefixFold(line, "ORGANIZER") {
			continue
		}
		line = bytes.ToLower(line)
		i := bytes.LastIndex(line, []byte("mailto:"))
		if i < 0 {
			return false
		}
		email := strings.TrimSpace(string(line[i+len("mailto:"):]))
		switch {
		case s.f.me[email]:
		case inAny(email, s.f.employer):
			someone = true
		default:
			return false
		}
	}
	return someone
}

// unfoldRaw joins folded content lines (RFC 5545 section 3.1) and drops
// carriage returns.
func unfoldRaw(data []byte) []byte {
	data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
	data = bytes.ReplaceAll(data, []byte("\n "), nil)
	return bytes.ReplaceAll(data, []byte("\n\t"), nil)
}

func hasPrefixFold(line []byte, prefix string) bool {
	if len(line) <= len(prefix) || !strings.EqualFold(string(line[:len(prefix)]), prefix) {
		return false
	}
	c := line[len(prefix)]
	return c == ';' || c == ':'
}
