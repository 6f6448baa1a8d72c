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
	// budget.ObjectComponents and budget.ComponentDepth
	components int  // components begun
	stopped    bool // more than budget.ObjectComponents: the rest was not read
	tooDeep    int  // components nested deeper than budget.ComponentDepth, skipped with their content
	tooMany    int  // components past budget.ChildComponents in one parent, skipped with their content
	extraProps int  // properties past budget.PropsPerComponent in one component, dropped
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
func parse(data []byte) *parsed { return scan(data, nil) }

// scan is parse that hands each component directly under a VCALENDAR to
// keep as soon as it is closed, with the bytes of data it was read from
// (its BEGIN line to its END line), instead of adding it to the calendar's
// Children: so an object of 50,000 VEVENTs is never held parsed whole, one
// VEVENT is. parse(raw) of those bytes reads the same component again. A
// nil keep adds every component to its calendar.
func scan(data []byte, keep func(cal, c *ical.Component, raw []byte)) *parsed {
	return scanWith(data, keep, readAll)
}

// scanWith is scan keeping of each object what r says (see reading and
// leanScope): the lines left out are checked and counted against the
// budgets as if kept, so that what is kept is what a full reading keeps.
func scanWith(data []byte, keep func(cal, c *ical.Component, raw []byte), r reading) *parsed {
	lean := r != readAll
	p := &parsed{}
	data = bytes.TrimPrefix(data, utf8BOM)
	stack := make([]*ical.Component, 0, 4)
	begins := make([]int, 0, 4) // the offset in data of each open component's BEGIN line
	kids := make([]int, 0, 4)   // how many children each open component has had
	props := make([]int, 0, 4)  // how many properties each open component holds
	lineStart, lineEnd, isEnd := 0, 0, false
	closeTop := func() {
		c := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		from := begins[len(begins)-1]
		begins, kids, props = begins[:len(begins)-1], kids[:len(kids)-1], props[:len(props)-1]
		if len(stack) == 0 {
			p.calendars = append(p.calendars, c)
			return
		}
		parent := stack[len(stack)-1]
		if lean && len(stack) > 1 && leanScope(stack) != 0 {
			return // a VALARM, a VTIMEZONE's STANDARD, or what they hold: not kept
		}
		if keep != nil && len(stack) == 1 {
			to := lineStart // closed by the BEGIN of a sibling, or at the end
			if isEnd {
				to = lineEnd
			}
			keep(parent, c, data[from:to])
			return
		}
		parent.Children = append(parent.Children, c)
	}
	skip := 0 // depth inside a component nested too deep
	eachLine(data, func(b []byte, start, end int) bool {
		lineStart, lineEnd, isEnd = start, end, false
		if scope := leanScope(stack); lean && skip == 0 && scope != 0 && leanDrops(b, scope, len(stack) > 2, r == readEvents) {
			if !validContentLine(b) {
				p.drop(string(b))
			} else if n := len(stack) - 1; props[n] >= budget.PropsPerComponent {
				p.extraProps++
			} else {
				props[n]++
			}
			return true
		}
		kind, name, prop, ok := readLine(b) // prop, a value: Props.Add copies it
		if !ok {
			if skip == 0 {
				p.drop(string(b))
			}
			return true
		}
		switch kind {
		case "BEGIN":
			if name == "" {
				p.drop(string(b))
				return true
			}
			if skip > 0 && name != ical.CompCalendar && !topLevel[name] {
				skip++
				return true
			}
			skip = 0
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
				begins, kids, props = append(begins, start), append(kids, 0), append(props, 0)
			}
			if n := len(stack); n >= budget.ComponentDepth || n > 1 && kids[n-1] >= budget.ChildComponents {
				if n >= budget.ComponentDepth {
					p.tooDeep++
				} else {
					p.tooMany++
				}
				skip = 1
				return true
			}
			if p.components++; p.components > budget.ObjectComponents {
				p.stopped = true
				return false
			}
			if n := len(stack); n > 0 {
				kids[n-1]++
			}
			stack = append(stack, ical.NewComponent(name))
			begins, kids, props = append(begins, start), append(kids, 0), append(props, 0)
		case "END":
			if skip > 0 {
				skip--
				return true
			}
			isEnd = true
			i := len(stack) - 1
			for i >= 0 && stack[i].Name != name {
				i--
			}
			if i < 0 && len(stack) > 1 {
				// "END:VTOOD": like python's icalendar, let a misspelt END
				// close the innermost component rather than swallow the rest.
				p.drop(string(b))
				i = len(stack) - 1
			}
			if i < 0 {
				return true // an END that closes nothing
			}
			for len(stack) > i {
				closeTop()
			}
		default:
			if len(stack) == 0 || skip > 0 {
				return true // text outside any component, or too deep
			}
			if n := len(stack) - 1; props[n] >= budget.PropsPerComponent {
				p.extraProps++
				return true
			}
			props[len(stack)-1]++
			stack[len(stack)-1].Props.Add(&prop)
		}
		return true
	})
	if !p.stopped {
		lineStart = len(data)
	}
	isEnd = false
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

