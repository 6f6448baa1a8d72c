package classify

import (
	"fmt"
	"strings"

	"github.com/netsyncd/netsyncd/internal/config"
)

// compileMatch turns every non-empty signal of m into a condition. The
// cheap conditions come first so most events are refused before any text is
// read.
func (c *Classifier) compileMatch(m config.Match) ([]cond, []int, error) {
	var conds []cond
	var gates []int // text matchers whose every pattern is in the word index
	add := func(cd cond) { conds = append(conds, cd) }
	if len(m.Categories) > 0 {
		add(categoriesCond(m.Categories))
	}
	if len(m.Calendar) > 0 {
		add(calendarCond(m.Calendar))
	}
	if len(m.PartStat) > 0 {
		add(c.partStatCond(m.PartStat))
	}
	c.addTimeConds(m, add)
	c.addPeopleConds(m, add)
	if m.HasLocation != nil {
		add(boolCond(*m.HasLocation, "has a location", "has no location", func(d *doc) bool {
			return strings.TrimSpace(d.o.Location) != "" || d.o.Geo != nil
		}))
	}
	if m.SharedCalendar != nil {
		add(c.sharedCalendarCond(*m.SharedCalendar))
	}
	texts := []struct {
		key      string
		patterns []string
		kinds    []textKind
	}{
		{"match.summary", m.Summary, []textKind{kSummary}},
		{"match.location", m.Location, []textKind{kLocation}},
		{"match.url", m.URL, []textKind{kURL}},
		{"match.text", m.Text, []textKind{kSummary, kDescription, kLocation}},
		{"match.description", m.Description, []textKind{kDescription}},
	}
	for _, t := range texts {
		if len(t.patterns) == 0 {
			continue
		}
		tm, err := c.index.compile(t.key, t.patterns, t.kinds...)
		if err != nil {
			return nil, nil, err
		}
		if len(tm.literals) == 0 && len(tm.res) == 0 {
			gates = append(gates, tm.id)
		}
		add(func(d *doc) (string, bool) { return d.find(tm) })
	}
	if m.EmployerName != nil {
		add(c.employerNameCond(*m.EmployerName))
	}
	return conds, gates, nil
}

// boolCond matches when test(d) == want, saying yes or no.
func boolCond(want bool, yes, no string, test func(*doc) bool) cond {
	return func(d *doc) (string, bool) {
		if test(d) != want {
			return "", false
		}
		if want {
			return yes, true
		}
		return no, true
	}
}

func categoriesCond(want []string) cond {
	want = lowerAll(want)
	return func(d *doc) (string, bool) {
		for _, have := range d.o.Categories {
			h := strings.ToLower(strings.TrimSpace(have))
			for _, w := range want {
				if h == w {
					return fmt.Sprintf("category %q", have), true
				}
			}
		}
		return "", false
	}
}

func calendarCond(want []string) cond {
	want = lowerAll(want)
	names := map[string]bool{}
	for _, w := range want {
		names[w] = true
	}
	return func(d *doc) (string, bool) {
		if names[d.calendarLower()] || pathIn(d.o.CalendarPath, want) {
			return d.calendarWhy(), true
		}
		return "", false
	}
}

// calendarIn reports whether a calendar, by display name or by path, is one
// of want (lower case).
func calendarIn(name, path string, want []string) bool {
	n := strings.TrimSpace(name)
	p := strings.TrimSuffix(path, "/")
	for _, w := range want {
		if strings.EqualFold(w, n) || (p != "" && strings.EqualFold(strings.TrimSuffix(w, "/"), p)) {
			return true
		}
	}
	return false
}

// pathIn reports whether a calendar's path is one of want (lower case).
func pathIn(path string, want []string) bool {
	if p := strings.TrimSuffix(path, "/"); p != "" {
		for _, w := range want {
			if strings.EqualFold(strings.TrimSuffix(w, "/"), p) {
				return true
			}
		}
	}
	return false
}

func (c *Classifier) sharedCalendarCond(want bool) cond {
	return func(d *doc) (string, bool) {
		if d.sharedCalendar() != want {
			return "", false
		}
		return d.sharedCalendarWhy(), true
	}
}

func (c *Classifier) partStatCond(want []string) cond {
	want = lowerAll(want)
	for i, w := range want {
		want[i] = strings.ToUpper(w)
	}
	return func(d *doc) (string, bool) {
		ps, _ := c.myPartStat(d)
		for _, w := range want {
			if ps == w {
				return "my status is " + ps, true
			}
		}
		return "", false
	}
}

func (c *Classifier) employerNameCond(want bool) cond {
	if len(c.employerNames) == 0 {
		return boolCond(want, "", "no employer name in the text", func(*doc) bool { return false })
	}
	tm, _ := c.index.compile("employer.names", c.employerNames, kSummary, kDescription, kLocation)
	return func(d *doc) (string, bool) {
		where, found := d.find(tm)
		if found != want {
			return "", false
		}
		if found {
			return "employer name " + where, true
		}
		return "no employer name in the text", true
	}
}

// addTimeConds adds the time-of-day, day and duration conditions, the most
// selective first: a rule is refused before a reason is written.
func (c *Classifier) addTimeConds(m config.Match, add func(cond)) {
	if m.After != nil || m.Before != nil {
		after, before := m.After, m.Before
		add(func(d *doc) (string, bool) {
			at := d.clock()
			if (after != nil && at < *after) || (before != nil && at >= *before) {
				return "", false
			}
			return d.startsWhy(at), true
		})
	}
	if len(m.Days) > 0 {
		days := m.Days
		add(func(d *doc) (string, bool) {
			wd := d.weekday()
			for _, w := range days {
				if w == wd {
					return d.dayWhy(wd), true
				}
			}
			return "", false
		})
	}
	if m.MinDuration > 0 || m.MaxDuration > 0 {
		lo, hi := m.MinDuration.D(), m.MaxDuration.D()
		add(func(d *doc) (string, bool) {
			dur := d.o.Duration()
			if dur < lo || (hi > 0 && dur > hi) {
				return "", false
			}
			return d.lastsWhy(dur), true
		})
	}
	if m.Transparent != nil {
		add(boolCond(*m.Transparent, "shown as free", "shown as busy", func(d *doc) bool { return d.o.Transparent }))
	}
	if m.AllDay != nil {
		add(boolCond(*m.AllDay, "all-day", "not all-day", func(d *doc) bool { return d.o.AllDay }))
	}
}

func lowerAll(in []string) []string {
	out := make([]string, len(in))
	for i, s := range in {
		out[i] = strings.ToLower(strings.TrimSpace(s))
	}
	return out
}
