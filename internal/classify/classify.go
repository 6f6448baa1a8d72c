// Package classify decides, for each occurrence, whether it is networking,
// active or passive, of which type, in person or remote, and whether it risks
// exposing a confidential search; and it says why.
//
// Rules this package keeps:
//   - Rules are data. The user's classify.rules come first: for each field
//     the first user rule that matches and sets it wins, whatever else the
//     event says. The built-in rules (defaults.yaml, embedded) are evidence:
//     every one that matches adds its weight to the value it sets, and each
//     field no user rule decided is decided by all its evidence together.
//     No vocabulary lives in Go code.
//   - Every decided field has one reason line naming its strongest signals
//     for and against, with their rules and weights:
//     `networking: "mixer" in summary (default rule event-words, weight 2);
//     against: ...`. Weak evidence is said out loud: an "uncertain:" line,
//     and Class.Uncertain.
//   - Mode and type are chosen together: a passive event is never a
//     one_on_one or a meal. A networking event held by video or phone is of
//     type remote, unless a user rule set its type.
//   - A non-networking event has no mode and no type. It has a confidential
//     risk only when it might be networking (Class.Possible: a recruiter, a
//     search firm, evidence that almost says networking), so that exposure
//     checks do not wait for certainty. Entries netsyncd wrote are never
//     networking. Declined and cancelled events are classified as usual and
//     marked Declined.
//   - Text is matched case- and accent-insensitively, word by word
//     (Japanese and Chinese, written without spaces, as substrings).
//   - Structure weighs as much as words: how many outside organisations
//     meet, an office's address, a search firm's domain, a title or a role
//     naming someone, a blocked place (structure.go).
//   - Everything is compiled in New; Classify is pure, safe for concurrent
//     use, and never panics on odd input (no summary, broken emails, absurd
//     durations): such an event is classified like any other.
package classify

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode"

	"github.com/netsyncd/netsyncd/internal/config"
	"github.com/netsyncd/netsyncd/internal/event"
	"github.com/netsyncd/netsyncd/internal/mailaddr"

	"github.com/netsyncd/netsyncd/internal/textfold"
)

// Classifier holds the compiled rules. It is safe for concurrent use.
type Classifier struct {
	rules    []*rule  // the user's: first match wins
	evidence ruleList // the built-in rules on networking and in_person: weighed together
	late     ruleList // the other built-in rules: only for (possible) networking
	index    *textIndex

	me               map[string]struct{}
	meLens           [128]bool // the byte lengths of me (lower case is as long: ASCII addresses)
	employerDomains  []string
	employerNames    []string
	employerWords    [][]string // employer names cut into folded words
	shared           []string   // employer.shared_calendars, lower case
	confidential     bool
	onlineWords      map[string]struct{}
	withPerson       *personMatcher
	withHit          [2]*textMatcher // the with-words, in the summary and in the notes
	assocDomainWords []string
	structure        structure
	nSignals         int // the structural signals, each worked out at most once per occurrence

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
		onlineWords:     map[string]struct{}{},
	}
	for _, e := range cfg.Me.Emails {
		e = mailaddr.Norm(e)
		c.me[e] = struct{}{}
		if len(e) < len(c.meLens) {
			c.meLens[len(e)] = true
		}
	}
	for e := range c.me {
		if !isASCII(e) {
			c.meLens = [128]bool{} // lower case may change a non-ASCII address's length
			for i := range c.meLens {
				c.meLens[i] = true
			}
		}
	}
	for _, n := range cfg.Employer.Names {
		if n = strings.TrimSpace(n); n != "" {
			c.employerNames = append(c.employerNames, n)
		}
	}
	for _, n := range c.employerNames {
		c.employerWords = append(c.employerWords, tokens(textfold.Fold(n), nil))
	}
	for i, r := range cfg.Classify.Rules {
		cr, err := c.compileRule(r, true)
		if err != nil {
			return nil, fmt.Errorf("classify: rule %q (classify.rules[%d]): %w", r.Name, i, err)
		}
		c.rules = append(c.rules, cr)
	}
	defaults, err := defaultEvidence()
	if err != nil {
		return nil, fmt.Errorf("classify: built-in defaults: %w", err)
	}
	for _, w := range defaults.OnlineLocationWords {
		for _, t := range tokens(textfold.Fold(w), nil) {
			c.onlineWords[t] = struct{}{}
		}
	}
	var withTokens []string
	for _, w := range defaults.WithWords {
		withTokens = tokens(textfold.Fold(w), withTokens)
	}
	// Whether a field has a with-word is known from the one index scan.
	for k, kind := range []textKind{kSummary, kDescription} {
		if c.withHit[k], err = c.index.compile("with_words", withTokens, kind); err != nil {
			return nil, fmt.Errorf("classify: built-in defaults: %w", err)
		}
	}
	c.withPerson = newPersonMatcher(defaults.WithWords, defaults.Honorifics)
	c.assocDomainWords = lowerAll(defaults.AssociationDomainWords)
	if err := c.compileStructure(defaults, cfg.Limits.BlockedLocations); err != nil {
		return nil, fmt.Errorf("classify: built-in defaults: %w", err)
	}
	c.addHouseholdDomains()
	signals := c.signalConds()
	c.structureSignals(signals)
	c.memoSignals(signals)
	for i, r := range defaults.Rules {
		cr, err := c.compileEvidence(r, signals)
		if err != nil {
			return nil, fmt.Errorf("classify: default rule %q (defaults.yaml rule %d): %w", r.Name, i+1, err)
		}
		if cr.sets[fNetworking] || cr.sets[fInPerson] || cr.maybe {
			c.evidence.add(cr)
		} else {
			c.late.add(cr)
		}
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
	ev := evidence{votes: &d.votes}
	c.collect(d, &dec, &c.evidence, &ev)
	return c.weigh(d, &dec, &ev)
}

