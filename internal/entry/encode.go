package entry

import (
	"strconv"
	"strings"
	"time"

	"github.com/netsyncd/netsyncd/internal/event"
)

// ProdID is the PRODID of every object netsyncd writes.
const ProdID = "-//netsyncd//netsyncd//EN"

// Marker properties of the entries netsyncd owns.
const (
	PropKind     = event.PropKind
	PropSource   = "X-NETSYNCD-SOURCE-UID"
	PropSourceID = "X-NETSYNCD-SOURCE-RECURRENCE-ID"
	PropWeek     = "X-NETSYNCD-WEEK"
	PropHash     = "X-NETSYNCD-HASH"
	PropPlanned  = "X-NETSYNCD-PLANNED"
	Category     = "netsyncd"
)

// EncodeOptions are the choices of one write.
type EncodeOptions struct {
	As       string // "event" (default) or "todo"
	Private  bool   // CLASS:PRIVATE
	Sequence int
	Stamp    time.Time // DTSTAMP and LAST-MODIFIED: the time of the write
	// GeneratedHash is written as X-NETSYNCD-HASH; "" means the entry's own
	// hash. Reconcile sets it when the entry carries the user's edited text,
	// so that the next pass still sees the text as edited.
	GeneratedHash string
	// PlannedStart and PlannedEnd are written as X-NETSYNCD-PLANNED; zero
	// means the entry's Start and End. Reconcile sets them when it keeps
	// times the user chose.
	PlannedStart, PlannedEnd time.Time
	// KeepAlarms writes Alarms (content lines, as Owned.Alarms holds them)
	// instead of netsyncd's own alarm: reconcile sets it when the user
	// changed the entry's alarms. X-NETSYNCD-ALARM still records the alarm
	// netsyncd plans, so the next pass sees them as the user's too.
	KeepAlarms bool
	Alarms     []string
}

// Encode writes e as an iCalendar object (RFC 5545): a VEVENT, or a VTODO
// with opts.As "todo", with one DISPLAY alarm (or the user's, see KeepAlarms), all times in UTC, lines
// folded at 75 octets and ended by CRLF.
func Encode(e Entry, opts EncodeOptions) []byte {
	comp := "VEVENT"
	if opts.As == "todo" {
		comp = "VTODO"
	}
	hash := opts.GeneratedHash
	if hash == "" {
		hash = e.Hash()
	}
	ps, pe := opts.PlannedStart, opts.PlannedEnd
	if ps.IsZero() {
		ps, pe = e.Start, e.End
	}
	var b strings.Builder
	b.Grow(1024 + len(e.Description)*11/10)
	w := func(name, value string) { writeLine(&b, name+":"+value) }
	w("BEGIN", "VCALENDAR")
	w("VERSION", "2.0")
	w("PRODID", ProdID)
	w("CALSCALE", "GREGORIAN")
	w("BEGIN", comp)
	w("UID", escapeText(e.UID))
	w("DTSTAMP", utcStamp(opts.Stamp))
	w("LAST-MODIFIED", utcStamp(opts.Stamp))
	w("SEQUENCE", strconv.Itoa(opts.Sequence))
	w("DTSTART", utcStamp(e.Start))
	if comp == "VTODO" {
		w("DUE", utcStamp(e.End))
		w("STATUS", "NEEDS-ACTION")
	} else {
		w("DTEND", utcStamp(e.End))
	}
	w("SUMMARY", escapeText(e.Summary))
	if e.Description != "" {
		w("DESCRIPTION", escapeText(e.Description))
	}
	if e.Location != "" {
		w("LOCATION", escapeText(e.Location))
	}
	w("CATEGORIES", Category+","+escapeText(string(e.Kind)))
	if opts.Private {
		w("CLASS", "PRIVATE")
	}
	if e.Kind == KindWeek && comp == "VEVENT" {
		w("TRANSP", "TRANSPARENT") // a note to read, not busy time
	}
	writeMarkers(w, &e)
	w(PropPlanned, utcStamp(ps)+"/"+utcStamp(pe))
	w(PropHash, hash)
	w(PropAlarm, AlarmTrigger(&e))
	if opts.KeepAlarms {
		for _, line := range opts.Alarms {
			writeLine(&b, line)
		}
	} else {
		writeAlarm(w, &e)
	}
	w("END", comp)
	w("END", "VCALENDAR")
	return []byte(b.String())
}

func writeMarkers(w func(name, value string), e *Entry) {
	if e.Kind != KindWeek {
		// RFC 5545 section 3.8.4.5: RELATED-TO names the related
		// component's UID; the default relationship is PARENT.
		w("RELATED-TO", escapeText(e.SourceUID))
	}
	w(PropKind, escapeText(string(e.Kind)))
	if e.SourceUID != "" {
		// A week entry has no source. RFC 5545 section 3.1 allows an empty
		// value, but Cyrus (libical) refuses the whole object over one:
		// "No value for X property" (docs/compatibility.md).
		w(PropSource, escapeText(e.SourceUID))
	}
	if e.SourceRecurrenceID != "" {
		w(PropSourceID, escapeText(e.SourceRecurrenceID))
	}
	if e.Week != "" {
		w(PropWeek, escapeText(e.Week))
	}
}

// writeAlarm writes one DISPLAY alarm. RFC 5545 section 3.6.6: "'action'
// and 'description' are both REQUIRED" for ACTION:DISPLAY (and DAVx5
// crashes without the DESCRIPTION); a relative TRIGGER is relative to the
// start by default.
func writeAlarm(w func(name, value string), e *Entry) {
	w("BEGIN", "VALARM")
	w("ACTION", "DISPLAY")
	w("DESCRIPTION", escapeText(e.Summary))
	w("TRIGGER", durationValue(-e.Alarm))
	w("END", "VALARM")
}
