package davserver

import (
	"fmt"
	"net/mail"
	"strings"
	"time"
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
	var b icsWriter
	b.line("BEGIN:VCALENDAR")
	b.line("VERSION:2.0")
	b.line("PRODID:-//netsyncd//demo sample//EN")
	b.line("CALSCALE:GREGORIAN")
	tz.write(&b)
	uid := "demo-" + ev.slug + "@home.example"
	stamp := monday.AddDate(0, 0, -7).UTC().Format("20060102T150405Z")
	ev.writeEvent(&b, uid, stamp, monday, tz)
	for _, o := range ev.overrides {
		ev.writeOverride(&b, uid, stamp, monday, tz, o)
	}
	b.line("END:VCALENDAR")
	return []byte(b.String())
}

func (ev sampleEvent) writeEvent(b *icsWriter, uid, stamp string, monday time.Time, tz sampleZone) {
	b.line("BEGIN:VEVENT")
	b.line("UID:" + uid)
	b.line("DTSTAMP:" + stamp)
	if ev.allDay {
		d := monday.AddDate(0, 0, ev.day)
		b.line("DTSTART;VALUE=DATE:" + d.Format("20060102"))
		b.line("DTEND;VALUE=DATE:" + d.AddDate(0, 0, 1).Format("20060102"))
	} else {
		start := at(monday, ev.day, ev.start)
		b.line("DTSTART" + tz.stamp(start))
		b.line("DTEND" + tz.stamp(start.Add(ev.dur)))
	}
	if ev.rrule != "" {
		b.line("RRULE:" + ev.rrule)
	}
	ev.writeDetails(b)
	b.line("END:VEVENT")
}

// writeOverride writes a RECURRENCE-ID instance: moved, or cancelled.
func (ev sampleEvent) writeOverride(b *icsWriter, uid, stamp string, monday time.Time, tz sampleZone, o sampleOverride) {
	orig := at(monday, o.day, ev.start)
	start, status := orig, "CONFIRMED"
	if o.cancelled {
		status = "CANCELLED"
	} else {
		start = at(monday, o.newDay, o.newStart)
	}
	b.line("BEGIN:VEVENT")
	b.line("UID:" + uid)
	b.line("DTSTAMP:" + stamp)
	b.line("RECURRENCE-ID" + tz.stamp(orig))
	b.line("DTSTART" + tz.stamp(start))
	b.line("DTEND" + tz.stamp(start.Add(ev.dur)))
	b.line("SEQUENCE:1")
	ev.writeDetails(b)
	b.line("STATUS:" + status)
	b.line("END:VEVENT")
}

func (ev sampleEvent) writeDetails(b *icsWriter) {
	b.line("SUMMARY:" + escapeText(ev.summary))
	if ev.location != "" {
		b.line("LOCATION:" + escapeText(ev.location))
	}
	if ev.desc != "" {
		b.line("DESCRIPTION:" + escapeText(ev.desc))
	}
	if ev.url != "" {
		b.line("URL:" + ev.url)
	}
	if ev.categories != "" {
		b.line("CATEGORIES:" + escapeText(ev.categories))
	}
	if ev.organizer != "" {
		name, email := person(ev.organizer)
		b.line("ORGANIZER;CN=" + quoteParam(name) + ":mailto:" + email)
	}
	for _, a := range ev.attendees {
		name, email := person(a)
		b.line("ATTENDEE;CN=" + quoteParam(name) + ";CUTYPE=INDIVIDUAL;PARTSTAT=ACCEPTED;ROLE=REQ-PARTICIPANT:mailto:" + email)
	}
	if ev.transp != "" {
		b.line("TRANSP:" + ev.transp)
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

// escapeText escapes a TEXT value (RFC 5545 section 3.3.11).
func escapeText(s string) string {
	return strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\n", `\n`).Replace(s)
}

// quoteParam quotes a parameter value that holds ':', ';' or ','.
func quoteParam(s string) string {
	if strings.ContainsAny(s, ":;,") {
		return `"` + s + `"`
	}
	return s
}

// icsWriter writes content lines with CRLF, folded at 75 octets without
// splitting a UTF-8 sequence (RFC 5545 section 3.1).
type icsWriter struct{ strings.Builder }

func (w *icsWriter) line(s string) {
	for limit := 75; len(s) > limit; limit = 74 { // 74 after the leading space
		cut := limit
		for cut > 0 && s[cut]&0xC0 == 0x80 {
			cut--
		}
		w.WriteString(s[:cut] + "\r\n ")
		s = s[cut:]
	}
	w.WriteString(s + "\r\n")
}
