package classify

import (
	"fmt"
	"slices"
	"strings"

	"github.com/netsyncd/netsyncd/internal/config"
	"github.com/netsyncd/netsyncd/internal/event"
	"github.com/netsyncd/netsyncd/internal/textfold"
)

// decision is the value of one field and what decided it.
type decision struct {
	done   bool
	value  any    // bool or string
	why    string // the signal: `"mixer" in summary`
	origin string // the rule: `default rule event-words`; "" for a fallback
	user   bool   // decided by a user rule
	moot   bool   // not needed: the event is not networking
	line   string // the whole reason line, when the evidence decided it
}

type decisions [nFields]decision

func (ds *decisions) decide(f field, v any, why, origin string, user bool) {
	ds[f] = decision{done: true, value: v, why: why, origin: origin, user: user}
	if f == fNetworking && v == false && (user || why == "written by netsyncd") {
		// A user rule or netsyncd's own entry: surely not networking, so
		// mode, type and risk mean nothing; stop looking for them.
		ds.moot()
	}
}

// decideLine records a field decided by the evidence, with its reason line.
func (ds *decisions) decideLine(f field, v any, line string) {
	ds[f] = decision{done: true, value: v, line: line}
}

// moot closes mode, type and risk: the event is not networking.
func (ds *decisions) moot() {
	for _, g := range []field{fMode, fType, fConfidential} {
		if !ds[g].done {
			ds[g] = decision{done: true, moot: true}
		}
	}
}

// wants reports whether r sets a field that is still open.
func (ds *decisions) wants(r *rule) bool { return r.mask&ds.open() != 0 }

// open is the fields still to decide, as bits 1<<field.
func (ds *decisions) open() uint8 {
	var m uint8
	for f := range nFields {
		if !ds[f].done {
			m |= 1 << f
		}
	}
	return m
}

func (ds *decisions) all() bool {
	for f := range nFields {
		if !ds[f].done {
			return false
		}
	}
	return true
}

func (ds *decisions) bool(f field) bool { v, _ := ds[f].value.(bool); return v }

func (ds *decisions) str(f field) string { v, _ := ds[f].value.(string); return v }

// evidence is what the built-in rules said about one occurrence.
type evidence struct {
	votes *[nFields][]vote
	maybe *rule // a matched rule that is a sign of a job search
	// maybeColleague is a sign of a job search that matched but for a
	// colleague who only entered it for me (a search partner's coffee my
	// assistant sent): it votes nothing; with a meeting word it is
	// networking.
	maybeColleague *rule
}

// uncertainMargin: a networking score closer to zero than this is weak
// evidence, said out loud.
const uncertainMargin = 1.0

// typeOrder is the order candidates are tried in; among equal scores the
// first wins, so a passive event nothing names is an "event".
var typeOrder = []string{"event", "one_on_one", "meal", "conference", "association", "alumni", "social", "remote"}

