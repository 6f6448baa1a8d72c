// Package budget holds every bound netsyncd puts on what one calendar
// object, one config value or one pass may cost, with its default, in one
// place. The pure core (event, limits, plan, pipeline) takes its bounds from
// here; config exposes the ones a user may change under `budgets:`.
//
// Rules this package keeps:
//   - Every bound is hit by hostile or broken input only: the defaults are
//     well above what a real calendar holds (a daily series over the longest
//     window, an hourly one over two weeks, a week of back-to-back events).
//   - A bound that is hit never stops the pass: the excess is dropped, the
//     rest goes on, and a finding or problem names the object (UID, href or
//     file:line:key) and says what was capped and by how much.
//   - Work stays near-linear under the bounds: no pairwise scans, no
//     re-sorting per insert.
//
// docs/reliability.md lists the bounds and why each default was chosen.
package budget

import "time"

// Per calendar object.
const (
	// ObjectBytes is the largest calendar object (or .ics file) read.
	ObjectBytes = 32 << 20
	// ObjectEvents is the most VEVENTs read from one object; a whole-calendar
	// export of ten years of a busy calendar has about 20,000.
	ObjectEvents = 50_000
	// ObjectComponents is the most components (VEVENT, VALARM, VTIMEZONE
	// and its rules, ...) read from one object; past it the rest of the
	// object is not read. Each VEVENT is let go of once read, so this bounds
	// the work and the per-event records: 50,000 VEVENTs with their alarms
	// pass.
	ObjectComponents = 200_000
	// ComponentDepth is how deep components may nest (VCALENDAR > VEVENT >
	// VALARM is 3); a deeper one is skipped with what it holds, so a
	// recursive reader never meets 100,000 levels.
	ComponentDepth = 16
	// ChildComponents is the most components read inside one component
	// (the VALARMs of one VEVENT, the rules of one VTIMEZONE; not the
	// VEVENTs of a VCALENDAR, which ObjectEvents bounds): a VEVENT is held
	// parsed while it is read, and real ones have a few alarms.
	ChildComponents = 1_000
	// PropsPerComponent is the most properties read of one component (an
	// invitation to a whole company lists tens of thousands of ATTENDEEs,
	// of which AttendeesPerEvent are kept; a VTIMEZONE that lists its
	// transitions one RDATE a line, a few thousand): the rest are dropped.
	// One VEVENT of 2.5 million X- properties (31 MB) took explain 20 s and
	// 729 MB.
	PropsPerComponent = 100_000
	// OverridesPerSeries is the most RECURRENCE-ID overrides kept for one UID.
	OverridesPerSeries = 5_000
	// RulesPerSeries is the most distinct RRULEs of one master.
	RulesPerSeries = 16
	// RuleSteps is how many instances a rule may walk before the window
	// (a COUNT rule cannot skip ahead).
	RuleSteps = 100_000
	// RulePeriodInstants caps the candidate instants one period of a rule
	// may make (the days of a YEARLY period times its BYHOUR, BYMINUTE and
	// BYSECOND values): the recurrence library builds a whole period before
	// any budget sees an occurrence, so FREQ=YEARLY with every second of
	// every day is 31 million instants and 250 MB before the first is
	// counted. A whole day of seconds (86,400) still passes.
	RulePeriodInstants = 100_000
	// OccurrencesPerSource caps the occurrences of all the series of one
	// object or .ics file together (an export holds a whole calendar: years
	// of history of hundreds of series).
	OccurrencesPerSource = 50_000
	// OccurrencesPerPass caps the occurrences of one pass, all calendars
	// together (an Occurrence is about 1 KB with its text): ten times the
	// 10,000 of the 50,000-event calendar of docs/performance.md.
	OccurrencesPerPass = 100_000
	// TextBytes is the most bytes of one text property (summary, location,
	// organizer name) copied into an entry or a message.
	TextBytes = 4 << 10
	// DescriptionBytes is the most of a DESCRIPTION read (the classifier
	// looks for words and links in it; invitations hold a few KB).
	DescriptionBytes = 64 << 10
	// ClassifyBytesPerPass caps the description text the classifier reads in
	// one pass, all occurrences together: it reads each occurrence's, and a
	// series repeats the same text. Past it, an occurrence's description is
	// read up to TextBytes (a pass over 100,000 occurrences with 60 KB
	// descriptions took 42 s before).
	ClassifyBytesPerPass = 64 << 20
	// AttendeesPerEvent is the most ATTENDEEs (and CATEGORIES) read of one
	// event: every occurrence of a series carries its own copy.
	AttendeesPerEvent = 500
	// ValuesPerProperty is the most values read of one comma list (an
	// RDATE, EXDATE or CATEGORIES line): one RDATE of 3 million dates took
	// 416 MB split whole. RuleSteps bounds the RDATEs of a series too.
	ValuesPerProperty = 100_000
	// ZoneNames is the most distinct TZID names looked up in one expansion
	// (a pass, or an .ics file): a name that is no zone costs a search of
	// the zone database (0.3 ms), and 90,000 EXDATEs each in its own
	// made-up TZID took explain 28 s. There are about 600 IANA names; past
	// the budget a new name reads as floating, as an unknown one does.
	ZoneNames = 1_000
	// ProblemsPerObject is the most problems one object reports (a
	// calendar of 20,000 events each with a broken DTSTART made 20,000 log
	// lines a pass); the rest are counted in one more.
	ProblemsPerObject = 20
	// ProblemsLogged is how many problems of one pass are logged one by
	// one; the rest are counted in one line (5,000 broken objects made 1 MB
	// of log every pass).
	ProblemsLogged = 100
)

