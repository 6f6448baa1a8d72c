package classify

import (
	"strconv"
	"strings"
	"time"
	"unsafe"

	"github.com/netsyncd/netsyncd/internal/config"
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
	hitIDs  []int    // the ids hits holds a reason for: reset clears only those

	others     []string // other people's valid emails, the user not counted
	othersWork []bool   // by others' index: from employer.domains (a colleague)
	colleagues int      // how many of others are colleagues
	othersDone bool
	orgMe      int8 // whether the organizer is me: 0 not yet known, 1 no, 2 yes
	orgAssoc   int8 // whether the organizer's domain is an association's: the same
	orgWork    int8 // whether the organizer is from employer.domains: the same
	orgDomain  string
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
	placeAll   bool     // they are all its words: placeWords is not used

	empPlaceDone bool
	empPlace     string // the employer name in the location (employerInPlace)
	blockedDone  bool
	blocked      string // the blocked place the location is (blockedPlaceOf)

	// The reasons of the time and calendar conditions, made once however
	// many rules hold them: "" when not made yet.
	startsW, dayW, lastsW, calW string

	// The start's clock time and weekday, and the organizer in lower
	// case, worked out once: time zone look-ups and lowering, for every
	// rule that asks.
	timeDone bool
	at       config.ClockTime
	wd       config.Weekday
	orgLowOK bool
	orgLow   string

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
			if !d.c.index.knows(kSummary, w) {
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
		loc := d.lowerText(kLocation)
		// A location with no link and no address in it (most) has as place
		// words all its words, which the scan has cut already: the fields
		// appendPlaceWords cuts it into end at characters that are no
		// word's.
		d.placeAll = strings.IndexByte(loc, '@') < 0 && !strings.Contains(loc, "://") && !strings.Contains(loc, "www.") &&
			(strings.IndexByte(loc, '.') < 0 || strings.IndexByte(loc, '/') < 0)
		if !d.placeAll {
			d.placeWords = appendPlaceWords(loc, d.placeWords[:0])
		}
	}
	if d.placeAll {
		return d.wordsOf(kLocation)
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
	if len(d.hits) != c.index.n {
		d.hits = make([]string, c.index.n) // a new doc
	} else {
		for _, id := range d.hitIDs {
			d.hits[id] = ""
		}
	}
	d.hitIDs = d.hitIDs[:0]
	if cap(d.signals) < c.nSignals {
		d.signals = make([]signalMemo, c.nSignals)
	}
	d.signals = d.signals[:c.nSignals]
	clear(d.signals)
	d.long, d.longDone = d.long[:0], false
	d.others, d.othersWork, d.colleagues = d.others[:0], d.othersWork[:0], 0
	d.othersDone, d.orgMe, d.orgAssoc, d.orgWork, d.orgDomain = false, 0, 0, 0, ""
	d.calLow, d.calDone = "", false
	for f := range d.votes {
		d.votes[f] = d.votes[f][:0]
	}
	d.nWhy = 0
	d.withDone, d.withWhy, d.placeDone, d.placeAll = false, "", false, false
	d.empPlaceDone, d.empPlace = false, ""
	d.blockedDone, d.blocked = false, ""
	d.sharedDone, d.shared, d.sharedWhy = false, false, ""
	d.startsW, d.dayW, d.lastsW, d.calW = "", "", "", ""
	d.timeDone, d.orgLowOK, d.orgLow = false, false, ""
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
		d.lowerAll()
	}
	return d.lower[k]
}

