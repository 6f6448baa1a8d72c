package davserver

import (
	"strings"
	"time"

	"github.com/emersion/go-ical"
)

// The calendar-query filter of RFC 4791 section 9.7, evaluated here rather
// than with go-webdav's caldav.Match, which misses an event that exactly
// fills the range and a recurrence that began before the range and runs into
// it. Where the server cannot decide (an unknown TZID, a component type with
// no rule below) it includes the object: a client filters again, but cannot
// recover what a server left out.

type compFilter struct {
	Name         string       `xml:"name,attr"`
	IsNotDefined *struct{}    `xml:"urn:ietf:params:xml:ns:caldav is-not-defined"`
	TimeRange    *timeRange   `xml:"urn:ietf:params:xml:ns:caldav time-range"`
	Props        []propFilter `xml:"urn:ietf:params:xml:ns:caldav prop-filter"`
	Comps        []compFilter `xml:"urn:ietf:params:xml:ns:caldav comp-filter"`
}

type propFilter struct {
	Name         string        `xml:"name,attr"`
	IsNotDefined *struct{}     `xml:"urn:ietf:params:xml:ns:caldav is-not-defined"`
	TimeRange    *timeRange    `xml:"urn:ietf:params:xml:ns:caldav time-range"`
	TextMatch    *textMatch    `xml:"urn:ietf:params:xml:ns:caldav text-match"`
	Params       []paramFilter `xml:"urn:ietf:params:xml:ns:caldav param-filter"`
}

type paramFilter struct {
	Name         string     `xml:"name,attr"`
	IsNotDefined *struct{}  `xml:"urn:ietf:params:xml:ns:caldav is-not-defined"`
	TextMatch    *textMatch `xml:"urn:ietf:params:xml:ns:caldav text-match"`
}

type textMatch struct {
	Text      string `xml:",chardata"`
	Collation string `xml:"collation,attr"`
	Negate    string `xml:"negate-condition,attr"`
}

// timeRange is RFC 4791 section 9.9; a missing start or end is open.
type timeRange struct {
	Start string `xml:"start,attr"`
	End   string `xml:"end,attr"`
}

// span is a parsed time range; zero ends are open.
type span struct{ start, end time.Time }

func (tr *timeRange) span() (span, error) {
	var sp span
	var err error
	if tr.Start != "" {
		if sp.start, err = time.Parse("20060102T150405Z", tr.Start); err != nil {
			return sp, err
		}
	}
	if tr.End != "" {
		sp.end, err = time.Parse("20060102T150405Z", tr.End)
	}
	return sp, err
}

// overlaps is the test of RFC 4791 section 9.9 for an instance [s, s+d):
// (start < s+d AND end > s), or for d == 0 (start <= s AND end > s).
func (sp span) overlaps(s time.Time, d time.Duration) bool {
	afterStart := sp.start.IsZero() || sp.start.Before(s.Add(d)) || d == 0 && !sp.start.After(s)
	return afterStart && (sp.end.IsZero() || sp.end.After(s))
}

// matchCalendar applies a query's top comp-filter (VCALENDAR) to an object.
// Floating times and dates are read in loc (RFC 4791 section 9.9).
func matchCalendar(f compFilter, cal *ical.Calendar, loc *time.Location) bool {
	if cal.Name != f.Name {
		return f.IsNotDefined != nil
	}
	return f.IsNotDefined == nil && matchComp(f, cal.Component, loc)
}

// matchComp tests comp, whose name is f.Name, against the rest of f.
func matchComp(f compFilter, comp *ical.Component, loc *time.Location) bool {
	if f.TimeRange != nil && !matchCompTime(f.TimeRange, comp, loc) {
		return false
	}
	for _, cf := range f.Comps {
		found := false
		for _, child := range comp.Children {
			if child.Name == cf.Name && (cf.IsNotDefined != nil || matchComp(cf, child, loc)) {
				found = true
				break
			}
		}
		if found == (cf.IsNotDefined != nil) {
			return false
		}
	}
	for _, pf := range f.Props {
		if !matchProp(pf, comp, loc) {
			return false
		}
	}
	return true
}

func matchProp(f propFilter, comp *ical.Component, loc *time.Location) bool {
	values := comp.Props.Values(f.Name)
	if f.IsNotDefined != nil {
		return len(values) == 0
	}
	for i := range values {
		if matchOneProp(f, &values[i], loc) {
			return true
		}
	}
	return false
}

func matchOneProp(f propFilter, p *ical.Prop, loc *time.Location) bool {
	if f.TimeRange != nil {
		sp, err := f.TimeRange.span()
		t, err2 := p.DateTime(loc)
		if err == nil && err2 == nil && !sp.overlaps(t, 0) {
			return false
		}
	}
	if f.TextMatch != nil && !f.TextMatch.match(p.Value) {
		return false
	}
	for _, pf := range f.Params {
		values := p.Params.Values(pf.Name)
		if pf.IsNotDefined != nil {
			if len(values) > 0 {
				return false
			}
			continue
		}
		if len(values) == 0 || pf.TextMatch != nil && !anyMatch(pf.TextMatch, values) {
			return false
		}
	}
	return true
}

func anyMatch(tm *textMatch, values []string) bool {
	for _, v := range values {
		if tm.match(v) {
			return true
		}
	}
	return false
}

// match is a substring test; RFC 4791 section 7.5.1 makes i;ascii-casemap
// (case-insensitive) the default collation, and i;octet case-sensitive.
func (tm *textMatch) match(value string) bool {
	ok := strings.Contains(value, tm.Text)
	if tm.Collation != "i;octet" {
		ok = strings.Contains(strings.ToLower(value), strings.ToLower(tm.Text))
	}
	return ok != (tm.Negate == "yes")
}
