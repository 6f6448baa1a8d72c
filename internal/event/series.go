package event

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/emersion/go-ical"

	"github.com/netsyncd/netsyncd/internal/budget"
)

// instance is one start of a series before it becomes an Occurrence.
type instance struct {
	rid    time.Time // the original start; zero for an event that does not recur
	start  time.Time
	length span
	date   bool
	from   *vevent // whose properties it shows: the master or an override
}

// series is every VEVENT of one UID: at most one master, and overrides.
type series struct {
	master    *vevent
	overrides []*vevent // one per RECURRENCE-ID, sorted by it (after finish)
	z         *zones
}

// frame is the zone whose wall clock the series recurs in (RFC 5545
// section 3.3.10 counts in local time): DTSTART's zone; for all-day series
// the pipeline's location; for UTC starts the X-WR-TIMEZONE when the
// calendar names one, since Google exports local series that way.
func (s *series) frame() *time.Location {
	st := s.master.start
	switch {
	case st.date:
		return s.z.loc
	case st.t.Location() == time.UTC && s.z.wr != nil:
		return s.z.wr
	}
	return st.t.Location()
}

// instances returns the master's instances starting within [lo, hi] (in is
// the start of the window proper, for the cap on instances: at most limit
// from each rule), with EXDATEs removed and overrides not yet applied.
// problems are notes that do not stop the series (a rule truncated at
// limit, RDATEs or rules beyond their budgets).
func (s *series) instances(lo, in, hi time.Time, limit int, tick *budget.Ticker) (out []instance, problems []error, err error) {
	m := s.master
	if !m.recurs {
		return []instance{{start: m.start.t, length: m.length, date: m.start.date, from: m}}, nil, nil
	}
	c := m.comp()
	rules := distinctValues(c, ical.PropRecurrenceRule)
	if len(rules) > budget.RulesPerSeries {
		problems = append(problems, fmt.Errorf("%w: %d RRULEs, only the first %d are read", errTruncated, len(rules), budget.RulesPerSeries))
		rules = rules[:budget.RulesPerSeries]
	}
	rdates := c.Props.Values(ical.PropRecurrenceDates)
	if len(rules) == 0 && len(rdates) == 0 {
		return []instance{{start: m.start.t, length: m.length, date: m.start.date, from: m}}, nil, nil
	}
	frame := s.frame()
	seen := map[int64]bool{}
	add := func(st stamp, length span) {
		if k := st.t.Unix(); !seen[k] {
			seen[k] = true
			out = append(out, instance{rid: st.t, start: st.t, length: length, date: m.start.date, from: m})
		}
	}
	// RFC 5545 section 3.8.5.3: DTSTART is always the first instance.
	add(m.start, m.length)
	// two hours of slack: wall clocks jump by at most that at DST changes
	const slack = 2 * time.Hour
	loW, inW, hiW := wall(lo, frame).Add(-slack), wall(in, frame), wall(hi, frame).Add(slack)
	for _, rule := range rules {
		opt, err := parseRule(rule, m.start, frame)
		if err != nil {
			return nil, nil, err
		}
		starts, err := ruleStarts(opt, m.start.wallIn(frame), loW, inW, hiW, limit, tick)
		if errors.Is(err, errWalk) {
			problems = append(problems, err)
		} else if errors.Is(err, errTruncated) {
			problems = append(problems, fmt.Errorf("%w at %d in the window (budgets.occurrences_per_object)", err, limit))
		} else if tick.Err() != nil {
			return nil, nil, tick.Err()
		} else if err != nil {
			return nil, nil, fmt.Errorf("RRULE: %w", err)
		}
		for _, w := range starts {
			add(stamp{t: unwall(w, frame), date: m.start.date}, m.length)
		}
	}
	read := 0
	for _, p := range rdates {
		list, err := s.z.stamps(&p)
		if err != nil {
			return nil, nil, err
		}
		if read += len(list); read > budget.RuleSteps {
			problems = append(problems, fmt.Errorf("%w: more than %d RDATE values, the rest are not read", errTruncated, budget.RuleSteps))
			break
		}
		for _, st := range list {
			length := m.length
			if st.end != nil {
				length = *st.end
			}
			add(st, length)
		}
	}
	out, cut, err := s.exclude(c, out, frame)
	if cut {
		problems = append(problems, fmt.Errorf("%w: an EXDATE of more than %d values, the rest are not read", errTruncated, budget.ValuesPerProperty))
	}
	sort.Slice(out, func(i, j int) bool { return out[i].start.Before(out[j].start) })
	return out, problems, err
}

