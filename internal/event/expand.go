package event

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/emersion/go-ical"

	"github.com/netsyncd/netsyncd/internal/budget"
)

// Source is one calendar object (server) or one whole .ics file, as raw bytes.
type Source struct {
	Calendar     string // display name of the calendar
	CalendarPath string // its path on the server, "" for a file
	Href         string // the object's path on the server, "" for a file
	File         string // the exported file it was read from (--ics), "" from a server
	ETag         string
	Data         []byte
	// Load, when Data is nil, reads the object's bytes: ExpandWith calls
	// it when it comes to the object and keeps none of them after, so a
	// pass over a cache on disk never holds every object at once.
	Load func() ([]byte, error)
}

// Bytes is the object's bytes: Data, or what Load reads.
func (s Source) Bytes() ([]byte, error) {
	if s.Data == nil && s.Load != nil {
		return s.Load()
	}
	return s.Data, nil
}

// Problem is a component (or a whole object) that could not be read, or was
// read only in part; expansion goes on without it.
type Problem struct {
	Calendar, Href, UID string
	File                string // the exported file, for a problem read from one
	Err                 error
	// Read: the component was read all the same (times swapped into
	// order, say); the problem is only said, nothing was skipped.
	Read bool
}

func (p Problem) Error() string {
	where := p.Href
	if where == "" {
		where = p.File
	}
	if where == "" {
		where = p.Calendar
	}
	msg := "event: "
	if where != "" {
		msg += fmt.Sprintf("%q: ", where)
	}
	if p.UID != "" {
		msg += fmt.Sprintf("UID %q: ", shorten(p.UID, 80))
	}
	return msg + p.Err.Error()
}

func (p Problem) Unwrap() error { return p.Err }

// ProblemHeading is the log message a problem is reported under: what
// happened to the component.
func ProblemHeading(p Problem) string {
	if p.Read {
		return "read a calendar component that breaks RFC 5545"
	}
	return "skipped a calendar component"
}

// Options bound an expansion. The zero value has the default budgets and
// no context.
type Options struct {
	// Ctx ends the expansion early when done: ExpandWith then returns its
	// error. It is looked at every budget.CancelEvery instances.
	Ctx context.Context
	// Limits: OccurrencesPerObject is used; zero fields take the defaults.
	Limits budget.Limits
	// Lean reads of each VEVENT only its times, recurrence, UID, SUMMARY,
	// LOCATION, URL, STATUS, ORGANIZER, ATTENDEEs and X-NETSYNCD-KIND (a
	// DESCRIPTION only when it may be longer than budget.TextBytes), none
	// of its VALARMs, of a VTIMEZONE its TZID (the rest is read when a time
	// needs it) and of the VCALENDAR its X-WR-TIMEZONE: the same
	// occurrences, in the same order, with those fields alone (no
	// Description but a long one, no Geo, Categories, Transparent or
	// Class). ExpandSome reads this way first.
	Lean bool
	// Events reads every VEVENT whole but none of its VALARMs, of a
	// VTIMEZONE its TZID (the rest is read when a time needs it) and of the
	// VCALENDAR its X-WR-TIMEZONE: the very occurrences of a full reading,
	// for less. ExpandSome reads again this way what its pick marks. Lean
	// wins over it.
	Events bool
}

// Expand returns the occurrences of src that overlap [from, to), sorted by
// Start then UID, with Start/End in loc.
func Expand(src Source, from, to time.Time, loc *time.Location) ([]Occurrence, []Problem) {
	occs, probs := expand(src, from, to, loc, nameCache{}, newBounds(Options{}))
	sortOccurrences(occs)
	return occs, probs
}

// ExpandAll expands every source and returns all occurrences, sorted like
// Expand's, and all problems.
func ExpandAll(srcs []Source, from, to time.Time, loc *time.Location) ([]Occurrence, []Problem) {
	occs, probs, _ := ExpandWith(srcs, from, to, loc, Options{})
	return occs, probs
}

