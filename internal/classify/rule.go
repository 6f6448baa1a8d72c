package classify

import (
	"fmt"
	"slices"
	"strings"

	"github.com/netsyncd/netsyncd/internal/config"
)

// field is one decided part of a Class.
type field int

const (
	fNetworking field = iota
	fMode
	fType
	fInPerson
	fConfidential
	nFields
)

var fieldNames = [nFields]string{"networking", "mode", "type", "in_person", "confidential_risk"}

// cond tests one signal; on a match it says what it saw, for the reason.
type cond func(d *doc) (why string, ok bool)

// rule is a config.Rule compiled: its conditions (all must hold) and the
// values it sets.
type rule struct {
	origin  string // `rule "board dinners"` or "default rule meal-words"
	user    bool
	conds   []cond
	sets    [nFields]bool
	mask    uint8            // the fields it sets, as bits 1<<field
	values  [nFields]any     // bool for networking/in_person/confidential_risk, string for mode/type
	weights [nFields]float64 // a built-in rule's weight as evidence, per field
	suffix  [nFields]string  // " (default rule x, weight 2)", for the reasons
	// gates are text matchers that must find a word for the rule to match:
	// a rule is refused on them before any condition runs.
	gates []int
	maybe bool // a built-in rule's sign of a job search
	// maybeWhy names what a maybe rule found when it is not a sign of a
	// job search; "" when it is one.
	maybeWhy string
	sender   bool // a built-in rule that says only who sent it (evidenceRule.Sender)
	host     bool // a built-in rule that says who hosts it (evidenceRule.Host)
	many     bool // a built-in rule that says many are invited (evidenceRule.Gathering)
	// withColleague is a maybe rule's conditions without no_colleague: a
	// search firm or a recruiter with a colleague on the invitation votes
	// nothing (it may be the employer's hiring), but it may be mine, so
	// exposure checks still run.
	withColleague []cond
}

// compileRule turns r into a rule. key names it in errors.
func (c *Classifier) compileRule(r config.Rule, user bool) (*rule, error) {
	cr := &rule{user: user, origin: "default rule " + r.Name}
	if user {
		cr.origin = fmt.Sprintf("rule %q", r.Name)
	}
	if err := cr.compileSet(r.Set); err != nil {
		return nil, err
	}
	conds, gates, err := c.compileMatch(r.Match)
	if err != nil {
		return nil, err
	}
	cr.conds, cr.gates = conds, gates
	return cr, nil
}

func (cr *rule) compileSet(s config.Set) error {
	put := func(f field, v any) { cr.sets[f], cr.values[f], cr.mask = true, v, cr.mask|1<<f }
	if s.Networking != nil {
		put(fNetworking, *s.Networking)
	}
	if s.Mode != "" {
		if s.Mode != string(Active) && s.Mode != string(Passive) {
			return fmt.Errorf("set.mode: %q is not a mode: write active or passive", s.Mode)
		}
		put(fMode, s.Mode)
	}
	if s.Type != "" {
		if !slices.Contains(config.Types, s.Type) {
			return fmt.Errorf("set.type: %q is not a type: write one of %s", s.Type, strings.Join(config.Types, ", "))
		}
		put(fType, s.Type)
	}
	if s.InPerson != nil {
		put(fInPerson, *s.InPerson)
	}
	if s.ConfidentialRisk != nil {
		put(fConfidential, *s.ConfidentialRisk)
	}
	if cr.sets == [nFields]bool{} {
		return fmt.Errorf("set: the rule sets nothing: give it networking, mode, type, in_person or confidential_risk")
	}
	return nil
}

// applyParts tries the rule on d and, when every condition holds, puts
// the conditions' reasons in w without joining them.
func (cr *rule) applyParts(d *doc, w *whyParts) bool {
	w.n = 0
	for _, cond := range cr.conds {
		why, ok := cond(d)
		if !ok {
			return false
		}
		if why == "" {
			continue
		}
		if w.n == len(w.parts) {
			w.parts[w.n-1] += " and " + why
			continue
		}
		w.parts[w.n] = why
		w.n++
	}
	return true
}

// apply tries the rule on d; it returns the reasons' common part when every
// condition holds.
func (cr *rule) apply(d *doc) (string, bool) {
	if len(cr.conds) == 1 {
		return cr.conds[0](d)
	}
	var buf [6]string
	whys := buf[:0]
	for _, cond := range cr.conds {
		why, ok := cond(d)
		if !ok {
			return "", false
		}
		if why != "" {
			whys = append(whys, why)
		}
	}
	switch len(whys) {
	case 0:
		return "every event", true
	case 1:
		return whys[0], true
	}
	return strings.Join(whys, " and "), true
}
