package config

import (
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strings"
)

// ParsePattern reads one text pattern of a rule. A pattern written between
// slashes ("/^coffee (with|w\/)/") is a regular expression, matched without
// regard to case; anything else is a plain word or phrase, for which
// ParsePattern returns a nil Regexp.
func ParsePattern(p string) (*regexp.Regexp, error) {
	if len(p) < 2 || p[0] != '/' || p[len(p)-1] != '/' {
		return nil, nil
	}
	return regexp.Compile("(?i)" + p[1:len(p)-1])
}

// MaxRules is the most classify.rules a config may list, and
// MaxPatternBytes the longest regular expression one pattern may be: each
// rule is tried on every event of a pass, and a pattern is compiled at each
// start and reload (one of 1 MB took 7 s). Real configs have tens of rules
// of a few words.
// MaxPatterns and MaxRegexBytes bound all the rules' patterns together
// (and MaxPatterns the blocked locations): see patternBudget.
const (
	MaxRules        = 1_000
	MaxPatternBytes = 1 << 10
	MaxPatterns     = 500
	MaxRegexBytes   = 4 << 10
)

func (v *validator) rules() {
	if n := len(v.c.Classify.Rules); n > MaxRules {
		v.errorf("classify.rules", "lists %d rules, more than the %d netsyncd reads: each is tried on every event of every pass; merge rules that decide the same (a rule's patterns are alternatives)", n, MaxRules)
		return
	}
	v.patternBudget()
	names := map[string]int{}
	for i, r := range v.c.Classify.Rules {
		key := fmt.Sprintf("classify.rules[%d]", i)
		name := strings.TrimSpace(r.Name)
		if name == "" {
			v.errorf(key+".name", "is required: name the rule (\"board dinners\"), so each classification can say which rule decided it")
		} else if prev, dup := names[strings.ToLower(name)]; dup {
			v.errorf(key+".name", "%q is already the name of classify.rules[%d]: give each rule its own name", r.Name, prev)
		} else {
			names[strings.ToLower(name)] = i
		}
		v.match(key+".match", r.Match)
		v.set(key+".set", r.Set)
	}
}

func (v *validator) match(key string, m Match) {
	if reflect.ValueOf(m).IsZero() {
		v.errorf(key, "is empty, so the rule would match every event: give at least one condition, like match: {summary: [\"coffee\"]}")
		return
	}
	for _, f := range m.patternLists() {
		v.patterns(key+"."+f.name, f.list)
	}
	v.nonEmpty(key+".organizer", m.Organizer, `an email, a domain like acme-corp.com, or "me"`)
	v.nonEmpty(key+".attendee_domains", m.AttendeeDomains, "a domain like acme-corp.com")
	v.partStats(key+".partstat", m.PartStat)
	v.attendees(key, m)
	v.durations(key, m)
	if m.After != nil && m.Before != nil && *m.After >= *m.Before {
		v.errorf(key+".after", "%s is not before match.before %s: a rule matches start times within one day; for a window across midnight write two rules", m.After, m.Before)
	}
}

// patternList is one list of text patterns of a match, by its key.
type patternList struct {
	name string
	list []string
}

func (m Match) patternLists() []patternList {
	return []patternList{{"summary", m.Summary}, {"description", m.Description}, {"location", m.Location}, {"url", m.URL},
		{"text", m.Text}, {"categories", m.Categories}, {"calendar", m.Calendar}}
}

// patternBudget refuses more patterns, or more bytes of regular
// expressions, than a pass can afford to try on every event: each pattern
// is tried on each event's text, so the cost of a pass is patterns times
// events. 90,000 blocked locations took explain 45 s over 2,000 events,
// and 999 rules of 3.6 KB expressions over 2 minutes.
func (v *validator) patternBudget() {
	n, re := 0, 0
	for _, r := range v.c.Classify.Rules {
		for _, f := range r.Match.patternLists() {
			n += len(f.list)
			for _, p := range f.list {
				if len(p) >= 2 && p[0] == '/' && p[len(p)-1] == '/' {
					re += len(p)
				}
			}
		}
	}
	if n > MaxPatterns {
		v.errorf("classify.rules", "hold %d patterns in all, more than %d: each is tried on every event of every pass; a rule's words can often be one regular expression, or a shorter list", n, MaxPatterns)
	}
	if re > MaxRegexBytes {
		v.errorf("classify.rules", "hold %d bytes of regular expressions in all, more than %d: each is tried on every event of every pass; keep the expressions short, or use plain words", re, MaxRegexBytes)
	}
	if n := len(v.c.Limits.BlockedLocations); n > MaxPatterns {
		v.errorf("limits.blocked_locations", "lists %d places, more than %d: each is tried on every event of every pass; list the few places you must avoid", n, MaxPatterns)
	}
}