// compNames are the names of the components calendars hold, kept once.
var compNames = map[string]string{}

func init() {
	for _, n := range []string{ical.CompCalendar, ical.CompEvent, ical.CompToDo, ical.CompJournal, ical.CompFreeBusy,
		ical.CompTimezone, ical.CompAlarm, ical.CompTimezoneStandard, ical.CompTimezoneDaylight, "VAVAILABILITY", "AVAILABLE"} {
		compNames[n] = n
	}
}

// readLine reads one unfolded content line as the reader does: kind is
// "BEGIN" or "END" with the name of the component it gives (upper case,
// white space around it dropped: "begin: vevent" begins a VEVENT), or else
// the property's name with the property. ok is false for a line that is no
// content line (and is dropped).
func readLine(b []byte) (kind, name string, prop ical.Prop, ok bool) {
	if kind, name = beginEnd(b); kind != "" { // read without a Prop
		return kind, name, prop, true
	}
	if prop, ok = parseContentLine(string(b)); !ok {
		return "", "", prop, false
	}
	if kind = prop.Name; kind == "BEGIN" || kind == "END" { // with parameters
		name = strings.ToUpper(strings.TrimSpace(prop.Value))
	}
	return kind, name, prop, true
}

// HoldsCalendar reports whether data has a line that begins a VCALENDAR or
// a VEVENT as the reader reads it (readLine, after the byte order mark
// and UTF-16 the reader accepts): the test of a file given to --ics, so
// that a file is refused as no calendar exactly when the reader would find
// none in it.
func HoldsCalendar(data []byte) bool {
	if u, ok := fromUTF16(data); ok {
		data = u
	}
	found := false
	eachLine(bytes.TrimPrefix(data, utf8BOM), func(b []byte, _, _ int) bool {
		kind, name, _, _ := readLine(b)
		found = kind == "BEGIN" && (name == ical.CompCalendar || name == ical.CompEvent)
		return !found
	})
	return found
}

// CalendarName is the calendar's own name in an exported file: the
// VCALENDAR's X-WR-CALNAME before its first VEVENT (Google, Apple and
// Thunderbird write the calendar's display name there; Outlook writes
// its default, "Calendar" or "Kalender"), read as the reader reads lines;
// "" when there is none.
func CalendarName(data []byte) string {
	if u, ok := fromUTF16(data); ok {
		data = u
	}
	name := ""
	eachLine(bytes.TrimPrefix(data, utf8BOM), func(b []byte, _, _ int) bool {
		kind, comp, prop, ok := readLine(b)
		switch {
		case kind == "BEGIN" && comp == ical.CompEvent:
			return false
		case ok && kind == "X-WR-CALNAME":
			name = strings.TrimSpace(Unescape(prop.Value))
			return name == ""
		}
		return true
	})
	return name
}

var utf8BOM = []byte("\xef\xbb\xbf")

// beginEnd reads a BEGIN or END line without parameters as the scan reads
// it from parseContentLine's property, without making one: its kind
// ("BEGIN" or "END") and the name it gives, upper case. kind is "" for
// any other line.
func beginEnd(b []byte) (kind, name string) {
	var v []byte
	switch {
	case len(b) >= 6 && bytes.EqualFold(b[:6], []byte("BEGIN:")):
		kind, v = "BEGIN", b[6:]
	case len(b) >= 4 && bytes.EqualFold(b[:4], []byte("END:")):
		kind, v = "END", b[4:]
	default:
		return "", ""
	}
	v = bytes.TrimSpace(v)
	if len(v) <= 16 {
		var buf [16]byte
		up := buf[:len(v)]
		for i, c := range v {
			if 'a' <= c && c <= 'z' {
				c -= 'a' - 'A'
			}
			up[i] = c
		}
		if n, ok := compNames[string(up)]; ok {
			return kind, n
		}
	}
	return kind, strings.ToUpper(string(v))
}

