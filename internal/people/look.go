package people

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"github.com/netsyncd/netsyncd/internal/budget"
	"github.com/netsyncd/netsyncd/internal/event"
)

// Look is what Screen.Look reads of an iCalendar object's raw bytes.
type Look struct {
	// NoOne: the object certainly brings no one and no host into the
	// ledger, and teaches none of my names: none of its lines is an
	// attendee or an organiser, no summary of it names anyone (ParseNames)
	// and no URL of it is a ticketing link. It is also small (at most
	// budget.TextBytes: no description of it counts against the
	// classifier's per-pass budget), UTF-8 with no NUL and no bare CR
	// (what the parser reads is what was looked at), every VEVENT of it
	// has a UID, and none recurs (no RRULE or RDATE outside its
	// VTIMEZONEs): each VEVENT is at most one occurrence.
	NoOne bool
	// Nobody is Screen.Nobody of the object, read in the same pass over
	// its lines.
	Nobody bool
	// Events counts its BEGIN:VEVENT lines.
	Events int
}

// Look reads data line by line, without parsing it into properties:
// whether it brings no one (Look.NoOne), and, for the daemon's guards, the
// key of each UID it holds (uid: NormUID of the value) and every zone
// name it may make the parser look up (zone: the raw value of each TZID
// parameter or property, X-LIC-LOCATION and X-WR-TIMEZONE, finer than the
// parser's cleaned names). The slices handed to uid and zone are valid
// during the call only. uid and zone may be nil.
// buf, when not nil, is scratch space reused from call to call.
func (s *Screen) Look(data []byte, buf *LookBuf, uid, zone func([]byte)) Look {
	l := Look{NoOne: len(data) <= budget.TextBytes && utf8.Valid(data) && bytes.IndexByte(data, 0) < 0}
	// A bare CR: fewer lines end in CR LF than the object holds CRs.
	crs, crlfs := bytes.Count(data, []byte{'\r'}), 0
	if buf == nil {
		buf = &LookBuf{}
	}
	unfolded, key, addr, stack := buf.line[:0], buf.key[:0], buf.addr[:0], buf.stack[:0] // stack: the components open, innermost last (compEvent...)
	defer func() { buf.line, buf.key, buf.addr, buf.stack = unfolded, key, addr, stack }()
	uids := 0 // UID lines directly in the current VEVENT
	// As Nobody: every address line names me or the employer, one at least.
	someone, unknown := false, false
	next := func() []byte {
		line := data
		i := bytes.IndexByte(line, '\n')
		if i < 0 {
			data = nil
			return bytes.TrimSuffix(line, []byte("\r")) // a CR that ends no line: bare
		}
		line, data = line[:i], line[i+1:]
		if n := len(line); n > 0 && line[n-1] == '\r' {
			line, crlfs = line[:n-1], crlfs+1
		}
		return line
	}
	for len(data) > 0 {
		line := next()
		if len(data) > 0 && (data[0] == ' ' || data[0] == '\t') {
			// Folded: unfolded into scratch space. A line that is not is
			// read where it lies.
			buf := append(unfolded[:0], line...)
			for len(data) > 0 && (data[0] == ' ' || data[0] == '\t') {
				buf = append(buf, next()[1:]...)
			}
			line, unfolded = buf, buf
		}
		if len(line) == 0 {
			continue
		}
		if c := line[0] | 0x20; (c == 'a' || c == 'o') && !unknown && (hasPrefixFold(line, "ATTENDEE") || hasPrefixFold(line, "ORGANIZER")) {
			addr = append(addr[:0], line...)
			lowerASCII(addr)
			switch email, ok := s.addressBytes(addr); {
			case !ok:
				unknown = true
			case s.f.me[string(email)]:
			case inAny(string(email), s.f.employer):
				someone = true
			default:
				unknown = true
			}
		}
		name, params, value := splitLine(line)
		if i := bytes.LastIndexByte(name, '.'); i >= 0 {
			name = name[i+1:] // a group's prefix: "item1.ATTENDEE"
		}
		inner := compOther
		if len(stack) > 0 {
			inner = stack[len(stack)-1]
		}
		switch {
		case eqFold(name, "BEGIN"):
			c := compOther
			switch v := bytes.TrimSpace(value); {
			case eqFold(v, "VEVENT"):
				c, uids = compEvent, 0
				l.Events++
			case eqFold(v, "STANDARD"), eqFold(v, "DAYLIGHT"):
				c = compZoneRule
			}
			stack = append(stack, c)
		case eqFold(name, "END"):
			if inner == compEvent && uids == 0 {
				l.NoOne = false // the parser makes up a UID from its content
			}
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		case eqFold(name, "ATTENDEE"), eqFold(name, "ORGANIZER"):
			l.NoOne = false
		case eqFold(name, "UID"):
			if inner == compEvent {
				uids++
			}
			key = NormUID(key[:0], value)
			if len(key) == 0 || bytes.HasPrefix(key, []byte("netsyncd-no-uid-")) {
				// An empty UID is none: the parser makes one up from the
				// event's times and summary, which another object may share.
				l.NoOne = false // (or the form of a made-up UID)
			}
			if t := bytes.Trim(value, " \t"); len(t) > 0 && (t[0] >= 0x80 || t[len(t)-1] >= 0x80) {
				// The parser trims Unicode white space too (U+00A0 ...),
				// which NormUID does not: two keys could be one UID.
				l.NoOne = false
			}
			if uid != nil {
				uid(key)
			}
		case eqFold(name, "RRULE"), eqFold(name, "RDATE"):
			if inner != compZoneRule {
				l.NoOne = false
			}
		case eqFold(name, "SUMMARY"):
			if l.NoOne && (bytes.IndexByte(params, '"') >= 0 || buf.namesSomeone(value)) {
				l.NoOne = false
			}
		case eqFold(name, "URL"):
			if l.NoOne && mayBeTicketLink(value) {
				l.NoOne = false
			}
		case eqFold(name, "TZID"), eqFold(name, "X-LIC-LOCATION"), eqFold(name, "X-WR-TIMEZONE"):
			if zone != nil {
				zone(value)
			}
		}
		if zone != nil && len(params) > 0 {
			tzidParams(params, zone)
		}
	}
	if crs != crlfs {
		l.NoOne = false
	}
	l.Nobody = someone && !unknown
	return l
}