// weigh decides every field still open from the evidence and builds the
// Class.
func (c *Classifier) weigh(d *doc, ds *decisions, ev *evidence) Class {
	votes := ev.votes
	cl := Class{Reasons: make([]string, 0, 7)}
	var notes []string

	// Networking.
	if !ds[fNetworking].done {
		vs := votes[fNetworking]
		score, pos, _ := tally(vs)
		net := score > 0
		if len(vs) == 0 {
			ds.decide(fNetworking, false, "no rule found a networking signal", "", false)
		} else {
			head := "networking: "
			if !net {
				head = "networking=false: "
			}
			// Networking shows more of its evidence: it decides everything else.
			ds.decideLine(fNetworking, net, evidenceLine(head, vs, net, 3, 2))
			if score > -uncertainMargin && score < uncertainMargin {
				cl.Uncertain = true
				notes = append(notes, fmt.Sprintf("uncertain: networking=%v by a margin of %s: the evidence is weak; "+
					"a classify rule or a #net / #nonet tag in the summary would decide it", net, weightString(abs(score))))
			}
		}
		// A meeting with one to three people, which something calls
		// networking, at a blocked place or the employer's premises (a
		// coffee at the lobby café): exposed, though the place itself
		// speaks for work; not with a colleague along (the employer's
		// business).
		exposedPlace := !net && pos > 0 && score > -3*uncertainMargin && c.fewMet(d) && !c.colleagueOn(d) &&
			(c.blockedPlaceOf(d) != "" || c.employerInPlace(d) != "")
		// An outside body's gathering (a chamber's reception, a congress)
		// that a colleague sent me, the two of us alone on it: only who
		// sent it speaks for work, and who sent it does not make it the
		// employer's event. It is networking, and I am seen there.
		forwarded := !net && gatheringWeight(vs) >= 1.5 && c.onlyColleagues(d) && !c.employerInSummary(d) &&
			c.employerInPlace(d) == "" && c.blockedPlaceOf(d) == ""
		if forwarded {
			net = true
			ds.decideLine(fNetworking, true, evidenceLine("networking: ", vs, true, 3, 2)+
				"; an outside body's gathering a colleague sent me: who sent it does not make it the employer's")
			cl.Uncertain = false
			if len(notes) > 0 && strings.HasPrefix(notes[len(notes)-1], "uncertain:") {
				notes = notes[:len(notes)-1]
			}
		}
		// An outside body's gathering (a section's luncheon, an industry
		// working group) that I attend with a colleague: the colleague
		// speaks for the employer's business, the gathering for
		// networking; both may hold, so its exposure is checked.
		outsideGathering := !net && pos >= 1.5 && c.colleagueOn(d) && c.outsideOrganised(d)
		// A trade fair or a congress a colleague put in my calendar, no one
		// else on it: the sender speaks for work (I may staff the stand),
		// the gathering for networking, and I am seen there either way; not at
		// the employer's premises (its own reception with guests).
		enteredGathering := !net && !forwarded && gatheringWeight(vs) >= 1 && c.onlyColleagues(d) && !c.employerInSummary(d) &&
			c.employerInPlace(d) == "" && c.blockedPlaceOf(d) == ""
		// A search firm's or a recruiter's coffee or lunch that a colleague
		// (an assistant) only entered for me, no colleague sitting in: the
		// sender speaks for work, the rest for my own search. It is
		// networking (c.enteredForMe was checked when it matched).
		entered := !net && ev.maybeColleague != nil && meetingWeight(vs) > 0
		if entered {
			net = true
			ds.decideLine(fNetworking, true, evidenceLine("networking: ", vs, true, 3, 2)+
				"; "+ev.maybeColleague.origin+" matched with a meeting a colleague only entered for me: "+
				"who entered it does not make it the employer's")
			cl.Uncertain = false
			if len(notes) > 0 && strings.HasPrefix(notes[len(notes)-1], "uncertain:") {
				notes = notes[:len(notes)-1]
			}
		}
		cl.Possible = !net && (ev.maybe != nil || outsideGathering || enteredGathering || (pos > 0 && score > -uncertainMargin) || exposedPlace || forwarded)
		if cl.Possible {
			why := "the evidence for networking is close"
			switch {
			case ev.maybe != nil:
				why = ev.maybe.origin + " is a sign of a job search"
				if ev.maybe.maybeWhy != "" {
					why = ev.maybe.origin + " found " + ev.maybe.maybeWhy
				}
			case enteredGathering && score <= -uncertainMargin:
				why = "an outside gathering a colleague put in my calendar: the employer's errand or networking, and I am seen there"
			case outsideGathering && score <= -uncertainMargin:
				why = "an outside body's gathering that a colleague attends with me: the employer's business or networking"
			case exposedPlace && score <= -uncertainMargin:
				why = "some evidence says networking, and the place is where being seen is the risk"
			}
			notes = append(notes, "possible networking: "+why+": exposure checks apply")
		}
	}
	cl.Networking = ds.bool(fNetworking)
	if !cl.Possible && !cl.Networking {
		ds.moot()
	}
	c.collect(d, ds, &c.late, ev)

	// In person: a place outweighs a link (hybrid is in person).
	if !ds[fInPerson].done {
		vs := votes[fInPerson]
		score, _, _ := tally(vs)
		in := score >= 0
		switch {
		case len(vs) > 0:
			head := "in_person: "
			if !in {
				head = "in_person=false: "
			}
			ds.decideLine(fInPerson, in, evidenceReason(head, vs, in))
		case strings.TrimSpace(d.o.Location) != "":
			ds.decide(fInPerson, true, "has a physical location", "", false)
		default:
			ds.decide(fInPerson, true, "no video link, phone number or online marker", "", false)
		}
	}
	cl.InPerson = ds.bool(fInPerson)

	if cl.Networking {
		c.modeAndType(d, ds, votes)
	}

	// Confidentiality: for networking and possible networking only.
	if !ds[fConfidential].done {
		vs := votes[fConfidential]
		score, _, _ := tally(vs)
		if len(vs) == 0 {
			ds.decide(fConfidential, false, "no one from the employer, no employer name, not a shared calendar", "", false)
		} else {
			risk := score > 0
			head := "confidential_risk: "
			if !risk {
				head = "confidential_risk=false: "
			}
			ds.decideLine(fConfidential, risk, evidenceReason(head, vs, risk))
		}
	}
	return c.class(d, ds, cl, notes)
}