// ExpandWith is ExpandAll within opt's budgets; the error is the context's
// when it ended the expansion (the occurrences are then incomplete).
func ExpandWith(srcs []Source, from, to time.Time, loc *time.Location, opt Options) ([]Occurrence, []Problem, error) {
	parts, n, probs, err := expandEach(srcs, nil, from, to, loc, nameCache{}, newBounds(opt))
	if err != nil {
		return nil, probs, err
	}
	occs := make([]Occurrence, 0, n)
	for i, o := range parts {
		occs = append(occs, o...)
		parts[i] = nil // not two copies of every occurrence at once
	}
	sortOccurrences(occs)
	return occs, probs, nil
}

// expandEach expands each source (of only, when not nil: the sources it
// marks), in order, and returns their occurrences by source and how many.
func expandEach(srcs []Source, only []bool, from, to time.Time, loc *time.Location, names nameCache, b bounds) (parts [][]Occurrence, n int, probs []Problem, err error) {
	parts = make([][]Occurrence, len(srcs))
	for i, src := range srcs {
		if err := b.tick.Err(); err != nil {
			return nil, 0, probs, err
		}
		if only != nil && !only[i] {
			continue
		}
		if src.Data == nil && src.Load != nil {
			data, err := src.Load()
			if err != nil {
				return nil, 0, probs, fmt.Errorf("read %s: %w", src.Href, err)
			}
			src.Data = data
		}
		o, p := expand(src, from, to, loc, names, b)
		parts[i], n = o, n+len(o)
		probs = append(probs, p...)
	}
	if err := b.tick.Err(); err != nil {
		return nil, 0, probs, err
	}
	return parts, n, probs, nil
}

// bounds are the budgets of one expansion.
type bounds struct {
	tick      *budget.Ticker
	perObject int     // per series (UID)
	pass      *int    // occurrences of the whole expansion so far
	reading   reading // how much of each object is kept (Options.Lean)
}

func newBounds(opt Options) bounds {
	return bounds{tick: budget.NewTicker(opt.Ctx), perObject: opt.Limits.Or().OccurrencesPerObject, pass: new(int), reading: readingOf(opt)}
}

// expand is Expand with a cache of zone names shared across sources, and
// without the sort, which ExpandAll does once for all.
func expand(src Source, from, to time.Time, loc *time.Location, names nameCache, b bounds) (occs []Occurrence, probs []Problem) {
	x := &expander{src: src, from: from, to: to, loc: loc, bounds: b}
	if loc == nil {
		x.loc = time.UTC
	}
	defer func() {
		if r := recover(); r != nil {
			occs, probs = nil, append(x.probs, x.problem("", fmt.Errorf("internal error reading the object: %v", r)))
		}
	}()
	if len(src.Data) > maxSourceBytes {
		return nil, []Problem{x.problem("", fmt.Errorf("object of %d bytes exceeds the limit of %d", len(src.Data), maxSourceBytes))}
	}
	if data, ok := fromUTF16(src.Data); ok {
		x.src.Data = data
	}
	for _, s := range x.read(names) {
		if x.tick.Err() != nil {
			break
		}
		x.series(s)
	}
	if x.capped > 0 {
		x.probs = append(x.probs, x.problem(x.cappedUID, fmt.Errorf("%w: more than %d occurrences in the window from one object, or %d in the pass; %d were not read", errTruncated, budget.OccurrencesPerSource, budget.OccurrencesPerPass, x.capped)))
	}
	*x.pass += len(x.occs)
	for tzid, err := range x.z.unknown {
		// Read: the events were read, at floating times, and planned so; a
		// problem that is not Read and names no UID would keep every
		// unplanned entry of the pass (core's keepUnread) for as long as
		// the object is in the calendar.
		p := x.problem("", fmt.Errorf("%w: times with TZID %q read as floating", err, shorten(tzid, 60)))
		p.Read = true
		x.probs = append(x.probs, p)
	}
	if x.z.moreUnknown > 0 || x.z.overNames > 0 {
		p := x.problem("", fmt.Errorf("%w: %d more unknown TZIDs read as floating; %d TZIDs not looked up, past the %d distinct names one pass looks up (budget.ZoneNames)", errTruncated, x.z.moreUnknown, x.z.overNames, budget.ZoneNames))
		// More unknown ones are read as the first (above); a zone not
		// looked up may be a real one read at the wrong times, a budget.
		p.Read = x.z.overNames == 0
		x.probs = append(x.probs, p)
	}
	slices.SortFunc(x.probs, func(a, b Problem) int { return cmp.Compare(a.Error(), b.Error()) })
	return x.occs, capProblems(x.probs, x.problem)
}