// ruleList is built-in rules in their order, with what refuses most of
// them kept apart and small: the fields each sets and its first gate. The
// loop over them reads a few bytes a rule, not the rules themselves.
type ruleList struct {
	rules []*rule
	heads []ruleHead
}

type ruleHead struct {
	mask uint8
	gate int32 // the first of the rule's gates, -1 when it has none
}

func (l *ruleList) add(r *rule) {
	h := ruleHead{mask: r.mask, gate: -1}
	if len(r.gates) > 0 {
		h.gate = int32(r.gates[0])
	}
	l.rules, l.heads = append(l.rules, r), append(l.heads, h)
}

// collect adds the votes of the rules that match d on the fields still
// open.
func (c *Classifier) collect(d *doc, dec *decisions, rules *ruleList, ev *evidence) {
	if dec.all() {
		return
	}
	d.scanAll()
	open := dec.open() // collect decides nothing: the open fields stay open
	hits := d.hits
	for i, h := range rules.heads {
		if h.mask&open == 0 || (h.gate >= 0 && hits[h.gate] == "") {
			continue
		}
		r := rules.rules[i]
		if len(r.gates) > 1 && !d.passes(r.gates[1:]) {
			continue
		}
		why := d.newWhy()
		if !r.applyParts(d, why) {
			if r.withColleague != nil && ev.maybe == nil && ev.maybeColleague == nil && c.enteredForMe(d) && condsHold(d, r.withColleague) {
				ev.maybeColleague = r
			}
			d.dropWhy()
			continue
		}
		for f := range nFields {
			if r.sets[f] && !dec[f].done {
				d.votes[f] = append(d.votes[f], vote{w: r.weights[f], value: r.values[f], why: why, r: r, f: field(f)})
			}
		}
		if r.maybe {
			ev.maybe = r
		}
	}
}

// enteredForMe reports whether the only colleague on the invitation is
// its organiser and one person from outside is on it: a colleague (an
// assistant) put my meeting with someone else in my calendar; no colleague
// sits in it.
func (c *Classifier) enteredForMe(d *doc) bool {
	org := d.o.Organizer
	if org == "" || d.organizerIsMe() || d.colleaguesOf() != 1 || len(d.otherPeople()) != 2 {
		return false
	}
	_, work := d.workDomain(org)
	return work
}

// condsHold reports whether every condition holds on d.
func condsHold(d *doc, conds []cond) bool {
	for _, cond := range conds {
		if _, ok := cond(d); !ok {
			return false
		}
	}
	return true
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// addHouseholdDomains counts the domains of my own addresses that are a
// household's (a family's own domain, "matthias@kienzle-familie.de",
// "sanne@devries-bakker.nl" beside "s.devries@…") as free mail: the
// people written at them are my household, not another organisation
// inviting me. A domain is a household's when its name holds a word of
// a household ("familie", "home", "casa") or a surname from one of my
// addresses ("devries"); any other domain of mine that is not the
// employer's, a mail provider's or a platform's is an organisation I
// belong to (a CFO collective, a board), whose people invite me as
// contacts do.
func (c *Classifier) addHouseholdDomains() {
	var names []string // the parts of my addresses' local parts: first names and surnames
	for e := range c.me {
		local, _, _ := strings.Cut(e, "@")
		for _, w := range strings.FieldsFunc(strings.ToLower(local), func(r rune) bool { return !unicode.IsLetter(r) }) {
			if len(w) >= 4 {
				names = append(names, w)
			}
		}
	}
	for e := range c.me {
		dom := event.EmailDomain(e)
		if dom == "" {
			continue
		}
		if _, work := event.FirstDomain(e, c.employerDomains); work {
			continue
		}
		if _, free := c.structure.freeMail.of(e); free {
			continue
		}
		if _, platform := c.structure.platforms.of(e); platform {
			continue
		}
		if !householdDomain(dom, names) {
			continue
		}
		c.structure.freeMail[dom] = struct{}{}
		if c.structure.household == nil {
			c.structure.household = domainSet{}
		}
		c.structure.household[dom] = struct{}{}
	}
}

// householdWords name a household in a domain ("kienzle-familie.de",
// "home.example", "casa-rossi.it").
var householdWords = []string{"home", "family", "familie", "famille", "familia", "famiglia", "familj", "gezin",
	"thuis", "casa", "haus", "maison"}

// householdDomain reports whether dom's name (the labels before its last)
// holds a household word or has one of names, the words of my addresses,
// as one of its parts ("devries-bakker.nl", "wendler-dd.de").
func householdDomain(dom string, names []string) bool {
	name := dom
	if i := strings.LastIndexByte(name, '.'); i > 0 {
		name = name[:i]
	}
	for _, w := range householdWords {
		if strings.Contains(name, w) {
			return true
		}
	}
	// A name is one of the domain's parts, whole: "ines" names no one in
	// "angelbusinessclub".
	for part := range strings.FieldsFuncSeq(name, func(r rune) bool { return !unicode.IsLetter(r) }) {
		if slices.Contains(names, part) {
			return true
		}
	}
	return false
}