func (v *validator) patterns(key string, list []string) {
	for i, p := range list {
		k := fmt.Sprintf("%s[%d]", key, i)
		if strings.TrimSpace(p) == "" {
			v.errorf(k, "is empty and would match everything: write a word or phrase, or remove the entry")
			continue
		}
		if len(p) > MaxPatternBytes && strings.HasPrefix(p, "/") && strings.HasSuffix(p, "/") {
			v.errorf(k, "is a regular expression of %d bytes, more than %d: write shorter patterns, as several entries of the list (any of them matches)", len(p), MaxPatternBytes)
			continue
		}
		if _, err := ParsePattern(p); err != nil {
			v.errorf(k, "%q is not a valid regular expression (%v): fix it, or drop the slashes to match the plain words", p, err)
		}
	}
}

func (v *validator) attendees(key string, m Match) {
	if m.MinAttendees != nil && *m.MinAttendees < 0 {
		v.errorf(key+".min_attendees", "is negative: write a count of 0 or more")
	}
	if m.MaxAttendees != nil && *m.MaxAttendees < 0 {
		v.errorf(key+".max_attendees", "is negative: write a count of 0 or more")
	}
	if m.MinAttendees != nil && m.MaxAttendees != nil && *m.MinAttendees > *m.MaxAttendees {
		v.errorf(key+".min_attendees", "%d is more than max_attendees %d: no event could match; swap them", *m.MinAttendees, *m.MaxAttendees)
	}
}

func (v *validator) durations(key string, m Match) {
	if m.MinDuration < 0 {
		v.errorf(key+".min_duration", "is negative: write a duration like 30m")
	}
	if m.MaxDuration < 0 {
		v.errorf(key+".max_duration", "is negative: write a duration like 3h")
	}
	if m.MaxDuration > 0 && m.MinDuration > m.MaxDuration {
		v.errorf(key+".min_duration", "%s is longer than max_duration %s: no event could match; swap them", m.MinDuration, m.MaxDuration)
	}
}

// partStats are the PARTSTAT values of a VEVENT attendee (RFC 5545,
// section 3.2.12); "X-" names are allowed as the RFC allows them.
var partStats = []string{"NEEDS-ACTION", "ACCEPTED", "DECLINED", "TENTATIVE", "DELEGATED"}

func (v *validator) partStats(key string, list []string) {
	for i, p := range list {
		up := strings.ToUpper(strings.TrimSpace(p))
		if !slices.Contains(partStats, up) && !strings.HasPrefix(up, "X-") {
			v.errorf(fmt.Sprintf("%s[%d]", key, i), "%q is not a participation status%s: write ACCEPTED, TENTATIVE, DECLINED, NEEDS-ACTION or DELEGATED", p, orMaybe(up, partStats))
		}
	}
}

var modes = []string{"active", "passive"}

func (v *validator) set(key string, s Set) {
	if reflect.ValueOf(s).IsZero() {
		v.errorf(key, "is empty, so the rule decides nothing: set at least one field, like set: {networking: true, type: meal}")
		return
	}
	if s.Mode != "" && !slices.Contains(modes, s.Mode) {
		v.errorf(key+".mode", "%q is not a mode%s: write active (you arranged it) or passive (someone else organises it)", s.Mode, orMaybe(s.Mode, modes))
	}
	if s.Type != "" && !slices.Contains(Types, s.Type) {
		v.errorf(key+".type", "%q is not a type%s: write one of %s", s.Type, orMaybe(s.Type, Types), strings.Join(Types, ", "))
	}
}