// gatheringWeight sums the networking votes of the rules that name a
// gathering (an event, a conference, an association's, an alumni body's);
// 0 when a rule other than a sender's speaks against networking.
func gatheringWeight(vs []vote) float64 {
	w := 0.0
	for _, v := range vs {
		if v.value != true {
			if !v.r.sender {
				return 0
			}
			continue
		}
		if !v.r.sets[fType] {
			continue
		}
		switch v.r.values[fType] {
		case "event", "conference", "association", "alumni":
			w += v.w
		}
	}
	return w
}

// outsideOrganised reports whether an outside body organised the event:
// its address is an office's (sections@, events@) or an association's,
// not a person's at a supplier or a bank (their meetings are the
// employer's business).
func (c *Classifier) outsideOrganised(d *doc) bool {
	org := d.o.Organizer
	if org == "" || d.organizerIsMe() || !event.ValidEmail(org) {
		return false
	}
	if _, work := d.workDomain(org); work {
		return false
	}
	return c.roleMailbox(org) || d.organizerAssoc()
}

// meetingWeight sums the networking votes of the rules that name a
// meeting to talk (a coffee, a lunch, a one-on-one), not a vacancy's title
// or a work word.
func meetingWeight(vs []vote) float64 {
	w := 0.0
	for _, v := range vs {
		if v.value == true && v.r.sets[fType] && (v.r.values[fType] == "one_on_one" || v.r.values[fType] == "meal") {
			w += v.w
		}
	}
	return w
}

// onlyColleagues reports whether one to three other people are on the
// invitation and all are from the employer.
func (c *Classifier) onlyColleagues(d *doc) bool {
	n := len(d.otherPeople())
	return n > 0 && n <= 3 && d.colleaguesOf() == n
}

