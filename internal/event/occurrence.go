// Package event turns iCalendar objects into the occurrences that the rest of
// the pipeline reasons about.
//
// Rules this package keeps:
//   - It is pure: objects, a window and a *time.Location in; occurrences and
//     problems out. No network, no files, no logger.
//   - Every occurrence's Start and End are in the location passed in;
//     floating times are read in that location; all-day events span whole
//     calendar days (AddDate, never +24h, so DST days are 23 or 25 hours).
//   - One broken component never hides the others: it becomes a Problem and
//     expansion goes on. Reading is lenient (a malformed line is skipped, a
//     misspelt END closes the innermost component) and never panics.
//   - Nothing costs more than a moment: a series yields at most 10,000
//     occurrences inside the window (a Problem says so), rules are moved
//     close to the window before they are walked, and rules that would make
//     rrule-go loop (BYHOUR never reached by the interval, 30 February) are
//     refused first.
//   - A TZID is an IANA name (also behind a "/mozilla.org/..." prefix), a
//     Windows name (CLDR's windowsZones), or the object's own VTIMEZONE,
//     and then either name in another case ("europe/berlin"). An unknown
//     TZID is read as a floating time, with a Problem.
//   - Overrides are merged by UID and RECURRENCE-ID (go-ical's RecurrenceSet
//     does not); the highest SEQUENCE wins among duplicates; cancelled
//     occurrences are kept with their Status, for later stages to judge.
package event

import "time"

// Attendee is one ATTENDEE of an event.
type Attendee struct {
	Email    string `json:"email"`              // lower case, without "mailto:"
	Name     string `json:"name,omitempty"`     // CN parameter
	PartStat string `json:"partstat,omitempty"` // upper case: ACCEPTED, DECLINED, TENTATIVE, NEEDS-ACTION, ...
	Role     string `json:"role,omitempty"`     // upper case: REQ-PARTICIPANT, OPT-PARTICIPANT, CHAIR, ...
	// CUType is the calendar user type (RFC 5545 section 3.2.3), upper case:
	// INDIVIDUAL, GROUP, RESOURCE, ROOM, UNKNOWN, or "" when not given
	// (which the RFC reads as INDIVIDUAL).
	CUType string `json:"cutype,omitempty"`
}

// Geo is a point on Earth, from GEO or X-APPLE-STRUCTURED-LOCATION.
type Geo struct {
	Lat float64 `json:"lat"`
	Lon float64 `json:"lon"`
}

// Occurrence is one instance of an event, as the user sees it in their
// calendar: a single event, or one occurrence of a recurring series with any
// RECURRENCE-ID override already applied.
type Occurrence struct {
	UID string
	// RecurrenceID is the original start of this occurrence within its series
	// (its RECURRENCE-ID), zero for an event that does not recur.
	RecurrenceID time.Time
	Recurring    bool

	Calendar     string // display name of the calendar it came from
	CalendarPath string // path of that calendar on the server ("" for an .ics file)
	Href         string // path of the calendar object ("" for an .ics file)
	ETag         string

	Summary     string
	Description string
	Location    string
	URL         string
	Geo         *Geo

	Start  time.Time // in the pipeline's location
	End    time.Time // in the pipeline's location; never before Start
	AllDay bool

	Organizer     string // lower-case email, without "mailto:"
	OrganizerName string
	Attendees     []Attendee
	Categories    []string

	Status      string // upper case: CONFIRMED, TENTATIVE, CANCELLED, or ""
	Transparent bool   // TRANSP:TRANSPARENT: shown as free time
	Class       string // upper case: PUBLIC, PRIVATE, CONFIDENTIAL, or ""

	// Owned marks an entry netsyncd wrote itself (it carries PropKind).
	// The pipeline never classifies these as networking.
	Owned bool
}

// PropKind, X-NETSYNCD-KIND, marks the entries netsyncd writes (package
// entry writes and reads it as entry.PropKind). It is defined here, the
// lowest package that reads calendars, so that an occurrence of one of
// them is known as Owned wherever it is read.
const PropKind = "X-NETSYNCD-KIND"

// Duration is End - Start.
func (o *Occurrence) Duration() time.Duration { return o.End.Sub(o.Start) }

// RecurrenceIDString is the recurrence id in RFC 3339, or "" when the event
// does not recur. It is the form used in JSON and in X-NETSYNCD-SOURCE-RECURRENCE-ID.
func (o *Occurrence) RecurrenceIDString() string {
	if o.RecurrenceID.IsZero() {
		return ""
	}
	return o.RecurrenceID.UTC().Format(time.RFC3339)
}

// Key identifies an occurrence across passes: its UID and recurrence id.
func (o *Occurrence) Key() string {
	return o.UID + "\x00" + o.RecurrenceIDString()
}

// Cancelled reports whether the occurrence has STATUS:CANCELLED.
func (o *Occurrence) Cancelled() bool { return o.Status == "CANCELLED" }
