// Package classify decides, for each occurrence, whether it is networking,
// active or passive, of which type, in person or remote, and whether it risks
// exposing a confidential search; and it says why.
//
// Rules this package keeps:
//   - Rules are data. The user's classify.rules are tried first, then the
//     built-in defaults (defaults.yaml, embedded), both in the config.Rule
//     form; no vocabulary lives in Go code.
//   - For each field (networking, mode, type, in_person, confidential_risk)
//     the first rule that matches and sets it wins. A field no rule sets gets
//     a fallback from the organizer, the attendees and the location.
//   - Every decided field has one reason naming the signal and the rule:
//     `networking: "mixer" in summary (default rule event-words)`.
//   - A networking event whose in_person was decided false by a rule (a video
//     link, "virtual", a phone number) is of type remote, unless a user rule
//     set its type.
//   - A non-networking event has no mode, no type and no confidential risk:
//     there is no search to expose. Entries netsyncd wrote are never
//     networking. Declined and cancelled events are classified as usual and
//     marked Declined.
//   - Everything is compiled in New; Classify is pure, safe for concurrent
//     use, and never panics on odd input (no summary, broken emails, absurd
//     durations): such an event is classified like any other.
package classify

import (
	"fmt"
	"strings"
	"sync"

	"github.com/netsyncd/netsyncd/internal/config"
	"github.com/netsyncd/netsyncd/internal/event"
)

// Classifier holds the compiled rules. It is safe for concurrent use.
type Classifier struct {
	rules []*rule
	index *textIndex

	me              map[string]struct{}
	employerDomains []string
	employerNames   []string
	shared          []string // employer.shared_calendars, lower case
	confidential    bool

	docs sync.Pool
}

// New compiles cfg.Classify.Rules, then the built-in defaults. An error
// names the rule (by name and index) and the key that is wrong.
func New(cfg *config.Config) (*Classifier, error) {
	c := &Classifier{
		index:           newTextIndex(),
		me:              map[string]struct{}{},
		employerDomains: normDomains(cfg.Employer.Domains),
		shared:          lowerAll(cfg.Employer.SharedCalendars),
		confidential:    cfg.Employer.Confidential,
	}
	for _, e := range cfg.Me.Emails {
		c.me[strings.ToLower(strings.TrimSpace(e))] = struct{}{}
	}
	for _, n := range cfg.Employer.Names {
		if n = strings.TrimSpace(n); n != "" {
			c.employerNames = append(c.employerNames, n)
		}
	}
	for i, r := range cfg.Classify.Rules {
		cr, err := c.compileRule(r, true)
		if err != nil {
			return nil, fmt.Errorf("classify: rule %q (classify.rules[%d]): %w", r.Name, i, err)
		}
		c.rules = append(c.rules, cr)
	}
	defaults, err := defaultRules()
	if err != nil {
		return nil, fmt.Errorf("classify: built-in defaults: %w", err)
	}
	for i, r := range defaults {
		cr, err := c.compileRule(r, false)
		if err != nil {
			return nil, fmt.Errorf("classify: default rule %q (defaults.yaml rule %d): %w", r.Name, i+1, err)
		}
		c.rules = append(c.rules, cr)
	}
	c.docs.New = func() any { return &doc{} }
	return c, nil
}

// Classify classifies one occurrence.
func (c *Classifier) Classify(o *event.Occurrence) Class {
	d := c.docs.Get().(*doc)
	d.reset(c, o)
	defer func() { d.o = nil; c.docs.Put(d) }()

	var dec decisions
	if o.Owned {
		dec.decide(fNetworking, false, "written by netsyncd", "", false)
	}
	if !c.confidential {
		dec.decide(fConfidential, false, "employer.confidential is off", "", false)
	}
	for _, r := range c.rules {
		if dec.all() {
			break
		}
		if !dec.wants(r) {
			continue
		}
		if why, ok := r.apply(d); ok {
			for f := range nFields {
				if r.sets[f] && !dec[f].done {
					dec.decide(field(f), r.values[f], why, r.origin, r.user)
				}
			}
		}
	}
	c.fallbacks(d, &dec)
	return c.class(d, &dec)
}