// employerInSummary reports whether an employer name is in the summary
// ("Acme Summer Party"): the employer's own event.
func (c *Classifier) employerInSummary(d *doc) bool {
	if len(c.employerWords) == 0 {
		return false
	}
	if c.employerNameIn(d.wordsOf(kSummary)) != "" {
		return true
	}
	return hasCJK(d.o.Summary) && slices.ContainsFunc(c.employerNames, func(n string) bool {
		return strings.Contains(d.lowerText(kSummary), textfold.Fold(n))
	})
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

// modeAndType chooses mode and type together, from their votes: the pair
// with the highest sum, a passive event never being a one_on_one or a meal.
func (c *Classifier) modeAndType(d *doc, ds *decisions, votes *[nFields][]vote) {
	if ds[fMode].done && ds[fType].done {
		return
	}
	var modeScore, typeScore scores
	for _, v := range votes[fMode] {
		modeScore.add(v.value.(string), v.w)
	}
	var hostScore scores
	for _, v := range votes[fType] {
		typeScore.add(v.value.(string), v.w)
		if v.r.host {
			hostScore.add(v.value.(string), v.w)
		}
	}
	host := hostKind(&hostScore)
	many := slices.ContainsFunc(votes[fMode], func(v vote) bool { return v.r.many })
	if host != "" && c.withPersonIn(d) != "" {
		// A meal with someone named ("Breakfast w/ Chris (YPO)") is a
		// meeting with that person, whatever body they belong to.
		host = ""
	}
	modes := []string{string(Active), string(Passive)}
	if ds[fMode].done {
		modes = []string{ds.str(fMode)}
	}
	types := typeOrder
	if ds[fType].done {
		types = []string{ds.str(fType)}
	}
	// Each type's score and what refuses it, looked up once, not once a
	// mode.
	var tScore [16]float64
	var tTwo, tFormat [16]bool // a table for two (one_on_one, meal); a format
	for i, t := range types[:min(len(types), len(tScore))] {
		tScore[i], tTwo[i], tFormat[i] = typeScore.of(t), t == "one_on_one" || t == "meal", isFormat(t)
	}
	bestM, bestT, best := "", "", 0.0
	for _, m := range modes {
		mScore, passive := modeScore.of(m), m == string(Passive)
		for i, t := range types {
			var two, format bool
			var ts float64
			if i < len(tScore) {
				two, format, ts = tTwo[i], tFormat[i], tScore[i]
			} else {
				two, format, ts = t == "one_on_one" || t == "meal", isFormat(t), typeScore.of(t)
			}
			if passive && two && !(ds[fMode].done && ds[fType].done) {
				continue
			}
			if host != "" && format && !ds[fType].done {
				continue // who hosts it names the kind, not its format
			}
			if many && two && !ds[fType].done {
				continue // many guests: not a table for two
			}
			if s := mScore + ts; bestM == "" || s > best {
				bestM, bestT, best = m, t, s
			}
		}
	}
	if bestM == "" { // a user rule set passive, and a one_on_one no rule set
		bestM, bestT = modes[0], "event"
	}
	vM, vT := box(bestM), box(bestT)
	if !ds[fMode].done {
		line := heads.of("mode=" + bestM)
		switch {
		case len(votes[fMode]) == 0:
			ds.decide(fMode, vM, "no signal says who arranged it", "", false)
		default:
			line = evidenceReason(line, votes[fMode], vM)
			if other := otherMode(bestM); modeScore.of(other) > modeScore.of(bestM) {
				line += "; chosen with type " + bestT + ", which is never " + other
			}
			ds.decideLine(fMode, vM, line)
		}
	}
	if !ds[fType].done {
		if typeScore.of(bestT) == 0 {
			why := "no word names its kind"
			if bestM == string(Passive) {
				why = "passive, and no word names its kind"
			}
			ds.decide(fType, vT, why, "", false)
		} else {
			line := evidenceReason(heads.of("type="+bestT), votes[fType], vT)
			if bestT == host {
				if f := topFormat(&typeScore); f != "" && typeScore.of(f) >= typeScore.of(host) {
					line += "; who hosts it names the kind, over its format (" + f + ")"
				}
			}
			ds.decideLine(fType, vT, line)
		}
	}
}

// hostMin is the weight of host evidence (a chamber's name, an
// association's domain, its members) that makes the host's kind outrank
// the format's.
const hostMin = 1.0

// hostKind is the kind the host rules name (association or alumni), "" when
// their evidence is under hostMin.
func hostKind(s *scores) string {
	best, w := "", 0.0
	for i := 0; i < s.n; i++ {
		if s.vals[i] > w {
			best, w = s.keys[i], s.vals[i]
		}
	}
	if w < hostMin {
		return ""
	}
	return best
}

// isFormat reports whether a type names only an event's format (a
// gathering, a meal, drinks for two), which its host's kind outranks.
func isFormat(t string) bool { return t == "event" || t == "meal" || t == "one_on_one" }

// topFormat is the format type with the most votes, "" when none has any.
func topFormat(s *scores) string {
	best, w := "", 0.0
	for _, t := range [...]string{"event", "meal", "one_on_one"} {
		if v := s.of(t); v > w {
			best, w = t, v
		}
	}
	return best
}

// heads are the reason heads of mode and type values, made once: "mode=active: ".
var heads = func() headSet {
	h := headSet{}
	for _, m := range []string{string(Active), string(Passive)} {
		h["mode="+m] = "mode=" + m + ": "
	}
	for _, t := range config.Types {
		h["type="+t] = "type=" + t + ": "
	}
	return h
}()

type headSet map[string]string

// boxed are the modes and types as interface values, made once: a
// string variable put in an interface is copied to the heap each time.
var boxed = func() []any {
	var b []any
	for _, m := range []string{string(Active), string(Passive)} {
		b = append(b, m)
	}
	for _, t := range config.Types {
		b = append(b, t)
	}
	return b
}()

// box is s as an interface value, without an allocation for a mode or a
// type.
func box(s string) any {
	for _, v := range boxed {
		if v.(string) == s {
			return v
		}
	}
	return s
}

// of returns the head of key (a constant string for known values).
func (h headSet) of(key string) string {
	if s, ok := h[key]; ok {
		return s
	}
	return key + ": "
}

// scores sums weights by value, for the few values of mode and type,
// without a map.
type scores struct {
	keys [10]string
	vals [10]float64
	n    int
}

func (s *scores) add(k string, w float64) {
	for i := 0; i < s.n; i++ {
		if s.keys[i] == k {
			s.vals[i] += w
			return
		}
	}
	if s.n < len(s.keys) {
		s.keys[s.n], s.vals[s.n] = k, w
		s.n++
	}
}

func (s *scores) of(k string) float64 {
	for i := 0; i < s.n; i++ {
		if s.keys[i] == k {
			return s.vals[i]
		}
	}
	return 0
}

func otherMode(m string) string {
	if m == string(Active) {
		return string(Passive)
	}
	return string(Active)
}

// class builds the Class and its reasons from the decisions.
func (c *Classifier) class(d *doc, ds *decisions, cl Class, notes []string) Class {
	cl.Reasons = append(cl.Reasons, reason(fNetworking, ds[fNetworking]))
	if cl.Networking {
		cl.Mode = Mode(ds.str(fMode))
		cl.Type = ds.str(fType)
		cl.Reasons = append(cl.Reasons, reason(fMode, ds[fMode]))
		in := ds[fInPerson]
		if !cl.InPerson && cl.Type != "remote" && !ds[fType].user {
			// Held on a screen: the kind of meeting matters less than that.
			ds[fType] = decision{done: true, value: "remote", why: "held by video or phone, as in_person says"}
			switch {
			case in.line != "":
				top, _, _ := strings.Cut(strings.TrimPrefix(in.line, "in_person=false: "), "; ")
				ds[fType].line = "type=remote: " + top
			case in.origin != "":
				ds[fType].why, ds[fType].origin = in.why, in.origin
			}
			cl.Type = "remote"
		}
		cl.Reasons = append(cl.Reasons, reason(fType, ds[fType]))
	}
	cl.Reasons = append(cl.Reasons, reason(fInPerson, ds[fInPerson]))
	conf := ds[fConfidential]
	switch {
	case cl.Networking || cl.Possible:
		cl.ConfidentialRisk = ds.bool(fConfidential)
	case !conf.moot && conf.origin == "" && conf.why != "" && conf.line == "":
		// A fallback that holds whatever the event (confidential is off).
	default:
		conf = decision{done: true, value: false, why: "not networking"}
	}
	cl.Reasons = append(cl.Reasons, reason(fConfidential, conf))
	cl.Reasons = append(cl.Reasons, notes...)
	if why, ok := c.declined(d); ok {
		cl.Declined = true
		cl.Reasons = append(cl.Reasons, "declined: "+why)
	}
	return cl
}

// declined says whether the user will not be there: the event is cancelled
// or the user's own PARTSTAT is DECLINED.
func (c *Classifier) declined(d *doc) (string, bool) {
	if d.o.Cancelled() {
		return "the event is cancelled", true
	}
	if w := c.cancelledWord(d); w != "" {
		return "the summary says it is cancelled (\"" + w + "\")", true
	}
	if ps, email := c.myPartStat(d); ps == "DECLINED" {
		return "I declined (" + email + ")", true
	}
	return "", false
}

// reason writes one line: `mode=active: organizer jane@home.example is me`,
// with the rule in parentheses when a rule decided it. It is one string
// concatenation, so one allocation.
func reason(f field, dc decision) string {
	if dc.line != "" {
		return dc.line
	}
	eq, v := "", ""
	switch x := dc.value.(type) {
	case bool:
		if !x {
			eq, v = "=", "false"
		}
	case string:
		eq, v = "=", x
	}
	if dc.origin == "" {
		return fieldNames[f] + eq + v + ": " + dc.why
	}
	return fieldNames[f] + eq + v + ": " + dc.why + " (" + dc.origin + ")"
}
