package event

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/emersion/go-ical"

	"github.com/netsyncd/netsyncd/internal/budget"
)

// vevent is one VEVENT with the values expansion needs read out of it.
type vevent struct {
	// c is the component while it is read; once grouped, it is nil and
	// comp reads it again from raw, so that the VEVENTs of a big object
	// are not all held parsed.
	c       *ical.Component
	raw     []byte  // the VEVENT's lines in its Source's bytes (no copy)
	reading reading // how it was read, and so is read again
	recurs  bool    // it has an RRULE or RDATE
	exdate  bool    // it has an EXDATE
	uid     string
	start   stamp
	length  span   // from DTEND or DURATION; may be negative (see occurrence)
	rid     *stamp // RECURRENCE-ID, nil for a master
	future  bool   // RANGE=THISANDFUTURE on the RECURRENCE-ID
	seq     int
	order   int         // position in the source: among equals, the later one wins
	about   *Occurrence // the descriptive fields, read once for all instances
}

// describeInto copies the event's descriptive fields into o, reading them
// on first use. Slices are copied so that occurrences share no memory.
func (ev *vevent) describeInto(o *Occurrence) {
	if ev.about == nil {
		ev.about = &Occurrence{}
		describe(ev.about, ev.comp())
		clipText(ev.about)
	}
	a := ev.about
	o.Summary, o.Description, o.Location, o.URL = a.Summary, a.Description, a.Location, a.URL
	if a.Geo != nil {
		g := *a.Geo
		o.Geo = &g
	}
	o.Organizer, o.OrganizerName = a.Organizer, a.OrganizerName
	// Every occurrence of a series shares the lists (nothing changes their
	// elements; Clip makes an append copy them): one copy per occurrence was
	// 3 MiB of a pass at 50,000 events.
	o.Attendees, o.Categories = slices.Clip(a.Attendees), slices.Clip(a.Categories)
	o.Status, o.Transparent, o.Class, o.Owned = a.Status, a.Transparent, a.Class, a.Owned
}

// comp is the event's component: read again from raw once let go.
func (ev *vevent) comp() *ical.Component {
	if ev.c != nil {
		return ev.c
	}
	for _, cal := range scanWith(ev.raw, nil, ev.reading).calendars {
		for _, c := range cal.Children {
			if c.Name == ical.CompEvent {
				return c
			}
		}
	}
	return ical.NewComponent(ical.CompEvent) // not reached: raw held this VEVENT
}

// letGo drops the parsed component of an event read from raw (scan); the
// few properties expansion asks every event for are noted first.
func (ev *vevent) letGo(raw []byte) {
	c := ev.c
	ev.recurs = c.Props.Get(ical.PropRecurrenceRule) != nil || c.Props.Get(ical.PropRecurrenceDates) != nil
	ev.exdate = c.Props.Get(ical.PropExceptionDates) != nil
	if raw != nil {
		ev.c, ev.raw = nil, raw
	}
}

// clipText keeps an event's text and lists within their budgets: every
// occurrence of a series carries them, and messages and entries copy them.
func clipText(a *Occurrence) {
	for _, f := range []*string{&a.Summary, &a.Location, &a.URL, &a.Organizer, &a.OrganizerName, &a.Status, &a.Class} {
		*f = plain(budget.Clip(*f, budget.TextBytes))
	}
	a.Description = plain(budget.Clip(a.Description, budget.DescriptionBytes))
	if len(a.Attendees) > budget.AttendeesPerEvent {
		a.Attendees = a.Attendees[:budget.AttendeesPerEvent]
	}
	for i := range a.Attendees {
		// the name cut as the organiser's is: a 1 MB CN was kept whole, and
		// padded every row of `netsyncd people` to 1 MB
		a.Attendees[i].Email, a.Attendees[i].Name = plain(a.Attendees[i].Email), plain(budget.Clip(a.Attendees[i].Name, budget.TextBytes))
	}
	if len(a.Categories) > budget.AttendeesPerEvent {
		a.Categories = a.Categories[:budget.AttendeesPerEvent]
	}
	for i := range a.Categories {
		a.Categories[i] = plain(a.Categories[i])
	}
}

// plain is s with its control characters (C0 but tab and line feed, DEL,
// C1) made spaces. RFC 5545 allows none in TEXT, and the multi-status
// decoder already repairs the C0 ones of an answer so (XML allows DEL and
// C1); but an .ics file brings them all as they are, and an ESC in a
// summary reached the terminal that runs explain as an escape sequence
// (ESC [ 2 J clears it), and the entries written back.
//
// Its bidi embeddings, overrides and isolates are closed at its end too:
// an RLO (U+202E) left open in a summary turned, in every line that
// quotes it (an entry's "Coffee w/ Dana, Thu 3 Dec 14:00-15:00", explain's
// "[calendar]"), the text after it right to left: "00:51-00:41 ceD 3 uhT".
func plain(s string) string {
	if i := strings.IndexFunc(s, isControl); i >= 0 {
		s = s[:i] + strings.Map(func(r rune) rune {
			if isControl(r) {
				return ' '
			}
			return r
		}, s[i:])
	}
	return closeBidi(s)
}

