package classify

import (
	"strings"

	"github.com/netsyncd/netsyncd/internal/event"

	"github.com/netsyncd/netsyncd/internal/textfold"
)

// doc is the scratch state of one Classify call: the occurrence's text in
// lower case and cut into words, filled lazily, and which text matchers have
// found a pattern. It is pooled, so a call allocates little.
type doc struct {
	c *Classifier
	o *event.Occurrence

	lower   [nTextKinds]string
	lowered [nTextKinds]bool
	words   [nTextKinds][]string
	scanned [nTextKinds]bool
	hits    []string // by textMatcher id: the reason of its first match

	others     []string // other people's valid emails, the user not counted
	othersWork []bool   // by others' index: from employer.domains (a colleague)
	colleagues int      // how many of others are colleagues
	othersDone bool
	orgMe      int8 // whether the organizer is me: 0 not yet known, 1 no, 2 yes
	orgAssoc   int8 // whether the organizer's domain is an association's: the same
	calLow     string
	calDone    bool

	votes [nFields][]vote // the evidence rules' votes, by field
	whys  []*whyParts     // the matched rules' reasons, reused from call to call
	nWhy  int

	signals  []signalMemo // by signal index (memoSignals)
	long     []string     // the summary's words of six letters or more that no rule knows
	longDone bool

	withDone   bool
	withWhy    string // the with_person signal's reason
	placeDone  bool
	placeWords []string // the location's words outside links and emails

	empPlaceDone bool
	empPlace     string // the employer name in the location (employerInPlace)

	sharedDone bool
	shared     bool   // the calendar is one of employer.shared_calendars
	sharedWhy  string // its reason, made once for every rule that asks
}

// sharedCalendar reports whether the occurrence's calendar is shared with
// the employer, worked out once per occurrence.
func (d *doc) sharedCalendar() bool {
	if !d.sharedDone {
		d.sharedDone = true
		d.shared = calendarIn(d.o.Calendar, d.o.CalendarPath, d.c.shared)
	}
	return d.shared
}

// sharedCalendarWhy says in words whether the calendar is shared, made
// once, when a rule that asks matches.
func (d *doc) sharedCalendarWhy() string {
	if d.sharedWhy == "" {
		if d.sharedCalendar() {
			d.sharedWhy = "calendar \"" + d.o.Calendar + "\" is shared with the employer"
		} else {
			d.sharedWhy = "calendar \"" + d.o.Calendar + "\" is not shared with the employer"
		}
	}
	return d.sharedWhy
}

// newWhy hands out a reason holder for one rule's match; dropWhy gives the
// last one back when the rule did not match.
func (d *doc) newWhy() *whyParts {
	if d.nWhy == len(d.whys) {
		d.whys = append(d.whys, &whyParts{})
	}
	w := d.whys[d.nWhy]
	d.nWhy++
	return w
}

func (d *doc) dropWhy() { d.nWhy-- }

// signalMemo is one structural signal's answer for the occurrence.
type signalMemo struct {
	done, ok bool
	why      string
}

// longWords are the summary's words of six bytes or more that no rule of
// the summary knows as they are: the candidates for a compound.
func (d *doc) longWords() []string {
	if !d.longDone {
		d.longDone = true
		for _, w := range d.wordsOf(kSummary) {
			if len(w) < 6 {
				continue
			}
			if _, known := d.c.index.byKind[kSummary][w]; !known {
				d.long = append(d.long, w)
			}
		}
	}
	return d.long
}

// wordsOf is field k's words, folded (see fold).
func (d *doc) wordsOf(k textKind) []string {
	if !d.scanned[k] {
		d.scan(k)
	}
	if len(d.words[k]) == 0 && d.raw(k) != "" && len(d.c.index.byKind[k]) == 0 {
		d.words[k] = tokens(d.lowerText(k), d.words[k][:0])
	}
	return d.words[k]
}

// placeWordsOf is the location's words outside links and email addresses.
func (d *doc) placeWordsOf() []string {
	if !d.placeDone {
		d.placeDone = true
		d.placeWords = appendPlaceWords(d.lowerText(kLocation), d.placeWords[:0])
	}
	return d.placeWords
}

func (d *doc) reset(c *Classifier, o *event.Occurrence) {
	d.c, d.o = c, o
	d.lowered = [nTextKinds]bool{}
	d.scanned = [nTextKinds]bool{}
	for k := range d.words {
		d.words[k] = d.words[k][:0]
	}
	if cap(d.hits) < c.index.n {
		d.hits = make([]string, c.index.n)
	}
	d.hits = d.hits[:c.index.n]
	clear(d.hits)
	if cap(d.signals) < c.nSignals {
		d.signals = make([]signalMemo, c.nSignals)
	}
	d.signals = d.signals[:c.nSignals]
	clear(d.signals)
	d.long, d.longDone = d.long[:0], false
	d.others, d.othersWork, d.colleagues = d.others[:0], d.othersWork[:0], 0
	d.othersDone, d.orgMe, d.orgAssoc = false, 0, 0
	d.calLow, d.calDone = "", false
	for f := range d.votes {
		d.votes[f] = d.votes[f][:0]
	}
	d.nWhy = 0
	d.withDone, d.withWhy, d.placeDone = false, "", false
	d.empPlaceDone, d.empPlace = false, ""
	d.sharedDone, d.shared, d.sharedWhy = false, false, ""
}