// lowerAll folds every text field at once (each is read for the index
// scan): the ASCII ones that have capitals are lowered into one new
// buffer, so an occurrence costs one allocation for them, not one a field.
// ASCII text folds to its lower case (textfold.Fold); other text is folded
// by textfold.Fold.
func (d *doc) lowerAll() {
	n := 0
	for k := range nTextKinds {
		if s := d.raw(textKind(k)); isASCII(s) && hasUpperASCII(s) {
			n += len(s)
		}
	}
	var buf []byte
	if n > 0 {
		buf = make([]byte, 0, n)
	}
	for k := range nTextKinds {
		s := d.raw(textKind(k))
		switch {
		case !isASCII(s):
			d.lower[k] = textfold.Fold(s)
		case !hasUpperASCII(s):
			d.lower[k] = s
		default:
			start := len(buf)
			for i := 0; i < len(s); i++ {
				c := s[i]
				if 'A' <= c && c <= 'Z' {
					c += 'a' - 'A'
				}
				buf = append(buf, c)
			}
			// buf never grows (its capacity is every such field's length)
			// nor is written again where a string already points.
			d.lower[k] = unsafe.String(&buf[start], len(s))
		}
		d.lowered[k] = true
	}
}

func hasUpperASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			return true
		}
	}
	return false
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
				d.hitIDs = append(d.hitIDs, ref.id)
			}
		}
	}
	ws := d.words[k]
	ix := d.c.index
	for i, w := range ws {
		if !ix.mayHave(k, w) {
			continue
		}
		for _, ref := range idx[w] {
			if d.hits[ref.id] == "" && hasPrefix(ws[i+1:], ref.rest) &&
				(ref.lit == "" || containsLiteral(d.lower[k], ref.lit)) {
				d.hits[ref.id] = ref.why
				d.hitIDs = append(d.hitIDs, ref.id)
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
			raw := d.raw(k)
			if raw == "" && !m.resEmpty[i] {
				continue
			}
			if lit := m.resLit[i]; (lit != nil && lit.match(raw)) || (lit == nil && re.MatchString(raw)) {
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

// workDomain returns the first of employer.domains that e is in; the
// organizer's answer is worked out once per occurrence: many signals ask.
func (d *doc) workDomain(e string) (string, bool) {
	if e != d.o.Organizer {
		return event.FirstDomain(e, d.c.employerDomains)
	}
	if d.orgWork == 0 {
		d.orgWork = 1
		if dom, ok := event.FirstDomain(e, d.c.employerDomains); ok {
			d.orgWork, d.orgDomain = 2, dom
		}
	}
	return d.orgDomain, d.orgWork == 2
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
		_, work := d.workDomain(e)
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

// startsWhy is the reason "starts at 12:30", at being the start's clock
// time.
func (d *doc) startsWhy(at config.ClockTime) string {
	if d.startsW == "" {
		d.startsW = "starts at " + at.String()
	}
	return d.startsW
}

// dayWhy is the reason "on Saturday", wd being the start's weekday.
func (d *doc) dayWhy(wd config.Weekday) string {
	if d.dayW == "" {
		d.dayW = "on " + wd.String()
	}
	return d.dayW
}

// lastsWhy is the reason "lasts 1h30m", dur being the duration.
func (d *doc) lastsWhy(dur time.Duration) string {
	if d.lastsW == "" {
		d.lastsW = "lasts " + config.Duration(dur).String()
	}
	return d.lastsW
}

// calendarWhy is the reason `calendar "Family"`.
func (d *doc) calendarWhy() string {
	if d.calW == "" {
		d.calW = "calendar " + strconv.Quote(d.o.Calendar) // as fmt's %q
	}
	return d.calW
}

func (d *doc) startTime() {
	if !d.timeDone {
		d.timeDone = true
		h, m, _ := d.o.Start.Clock()
		d.at, d.wd = config.ClockTime(h*60+m), config.Weekday(d.o.Start.Weekday())
	}
}

// clock is the start's time of day.
func (d *doc) clock() config.ClockTime { d.startTime(); return d.at }

// weekday is the start's day of the week.
func (d *doc) weekday() config.Weekday { d.startTime(); return d.wd }

// organizerLower is the organizer's address in lower case.
func (d *doc) organizerLower() string {
	if !d.orgLowOK {
		d.orgLow, d.orgLowOK = strings.ToLower(d.o.Organizer), true
	}
	return d.orgLow
}
