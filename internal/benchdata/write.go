package benchdata

import (
	"slices"
	"strings"
	"time"
)

// vtimezone is America/New_York as calendar clients write it (the rules in
// force since 2007).
const vtimezone = "BEGIN:VTIMEZONE\r\nTZID:America/New_York\r\nX-LIC-LOCATION:America/New_York\r\n" +
	"BEGIN:DAYLIGHT\r\nTZOFFSETFROM:-0500\r\nTZOFFSETTO:-0400\r\nTZNAME:EDT\r\nDTSTART:19700308T020000\r\n" +
	"RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU\r\nEND:DAYLIGHT\r\n" +
	"BEGIN:STANDARD\r\nTZOFFSETFROM:-0400\r\nTZOFFSETTO:-0500\r\nTZNAME:EST\r\nDTSTART:19701101T020000\r\n" +
	"RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n"

func (ev spec) ics(stamp string) []byte {
	var w icsWriter
	w.raw("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//netsyncd//benchdata//EN\r\nCALSCALE:GREGORIAN\r\n")
	if !ev.allDay {
		w.raw(vtimezone)
	}
	ev.component(&w, stamp, time.Time{})
	for _, o := range ev.overrides {
		if !slices.ContainsFunc(ev.exdates, o.Equal) {
			ev.component(&w, stamp, o)
		}
	}
	w.raw("END:VCALENDAR\r\n")
	return []byte(w.String())
}

// component writes the VEVENT; with a recurrence id, the override of that
// instance, moved one hour later.
func (ev spec) component(w *icsWriter, stamp string, rid time.Time) {
	w.line("BEGIN:VEVENT")
	w.line("UID:" + ev.uid)
	w.line("DTSTAMP:" + stamp)
	w.line("CREATED:" + stamp)
	w.line("LAST-MODIFIED:" + stamp)
	switch {
	case ev.allDay:
		w.line("DTSTART;VALUE=DATE:" + ev.start.Format("20060102"))
		w.line("DTEND;VALUE=DATE:" + ev.start.AddDate(0, 0, ev.days).Format("20060102"))
	case !rid.IsZero():
		w.line("RECURRENCE-ID" + local(rid))
		w.line("DTSTART" + local(rid.Add(time.Hour)))
		w.line("DTEND" + local(rid.Add(time.Hour+ev.length)))
	default:
		w.line("DTSTART" + local(ev.start))
		w.line("DTEND" + local(ev.start.Add(ev.length)))
	}
	if ev.rrule != "" && rid.IsZero() {
		w.line("RRULE:" + ev.rrule)
		for _, x := range ev.exdates {
			w.line("EXDATE" + local(x))
		}
	}
	seq := "SEQUENCE:0"
	if !rid.IsZero() {
		seq = "SEQUENCE:1"
	}
	w.line(seq)
	ev.details(w)
	w.line("END:VEVENT")
}

func (ev spec) details(w *icsWriter) {
	w.line("SUMMARY:" + escapeText(ev.summary))
	if ev.location != "" {
		w.line("LOCATION:" + escapeText(ev.location))
	}
	if ev.desc != "" {
		w.line("DESCRIPTION:" + escapeText(ev.desc))
	}
	if ev.url != "" {
		w.line("URL:" + ev.url)
	}
	if ev.organizer != "" {
		n, email := split(ev.organizer)
		w.line("ORGANIZER;CN=" + quote(n) + ":mailto:" + email)
	}
	for _, a := range ev.attendees {
		n, email := split(a)
		w.line("ATTENDEE;CN=" + quote(n) + ";CUTYPE=INDIVIDUAL;PARTSTAT=ACCEPTED;ROLE=REQ-PARTICIPANT;RSVP=FALSE:mailto:" + email)
	}
	w.line("STATUS:CONFIRMED")
	if ev.allDay {
		w.line("TRANSP:TRANSPARENT")
	} else {
		w.line("TRANSP:OPAQUE")
	}
	if ev.alarm {
		w.raw("BEGIN:VALARM\r\nACTION:DISPLAY\r\nDESCRIPTION:Reminder\r\nTRIGGER:-PT15M\r\nEND:VALARM\r\n")
	}
}

func local(t time.Time) string { return ";TZID=" + Zone + ":" + t.Format("20060102T150405") }

func split(p string) (name, email string) {
	name, email, _ = strings.Cut(p, " <")
	return name, strings.TrimSuffix(email, ">")
}

func quote(s string) string {
	if strings.ContainsAny(s, ",;:") {
		return `"` + s + `"`
	}
	return s
}

// escapeText escapes a TEXT value (RFC 5545 section 3.3.11).
func escapeText(s string) string {
	return strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\n", `\n`).Replace(s)
}

// icsWriter writes content lines folded at 75 octets (RFC 5545 section
// 3.1), never inside a UTF-8 sequence.
type icsWriter struct{ strings.Builder }

func (w *icsWriter) raw(s string) { w.WriteString(s) }

func (w *icsWriter) line(s string) {
	limit := 75
	for len(s) > limit {
		cut := limit
		for cut > 0 && s[cut]&0xC0 == 0x80 {
			cut--
		}
		w.WriteString(s[:cut] + "\r\n ")
		s, limit = s[cut:], 74 // a continuation line starts with a space
	}
	w.WriteString(s + "\r\n")
}