// eachLine calls fn with every unfolded content line and the offsets in
// data where it begins and where its last folded part's line break ends.
// RFC 5545 section 3.1: a line break followed by one space or tab continues
// the line. CR LF, LF and a lone CR all end a line, since exports use all
// three. The caller trims a byte order mark. The line fn is given is data's
// own bytes, or for a folded line a buffer used again for the next one:
// fn copies what it keeps.
func eachLine(data []byte, fn func(line []byte, start, end int) (more bool)) {
	var cur []byte    // the line so far: a slice of data, or of folded
	var folded []byte // the parts of a folded line, joined
	isFolded := false
	start, end := 0, 0 // of the line in data
	more := true
	flush := func() {
		if s := bytes.TrimRight(cur, " \t"); len(s) > 0 && more {
			more = fn(s, start, end)
		}
		cur, isFolded = nil, false
	}
	for pos := 0; pos < len(data) && more; {
		i := indexAny(data[pos:], "\r\n")
		var line []byte
		next := len(data)
		if i < 0 {
			line = data[pos:]
		} else {
			line = data[pos : pos+i]
			if data[pos+i] == '\r' && pos+i+1 < len(data) && data[pos+i+1] == '\n' {
				i++
			}
			next = pos + i + 1
		}
		if len(line) > 0 && (line[0] == ' ' || line[0] == '\t') {
			if !isFolded {
				folded, isFolded = append(folded[:0], cur...), true
			}
			folded = append(folded, line[1:]...)
			cur = folded
			end, pos = next, next
			continue
		}
		flush()
		cur = line
		start, end, pos = pos, next, next
	}
	flush()
}

// parseContentLine splits one unfolded line, RFC 5545 section 3.1:
//
//	contentline = name *(";" param ) ":" value CRLF
//	param       = param-name "=" param-value *("," param-value)
//	param-value = paramtext / quoted-string
func parseContentLine(line string) (ical.Prop, bool) { return readContentLine(line, true) }

// validContentLine is whether parseContentLine reads line, without
// making the property.
func validContentLine(line []byte) bool {
	_, ok := readContentLine(line, false)
	return ok
}

// readContentLine is parseContentLine; without build, it only checks the
// line and returns no property.
func readContentLine[T ~string | ~[]byte](line T, build bool) (ical.Prop, bool) {
	i := indexAny(line, ";:")
	if i <= 0 || !validName(line[:i]) {
		return ical.Prop{}, false
	}
	var prop ical.Prop
	if build {
		prop.Name = strings.ToUpper(string(line[:i])) // Params made for the first
	}
	rest := line[i:]
	for rest[0] == ';' {
		eq := indexAny(rest, "=")
		if eq < 2 || !validName(rest[1:eq]) {
			return ical.Prop{}, false
		}
		name := rest[1:eq]
		rest = rest[eq+1:]
		for {
			v, tail, ok := paramValue(rest)
			if !ok || len(tail) == 0 {
				return ical.Prop{}, false
			}
			if build {
				pname := strings.ToUpper(string(name))
				if prop.Params == nil {
					prop.Params = make(ical.Params)
				}
				prop.Params[pname] = append(prop.Params[pname], string(v))
			}
			rest = tail
			if rest[0] != ',' {
				break
			}
			rest = rest[1:]
		}
	}
	if rest[0] != ':' {
		return ical.Prop{}, false
	}
	if build {
		prop.Value = string(rest[1:])
	}
	return prop, true
}

// paramValue reads one quoted or plain parameter value from the front of s.
func paramValue[T ~string | ~[]byte](s T) (value, tail T, ok bool) {
	if len(s) > 0 && s[0] == '"' {
		end := indexAny(s[1:], `"`)
		if end < 0 {
			return s[:0], s[:0], false
		}
		return s[1 : end+1], s[end+2:], true
	}
	end := indexAny(s, `;:,"`)
	if end < 0 || s[end] == '"' {
		return s[:0], s[:0], false
	}
	return s[:end], s[end:], true
}

// indexAny is strings.IndexAny and bytes.IndexAny for ASCII chars.
func indexAny[T ~string | ~[]byte](s T, chars string) int {
	for i := 0; i < len(s); i++ {
		for j := 0; j < len(chars); j++ {
			if s[i] == chars[j] {
				return i
			}
		}
	}
	return -1
}

// validName accepts iana-token and x-name: letters, digits and dashes.
func validName[T ~string | ~[]byte](s T) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c == '-' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return len(s) > 0
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
	if p.tooDeep > 0 {
		parts = append(parts, fmt.Sprintf("%d component(s) nested more than %d deep were skipped with what they held", p.tooDeep, budget.ComponentDepth))
	}
	if p.tooMany > 0 {
		parts = append(parts, fmt.Sprintf("%d component(s) past the first %d in one component (VALARMs of one VEVENT, say) were skipped", p.tooMany, budget.ChildComponents))
	}
	if p.extraProps > 0 {
		parts = append(parts, fmt.Sprintf("%d properties past the first %d of one component were dropped", p.extraProps, budget.PropsPerComponent))
	}
	if p.stopped {
		parts = append(parts, fmt.Sprintf("more than %d components (VEVENT, VALARM, ...) in one object: the rest of it was not read", budget.ObjectComponents))
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
