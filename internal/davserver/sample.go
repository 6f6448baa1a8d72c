package davserver

import (
	"fmt"
	"net/mail"
	"strings"
	"time"

	"github.com/netsyncd/netsyncd/internal/ics"
)

// SampleCalendars are the calendars SampleCalendar fills: path under the
// home, display name.
var SampleCalendars = []struct{ Path, Name string }{
	{"personal", "Personal"},
	{"work", "Work"},
}

// SampleCalendar returns the demo's calendar objects, by path relative to
// the home ("personal/coffee-priya.ics"): two weeks, the week of now
// (weeks start on Monday) and the next, in loc, and the months before them
// (samplePast). The same now and loc give the same bytes.
func SampleCalendar(now time.Time, loc *time.Location) map[string][]byte {
	monday := weekStart(now, loc)
	tz := newSampleZone(loc, monday)
	out := make(map[string][]byte, len(sampleEvents)+len(samplePast))
	for _, ev := range append(sampleEvents[:len(sampleEvents):len(sampleEvents)], samplePast...) {
		out[ev.cal+"/"+ev.slug+".ics"] = ev.ics(monday, tz)
	}
	return out
}

// AddSample creates SampleCalendars, fills them with SampleCalendar and
// reads floating times in loc.
func (s *Server) AddSample(now time.Time, loc *time.Location) error {
	s.SetFloating(loc)
	for _, c := range SampleCalendars {
		s.AddCalendar(c.Path, c.Name)
	}
	for p, data := range SampleCalendar(now, loc) {
		if err := s.PutObject(p, data); err != nil {
			return fmt.Errorf("davserver: sample %s: %w", p, err)
		}
	}
	return nil
}

// weekStart is midnight of the Monday of t's week, in loc.
func weekStart(t time.Time, loc *time.Location) time.Time {
	t = t.In(loc)
	back := (int(t.Weekday()) + 6) % 7
	return time.Date(t.Year(), t.Month(), t.Day()-back, 0, 0, 0, 0, loc)
}

func (ev sampleEvent) ics(monday time.Time, tz sampleZone) []byte {
	var b ics.Writer
	b.Line("BEGIN:VCALENDAR")
	b.Line("VERSION:2.0")
	b.Line("PRODID:-//netsyncd//demo sample//EN")
	b.Line("CALSCALE:GREGORIAN")
	tz.write(&b)
	uid := "demo-" + ev.slug + "@home.example"
	stamp := monday.AddDate(0, 0, -7).UTC().Format("20060102T150405Z")
	ev.writeEvent(&b, uid, stamp, monday, tz)
	for _, o := range ev.overrides {
		ev.writeOverride(&b, uid, stamp, monday, tz, o)
	}
	b.Line("END:VCALENDAR")
	return []byte(b.String())
}

func (ev sampleEvent) writeEvent(b *ics.Writer, uid, stamp string, monday time.Time, tz sampleZone) {
	b.Line("BEGIN:VEVENT")
	b.Line("UID:" + uid)
	b.Line("DTSTAMP:" + stamp)
	if ev.allDay {
		d := monday.AddDate(0, 0, ev.day)
		b.Line("DTSTART;VALUE=DATE:" + d.Format("20060102"))
		b.Line("DTEND;VALUE=DATE:" + d.AddDate(0, 0, 1).Format("20060102"))
	} else {
		start := at(monday, ev.day, ev.start)
		b.Line("DTSTART" + tz.stamp(start))
		b.Line("DTEND" + tz.stamp(start.Add(ev.dur)))
	}
	if ev.rrule != "" {
		b.Line("RRULE:" + ev.rrule)
	}
	ev.writeDetails(b)
	b.Line("END:VEVENT")
}

// writeOverride writes a RECURRENCE-ID instance: moved, or cancelled.
func (ev sampleEvent) writeOverride(b *ics.Writer, uid, stamp string, monday time.Time, tz sampleZone, o sampleOverride) {
	orig := at(monday, o.day, ev.start)
	start, status := orig, "CONFIRMED"
	if o.cancelled {
		status = "CANCELLED"
	} else {
		start = at(monday, o.newDay, o.newStart)
	}
	b.Line("BEGIN:VEVENT")
	b.Line("UID:" + uid)
	b.Line("DTSTAMP:" + stamp)
	b.Line("RECURRENCE-ID" + tz.stamp(orig))
	b.Line("DTSTART" + tz.stamp(start))
	b.Line("DTEND" + tz.stamp(start.Add(ev.dur)))
	b.Line("SEQUENCE:1")
	ev.writeDetails(b)
	b.Line("STATUS:" + status)
	b.Line("END:VEVENT")
}

func (ev sampleEvent) writeDetails(b *ics.Writer) {
	b.Line("SUMMARY:" + ics.EscapeText(ev.summary))
	if ev.location != "" {
		b.Line("LOCATION:" + ics.EscapeText(ev.location))
	}
	if ev.desc != "" {
		b.Line("DESCRIPTION:" + ics.EscapeText(ev.desc))
	}
	if ev.url != "" {
		b.Line("URL:" + ev.url)
	}
	if ev.categories != "" {
		b.Line("CATEGORIES:" + ics.EscapeText(ev.categories))
	}
	if ev.organizer != "" {
		name, email := person(ev.organizer)
		b.Line("ORGANIZER;CN=" + quoteParam(name) + ":mailto:" + email)
	}
	for _, a := range ev.attendees {
		name, email := person(a)
		b.Line("ATTENDEE;CN=" + quoteParam(name) + ";CUTYPE=INDIVIDUAL;PARTSTAT=ACCEPTED;ROLE=REQ-PARTICIPANT:mailto:" + email)
	}
	if ev.transp != "" {
		b.Line("TRANSP:" + ev.transp)
	}
}

// at is the wall-clock time hh:mm on monday+day in monday's location; DST
// days keep their wall-clock times.
func at(monday time.Time, day int, hhmm string) time.Time {
	var h, m int
	if _, err := fmt.Sscanf(hhmm, "%d:%d", &h, &m); err != nil {
		panic("davserver: bad sample time " + hhmm)
	}
	return time.Date(monday.Year(), monday.Month(), monday.Day()+day, h, m, 0, 0, monday.Location())
}

func person(s string) (name, email string) {
	a, err := mail.ParseAddress(s)
	if err != nil {
		panic("davserver: bad sample address " + s)
	}
	return a.Name, a.Address
}

// quoteParam quotes a parameter value that holds ':', ';' or ','.
func quoteParam(s string) string {
	if strings.ContainsAny(s, ":;,") {
		return `"` + s + `"`
	}
	return s
}