// LookBuf is Look's scratch space, for one goroutine.
type LookBuf struct {
	line, key, addr, stack []byte
	// names is namesSomeone of the summary values read so far: a year of
	// history repeats its summaries (the gym, the dentist, a team lunch).
	names map[string]bool
}

// namesSomeone is the package's namesSomeone, remembered by value.
func (b *LookBuf) namesSomeone(value []byte) bool {
	if some, ok := b.names[string(value)]; ok {
		return some
	}
	some := namesSomeone(value)
	if b.names == nil {
		b.names = map[string]bool{}
	}
	if len(b.names) < lookNames {
		b.names[string(value)] = some
	}
	return some
}

// lookNames bounds LookBuf.names.
const lookNames = 4096

// The components Look tells apart.
const (
	compOther    byte = iota
	compEvent         // VEVENT
	compZoneRule      // a VTIMEZONE's STANDARD or DAYLIGHT
)

// NormUID appends to dst the key Look gives a UID value: lower-cased,
// without white space or backslashes, at most 256 bytes. Two values the
// parser reads as one UID (trimmed, unescaped, clipped) have one key; two
// keys may stand for one UID more often, never the other way.
func NormUID(dst, value []byte) []byte {
	for _, c := range value {
		switch {
		case c == ' ' || c == '\t' || c == '\\' || c == '\r' || c == '\n':
		case 'A' <= c && c <= 'Z':
			dst = append(dst, c+'a'-'A')
		default:
			dst = append(dst, c)
		}
		if len(dst) >= 256 {
			break
		}
	}
	return dst
}

// splitLine cuts an unfolded content line into its name, its parameters
// (from the first ';', quotes and all) and its value (after the first
// ':' outside quotes).
func splitLine(line []byte) (name, params, value []byte) {
	end := 0
	for end < len(line) && line[end] != ';' && line[end] != ':' {
		end++
	}
	if end == len(line) {
		return line, nil, nil
	}
	name = line[:end]
	if line[end] == ':' {
		return name, nil, line[end+1:]
	}
	quoted := false
	for i := end; i < len(line); i++ {
		switch line[i] {
		case '"':
			quoted = !quoted
		case ':':
			if !quoted {
				return name, line[end:i], line[i+1:]
			}
		}
	}
	return name, line[end:], nil
}

// tzidParams hands zone the value of every TZID parameter in params: a
// quoted value without its quotes, else up to the next ';' or ':'.
func tzidParams(params []byte, zone func([]byte)) {
	for len(params) > 0 {
		i := bytes.IndexByte(params, ';')
		if i < 0 {
			return
		}
		if params = params[i+1:]; len(params) < len("tzid=") || !eqFold(params[:len("tzid=")], "tzid=") {
			continue
		}
		params = params[len("tzid="):]
		var v []byte
		if len(params) > 0 && params[0] == '"' {
			j := bytes.IndexByte(params[1:], '"')
			if j < 0 {
				v, params = params[1:], nil
			} else {
				v, params = params[1:1+j], params[2+j:]
			}
		} else {
			j := bytes.IndexAny(params, ";:")
			if j < 0 {
				j = len(params)
			}
			v, params = params[:j], params[j:]
		}
		zone(v)
	}
}

// namesSomeone: the summary value, read as the parser reads it
// (unescaped, trimmed, control characters as spaces), names someone; an
// overlong one (the parser would clip it) is taken to.
func namesSomeone(value []byte) bool {
	if len(value) > budget.TextBytes/2 {
		return true
	}
	s := strings.TrimSpace(event.Unescape(string(value)))
	s = strings.Map(func(r rune) rune {
		if r < 0x20 && r != '\t' && r != '\n' || r >= 0x7f && r <= 0x9f {
			return ' '
		}
		return r
	}, s)
	return ParseNames(s) != nil
}

// mayBeTicketLink: ticketLink could hold for the URL value: it names a
// ticketing domain, or holds an escape that could hide one.
func mayBeTicketLink(value []byte) bool {
	if bytes.ContainsAny(value, `%\`) {
		return true
	}
	for _, d := range ticketing {
		if indexFold(value, d) >= 0 {
			return true
		}
	}
	return false
}

// eqFold: b is s, ASCII case folded.
func eqFold(b []byte, s string) bool {
	return len(b) == len(s) && bytes.EqualFold(b, []byte(s))
}

// indexFold is bytes.Index of lower, an ASCII lower-case string, in b,
// ASCII case folded.
func indexFold(b []byte, lower string) int {
	for i := 0; i+len(lower) <= len(b); i++ {
		ok := true
		for j := 0; j < len(lower); j++ {
			c := b[i+j]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			if c != lower[j] {
				ok = false
				break
			}
		}
		if ok {
			return i
		}
	}
	return -1
}