func (d *doc) raw(k textKind) string {
	switch k {
	case kSummary:
		return d.o.Summary
	case kDescription:
		return d.o.Description
	case kLocation:
		return d.o.Location
	default:
		return d.o.URL
	}
}

func (d *doc) lowerText(k textKind) string {
	if !d.lowered[k] {
		d.lower[k], d.lowered[k] = textfold.Fold(d.raw(k)), true
	}
	return d.lower[k]
}

// scan looks every word of field k up in the index once, recording the first
// pattern each matcher finds there.
func (d *doc) scan(k textKind) {
	if d.scanned[k] {
		return
	}
	d.scanned[k] = true
	idx := d.c.index.byKind[k]
	if len(idx) == 0 {
		return
	}
	d.words[k] = tokens(d.lowerText(k), d.words[k][:0])
	if cjk := d.c.index.cjk[k]; len(cjk) > 0 && hasCJK(d.lower[k]) {
		for _, ref := range cjk {
			if d.hits[ref.id] == "" && strings.Contains(d.lower[k], ref.lit) {
				d.hits[ref.id] = ref.why
			}
		}
	}
	ws := d.words[k]
	for i, w := range ws {
		for _, ref := range idx[w] {
			if d.hits[ref.id] == "" && hasPrefix(ws[i+1:], ref.rest) &&
				(ref.lit == "" || containsLiteral(d.lower[k], ref.lit)) {
				d.hits[ref.id] = ref.why
			}
		}
	}
}

// scanAll scans every text field that some pattern looks at.
func (d *doc) scanAll() {
	for k := range nTextKinds {
		d.scan(textKind(k))
	}
}

// passes reports whether every gate (a word-index text matcher) found its
// pattern; the fields must have been scanned.
func (d *doc) passes(gates []int) bool {
	for _, g := range gates {
		if d.hits[g] == "" {
			return false
		}
	}
	return true
}

func hasPrefix(ws, prefix []string) bool {
	if len(ws) < len(prefix) {
		return false
	}
	for i, p := range prefix {
		if ws[i] != p {
			return false
		}
	}
	return true
}

// find runs m over its fields and says which pattern matched where.
func (d *doc) find(m *textMatcher) (string, bool) {
	for _, k := range m.kinds {
		d.scan(k)
	}
	if why := d.hits[m.id]; why != "" {
		return why, true
	}
	for _, k := range m.kinds {
		if len(m.literals) > 0 {
			s := d.lowerText(k)
			for _, lit := range m.literals {
				if containsLiteral(s, lit) {
					return found(lit, k), true
				}
			}
		}
		for i, re := range m.res {
			if re.MatchString(d.raw(k)) {
				return m.resSrc[i] + " in " + textKindNames[k], true
			}
		}
	}
	return "", false
}

// organizerIsMe reports whether the organizer is one of me.emails, worked
// out once per occurrence: many signals ask.
func (d *doc) organizerIsMe() bool {
	if d.orgMe == 0 {
		d.orgMe = 1
		if d.c.isMe(d.o.Organizer) {
			d.orgMe = 2
		}
	}
	return d.orgMe == 2
}

// organizerAssoc reports whether the organizer's domain is an
// association's (assocDomain), worked out once per occurrence.
func (d *doc) organizerAssoc() bool {
	if d.orgAssoc == 0 {
		d.orgAssoc = 1
		if d.c.assocDomain(event.EmailDomain(d.o.Organizer)) {
			d.orgAssoc = 2
		}
	}
	return d.orgAssoc == 2
}

// calendarLower is the calendar's display name, trimmed and in lower case.
func (d *doc) calendarLower() string {
	if !d.calDone {
		d.calLow, d.calDone = strings.ToLower(strings.TrimSpace(d.o.Calendar)), true
	}
	return d.calLow
}

// colleaguesOf is how many of the other people are from employer.domains.
func (d *doc) colleaguesOf() int {
	d.otherPeople()
	return d.colleagues
}

// otherPeople lists the distinct valid emails of the organizer and attendees,
// without the user's own. Broken addresses ("", "mailto:", "a@@b") are not
// people and are left out, nor are rooms and resources.
func (d *doc) otherPeople() []string {
	if d.othersDone {
		return d.others
	}
	d.othersDone = true
	add := func(e string) {
		if !event.ValidEmail(e) || d.c.isMe(e) {
			return
		}
		for _, seen := range d.others {
			if seen == e {
				return
			}
		}
		d.others = append(d.others, e)
		_, work := event.FirstDomain(e, d.c.employerDomains)
		d.othersWork = append(d.othersWork, work)
		if work {
			d.colleagues++
		}
	}
	add(d.o.Organizer)
	for i := range d.o.Attendees {
		if a := &d.o.Attendees[i]; a.CUType != "ROOM" && a.CUType != "RESOURCE" {
			add(a.Email) // a room or a projector is no one met
		}
	}
	return d.others
}