// closeBidi appends to s the PDF (U+202C) and PDI (U+2069) that close the
// embeddings (LRE, RLE, LRO, RLO) and isolates (LRI, RLI, FSI) still open
// at its end, as Unicode's bidi algorithm (UAX #9) pairs them; a line
// feed ends a paragraph and closes them all.
func closeBidi(s string) string {
	if !strings.ContainsAny(s, "\u202a\u202b\u202d\u202e\u2066\u2067\u2068") {
		return s
	}
	var open []rune // 'E' an embedding or override, 'I' an isolate
	for _, r := range s {
		switch r {
		case '\u202a', '\u202b', '\u202d', '\u202e':
			open = append(open, 'E')
		case '\u2066', '\u2067', '\u2068':
			open = append(open, 'I')
		case '\u202c': // PDF closes an embedding, never past an isolate
			if n := len(open); n > 0 && open[n-1] == 'E' {
				open = open[:n-1]
			}
		case '\u2069': // PDI closes the last isolate and what it holds
			for i := len(open) - 1; i >= 0; i-- {
				if open[i] == 'I' {
					open = open[:i]
					break
				}
			}
		case '\n':
			open = open[:0]
		}
	}
	if len(open) == 0 {
		return s
	}
	var b strings.Builder
	b.WriteString(s)
	for i := len(open) - 1; i >= 0; i-- {
		if open[i] == 'E' {
			b.WriteRune('\u202c')
		} else {
			b.WriteRune('\u2069')
		}
	}
	return b.String()
}

func isControl(r rune) bool {
	return r < 0x20 && r != '\t' && r != '\n' || r >= 0x7f && r <= 0x9f
}

// readEvent reads the scheduling properties of a VEVENT, RFC 5545 section
// 3.6.1: DTSTART is required (the object has no METHOD here); DTEND and
// DURATION are optional and exclusive. A missing end is one day for a DATE
// start and zero length for a DATE-TIME start.
func readEvent(c *ical.Component, z *zones, order int) (*vevent, error) {
	ev := &vevent{c: c, uid: propValue(c, ical.PropUID), order: order}
	ev.seq, _ = strconv.Atoi(propValue(c, ical.PropSequence))
	p := c.Props.Get(ical.PropDateTimeStart)
	if p == nil {
		return ev, errors.New("VEVENT has no DTSTART")
	}
	var err error
	if ev.start, err = z.one(p); err != nil {
		return ev, err
	}
	if ev.length, err = readLength(c, z, ev.start); err != nil {
		return ev, err
	}
	if p := c.Props.Get(ical.PropRecurrenceID); p != nil {
		rid, err := z.one(p)
		if err != nil {
			return ev, err
		}
		ev.rid = &rid
		ev.future = strings.EqualFold(p.Params.Get("RANGE"), "THISANDFUTURE")
	}
	return ev, nil
}

func readLength(c *ical.Component, z *zones, start stamp) (span, error) {
	if p := c.Props.Get(ical.PropDateTimeEnd); p != nil {
		end, err := z.one(p)
		if err != nil {
			return span{}, err
		}
		if start.date && end.date {
			return span{days: daysBetween(start.t, end.t)}, nil
		}
		return span{exact: end.t.Sub(start.t)}, nil
	}
	if p := c.Props.Get(ical.PropDuration); p != nil {
		return parseSpan(p.Value)
	}
	if start.date {
		return span{days: 1}, nil
	}
	return span{}, nil
}

// daysBetween counts calendar days from a to b, however long those days are.
func daysBetween(a, b time.Time) int {
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	d := time.Date(by, bm, bd, 0, 0, 0, 0, time.UTC).Sub(time.Date(ay, am, ad, 0, 0, 0, 0, time.UTC))
	return int(d.Hours() / 24)
}

// newer reports whether ev should replace other for the same UID and
// RECURRENCE-ID: RFC 5545 section 3.8.7.4, a higher SEQUENCE is the newer
// revision; on a tie the later one in the file wins.
func (ev *vevent) newer(other *vevent) bool {
	if ev.seq != other.seq {
		return ev.seq > other.seq
	}
	return ev.order > other.order
}

// missingUID gives an event without UID a stable made-up one, so that its
// occurrences still have keys. Events without UID are each their own: the
// caller numbers those that hash alike.
func missingUID(c *ical.Component) string {
	h := sha256.New()
	for _, name := range []string{ical.PropDateTimeStart, ical.PropDateTimeEnd, ical.PropSummary, ical.PropRecurrenceRule} {
		fmt.Fprintf(h, "%s\x00", propValue(c, name))
	}
	return "netsyncd-no-uid-" + hex.EncodeToString(h.Sum(nil))[:16]
}