// capProblems keeps the first budget.ProblemsPerObject problems of one
// object, those that say a budget was hit first, and counts the rest in
// one more: a calendar of 20,000 broken events is 21 lines, not 20,000.
func capProblems(probs []Problem, mk func(string, error) Problem) []Problem {
	if len(probs) <= budget.ProblemsPerObject {
		return probs
	}
	// budgets first, then what was skipped, and last what was read all
	// the same (Read): the problems left out are the Read ones if they can
	// be, and then the line that counts them is Read too, and keeps no
	// entry (core's keepUnread keeps every one for a problem without UID)
	rank := func(p Problem) int { return 2*b2i(!errors.Is(p.Err, errTruncated)) + b2i(p.Read) }
	slices.SortStableFunc(probs, func(a, b Problem) int { return cmp.Compare(rank(a), rank(b)) })
	rest := len(probs) - budget.ProblemsPerObject
	more := mk("", fmt.Errorf("%d more problems in this object are not listed (budget.ProblemsPerObject is %d); fix or delete the events named above and look again", rest, budget.ProblemsPerObject))
	more.Read = !slices.ContainsFunc(probs[budget.ProblemsPerObject:], func(p Problem) bool { return !p.Read })
	probs = append(probs[:budget.ProblemsPerObject:budget.ProblemsPerObject], more)
	return probs
}

