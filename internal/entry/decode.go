package entry

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/emersion/go-ical"

	"github.com/netsyncd/netsyncd/internal/event"
)

// Decode reads an object from the target calendar. It returns an error only
// when data is not an iCalendar object with a VEVENT or VTODO that has a
// UID. An object without X-NETSYNCD-KIND comes back with Kind "": it is not
// netsyncd's, and nothing may touch it. A marked object with a property that
// cannot be read comes back with Invalid set: it is left alone, and its UID
// is never created again.
func Decode(data []byte) (Owned, error) {
	// The lenient reader of package event, not go-ical's Decoder: anything
	// may sit in the target calendar, and go-ical panics on some garbage.
	cals, err := event.Parse(data)
	if err != nil {
		return Owned{}, fmt.Errorf("entry: decode: %w", err)
	}
	comp := mainComponent(cals)
	if comp == nil {
		return Owned{}, errors.New("entry: decode: no VEVENT or VTODO")
	}
	o := Owned{Data: data, As: "event", UID: text(comp, ical.PropUID)}
	if o.UID == "" {
		return Owned{}, errors.New("entry: decode: no UID")
	}
	if comp.Name == ical.CompToDo {
		o.As = "todo"
	}
	o.Kind = Kind(text(comp, PropKind))
	if o.Kind == "" {
		return o, nil
	}
	readMarkers(comp, &o)
	readAlarms(comp, &o)
	o.Reshaped = reshaped(cals, comp)
	if err := readTimes(comp, &o); err != nil {
		o.Invalid = err.Error()
	}
	return o, nil
}

// Ours reads an object of the target calendar at href and tells whether it
// is one of netsyncd's entries; every caller that decides what is ours asks
// it. An object that is not (no X-NETSYNCD-KIND on its first VEVENT or
// VTODO: a user's own event, the shared ledger, an object that only
// mentions the marker in its text) has ours false and no error, and
// nothing may touch it. One that carries the marker but is no object Decode
// can read has ours false and the error: it is left alone, and said so. A
// marked entry with a property that cannot be read is ours, with Invalid
// set.
func Ours(href, etag string, data []byte) (o Owned, ours bool, err error) {
	if !bytes.Contains(data, []byte(PropKind)) {
		return Owned{}, false, nil // not ours: never read further
	}
	if o, err = Decode(data); err != nil || o.Kind == "" {
		return Owned{}, false, err
	}
	o.Href, o.ETag = href, etag
	return o, true, nil
}

// reshaped says how the user turned a marked entry into something Encode
// does not write, "" if they did not: netsyncd writes one VEVENT or VTODO
// without recurrence, and an app that repeats it ("Repeat: every week")
// adds an RRULE, and one that moves a single instance adds a second
// component with a RECURRENCE-ID.
func reshaped(cals []*ical.Component, main *ical.Component) string {
	for _, name := range []string{ical.PropRecurrenceRule, ical.PropRecurrenceDates} {
		if main.Props.Get(name) != nil {
			return "made it recurring (" + name + ")"
		}
	}
	n := 0
	for _, cal := range cals {
		for _, c := range cal.Children {
			if c.Name == ical.CompEvent || c.Name == ical.CompToDo {
				n++
			}
		}
	}
	if n > 1 {
		return fmt.Sprintf("gave it %d components (instances moved or added)", n)
	}
	return ""
}

// mainComponent is the first VEVENT or VTODO of the object.
func mainComponent(cals []*ical.Component) *ical.Component {
	for _, cal := range cals {
		for _, c := range cal.Children {
			if c.Name == ical.CompEvent || c.Name == ical.CompToDo {
				return c
			}
		}
	}
	return nil
}

func text(c *ical.Component, name string) string {
	if p := c.Props.Get(name); p != nil {
		return unescapeText(p.Value)
	}
	return ""
}

func readMarkers(c *ical.Component, o *Owned) {
	o.SourceUID = text(c, PropSource)
	o.SourceRecurrenceID = text(c, PropSourceID)
	o.Week = text(c, PropWeek)
	o.Summary = text(c, ical.PropSummary)
	o.Description = text(c, ical.PropDescription)
	o.Location = text(c, ical.PropLocation)
	o.StoredHash = text(c, PropHash)
	o.ContentHash = ContentHash(o.Summary, o.Description, o.Location)
	o.Sequence, _ = strconv.Atoi(strings.TrimSpace(text(c, ical.PropSequence)))
	status := strings.ToUpper(text(c, ical.PropStatus))
	pct := strings.TrimSpace(text(c, ical.PropPercentComplete))
	o.Completed = o.As == "todo" && (status == "COMPLETED" || c.Props.Get(ical.PropCompleted) != nil || pct == "100")
}

// readTimes reads the start, the end (DTEND, DUE, or DTSTART plus
// DURATION; RFC 5545 section 3.6.1: with neither, a DATE-TIME start ends
// where it starts) and X-NETSYNCD-PLANNED. Floating times, which netsyncd
// never writes, are read as UTC.
func readTimes(c *ical.Component, o *Owned) error {
	var err error
	if o.Start, err = c.Props.DateTime(ical.PropDateTimeStart, nil); err != nil {
		return fmt.Errorf("DTSTART: %w", err)
	}
	o.End = o.Start
	for _, name := range []string{ical.PropDateTimeEnd, ical.PropDue} {
		if p := c.Props.Get(name); p != nil {
			if o.End, err = p.DateTime(nil); err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
		}
	}
	if p := c.Props.Get(ical.PropDuration); p != nil {
		d, err := p.Duration()
		if err != nil {
			return fmt.Errorf("DURATION: %w", err)
		}
		o.End = o.Start.Add(d)
	}
	if s, e, ok := strings.Cut(text(c, PropPlanned), "/"); ok {
		ps, err1 := time.Parse("20060102T150405Z", s)
		pe, err2 := time.Parse("20060102T150405Z", e)
		if err1 == nil && err2 == nil {
			o.PlannedStart, o.PlannedEnd = ps, pe
		}
	}
	return nil
}
