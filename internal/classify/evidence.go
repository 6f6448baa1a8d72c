package classify

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/netsyncd/netsyncd/internal/config"
)

// evidenceRule is one built-in rule of defaults.yaml: a config.Rule (the
// same match and set keys as classify.rules) with a weight, and the
// structural signals only the built-in rules use.
type evidenceRule struct {
	Name string `yaml:"name"`
	// Weight is how strongly the rule's signal speaks for the values it
	// sets; 1 when not given.
	Weight float64 `yaml:"weight"`
	// Weights override Weight for some fields: {mode: 1} when the rule
	// names the kind of event well and who arranged it less well.
	Weights map[string]float64 `yaml:"weights"`
	// Maybe marks a sign of a job search (a recruiter, a search firm): an
	// event that carries it might be networking even when the rest of the
	// evidence says no, so exposure checks still run on it.
	Maybe bool `yaml:"maybe"`
	// Signals are structural tests written in Go (see signalConds); all must
	// hold, with every key of Match.
	Signals []string     `yaml:"signals"`
	Match   config.Match `yaml:"match"`
	Set     config.Set   `yaml:"set"`
}

// defaultsFile is defaults.yaml.
type defaultsFile struct {
	// OnlineLocationWords are the words a location made only of a video
	// link or an online marker is written with ("Microsoft Teams Meeting",
	// "Zoom link", "Online"); a location with any other word is a place.
	OnlineLocationWords []string `yaml:"online_location_words"`
	// WithWords join a meeting to the person met ("Coffee with Sarah");
	// Honorifics may stand between ("Kaffee mit Dr. Weber").
	WithWords  []string       `yaml:"with_words"`
	Honorifics []string       `yaml:"honorifics"`
	Rules      []evidenceRule `yaml:"rules"`
}

// vote is one matched evidence rule's say on one field.
type vote struct {
	w     float64
	value any // bool, or a mode or type string
	why   string
	r     *rule
}

// signalConds are the structural signals evidence rules can name.
func (c *Classifier) signalConds() map[string]cond {
	return map[string]cond{
		// A colleague (employer domain, not me) sent the invitation.
		"colleague_organiser": func(d *doc) (string, bool) {
			org := d.o.Organizer
			if org == "" || c.isMe(org) {
				return "", false
			}
			if dom, ok := firstDomain(org, c.employerDomains); ok {
				return fmt.Sprintf("organised from the employer's domain (%s)", dom), true
			}
			return "", false
		},
		// The employer's name is in the location: its office, its HQ.
		"at_employer": func(d *doc) (string, bool) {
			if name := c.employerInPlace(d); name != "" {
				return fmt.Sprintf("at the employer's premises (%q in the location)", name), true
			}
			return "", false
		},
		// The summary names the person met: a with-word, then a capital.
		"with_person": func(d *doc) (string, bool) {
			if c.withPerson != nil {
				if m := c.withPerson.FindString(d.o.Summary); m != "" {
					return fmt.Sprintf("meets someone by name (%q)", strings.TrimSpace(m)), true
				}
			}
			return "", false
		},
		// A place, not only a link: some word of the location is not an
		// online marker, or the event has GEO.
		"physical_location": func(d *doc) (string, bool) {
			if d.o.Geo != nil {
				return "has a GEO position", true
			}
			if w := c.placeWord(d); w != "" {
				return fmt.Sprintf("the location names a place (%q)", w), true
			}
			return "", false
		},
		// Someone else sent the invitation.
		"organised_by_other": func(d *doc) (string, bool) {
			if org := d.o.Organizer; org != "" && !c.isMe(org) {
				return "organised by someone else (" + org + ")", true
			}
			return "", false
		},
		"no_organiser": func(d *doc) (string, bool) {
			if d.o.Organizer == "" {
				return "no organizer: I put it in my calendar", true
			}
			return "", false
		},
		// At most one other person: a meeting for two.
		"for_two": func(d *doc) (string, bool) {
			if n := len(d.otherPeople()); n <= 1 {
				return people(n), true
			}
			return "", false
		},
		// Two or more other people: a group, not a meeting for two.
		"group": func(d *doc) (string, bool) {
			if n := len(d.otherPeople()); n >= 2 {
				return people(n), true
			}
			return "", false
		},
		// Many people from outside the employer: a gathering.
		"many_outside": func(d *doc) (string, bool) {
			if n := c.outside(d); n >= 4 {
				return fmt.Sprintf("%d people from outside the employer", n), true
			}
			return "", false
		},
		// Someone from outside the employer, not a free-mail friend only.
		"outside_people": func(d *doc) (string, bool) {
			if n := c.outside(d); n >= 1 {
				return fmt.Sprintf("%d from outside the employer", n), true
			}
			return "", false
		},
		// I am only an optional or non-participant on the invitation.
		"me_optional": func(d *doc) (string, bool) {
			for i := range d.o.Attendees {
				a := &d.o.Attendees[i]
				if c.isMe(a.Email) && (a.Role == "OPT-PARTICIPANT" || a.Role == "NON-PARTICIPANT") {
					return "my role is " + a.Role, true
				}
			}
			return "", false
		},
	}
}

// outside counts the other people who are not from the employer.
func (c *Classifier) outside(d *doc) int {
	n := 0
	for _, e := range d.otherPeople() {
		if _, ok := firstDomain(e, c.employerDomains); !ok {
			n++
		}
	}
	return n
}