// exclude drops the instances that an EXDATE names (RFC 5545 section
// 3.8.5.1). A DATE EXDATE, or any EXDATE of an all-day series, removes the
// instances of that calendar day.
func (s *series) exclude(c *ical.Component, in []instance, frame *time.Location) (out []instance, cut bool, err error) {
	if !s.master.exdate {
		return in, false, nil
	}
	exdates := c.Props.Values(ical.PropExceptionDates)
	if len(exdates) == 0 {
		return in, false, nil
	}
	m := matcher{frame: frame, allDay: s.master.start.date}
	for _, p := range exdates {
		list, err := s.z.stamps(&p)
		if err != nil {
			return nil, false, err
		}
		if len(list) > budget.ValuesPerProperty {
			list, cut = list[:budget.ValuesPerProperty], true
		}
		for _, st := range list {
			m.add(st)
		}
	}
	out = in[:0]
	for _, in := range in {
		if !m.has(in.rid) {
			out = append(out, in)
		}
	}
	return out, cut, nil
}

// matcher finds recurrence ids: by instant, or by calendar day in the
// series' frame when one side is a DATE.
type matcher struct {
	frame   *time.Location
	allDay  bool
	instant map[int64]bool
	day     map[string]bool
}

func (m *matcher) add(st stamp) {
	if st.date || m.allDay {
		if m.day == nil {
			m.day = map[string]bool{}
		}
		// the day as written, in the value's own zone: an Outlook
		// RECURRENCE-ID;TZID=GMT Standard Time:20200416T000000 of an
		// all-day series names 16 April wherever the pipeline runs
		m.day[st.t.Format("20060102")] = true
		return
	}
	if m.instant == nil {
		m.instant = map[int64]bool{}
	}
	m.instant[st.t.Unix()] = true
}

func (m *matcher) has(rid time.Time) bool {
	return m.instant[rid.Unix()] || m.day[dayKey(stamp{t: rid, date: m.allDay}, m.frame)]
}

func dayKey(st stamp, frame *time.Location) string {
	if st.date {
		return st.t.Format("20060102") // already a day in loc
	}
	return st.t.In(frame).Format("20060102")
}

// distinctValues returns the values of a property, each once: exports repeat
// the same RRULE line, and the same rule twice is still one rule.
func distinctValues(c *ical.Component, name string) []string {
	var out []string
	seen := map[string]bool{}
	for _, p := range c.Props.Values(name) {
		if strings.TrimSpace(p.Value) != "" && !seen[p.Value] {
			seen[p.Value] = true
			out = append(out, p.Value)
		}
	}
	return out
}

// merge applies the overrides (RFC 5545 section 3.8.4.4) to the master's
// instances: an override replaces the instance its RECURRENCE-ID names, and
// with RANGE=THISANDFUTURE also moves and restyles every later instance by
// the same offset. Every override is an occurrence of its own, even when its
// RECURRENCE-ID matches no instance (the master may be absent, or its rule
// may have changed since).
func (s *series) merge(in []instance) []instance {
	if len(s.overrides) == 0 {
		return in
	}
	frame := s.z.loc
	allDay := false
	if s.master != nil {
		frame, allDay = s.frame(), s.master.start.date
	}
	replaced := matcher{frame: frame, allDay: allDay}
	for _, ov := range s.overrides {
		replaced.add(*ov.rid)
	}
	out := make([]instance, 0, len(in)+len(s.overrides))
	for _, inst := range in {
		if replaced.has(inst.rid) || inst.rid.IsZero() && replaced.has(inst.start) {
			continue
		}
		if ov := s.rangeOverride(inst.rid); ov != nil {
			inst.start = inst.start.Add(ov.start.t.Sub(ov.rid.t))
			inst.length, inst.date, inst.from = ov.length, ov.start.date, ov
		}
		out = append(out, inst)
	}
	for _, ov := range s.overrides {
		out = append(out, instance{rid: ov.rid.t, start: ov.start.t, length: ov.length, date: ov.start.date, from: ov})
	}
	return out
}

// rangeOverride returns the latest THISANDFUTURE override that starts
// before rid, or nil.
func (s *series) rangeOverride(rid time.Time) *vevent {
	var found *vevent
	for _, ov := range s.overrides {
		if ov.future && ov.rid.t.Before(rid) {
			found = ov
		}
	}
	return found
}

// reach is how far an instance's start may lie outside the window while the
// occurrence still overlaps it: the longest length, and the largest move a
// THISANDFUTURE override makes.
func (s *series) reach() time.Duration {
	var d time.Duration
	grow := func(l span) {
		if n := time.Duration(l.days)*25*time.Hour + l.exact; n > 0 {
			d += n
		} else {
			d -= n
		}
	}
	if s.master != nil {
		grow(s.master.length)
	}
	for _, ov := range s.overrides {
		if ov.future {
			grow(ov.length)
			grow(span{exact: ov.start.t.Sub(ov.rid.t)})
		}
	}
	return d
}