// Listed is the problems of a pass to log one by one, and how many more
// there are, to log as a count (budget.ProblemsLogged).
func Listed(probs []Problem) (listed []Problem, more int) {
	if len(probs) <= budget.ProblemsLogged {
		return probs, 0
	}
	return probs[:budget.ProblemsLogged], len(probs) - budget.ProblemsLogged
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// expander holds the state of expanding one Source.
type expander struct {
	bounds
	capped    int    // occurrences dropped for the source's or the pass's budget
	cappedUID string // the first series that lost one
	src       Source
	from, to  time.Time
	loc       *time.Location
	z         *zones
	occs      []Occurrence
	probs     []Problem
}

func (x *expander) problem(uid string, err error) Problem {
	return Problem{Calendar: x.src.Calendar, Href: x.src.Href, File: x.src.File, UID: uid, Err: err}
}

// read scans the source's calendars and sorts their VEVENTs into series
// by UID, keeping one master and one override per RECURRENCE-ID (the
// newest: see vevent.newer). Each VEVENT is read as soon as the scan closes
// it and let go of (vevent.letGo), so the object is never held parsed
// whole. Times are read with the VTIMEZONEs (and X-WR-TIMEZONE) seen so
// far; when one comes after a VEVENT, which is allowed but rare, the
// object is read again with all of them known first.
func (x *expander) read(names nameCache) []*series {
	x.z = newZones(nil, names, x.loc)
	g := &grouper{x: x, byUID: map[string]*series{}, noUID: map[string]int{}}
	p := scanWith(x.src.Data, g.keep, x.reading)
	if g.late || x.z.wr != newZones(p.calendars, names, x.loc).wr {
		x.z = newZones(nil, names, x.loc)
		zp := scanWith(x.src.Data, func(cal, c *ical.Component, raw []byte) { x.z.defineFrom(c, raw, x.reading != readAll) }, x.reading)
		for _, cal := range zp.calendars {
			x.z.calendar(cal)
		}
		x.probs = nil
		g = &grouper{x: x, byUID: map[string]*series{}, noUID: map[string]int{}, known: true}
		p = scanWith(x.src.Data, g.keep, x.reading)
	}
	if err := p.problem(); err != nil {
		x.probs = append(x.probs, x.problem("", err))
	}
	return x.finish(g.order)
}

// grouper gathers the series of one source as scan hands it components.
type grouper struct {
	x     *expander
	byUID map[string]*series
	order []*series
	noUID map[string]int
	n     int // VEVENTs read
	cal   *ical.Component
	known bool // the zones were all read before (the second reading)
	late  bool // a VTIMEZONE came after a VEVENT
}

func (g *grouper) keep(cal, c *ical.Component, raw []byte) {
	x := g.x
	if !g.known {
		if cal != g.cal {
			g.cal = cal
			x.z.calendar(cal)
		}
		if c.Name == ical.CompTimezone {
			g.late = g.late || g.n > 0
			x.z.defineFrom(c, raw, x.reading != readAll)
			return
		}
	}
	if c.Name != ical.CompEvent || g.n > budget.ObjectEvents {
		return
	}
	if g.n++; g.n > budget.ObjectEvents {
		x.probs = append(x.probs, x.problem("", fmt.Errorf("%w: more than %d VEVENTs in one object, the rest are not read", errTruncated, budget.ObjectEvents)))
		return
	}
	ev, err := readEvent(c, x.z, g.n)
	ev.reading = x.reading
	if ev.uid == "" {
		base := missingUID(c)
		g.noUID[base]++
		ev.uid = fmt.Sprintf("%s-%d", base, g.noUID[base])
	}
	if err != nil {
		x.probs = append(x.probs, x.problem(ev.uid, err))
		return
	}
	if ev.length.days < 0 || ev.length.exact < 0 {
		// read all the same, swapped (occurrence), but said: the writer's
		// times are not what RFC 5545 allows, and the user should know
		// why netsyncd reads the event at other times than its DTSTART
		p := x.problem(ev.uid, errors.New("its DTEND or DURATION puts its end before its start: read with the two swapped, so it ends at its DTSTART; fix the event's times"))
		p.Read = true
		x.probs = append(x.probs, p)
	}
	if x.reading != readAll && len(x.src.Data) <= leanHeldBytes {
		raw = nil // a leaner VEVENT of a small object is kept read, not read again
	}
	ev.letGo(raw)
	s := g.byUID[ev.uid]
	if s == nil {
		s = &series{z: x.z}
		g.byUID[ev.uid] = s
		g.order = append(g.order, s)
	}
	s.add(ev)
}

// finish completes the series of group, noting overrides over budget.
func (x *expander) finish(order []*series) []*series {
	for _, s := range order {
		if dropped := s.finish(); dropped > 0 {
			x.probs = append(x.probs, x.problem(s.overrides[0].uid, fmt.Errorf("%w: more than %d overrides (RECURRENCE-ID), %d were not read", errTruncated, budget.OverridesPerSeries, dropped)))
		}
	}
	return order
}

func (s *series) add(ev *vevent) {
	if ev.rid == nil {
		if s.master == nil || ev.newer(s.master) {
			s.master = ev
		}
		return
	}
	s.overrides = append(s.overrides, ev)
}

// finish sorts the overrides by RECURRENCE-ID once, keeps the newest of
// each (vevent.newer), and at most budget.OverridesPerSeries of them. It
// returns how many were dropped for the budget.
func (s *series) finish() (dropped int) {
	slices.SortStableFunc(s.overrides, func(a, b *vevent) int { return a.rid.t.Compare(b.rid.t) })
	out := s.overrides[:0]
	for _, ov := range s.overrides {
		if n := len(out); n > 0 && out[n-1].rid.t.Equal(ov.rid.t) {
			if ov.newer(out[n-1]) {
				out[n-1] = ov
			}
			continue
		}
		out = append(out, ov)
	}
	if len(out) > budget.OverridesPerSeries {
		dropped = len(out) - budget.OverridesPerSeries
		out = out[:budget.OverridesPerSeries]
	}
	s.overrides = out
	return dropped
}

// series expands one UID. A panic inside is a bug, but it must cost this
// series only: it becomes a Problem.
func (x *expander) series(s *series) {
	uid := ""
	if s.master != nil {
		uid = s.master.uid
	} else {
		uid = s.overrides[0].uid
	}
	defer func() {
		if r := recover(); r != nil {
			x.probs = append(x.probs, x.problem(uid, fmt.Errorf("internal error expanding the event: %v", r)))
		}
	}()
	var inst []instance
	if s.master != nil {
		reach := s.reach()
		var notes []error
		var err error
		inst, notes, err = s.instances(x.from.Add(-reach), x.from, x.to.Add(reach), x.perObject, x.tick)
		for _, n := range notes {
			x.probs = append(x.probs, x.problem(uid, n))
		}
		if err != nil {
			x.probs = append(x.probs, x.problem(uid, err))
			inst = nil
		}
	}
	recurring := s.master == nil || len(inst) > 1 || len(s.overrides) > 0 || len(inst) == 1 && !inst[0].rid.IsZero()
	kept := 0
	for _, in := range s.merge(inst) {
		if o, ok := x.occurrence(uid, in, recurring); ok {
			if kept++; kept > x.perObject {
				if kept == x.perObject+1 {
					x.probs = append(x.probs, x.problem(uid, fmt.Errorf("%w: more than %d occurrences in the window (budgets.occurrences_per_object), from its RRULE, RDATEs and overrides; the first %d are read", errTruncated, x.perObject, x.perObject)))
				}
				continue
			}
			if len(x.occs) >= budget.OccurrencesPerSource || *x.pass+len(x.occs) >= budget.OccurrencesPerPass {
				if x.capped++; x.capped == 1 {
					x.cappedUID = uid
				}
				continue
			}
			x.occs = append(x.occs, o)
		}
	}
}

// occurrence turns an instance into an Occurrence if it overlaps the window.
// An end before the start is swapped with it, as python-recurring-ical-events
// does (its issue 132): the writer meant the other order.
func (x *expander) occurrence(uid string, in instance, recurring bool) (Occurrence, bool) {
	start := in.start
	end := in.length.after(start)
	if in.date {
		start = day(start, x.loc)
		y, m, d := start.Date()
		end = DayStart(y, m, d+in.length.days, x.loc).Add(in.length.exact)
	}
	if end.Before(start) {
		start, end = end, start
	}
	start, end = start.In(x.loc), end.In(x.loc)
	if !overlaps(start, end, x.from, x.to) {
		return Occurrence{}, false
	}
	o := Occurrence{
		UID: uid, Recurring: recurring,
		Calendar: x.src.Calendar, CalendarPath: x.src.CalendarPath, Href: x.src.Href, ETag: x.src.ETag,
		Start: start, End: end, AllDay: in.date,
	}
	if recurring {
		o.RecurrenceID = in.rid
	}
	in.from.describeInto(&o)
	return o, true
}

// day is midnight of t's date in loc: an all-day instance is a calendar day
// of the pipeline's location.
func day(t time.Time, loc *time.Location) time.Time {
	y, m, d := t.In(loc).Date()
	return DayStart(y, m, d, loc)
}

// overlaps reports whether [start, end) meets [from, to). A zero-length
// occurrence counts when it starts inside the window.
func overlaps(start, end, from, to time.Time) bool {
	if start.Equal(end) {
		return !start.Before(from) && start.Before(to)
	}
	return start.Before(to) && end.After(from)
}

// sortOccurrences sorts by Start, UID and recurrence id, keeping the input
// order among equals. It sorts indices: an Occurrence is large to swap.
func sortOccurrences(occs []Occurrence) { permute(occs, sortedOrder(occs)) }

// sortedOrder is the permutation that sorts occs as sortOccurrences does:
// the index of the occurrence that goes first, then second, ...
func sortedOrder(occs []Occurrence) []int {
	idx := make([]int, len(occs))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(i, j int) int {
		a, b := &occs[i], &occs[j]
		return cmp.Or(a.Start.Compare(b.Start), cmp.Compare(a.UID, b.UID), a.RecurrenceID.Compare(b.RecurrenceID))
	})
	return idx
}

// permute puts s[idx[k]] at k, in place, cycle by cycle; it uses up idx.
func permute[T any](s []T, idx []int) {
	for k := range idx {
		if idx[k] < 0 {
			continue
		}
		tmp, j := s[k], k
		for idx[j] != k {
			next := idx[j]
			s[j], idx[j] = s[next], -1
			j = next
		}
		s[j], idx[j] = tmp, -1
	}
}