// placeFields are the parts of the folded location that are not links or
// email addresses.
func placeFields(loc string) []string {
	fs := strings.FieldsFunc(loc, func(r rune) bool { return r == ' ' || r == ',' || r == ';' || r == '\n' || r == '|' })
	out := fs[:0]
	for _, f := range fs {
		if strings.Contains(f, "://") || strings.HasPrefix(f, "www.") || strings.Contains(f, "@") ||
			(strings.Contains(f, ".") && strings.Contains(f, "/")) {
			continue
		}
		out = append(out, f)
	}
	return out
}

// employerInPlace returns the employer name found in the location outside
// its links ("Acme HQ, 5th floor café", not "acme.zoom.us/j/1"), or "".
func (c *Classifier) employerInPlace(d *doc) string {
	if len(c.employerWords) == 0 || d.o.Location == "" {
		return ""
	}
	var ws []string
	for _, f := range placeFields(d.lowerText(kLocation)) {
		ws = tokens(f, ws)
	}
	for i, name := range c.employerWords {
		for j := range ws {
			if hasPrefix(ws[j:], name) {
				return c.employerNames[i]
			}
		}
	}
	return ""
}

// placeWord returns a word of the location that is not part of a link or an
// online marker, "" when the location is only those (or empty).
func (c *Classifier) placeWord(d *doc) string {
	loc := d.lowerText(kLocation)
	if strings.TrimSpace(loc) == "" {
		return ""
	}
	for _, f := range placeFields(loc) {
		for _, w := range tokens(f, nil) {
			if _, online := c.onlineWords[w]; online || !hasLetter(w) || len(w) < 2 {
				continue
			}
			return w
		}
	}
	return ""
}

func hasLetter(s string) bool {
	for _, r := range s {
		if isWordRune(r) && (r < '0' || r > '9') {
			return true
		}
	}
	return false
}

// withPattern builds the with_person signal's expression: a with-word, an
// optional honorific, then a capital letter.
func withPattern(words, honorifics []string) (*regexp.Regexp, error) {
	if len(words) == 0 {
		return nil, nil
	}
	quote := func(ws []string) string {
		q := make([]string, len(ws))
		for i, w := range ws {
			q[i] = regexp.QuoteMeta(w)
		}
		return strings.Join(q, "|")
	}
	expr := `(?:^|[\s(,;:])(?i:` + quote(words) + `)\s+`
	if len(honorifics) > 0 {
		expr += `(?:(?i:` + quote(honorifics) + `)\.?\s+)?`
	}
	return regexp.Compile(expr + `\p{Lu}\p{L}*`)
}

// compileEvidence compiles one built-in rule.
func (c *Classifier) compileEvidence(er evidenceRule, signals map[string]cond) (*rule, error) {
	cr, err := c.compileRule(config.Rule{Name: er.Name, Match: er.Match, Set: er.Set}, false)
	if err != nil {
		return nil, err
	}
	cr.maybe = er.Maybe
	w := er.Weight
	if w == 0 {
		w = 1
	}
	for f := range nFields {
		cr.weights[f] = w
	}
	for name, fw := range er.Weights {
		f := slices.Index(fieldNames[:], name)
		if f < 0 || !cr.sets[f] {
			return nil, fmt.Errorf("weights.%s: the rule does not set %s", name, name)
		}
		cr.weights[f] = fw
	}
	for f := range nFields {
		if cr.weights[f] <= 0 {
			return nil, fmt.Errorf("weight %v: a weight is positive; set the other value to speak against", cr.weights[f])
		}
	}
	for _, s := range er.Signals {
		sc, ok := signals[s]
		if !ok {
			return nil, fmt.Errorf("signals: %q is not a signal", s)
		}
		cr.conds = append(cr.conds, sc)
	}
	if len(cr.conds) == 0 {
		return nil, fmt.Errorf("the rule has no match and no signal")
	}
	return cr, nil
}

// tally sums the votes on one yes/no field: the score for minus the score
// against.
func tally(vs []vote) (score, pos, neg float64) {
	for _, v := range vs {
		if v.value == true {
			pos += v.w
		} else {
			neg += v.w
		}
	}
	return pos - neg, pos, neg
}

// evidenceReason writes the line of a field decided by the evidence: the
// strongest reasons for the value, then the strongest against.
func evidenceReason(head string, vs []vote, wins func(v vote) bool) string {
	var b strings.Builder
	b.WriteString(head)
	var forV, against []vote
	for _, v := range vs {
		if wins(v) {
			forV = append(forV, v)
		} else {
			against = append(against, v)
		}
	}
	sortVotes(forV)
	sortVotes(against)
	for i, v := range first(forV, 3) {
		if i > 0 {
			b.WriteString("; also ")
		}
		writeVote(&b, v)
	}
	for i, v := range first(against, 2) {
		if i == 0 {
			b.WriteString("; against: ")
		} else {
			b.WriteString("; ")
		}
		writeVote(&b, v)
	}
	return b.String()
}

func first(vs []vote, n int) []vote {
	if len(vs) > n {
		return vs[:n]
	}
	return vs
}

// sortVotes orders votes by weight, heaviest first, keeping the rules'
// order among equals (insertion sort: a field has a handful of votes).
func sortVotes(vs []vote) {
	for i := 1; i < len(vs); i++ {
		for j := i; j > 0 && vs[j].w > vs[j-1].w; j-- {
			vs[j], vs[j-1] = vs[j-1], vs[j]
		}
	}
}

func writeVote(b *strings.Builder, v vote) {
	b.WriteString(v.why)
	b.WriteString(" (")
	b.WriteString(v.r.origin)
	b.WriteString(", weight ")
	b.WriteString(weightString(v.w))
	b.WriteString(")")
}

func weightString(w float64) string {
	return strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%.1f", w), "0"), ".")
}
