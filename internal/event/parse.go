package event

import (
	"github.com/netsyncd/netsyncd/internal/budget"

	"bytes"
	"fmt"
	"strings"

	"github.com/emersion/go-ical"
)

// maxSourceBytes caps one calendar object or .ics file. Real exports of a
// decade of calendar stay well under it; anything larger is refused rather
// than read into a pipeline that runs every few minutes.
const maxSourceBytes = budget.ObjectBytes

// parsed is what the lenient reader makes of one Source: its calendars and
// the lines it had to drop.
type parsed struct {
	calendars []*ical.Component
	dropped   int    // content lines that were not valid and were skipped
	example   string // the first of them, shortened, for the Problem
	unclosed  int    // components closed by the BEGIN of a sibling
	openName  string // the first of them, for the Problem
}

// topLevel are the components RFC 5545 allows only directly in a VCALENDAR.
var topLevel = map[string]bool{
	ical.CompEvent: true, ical.CompToDo: true, ical.CompJournal: true,
	ical.CompFreeBusy: true, ical.CompTimezone: true, "VAVAILABILITY": true,
}

// parse reads iCalendar data leniently into go-ical components.
//
// go-ical's Decoder stops at the first malformed line (and panics on a
// parameter that runs to the end of the line), so one bad property written
// by one client would lose a whole export. This reader follows RFC 5545
// section 3.1 (content lines, unfolding) and 3.4/3.6 (BEGIN/END nesting) but
// skips what it cannot read: a malformed line is dropped, an END naming no
// open component closes the innermost one, components left open are closed,
// and a component found outside any VCALENDAR gets an implicit one.
func parse(data []byte) *parsed {
	p := &parsed{}
	var stack []*ical.Component
	closeTop := func() {
		c := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if len(stack) == 0 {
			p.calendars = append(p.calendars, c)
			return
		}
		parent := stack[len(stack)-1]
		parent.Children = append(parent.Children, c)
	}
	eachLine(data, func(line string) {
		prop, ok := parseContentLine(line)
		if !ok {
			p.drop(line)
			return
		}
		switch prop.Name {
		case "BEGIN":
			name := strings.ToUpper(strings.TrimSpace(prop.Value))
			if name == "" {
				p.drop(line)
				return
			}
			// A VEVENT left without its END: the next VEVENT (or
			// VCALENDAR) closes it, rather than being swallowed into it
			// and lost without a word.
			if name == ical.CompCalendar || topLevel[name] {
				keep := 0
				if name != ical.CompCalendar {
					for i := len(stack) - 1; i >= 0; i-- {
						if stack[i].Name == ical.CompCalendar {
							keep = i + 1
							break
						}
					}
				}
				if len(stack) > keep {
					if p.unclosed == 0 {
						p.openName = stack[len(stack)-1].Name
					}
					p.unclosed++
				}
				for len(stack) > keep {
					closeTop()
				}
			}
			if len(stack) == 0 && name != ical.CompCalendar {
				stack = append(stack, ical.NewComponent(ical.CompCalendar))
			}
			stack = append(stack, ical.NewComponent(name))
		case "END":
			name := strings.ToUpper(strings.TrimSpace(prop.Value))
			i := len(stack) - 1
			for i >= 0 && stack[i].Name != name {
				i--
			}
			if i < 0 && len(stack) > 1 {
				// "END:VTOOD": like python's icalendar, let a misspelt END
				// close the innermost component rather than swallow the rest.
				p.drop(line)
				i = len(stack) - 1
			}
			if i < 0 {
				return // an END that closes nothing
			}
			for len(stack) > i {
				closeTop()
			}
		default:
			if len(stack) == 0 {
				return // text outside any component
			}
			stack[len(stack)-1].Props.Add(prop)
		}
	})
	for len(stack) > 0 {
		closeTop()
	}
	return p
}

func (p *parsed) drop(line string) {
	if p.dropped == 0 {
		p.example = shorten(line, 60)
	}
	p.dropped++
}

