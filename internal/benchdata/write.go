package benchdata

import (
	"slices"
	"strings"
	"time"

	"github.com/netsyncd/netsyncd/internal/ics"
)

// vtimezone is America/New_York as calendar clients write it (the rules in
// force since 2007).
const vtimezone = "BEGIN:VTIMEZONE\r\nTZID:America/New_York\r\nX-LIC-LOCATION:America/New_York\r\n" +
	"BEGIN:DAYLIGHT\r\nTZOFFSETFROM:-0500\r\nTZOFFSETTO:-0400\r\nTZNAME:EDT\r\nDTSTART:19700308T020000\r\n" +
	"RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU\r\nEND:DAYLIGHT\r\n" +
	"BEGIN:STANDARD\r\nTZOFFSETFROM:-0400\r\nTZOFFSETTO:-0500\r\nTZNAME:EST\r\nDTSTART:19701101T020000\r\n" +
	"RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n"

func (ev spec) ics(stamp string) []byte {
	var w ics.Writer
	w.Raw("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//netsyncd//benchdata//EN\r\nCALSCALE:GREGORIAN\r\n")
	if !ev.allDay {
		w.Raw(vtimezone)
	}
	ev.component(&w, stamp, time.Time{})
	for _, o := range ev.overrides {
		if !slices.ContainsFunc(ev.exdates, o.Equal) {
			ev.component(&w, stamp, o)
		}
	}
	w.Raw("END:VCALENDAR\r\n")
	return []byte(w.String())
}

// component writes the VEVENT; with a recurrence id, the override of that
// instance, moved one hour later.
func (ev spec) component(w *ics.Writer, stamp string, rid time.Time) {
	w.Line("BEGIN:VEVENT")
	w.Line("UID:" + ev.uid)
	w.Line("DTSTAMP:" + stamp)
	w.Line("CREATED:" + stamp)
	w.Line("LAST-MODIFIED:" + stamp)
	switch {
	case ev.allDay:
		w.Line("DTSTART;VALUE=DATE:" + ev.start.Format("20060102"))
		w.Line("DTEND;VALUE=DATE:" + ev.start.AddDate(0, 0, ev.days).Format("20060102"))
	case !rid.IsZero():
		w.Line("RECURRENCE-ID" + local(rid))
		w.Line("DTSTART" + local(rid.Add(time.Hour)))
		w.Line("DTEND" + local(rid.Add(time.Hour+ev.length)))
	default:
		w.Line("DTSTART" + local(ev.start))
		w.Line("DTEND" + local(ev.start.Add(ev.length)))
	}
	if ev.rrule != "" && rid.IsZero() {
		w.Line("RRULE:" + ev.rrule)
		for _, x := range ev.exdates {
			w.Line("EXDATE" + local(x))
		}
	}
	seq := "SEQUENCE:0"
	if !rid.IsZero() {
		seq = "SEQUENCE:1"
	}
	w.Line(seq)
	ev.details(w)
	w.Line("END:VEVENT")
}

func (ev spec) details(w *ics.Writer) {
	w.Line("SUMMARY:" + ics.EscapeText(ev.summary))
	if ev.location != "" {
		w.Line("LOCATION:" + ics.EscapeText(ev.location))
	}
	if ev.desc != "" {
		w.Line("DESCRIPTION:" + ics.EscapeText(ev.desc))
	}
	if ev.url != "" {
		w.Line("URL:" + ev.url)
	}
	if ev.organizer != "" {
		n, email := split(ev.organizer)
		w.Line("ORGANIZER;CN=" + quote(n) + ":mailto:" + email)
	}
	for _, a := range ev.attendees {
		n, email := split(a)
		w.Line("ATTENDEE;CN=" + quote(n) + ";CUTYPE=INDIVIDUAL;PARTSTAT=ACCEPTED;ROLE=REQ-PARTICIPANT;RSVP=FALSE:mailto:" + email)
	}
	w.Line("STATUS:CONFIRMED")
	if ev.allDay {
		w.Line("TRANSP:TRANSPARENT")
	} else {
		w.Line("TRANSP:OPAQUE")
	}
	if ev.alarm {
		w.Raw("BEGIN:VALARM\r\nACTION:DISPLAY\r\nDESCRIPTION:Reminder\r\nTRIGGER:-PT15M\r\nEND:VALARM\r\n")
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