// Per pass, and per source series, with their defaults; Limits holds the
// values in force (config `budgets:`).
const (
	// DefaultOccurrencesPerObject caps the occurrences one event series
	// (one UID: a CalDAV object) yields in the window, from every source of
	// recurrence together (RRULE, RDATE, overrides): a daily series over
	// three years is 1,096; an hourly one over the default window of 75
	// days is 1,800.
	DefaultOccurrencesPerObject = 2_000
	// DefaultFindingsPerPass caps the findings of one pass.
	DefaultFindingsPerPass = 5_000
	// DefaultEntriesPerSeries caps the entries planned for one source UID:
	// a weekly coffee over the window needs 2 x 11.
	DefaultEntriesPerSeries = 200
	// DefaultEntriesPerPass caps the entries planned in one pass: the
	// 50,000-event calendar of docs/performance.md plans 2,057.
	DefaultEntriesPerPass = 5_000
	// DefaultEntryBytesPerPass caps the text (summaries and descriptions)
	// of all planned entries of one pass.
	DefaultEntryBytesPerPass = 16 << 20
)

// SourceCalendars is the most calendars one pass reads: each is a request
// or more a pass, and a server that lists 20,000 (shared calendars of a
// whole organisation) would make a pass of 20,000 requests. Past it,
// without caldav.sources the pass fails and says to list the ones to read.
const SourceCalendars = 200

// CalendarsListed is how many calendars a message lists by name.
const CalendarsListed = 20

// BusyNamed is how many overlapping busy events one occurrence's findings
// name; the rest are counted in one more finding.
const BusyNamed = 5

// Templates.
const (
	// TemplateOutputBytes is the most one template may write for one entry.
	TemplateOutputBytes = 64 << 10
	// TemplateLoops is the most iterations one template's ranges may make,
	// nested ranges multiplied: a range over a number counts that number, a
	// range over the data counts TemplateDataRange.
	// A template's loops can spend without writing ({{$x := printf ...}}),
	// where the output bound does not reach, so the bound is low: a user's
	// template lists findings or events, it does not compute.
	TemplateLoops = 10_000
	// TemplateDataRange is what a range over the data (findings, a week's
	// events) counts for TemplateLoops: two nested ranges pass, three do not.
	TemplateDataRange = 100
	// TemplateTime is how long one template may run for one entry.
	TemplateTime = 2 * time.Second
)

// TemplateListItems is the most events (.Week.List), milestones
// (.Week.Milestones) and findings (.Findings) a template is given: a week
// entry lists them, and its text is cut at TemplateOutputBytes anyway.
const TemplateListItems = 500

// CancelEvery is how many units of work (instances walked, items checked,
// entries planned) the core does between two looks at its context.
const CancelEvery = 1024

// Limits are the bounds a user may change, with Defaults.
type Limits struct {
	OccurrencesPerObject int
	FindingsPerPass      int
	EntriesPerSeries     int
	EntriesPerPass       int
	EntryBytesPerPass    int
}

// Defaults returns the default Limits.
func Defaults() Limits {
	return Limits{
		OccurrencesPerObject: DefaultOccurrencesPerObject,
		FindingsPerPass:      DefaultFindingsPerPass,
		EntriesPerSeries:     DefaultEntriesPerSeries,
		EntriesPerPass:       DefaultEntriesPerPass,
		EntryBytesPerPass:    DefaultEntryBytesPerPass,
	}
}

// Or fills the zero fields of l from Defaults, so a Limits built in code
// (or a config that never saw Validate) is bounded too.
func (l Limits) Or() Limits {
	d := Defaults()
	pick := func(v, def int) int {
		if v > 0 {
			return v
		}
		return def
	}
	return Limits{
		OccurrencesPerObject: pick(l.OccurrencesPerObject, d.OccurrencesPerObject),
		FindingsPerPass:      pick(l.FindingsPerPass, d.FindingsPerPass),
		EntriesPerSeries:     pick(l.EntriesPerSeries, d.EntriesPerSeries),
		EntriesPerPass:       pick(l.EntriesPerPass, d.EntriesPerPass),
		EntryBytesPerPass:    pick(l.EntryBytesPerPass, d.EntryBytesPerPass),
	}
}

// Clip returns s cut to at most n bytes at a rune boundary, with "…" when cut.
func Clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return Prefix(s, n) + "…"
}

// Prefix returns s cut to at most n bytes at a rune boundary, sharing its
// bytes (no copy, for text held by many occurrences).
func Prefix(s string, n int) string {
	if len(s) <= n {
		return s
	}
	i := n
	for i > 0 && s[i]&0xC0 == 0x80 {
		i--
	}
	return s[:i]
}