// eachLine calls fn with every unfolded content line. RFC 5545 section 3.1:
// a line break followed by one space or tab continues the line. CR LF, LF
// and a lone CR all end a line, since exports use all three.
func eachLine(data []byte, fn func(string)) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	var cur strings.Builder
	flush := func() {
		if s := strings.TrimRight(cur.String(), " \t"); s != "" {
			fn(s)
		}
		cur.Reset()
	}
	for len(data) > 0 {
		i := bytes.IndexAny(data, "\r\n")
		var line []byte
		if i < 0 {
			line, data = data, nil
		} else {
			line = data[:i]
			if data[i] == '\r' && i+1 < len(data) && data[i+1] == '\n' {
				i++
			}
			data = data[i+1:]
		}
		if len(line) > 0 && (line[0] == ' ' || line[0] == '\t') {
			cur.Write(line[1:])
			continue
		}
		flush()
		cur.Write(line)
	}
	flush()
}

// parseContentLine splits one unfolded line, RFC 5545 section 3.1:
//
//	contentline = name *(";" param ) ":" value CRLF
//	param       = param-name "=" param-value *("," param-value)
//	param-value = paramtext / quoted-string
func parseContentLine(line string) (*ical.Prop, bool) {
	i := strings.IndexAny(line, ";:")
	if i <= 0 || !validName(line[:i]) {
		return nil, false
	}
	prop := &ical.Prop{Name: strings.ToUpper(line[:i]), Params: make(ical.Params)}
	rest := line[i:]
	for rest[0] == ';' {
		eq := strings.IndexByte(rest, '=')
		if eq < 2 || !validName(rest[1:eq]) {
			return nil, false
		}
		name := strings.ToUpper(rest[1:eq])
		rest = rest[eq+1:]
		for {
			v, tail, ok := paramValue(rest)
			if !ok || tail == "" {
				return nil, false
			}
			prop.Params[name] = append(prop.Params[name], v)
			rest = tail
			if rest[0] != ',' {
				break
			}
			rest = rest[1:]
		}
	}
	if rest[0] != ':' {
		return nil, false
	}
	prop.Value = rest[1:]
	return prop, true
}

// paramValue reads one quoted or plain parameter value from the front of s.
func paramValue(s string) (value, tail string, ok bool) {
	if strings.HasPrefix(s, `"`) {
		end := strings.IndexByte(s[1:], '"')
		if end < 0 {
			return "", "", false
		}
		return s[1 : end+1], s[end+2:], true
	}
	end := strings.IndexAny(s, `;:,"`)
	if end < 0 || s[end] == '"' {
		return "", "", false
	}
	return s[:end], s[end:], true
}

// validName accepts iana-token and x-name: letters, digits and dashes.
func validName(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c == '-' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return s != ""
}

func shorten(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}

func (p *parsed) problem() error {
	var parts []string
	if p.dropped > 0 {
		parts = append(parts, fmt.Sprintf("skipped %d malformed line(s), first %q", p.dropped, p.example))
	}
	if p.unclosed > 0 {
		parts = append(parts, fmt.Sprintf("%d component(s) had no END line, first a %s; each was closed where the next one began", p.unclosed, p.openName))
	}
	if len(parts) == 0 {
		return nil
	}
	return fmt.Errorf("%s", strings.Join(parts, "; "))
}

// Parse reads one calendar object leniently, as Expand does, for callers
// that read objects of their own (the planner reading back its entries): it
// never panics, drops malformed lines, and returns the VCALENDAR
// components. The error is non-nil only when the data is over the size
// limit or holds no component at all.
func Parse(data []byte) ([]*ical.Component, error) {
	if len(data) > maxSourceBytes {
		return nil, fmt.Errorf("event: object of %d bytes exceeds the limit of %d", len(data), maxSourceBytes)
	}
	p := parse(data)
	if len(p.calendars) == 0 {
		return nil, fmt.Errorf("event: no calendar component")
	}
	return p.calendars, nil
}
