package classify

import (
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/netsyncd/netsyncd/internal/event"

	"github.com/netsyncd/netsyncd/internal/textfold"
)

// The structural signals read from who is invited and from the shape of
// the text rather than from its vocabulary: how many outside organisations
// meet, a search firm's domain or name, a person named by a title, former
// colleagues, a sports fixture, a location that is only an online marker,
// a blocked place. Their lists (free-mail domains, search-firm domain
// words, titles) are data in defaults.yaml.

// structure is the compiled data the structural signals use.
type structure struct {
	freeMail      domainSet           // domains of people, not organisations
	household     domainSet           // my own household's domains (also in freeMail)
	platforms     domainSet           // event platforms: their address is not the host
	searchWords   []string            // parts of a search firm's or recruiter's domain
	searchBrands  map[string]struct{} // the names of the listed search firms' domains: "amrop" of amrop.com
	searchListed  domainSet           // the listed search firms' domains themselves
	titles        map[string]struct{} // folded, without the dot: prof, sir, dame
	titleHit      *textMatcher        // the titles' first words in the summary or notes: a cheap test
	blocked       []string            // limits.blocked_locations, folded
	blockedSource []string            // as the user wrote them
	blockedWords  [][]string          // their words, to find them written another way
	blockedShort  [][]string          // their words with "st" for "street", when they have such a word
	blockedTurned [][]string          // their words with the house number on the other side, when one ends them
	blockedBare   [][]string          // their short words without articles, when they have a word of addresses
	blockedIni    [][]string          // their initials and number ("htc 27"), for names of three words or more
	blockedKey    []string            // the first three bytes of their longest word
	nameSuffixes  []string            // 様, さん: a name with one is a person's
	roleMailboxes map[string]struct{} // events, info, secretariat: an office's address
	roles         map[string]struct{} // ceo, partner, vorstand: a person's role, folded
	roleHit       *textMatcher        // the roles' first words in the summary or notes
	cancelled     []string            // "cancelled", "abgesagt": a summary's first word, folded
	cancelFirst   [256]bool           // the first bytes of cancelled
	assocNames    [][]string          // the words of a body's name, folded: chamber, "camara de comercio"
	guests        map[string]struct{} // guests, gäste, cto: whom a host counts, folded
	guestHit      *textMatcher        // the guest words in the summary or notes
	numbers       map[string]int      // twelve, vierzehn: numbers written out, folded
	secrecy       [][]string          // vertraulich, "do not forward": their folded words
	secrecyHit    *textMatcher        // their first words in the summary or notes: a cheap test
}

// minGuests is the smallest count of guests in the notes that makes a
// gathering ("a dinner for twelve CMOs"), not a table for a few.
const minGuests = 8

func (c *Classifier) compileStructure(f defaultsFile, blocked []string) error {
	s := &c.structure
	s.freeMail = newDomainSet(normDomains(f.FreeMailDomains))
	s.platforms = newDomainSet(normDomains(f.PlatformDomains))
	s.searchWords = lowerAll(f.SearchDomainWords)
	s.searchBrands = searchBrands(f.SearchFirmDomains)
	s.searchListed = newDomainSet(normDomains(f.SearchFirmDomains))
	s.titles = map[string]struct{}{}
	var firsts []string
	for _, t := range f.Titles {
		t = textfold.Fold(strings.TrimSuffix(strings.TrimSpace(t), "."))
		s.titles[t] = struct{}{}
		if ws := tokens(t, nil); len(ws) > 0 {
			firsts = append(firsts, ws[0])
		}
	}
	var err error
	if s.titleHit, err = c.wordGate("titles", firsts); err != nil {
		return err
	}
	s.nameSuffixes = f.NameSuffixes
	s.roleMailboxes, s.roles = map[string]struct{}{}, map[string]struct{}{}
	for _, m := range f.RoleMailboxes {
		s.roleMailboxes[strings.ToLower(strings.TrimSpace(m))] = struct{}{}
	}
	firsts = firsts[:0]
	for _, r := range f.Roles {
		r = textfold.Fold(strings.TrimSpace(r))
		s.roles[r] = struct{}{}
		if ws := tokens(r, nil); len(ws) > 0 {
			firsts = append(firsts, ws[0])
		}
	}
	if s.roleHit, err = c.wordGate("roles", firsts); err != nil {
		return err
	}
	for _, w := range f.CancelledWords {
		if w = textfold.Fold(strings.TrimSpace(w)); w != "" {
			s.cancelled = append(s.cancelled, w)
			s.cancelFirst[w[0]] = true
		}
	}
	for _, w := range f.SecrecyWords {
		if ws := tokens(textfold.Fold(strings.TrimSpace(w)), nil); len(ws) > 0 {
			s.secrecy = append(s.secrecy, ws)
		}
	}
	firsts = firsts[:0]
	for _, ws := range s.secrecy {
		firsts = append(firsts, ws[0])
	}
	if s.secrecyHit, err = c.wordGate("secrecy_words", firsts); err != nil {
		return err
	}
	s.guests, s.numbers = map[string]struct{}{}, map[string]int{}
	for _, g := range f.GuestWords {
		s.guests[textfold.Fold(strings.TrimSpace(g))] = struct{}{}
	}
	for w, n := range f.NumberWords {
		s.numbers[textfold.Fold(strings.TrimSpace(w))] = n
	}
	if s.guestHit, err = c.wordGate("guests", slices.Collect(maps.Keys(s.guests))); err != nil {
		return err
	}
	for _, n := range f.AssociationNameWords {
		if ws := tokens(textfold.Fold(n), nil); len(ws) > 0 {
			s.assocNames = append(s.assocNames, ws)
		}
	}
	for _, b := range blocked {
		if f := strings.Join(strings.Fields(textfold.Fold(b)), " "); f != "" {
			s.blocked, s.blockedSource = append(s.blocked, f), append(s.blockedSource, b)
			ws := textfold.Words(f, nil)
			var short []string
			if textfold.HasAddressWord(ws) {
				short = textfold.ShortWords(ws, nil)
			}
			s.blockedWords, s.blockedShort = append(s.blockedWords, ws), append(s.blockedShort, short)
			s.blockedTurned = append(s.blockedTurned, textfold.Turned(ws))
			var bare []string
			if short != nil {
				bare = textfold.Bare(append([]string(nil), short...))
			}
			s.blockedBare = append(s.blockedBare, bare)
			s.blockedIni = append(s.blockedIni, textfold.Initials(ws))
			s.blockedKey = append(s.blockedKey, keyWord(ws))
		}
	}
	return nil
}

// wordGate registers words in the text index, for the summary and the
// notes: whether one of them is there is then known from the one scan every
// event gets, before a signal reads the text itself.
func (c *Classifier) wordGate(key string, words []string) (*textMatcher, error) {
	var ws []string
	for _, w := range words {
		if w != "" && isWordPattern(w) && !hasCJK(w) && !slices.Contains(ws, w) {
			ws = append(ws, w)
		}
	}
	return c.index.compile(key, ws, kSummary, kDescription)
}

// structureSignals adds the structural signals to m.
func (c *Classifier) structureSignals(m map[string]cond) {
	// Three or more people, from two or more organisations outside the
	// employer (not free-mail addresses, not event platforms): people who
	// do not work together meet, which is what networking is. Not when the
	// employer sends it: those are its guests.
	m["outside_organisations"] = func(d *doc) (string, bool) {
		if _, work := d.workDomain(d.o.Organizer); work || len(d.otherPeople()) < 3 {
			return "", false
		}
		var orgs [3]string
		n := c.outsideOrgs(d, orgs[:])
		if n < 2 {
			return "", false
		}
		shown := orgs[:min(n, len(orgs))]
		more := ""
		if n > len(orgs) {
			more = ", ..."
		}
		return "people from " + strconv.Itoa(n) + " outside organisations (" + strings.Join(shown, ", ") + more + ")", true
	}
	// A location made only of links and online markers ("Teams",
	// "Zoom link", "Online"): no place.
	m["online_only_location"] = func(d *doc) (string, bool) {
		loc := strings.TrimSpace(d.o.Location)
		if loc == "" || d.o.Geo != nil || phoneOnly(loc) || c.placeWord(d) != "" {
			return "", false
		}
		return "the location is only a link or an online marker (\"" + clip(loc, 40) + "\")", true
	}
	// A person named by a professional or academic title ("Prof. Eduardo",
	// "Sir Martin Reeves", "Mag. Huber"): someone met for their standing,
	// not a relative or a friend.
	m["titled_person"] = func(d *doc) (string, bool) {
		if m := inSummaryOrNotes(d, c.structure.titleHit, c.titledPerson, 2000); m != "" {
			return "names someone by a title (\"" + m + "\")", true
		}
		return "", false
	}
	// A name with an honorific suffix ("田中様", "佐々木社長"): a person met
	// with deference, not a relative.
	m["suffixed_person"] = func(d *doc) (string, bool) {
		if !hasCJK(d.o.Summary) {
			return "", false
		}
		for w := range strings.FieldsFuncSeq(d.o.Summary, func(r rune) bool { return !isWordRune(r) }) {
			for _, suf := range c.structure.nameSuffixes {
				if strings.HasSuffix(w, suf) && len(w) > len(suf) {
					return "names someone with an honorific (\"" + w + "\")", true
				}
			}
		}
		return "", false
	}
	// The organiser or an attendee writes from a search firm's or a
	// recruiter's domain (ortizsearch.com, exec-recruit.de), whatever its
	// name: boutique firms are too many to list.
	m["search_domain"] = func(d *doc) (string, bool) {
		for _, e := range d.otherPeople() {
			if _, free := c.structure.freeMail.of(e); free {
				continue
			}
			if w := c.searchDomainWord(event.EmailDomain(e)); w != "" {
				return "someone writes from a search firm's domain (" + e + ")", true
			}
		}
		return "", false
	}
	// The organiser or an attendee writes from a listed search firm's
	// domain in another country (obenes@amrop.cz beside amrop.com): the
	// firm, as its listed domain is (search-firm-people).
	m["search_firm_abroad"] = func(d *doc) (string, bool) {
		for _, e := range d.otherPeople() {
			dom := strings.ToLower(event.EmailDomain(e))
			b := brandOf(dom)
			if b == "" {
				continue
			}
			if _, ok := c.structure.searchBrands[b]; !ok {
				continue
			}
			if _, listed := c.structure.searchListed.of(e); listed {
				continue // search-firm-people's
			}
			return "someone writes from a search firm's domain abroad (" + e + ", " + b + ")", true
		}
		return "", false
	}
	// A firm named "<Name> Search" in the summary or the description
	// ("Ortiz Search Partners", "Watermark Search International").
	m["search_firm_name"] = func(d *doc) (string, bool) {
		if n := inSummaryOrNotes(d, nil, firmNamedSearch, 2000); n != "" {
			return "names a search firm (\"" + n + "\")", true
		}
		return "", false
	}
	// Former colleagues of a company meet: "ex-Ambev", "Ex-McKinsey".
	m["former_colleagues"] = func(d *doc) (string, bool) {
		if !strings.Contains(d.lowerText(kSummary), "ex-") {
			return "", false
		}
		if w := formerOf(d.o.Summary); w != "" {
			return "former colleagues meet (\"" + w + "\")", true
		}
		return "", false
	}
	// A sports fixture: "Sixers v Thunder", "Real Madrid vs. Barça".
	m["fixture"] = func(d *doc) (string, bool) {
		if l := d.lowerText(kSummary); !strings.Contains(l, " v") {
			return "", false
		}
		if f := fixture(d.o.Summary); f != "" {
			return "a sports fixture (\"" + f + "\")", true
		}
		return "", false
	}
	// The location is one of limits.blocked_locations: a place where being
	// seen networking is the risk (the employer's buildings, most often).
	m["blocked_place"] = func(d *doc) (string, bool) {
		if b := c.blockedPlaceOf(d); b != "" {
			return "at blocked location \"" + b + "\"", true
		}
		return "", false
	}
	// The invitation comes from an office's address (events@, info@,
	// secretariat@, jimukyoku@), not a person's: an organisation's event.
	m["role_mailbox"] = func(d *doc) (string, bool) {
		org := d.o.Organizer
		if org == "" || d.organizerIsMe() || !c.roleMailbox(org) {
			return "", false
		}
		if _, work := d.workDomain(org); work {
			return "", false // the employer's own event
		}
		return "sent from an office's address (" + org + ")", true
	}
	// The notes or the summary give someone's role at a company ("Erik
	// Lagerlöf (COO, Spotify)", "Partner at Bain", "conselheiro da
	// Natura"): a professional contact.
	m["person_with_role"] = func(d *doc) (string, bool) {
		// The notes' head only: a signature at the foot of an invitation
		// ("Sales Director, Workday") says who sent it, not who is met.
		if r := inSummaryOrNotes(d, c.structure.roleHit, c.roleAt, 400); r != "" {
			return "names someone's role (\"" + r + "\")", true
		}
		return "", false
	}
	// A body by its proper name: a capitalised word, then "Club",
	// "Circle", "Institute", "Kring" or "Klub" ("Amsterdam Finance Club").
	// The organiser's name is a body's: "Cámara de Comercio de Bogotá",
	// "Société de Lecture", "Dublin Chamber".
	m["association_name"] = func(d *doc) (string, bool) {
		if d.o.OrganizerName == "" || d.organizerIsMe() || len(c.structure.assocNames) == 0 {
			return "", false
		}
		var buf [12]string
		ws := textfold.Words(textfold.Fold(d.o.OrganizerName), buf[:0])
		for _, n := range c.structure.assocNames {
			if textfold.WordsIn(ws, n) {
				return "sent by a body (" + d.o.OrganizerName + ")", true
			}
		}
		return "", false
	}
	m["named_body"] = func(d *doc) (string, bool) {
		body := false
		for _, w := range d.wordsOf(kSummary) {
			switch w {
			case "club", "circle", "institute", "kring", "klub", "clube", "circulo", "cercle", "circolo":
				body = true
			}
		}
		if !body {
			return "", false
		}
		if n := namedBody(d.o.Summary); n != "" {
			return "names a club or a body (\"" + n + "\")", true
		}
		return "", false
	}
	// The location is only "Home" (or "Zuhause", "Thuis", "Hemma"): not
	// "Home House", a club.
	m["home_location"] = func(d *doc) (string, bool) {
		switch loc := strings.TrimSpace(d.lowerText(kLocation)); loc {
		case "home", "at home", "zuhause", "zu hause", "thuis", "hemma", "casa", "maison", "tuis", "自宅", "المنزل":
			return "the location is home (\"" + d.o.Location + "\")", true
		}
		return "", false
	}
	// One occurrence of a series: a routine (a weekly 1:1, the gym, the
	// school run) more often than a meeting with someone new.
	m["recurring"] = func(d *doc) (string, bool) {
		if d.o.Recurring {
			return "one occurrence of a series", true
		}
		return "", false
	}
	// No one else is invited, and neither the summary nor the notes name
	// anyone.
	notesName, titled := m["notes_with_person"], m["titled_person"]
	m["alone"] = func(d *doc) (string, bool) {
		if len(d.otherPeople()) > 0 || c.withPersonIn(d) != "" {
			return "", false
		}
		if _, ok := notesName(d); ok {
			return "", false
		}
		if _, ok := titled(d); ok {
			return "", false
		}
		return "no one invited or named", true
	}
	// No one invited and no notes: only a summary and perhaps a place.
	m["no_notes"] = func(d *doc) (string, bool) {
		if len(d.otherPeople()) > 0 || strings.TrimSpace(d.o.Description) != "" {
			return "", false
		}
		return "no one invited, no notes", true
	}
	// Nothing but the summary: no one invited, no place, no notes.
	m["bare"] = func(d *doc) (string, bool) {
		if len(d.otherPeople()) > 0 || strings.TrimSpace(d.o.Location) != "" || d.o.Geo != nil ||
			strings.TrimSpace(d.o.Description) != "" {
			return "", false
		}
		return "no one invited, no place, no notes", true
	}
	// The summary is only a person's name ("Ahmet Yılmaz", "Frau Dr. Weber",
	// "Julia Meier – Sacher"): a meeting with that person, written as an
	// assistant writes it. Every word is capitalised and no rule knows it.
	m["name_only"] = quotedCond("the summary is only a name", c.nameOnly)
	// The summary ends with a person's first name after a dash ("Golf –
	// Angus", "Padel - Olivier D."): the person met.
	m["dash_person"] = quotedCond("names someone after a dash", func(d *doc) string { return dashPerson(d.o.Summary) })
	// The summary names someone by a courtesy title and a name ("Zoom Frau
	// Katrin Seidel", "Zoom: Dr. Helen Park re board seat", "Appel Mme
	// Garnier"): a meeting with that person, which I take.
	// A with-word's person ("Kamingespräch mit Prof. Dr. Weber") is
	// with-a-person's already.
	m["honorific_name"] = quotedCond("names someone by a courtesy title", func(d *doc) string {
		if c.withPersonIn(d) != "" {
			return ""
		}
		return honorificName(d.o.Summary)
	})
	// The notes count the guests ("laden wir 14 IT-Verantwortliche ein",
	// "hosting twelve retail CMOs", "cena riservata a 18 CTO"): someone
	// hosts a gathering, whatever its summary calls it.
	m["guest_count"] = quotedCond("the notes count the guests", c.guestCount)
	// The notes open with a person's name and a dash, then who they are
	// ("Henrik Vogt – Partner Rheingold Ventures", "Annelies Goossens – CFO
	// bij een biotech", "Quique Martí – director de banca"): an
	// assistant's note of whom the meeting is with, a contact.
	m["notes_open_with_person"] = quotedCond("the notes open with someone's name",
		func(d *doc) string { return c.notesOpenWithPerson(d.o.Description) })
	// One to three other people: a meeting, not a gathering.
	// The summary holds a parenthesis ("Coffee with Dani (Renault)"): a
	// cheap test before the ones that read it.
	// The summary names a body by its initials ("Petit-déjeuner ANDRH
	// Gironde", "Cena anual AECOC", "IV-Frühstück"): two to six capitals
	// that are not a role (CFO), a place's or a time's abbreviation, or
	// the employer's name.
	// No one is named beside it: "Breakfast w/ Chris Young (YPO)" is a
	// meal with Chris, whatever body he belongs to.
	m["body_acronym"] = quotedCond("names a body by its initials and no one by name", func(d *doc) string {
		if c.withPersonIn(d) != "" || dashPerson(d.o.Summary) != "" {
			return ""
		}
		return c.bodyAcronym(d)
	})
	// The summary or the opening of the notes asks for discretion
	// ("Suivi confidentiel", "Vertraulich. Bitte am Empfang melden.", "NO
	// reenviar"): a conversation kept from others, as a job search's are.
	// Only the notes' first secrecyNotes words count: a mail footer's
	// "This message is confidential" is at the end.
	m["secrecy"] = quotedCond("asks for discretion", func(d *doc) string { return c.secrecyWord(d) })
	m["summary_parenthesis"] = func(d *doc) (string, bool) {
		return "", strings.IndexByte(d.o.Summary, '(') >= 0
	}
	// The brackets after a person name the employer ("Lunch w/ Jen
	// (Halverson legal)", "Kaffee mit Tom (Acme IT)"): a colleague, not a
	// contact; "(ex-Halverson)" is a former one, which this leaves out.
	m["employer_in_brackets"] = func(d *doc) (string, bool) {
		sum := d.o.Summary
		if len(c.employerWords) == 0 || strings.IndexByte(sum, '(') < 0 {
			return "", false
		}
		for rest := sum; ; {
			i := strings.IndexByte(rest, '(')
			if i < 0 {
				return "", false
			}
			rest = rest[i+1:]
			inner := rest
			if j := strings.IndexByte(inner, ')'); j >= 0 {
				inner = inner[:j]
			}
			ws := tokens(strings.ToLower(inner), nil)
			if len(ws) > 0 && (ws[0] == "ex" || ws[0] == "former" || ws[0] == "formerly" || ws[0] == "ehemals" || ws[0] == "ancien" || ws[0] == "ancienne") {
				continue
			}
			if slices.ContainsFunc(ws, func(w string) bool { return boardSeatWords[w] }) {
				continue // "(Acme board member)": a director, not a colleague
			}
			if n := c.employerNameIn(ws); n != "" {
				return "the brackets after the name are the employer's (\"" + n + "\")", true
			}
		}
	}
	// At most three other people, none an office's list: a meeting, not a
	// gathering (no one invited: a meeting I typed in myself).
	m["few_others"] = func(d *doc) (string, bool) {
		others := d.otherPeople()
		if len(others) > 3 {
			return "", false
		}
		for _, e := range others {
			if c.roleMailbox(e) {
				return "", false
			}
		}
		return people(len(others)), true
	}
	m["small_group"] = func(d *doc) (string, bool) {
		if n := len(d.otherPeople()); n >= 1 && n <= 3 {
			return people(n), true
		}
		return "", false
	}
}

// quotedCond is a signal that holds when find finds something, its reason
// what it found in quotes after why: `names someone after a dash ("Angus")`.
func quotedCond(why string, find func(*doc) string) cond {
	return func(d *doc) (string, bool) {
		if n := find(d); n != "" {
			return why + " (\"" + n + "\")", true
		}
		return "", false
	}
}

// personName is a person's name at the start of a text: an optional
// title, two or three capitalised words, particles between.
const personName = `^(?:\p{Lu}\p{Ll}{0,4}\.\s+)?(\p{Lu}[\p{Ll}'’-]+(?:\s+(?:van|de|der|den|da|di|von|del|dos|du|le|la|ten|ter|zu))*(?:\s+\p{Lu}[\p{Ll}'’-]+){1,2})`

// personDash is a person's name and a dash at the start of a text.
var personDash = regexp.MustCompile(personName + `\s*[–—-]\s+\S`)

// personComma is a person's name (its first name perhaps as initials,
// "JL Perrin") and a comma at the start of a text, then the next word.
var personComma = regexp.MustCompile(`^((?:\p{Lu}{1,2}\.?\s+\p{Lu}[\p{Ll}'’-]+)|` + personName[1:] + `),\s+([\p{L}]+)`)

// notesOpenWithPerson returns the name a description opens with, before a
// dash ("Henrik Vogt – Partner ..."); "" when it does not.
//
// A comma instead of the dash counts when a role follows it ("Sebastián
// Undurraga, GG Frutícola del Maipo", "JL Perrin, DG Romandie
// Logistique"): a place is written with a comma too ("Zunfthaus, Zürich").
func (c *Classifier) notesOpenWithPerson(desc string) string {
	head := strings.TrimLeft(clip(desc, 160), " \t\r\n")
	if head == "" {
		return ""
	}
	if r, _ := utf8.DecodeRuneInString(head); !unicode.IsUpper(r) {
		return ""
	}
	if strings.Contains(head, "–") || strings.Contains(head, "—") || strings.Contains(head, " - ") {
		if m := personDash.FindStringSubmatch(head); m != nil {
			return m[1]
		}
	}
	if strings.Contains(head, ", ") {
		if m := personComma.FindStringSubmatch(head); m != nil {
			if _, ok := c.structure.roles[textfold.Fold(m[len(m)-1])]; ok {
				return m[1]
			}
		}
	}
	return ""
}

// guestCount finds a number of at least minGuests before a guest word of
// the notes, at most three words before it ("14 it verantwortliche",
// "twelve retail cmos"); "" when none.
func (c *Classifier) guestCount(d *doc) string {
	if _, ok := d.find(c.structure.guestHit); !ok {
		return ""
	}
	ws := d.wordsOf(kDescription)
	for i, w := range ws {
		if _, ok := c.structure.guests[w]; !ok {
			continue
		}
		for j := i - 1; j >= 0 && j >= i-3; j-- {
			n, ok := c.structure.numbers[ws[j]]
			if !ok {
				n, _ = strconv.Atoi(ws[j])
			}
			if n >= minGuests && n < 10000 {
				return strings.Join(ws[j:i+1], " ")
			}
		}
	}
	return ""
}

// nameOnly returns the summary when it is only a person's name: two or
// three capitalised words of letters (honorifics besides, and no other
// punctuation than a name's), none of which a rule of the summary knows;
// "" otherwise.
func (c *Classifier) nameOnly(d *doc) string {
	sum := d.o.Summary
	if n := len(d.wordsOf(kSummary)); n < 2 || n > 6 {
		return ""
	}
	if r, _ := utf8.DecodeRuneInString(sum); !unicode.IsUpper(r) {
		return ""
	}
	if len(sum) > 60 || hasCJK(sum) || strings.Contains(sum, " -") || !nameRunes(sum) {
		return ""
	}
	folded := d.wordsOf(kSummary)
	var buf [8]string
	raw := buf[:0]
	for w := range strings.FieldsFuncSeq(sum, func(r rune) bool { return !isWordRune(r) }) {
		if len(raw) == len(buf) {
			return ""
		}
		raw = append(raw, w)
	}
	if len(raw) != len(folded) {
		return "" // folding changed the words (a dotted İ): not worth the doubt
	}
	names := 0
	for i, w := range raw {
		if _, hon := c.withPerson.honorific[folded[i]]; hon {
			continue
		}
		first, size := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(first) || len(w) < 2 {
			return ""
		}
		for _, r := range w[size:] {
			if !unicode.IsLower(r) {
				return ""
			}
		}
		if c.index.knows(kSummary, folded[i]) {
			return ""
		}
		names++
	}
	if names < 2 || names > 3 {
		return ""
	}
	return strings.TrimSpace(sum)
}

// nameRunes reports whether s holds only letters, digits and the
// punctuation of a name (" ,.-'’"); ASCII is looked up in a table.
func nameRunes(s string) bool {
	for _, r := range s {
		if r < utf8.RuneSelf {
			if !asciiNameByte[r] {
				return false
			}
		} else if !isWordRune(r) && r != '’' {
			return false
		}
	}
	return true
}

var asciiNameByte = func() (t [utf8.RuneSelf]bool) {
	for r := range rune(utf8.RuneSelf) {
		t[r] = isWordRune(r) || strings.ContainsRune(" ,.-'", r)
	}
	return t
}()

// dashPerson returns the name a summary ends with after a dash: one or two
// words, the first a capitalised word of letters, the second a capitalised
// word or an initial ("Angus", "Olivier D.", "Ana Ruiz"); "" otherwise.
func dashPerson(s string) string {
	i := lastDash(s)
	if i <= 0 || s[i-1] != ' ' {
		return ""
	}
	_, size := utf8.DecodeRuneInString(s[i:])
	var buf [8]string
	ws := fields(s[i+size:], buf[:0])
	if len(ws) == 0 || len(ws) > 2 {
		return ""
	}
	if bodyFirstWords[strings.ToLower(ws[0])] {
		return "" // "Dîner-débat – Institut Montaigne": a body, not a person
	}
	if len(ws) == 1 && utf8.RuneCountInString(ws[0]) > 13 {
		return "" // "Frühstück IHK – Wirtschaftsgespräch": a German noun, no first name
	}
	for j, w := range ws {
		first, n := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(first) {
			return ""
		}
		rest := w[n:]
		if j == 1 && (rest == "." || rest == "") {
			continue // an initial
		}
		if len(rest) < 2 || strings.ContainsFunc(rest, func(r rune) bool { return !unicode.IsLower(r) }) {
			return ""
		}
	}
	return strings.Join(ws, " ")
}

// courtesyTitles stand before a person's name, capitalised.
var courtesyTitles = map[string]bool{"Frau": true, "Herr": true, "Dr": true, "Dr.": true, "Mr": true, "Mr.": true,
	"Mrs": true, "Mrs.": true, "Ms": true, "Ms.": true, "Mme": true, "Mme.": true, "Sr.": true, "Sra.": true,
	"Dott.": true, "Dott.ssa": true, "Avv.": true, "Dra.": true, "Prof.": true, "Dhr.": true, "Mevr.": true,
	"Mevr": true, "Dhr": true, "Fr.": true, "Hr.": true, "Mag.": true, "Ing.": true}

// honorificName returns a courtesy title and the capitalised name after it
// in s ("Frau Katrin Seidel", "Dr. Helen Park"), "" when there is none.
func honorificName(s string) string {
	ws := strings.Fields(s)
	for i := 0; i+1 < len(ws); i++ {
		if !courtesyTitles[strings.TrimLeft(ws[i], "(:–—-")] {
			continue
		}
		name := strings.TrimRight(ws[i+1], ",;:)")
		if courtesyTitles[name] {
			continue // "Prof. Dr. Weber": the name is after the last title
		}
		first, n := utf8.DecodeRuneInString(name)
		if !unicode.IsUpper(first) || utf8.RuneCountInString(name) < 2 || strings.ContainsFunc(name[n:], unicode.IsUpper) {
			continue
		}
		return ws[i] + " " + name
	}
	return ""
}

// bodyFirstWords begin a body's name, never a person's.
var bodyFirstWords = map[string]bool{"institut": true, "institute": true, "instituto": true, "istituto": true,
	"club": true, "clube": true, "cercle": true, "círculo": true, "circolo": true, "circle": true, "kring": true,
	"rotary": true, "lions": true, "fundación": true, "fundação": true, "fondation": true, "fondazione": true,
	"stiftung": true, "stichting": true, "foundation": true, "association": true, "asociación": true,
	"associação": true, "associazione": true, "verein": true, "vereniging": true, "société": true, "sociedad": true,
	"chambre": true, "cámara": true, "câmara": true, "camera": true, "kamer": true, "chamber": true, "forum": true,
	"fórum": true, "foro": true, "groupe": true, "grupo": true, "gruppo": true, "netzwerk": true, "réseau": true,
	"red": true, "rete": true, "netwerk": true, "network": true, "team": true, "equipe": true, "équipe": true}

// lastDash is strings.LastIndexAny(s, "–—-"), which decodes s rune by
// rune from its end: valid UTF-8 is searched byte by byte instead (a dash's
// bytes are never inside another rune).
func lastDash(s string) int {
	if !utf8.ValidString(s) {
		return strings.LastIndexAny(s, "–—-")
	}
	for i := len(s) - 1; i >= 0; i-- {
		switch s[i] {
		case '-':
			return i
		case 0x93, 0x94: // the last bytes of "–" (e2 80 93) and "—" (e2 80 94)
			if i >= 2 && s[i-2] == 0xe2 && s[i-1] == 0x80 {
				return i - 2
			}
		}
	}
	return -1
}

// fewMet reports whether one to three other people are invited or someone
// is named in the summary: a meeting, not a gathering or a note to self.
func (c *Classifier) fewMet(d *doc) bool {
	n := len(d.otherPeople())
	return (n >= 1 && n <= 3) || (n == 0 && c.withPersonIn(d) != "")
}

// blockedPlaceOf is the limits.blocked_locations entry the location
// matches (as the user wrote it), "" when none.
func (c *Classifier) blockedPlaceOf(d *doc) string {
	if len(c.structure.blocked) == 0 || d.o.Location == "" {
		return ""
	}
	if !d.blockedDone {
		d.blockedDone, d.blocked = true, c.findBlockedPlace(d)
	}
	return d.blocked
}

// findBlockedPlace works blockedPlaceOf out.
func (c *Classifier) findBlockedPlace(d *doc) string {
	loc := d.lowerText(kLocation)
	if strings.Contains(loc, "  ") || strings.ContainsAny(loc, "\n\t\r") {
		loc = strings.Join(strings.Fields(loc), " ")
	}
	for i, b := range c.structure.blocked {
		if containsLiteral(loc, b) {
			return c.structure.blockedSource[i]
		}
	}
	// Written another way: a comma, a hyphen, words glued or cut, "St"
	// for "Street".
	ws := d.wordsOf(kLocation)
	var buf [24]string
	var short []string
	var shorts shortForms
	for i, b := range c.structure.blockedWords {
		if ini := c.structure.blockedIni[i]; ini != nil && textfold.WordsIn(ws, ini) {
			return c.structure.blockedSource[i] // by its initials: "HTC 27"
		}
		if !shorts.hasWordLike(ws, c.structure.blockedKey[i], c.structure.blockedShort[i] != nil) {
			continue // its most telling word is not there, glued or cut
		}
		turned := c.structure.blockedTurned[i]
		if textfold.WordsIn(ws, b) || (turned != nil && textfold.WordsIn(ws, turned)) {
			return c.structure.blockedSource[i]
		}
		if c.structure.blockedShort[i] != nil {
			if short == nil {
				short = textfold.ShortWords(ws, buf[:0])
			}
			if textfold.WordsIn(short, c.structure.blockedShort[i]) {
				return c.structure.blockedSource[i]
			}
			if turned != nil && textfold.WordsIn(short, textfold.ShortWords(turned, nil)) {
				return c.structure.blockedSource[i]
			}
		}
		if textfold.WordsNear(ws, b) {
			return c.structure.blockedSource[i] // a letter off: "Savannah" for "Savanna"
		}
		if bare := c.structure.blockedBare[i]; bare != nil {
			if short == nil {
				short = textfold.ShortWords(ws, buf[:0])
			}
			if textfold.WordsNear(textfold.Bare(append([]string(nil), short...)), bare) {
				return c.structure.blockedSource[i] // in the city's other language: "Corts Valencianes"
			}
		}
	}
	if hasCJK(loc) {
		for i, b := range c.structure.blocked {
			if hasCJK(b) && strings.Contains(loc, b) {
				return c.structure.blockedSource[i]
			}
		}
	}
	return ""
}

// keyWord is the first three bytes of the longest of ws that has a
// letter, in its short form: a blocked place can only be in a location
// holding a word that holds them, whether its words are written glued or
// cut ("mythenquai", "Mythen-Quai"), long or short ("Avenida", "Av.").
func keyWord(ws []string) string {
	k := ""
	for _, w := range ws {
		if w = textfold.Short(w); len(w) > len(k) && hasLetter(w) {
			k = w
		}
	}
	return clip(k, 3)
}

// shortForms keeps the short forms (textfold.Short) of a location's
// words, each made when first asked for, so that every blocked place does
// not look them up again.
type shortForms struct {
	of   [24]string
	made [24]bool
}

// short is textfold.Short(ws[i]).
func (s *shortForms) short(ws []string, i int) string {
	if i >= len(s.of) {
		return textfold.Short(ws[i])
	}
	if !s.made[i] {
		s.of[i], s.made[i] = textfold.Short(ws[i]), true
	}
	return s.of[i]
}

// hasWordLike reports whether one of ws holds key, or, when short, starts
// with it in its short form ("" is always there).
func (s *shortForms) hasWordLike(ws []string, key string, short bool) bool {
	if key == "" {
		return true
	}
	for i, w := range ws {
		if strings.Contains(w, key) || (short && strings.HasPrefix(s.short(ws, i), key)) {
			return true
		}
	}
	return false
}

// inSummaryOrNotes runs find on the summary, then on the notes' first n
// bytes, and returns its first find; with a gate, only when the index found
// one of the gate's words there.
func inSummaryOrNotes(d *doc, gate *textMatcher, find func(string) string, n int) string {
	if gate != nil {
		if _, ok := d.find(gate); !ok {
			return ""
		}
	}
	for _, s := range [...]string{d.o.Summary, clip(d.o.Description, n)} {
		if m := find(s); m != "" {
			return m
		}
	}
	return ""
}

// outsideOrgs counts the organisations of the other people that are not the
// employer, a free-mail provider or an event platform, and writes the first
// len(shown) of them into shown. It does not allocate.
func (c *Classifier) outsideOrgs(d *doc, shown []string) int {
	var buf [16]string
	orgs := buf[:0]
	d.otherPeople()
	for i, e := range d.others {
		if d.othersWork[i] {
			continue
		}
		if _, ok := c.structure.freeMail.of(e); ok {
			continue
		}
		if _, ok := c.structure.platforms.of(e); ok {
			continue
		}
		if org := orgOf(event.EmailDomain(e)); !slices.Contains(orgs, org) {
			orgs = append(orgs, org)
		}
	}
	copy(shown, orgs)
	return len(orgs)
}

// orgOf is the organisation part of a domain: its last two labels, or three
// under a country's second level ("kpmg.com.au", "bain.co.uk"), lower case.
func orgOf(dom string) string {
	last := strings.LastIndexByte(dom, '.')
	if last <= 0 {
		return dom
	}
	prev := strings.LastIndexByte(dom[:last], '.')
	if prev < 0 {
		return dom
	}
	if sld := dom[prev+1 : last]; len(dom)-last-1 == 2 && len(sld) <= 3 {
		if p := strings.LastIndexByte(dom[:prev], '.'); p >= 0 {
			return dom[p+1:]
		}
		return dom
	}
	return dom[prev+1:]
}

// brandOf is the name of dom's organisation: its organisation part (orgOf)
// before the first dot ("amrop" of obenes@amrop.cz, "savannahgroup" of
// savannahgroup.co.uk).
func brandOf(dom string) string {
	org := strings.ToLower(orgOf(dom))
	if i := strings.IndexByte(org, '.'); i > 0 {
		return org[:i]
	}
	return ""
}

// searchBrands are the names of the search firms' domains that are
// distinctive enough to match under another country's domain: five
// letters or more, one word ("hays", "exec" and "hill-international" are
// left out: other firms carry them).
func searchBrands(domains []string) map[string]struct{} {
	b := map[string]struct{}{}
	for _, d := range domains {
		if n := brandOf(strings.TrimSpace(d)); len(n) >= 5 && !strings.ContainsAny(n, "-_") {
			b[n] = struct{}{}
		}
	}
	return b
}

// searchDomainWord returns the search-domain word a part of dom starts or
// ends with ("search" in ortizsearch.com, not in gartnerresearch.com), "".
func (c *Classifier) searchDomainWord(dom string) string {
	if dom == "" {
		return ""
	}
	dom = strings.ToLower(dom)
	if i := strings.LastIndexByte(dom, '.'); i > 0 {
		dom = dom[:i] // not the top-level domain
	}
	for part, rest := cutPart(dom, &domainSeps); part != ""; part, rest = cutPart(rest, &domainSeps) {
		for _, w := range c.structure.searchWords {
			if strings.HasPrefix(part, w) || (strings.HasSuffix(part, w) && !strings.HasSuffix(part, "re"+w)) {
				return w
			}
		}
	}
	return ""
}

// titledPerson finds a title followed by a capitalised name in s ("Prof.
// Eduardo", "Prof.ssa Elena Greco", "l'Ing. Conti"), "" when none.
func (c *Classifier) titledPerson(s string) string {
	var buf [32]string
	ws := fields(s, buf[:0])
	for i := 0; i+1 < len(ws); i++ {
		raw := elide(strings.Trim(ws[i], "(,;:–—-"))
		w := strings.TrimSuffix(raw, ".")
		if !inFolded(c.structure.titles, w) {
			continue
		}
		if w == raw && w == strings.ToUpper(w) {
			continue // an acronym ("IR Meeting", "ENG sync"), not a title
		}
		if r, _ := utf8.DecodeRuneInString(ws[i+1]); unicode.IsUpper(r) {
			return strings.TrimRight(ws[i]+" "+ws[i+1], ",;:)")
		}
	}
	return ""
}

// roleMailbox reports whether email is an office's address: a part of its
// local part is one of the role mailboxes (events@, info.nyc@).
func (c *Classifier) roleMailbox(email string) bool {
	local, _, _ := strings.Cut(strings.ToLower(email), "@")
	for part, rest := cutPart(local, &mailboxSeps); part != ""; part, rest = cutPart(rest, &mailboxSeps) {
		if _, ok := c.structure.roleMailboxes[part]; ok {
			return true
		}
	}
	return false
}

// roleConnectors join a role to its company: "Partner at Bain", "CEO of
// X", "Vorstand bei Y", "associé chez Z", "socio de W".
var roleConnectors = map[string]bool{"at": true, "of": true, "@": true, "bei": true, "von": true, "der": true,
	"chez": true, "de": true, "du": true, "des": true, "en": true, "di": true, "del": true, "della": true,
	"bij": true, "van": true, "da": true, "do": true, "na": true, "no": true, "på": true, "hos": true, "för": true,
	"by": true, "met": true}

// roleAt finds a role followed by its company in s: a role word, then a
// connector or a comma, then a capitalised word ("COO, Spotify", "Partner
// at Bain"); "" when none.
func (c *Classifier) roleAt(s string) string {
	if len(c.structure.roles) == 0 || s == "" {
		return ""
	}
	var buf [32]string
	ws := fields(s, buf[:0])
	for i := 0; i+1 < len(ws); i++ {
		w := strings.TrimLeft(ws[i], "(–—-")
		comma := strings.HasSuffix(w, ",")
		w = strings.TrimRight(w, ",;:)")
		if !inFolded(c.structure.roles, w) {
			continue
		}
		j := i + 1
		// "(CEO Ayesa Aero)": in parentheses the company may follow the
		// role directly.
		paren := strings.HasPrefix(ws[i], "(")
		if !comma && !(paren && !roleConnectors[strings.ToLower(ws[j])]) {
			if !roleConnectors[strings.ToLower(ws[j])] || j+1 >= len(ws) {
				continue
			}
			j++
		}
		if r, _ := utf8.DecodeRuneInString(ws[j]); unicode.IsUpper(r) {
			return strings.TrimLeft(strings.TrimRight(strings.Join(ws[i:j+1], " "), ",;:).）"), "(（–—-")
		}
	}
	return ""
}

// cancelledWord returns the word a summary starts with that says it is
// cancelled ("CANCELLED: lunch", "Abgesagt – Frühstück", "KANSELLEER -
// ontbyt"), "" when none.
func (c *Classifier) cancelledWord(d *doc) string {
	f := strings.TrimLeft(d.lowerText(kSummary), " [(*")
	if f == "" || !c.structure.cancelFirst[f[0]] {
		return ""
	}
	for _, w := range c.structure.cancelled {
		if rest, ok := strings.CutPrefix(f, w); ok {
			if r, _ := utf8.DecodeRuneInString(rest); rest == "" || !isWordRune(r) {
				return w
			}
		}
	}
	return ""
}

// firmNamedSearch finds "<Name> Search" in s, or "<Name> Executive" at
// the end of a clause ("Sara Villagrasa, Talentia Executive."), the name
// capitalised, "" when none. A title before Executive ("Chief Executive",
// "Senior Executive") is a person's rank, not a firm.
func firmNamedSearch(s string) string {
	if n := firmNamed(s, " Search", false); n != "" {
		return n
	}
	return firmNamed(s, " Executive", true)
}

func firmNamed(s, noun string, clauseEnd bool) string {
	for from := 0; ; {
		i := strings.Index(s[from:], noun)
		if i < 0 {
			return ""
		}
		i += from
		from = i + len(noun)
		after, _ := utf8.DecodeRuneInString(s[from:])
		if from < len(s) && isWordRune(after) {
			continue // "Searching", "Executives"
		}
		if clauseEnd && from < len(s) && !strings.ContainsRune(",.;:)", after) &&
			!strings.HasPrefix(s[from:], " -") && !strings.HasPrefix(s[from:], " –") && !strings.HasPrefix(s[from:], " (") {
			continue // "Talentia Executive Club", "Executive Committee"
		}
		start := strings.LastIndexAny(s[:i], " \t\n,;:(–—-") + 1
		name := s[start:i]
		if notSearchFirms[strings.ToLower(name)] {
			continue // "House Search", "Easter Egg Search"
		}
		if r, _ := utf8.DecodeRuneInString(name); name != "" && unicode.IsUpper(r) && !(clauseEnd && executiveRanks[strings.ToLower(name)]) {
			return name + noun
		}
	}
}

// notSearchFirms are the words before "Search" that search for a thing,
// not for an executive: "House Search – viewing", "Easter Egg Search".
var notSearchFirms = map[string]bool{"house": true, "home": true, "flat": true, "apartment": true, "property": true,
	"egg": true, "treasure": true, "school": true, "nanny": true, "au-pair": true, "daycare": true, "nursery": true,
	"dog": true, "puppy": true, "cat": true, "car": true, "venue": true, "office": true, "hotel": true, "site": true,
	"google": true, "patent": true, "literature": true, "title": true, "land": true, "plot": true, "parking": true}

// notBodies are capitals that name no body: places, times, languages and
// the everyday abbreviations of a calendar.
var notBodyAcronyms = map[string]bool{"AM": true, "PM": true, "UTC": true, "CET": true, "CEST": true, "GMT": true,
	"EST": true, "PST": true, "TBC": true, "TBD": true, "TBA": true, "FYI": true, "OOO": true, "RE": true, "FW": true,
	"FWD": true, "AW": true, "WG": true, "HQ": true, "NYC": true, "NY": true, "SF": true, "LA": true, "DC": true,
	"UK": true, "US": true, "USA": true, "EU": true, "NL": true, "DE": true, "FR": true, "IT": true, "ES": true,
	"PT": true, "BE": true, "CH": true, "AT": true, "BR": true, "SP": true, "RJ": true, "BH": true, "MG": true,
	"BCN": true, "MAD": true, "SA": true, "NZ": true, "AU": true, "JP": true, "KL": true, "HK": true, "SG": true,
	"QBR": true, "OKR": true, "OKRS": true, "AI": true, "HR": true, "RH": true, "IR": true, "PR": true, "VIP": true,
	"TV": true, "ESG": true, "KPI": true, "KPIS": true, "Q1": true, "Q2": true, "Q3": true, "Q4": true, "II": true,
	"III": true, "IV": false, "OK": true, "NB": true, "ASAP": true, "ETA": true, "PS": true, "CV": true, "IPO": true,
	"M&A": true, "P&L": true, "FP&A": true, "IT/OT": true, "B2B": true, "B2C": true, "SME": true, "SMES": true,
	"CEO": true, "CFO": true, "COO": true, "CTO": true, "CIO": true, "CMO": true, "CRO": true, "CPO": true,
	"CHRO": true, "CDO": true, "CSO": true, "CCO": true, "GC": true, "VP": true, "SVP": true, "EVP": true,
	"MD": true, "GM": false, "DG": true, "DGA": true, "DGD": true, "DAF": true, "DRH": true, "PDG": true,
	"NED": true, "NEDS": true, "EA": true, "PA": true, "ANNULE": true, "ANNULÉ": true, "CANCELLED": true,
	"CANCELED": true, "NO": true, "SCHOOL": true, "DR": true, "MR": true, "MRS": true, "MS": true, "ME": true,
	"MBA": true, "PHD": true, "LLM": true, "RSVP": true, "FAQ": true,
	"IA": true, "KI": true, "DF": true, "CDMX": true, "MX": true, "NRW": true,
	// Firms known by their initials: a firm's drinks or its box is the
	// firm's, an event, and its people are contacts ("Borrel Jeroen –
	// oud-collega DSV", "Reception KPMG"), not a members' body.
	"KPMG": true, "EY": true, "PWC": true, "BDO": true, "RSM": true, "BCG": true, "ADL": true, "DHL": true,
	"DSV": true, "UPS": true, "TNT": true, "IBM": true, "SAP": true, "HP": true, "HPE": true, "GE": true,
	"BMW": true, "VW": true, "BASF": true, "AXA": true, "ING": true, "ABN": true, "BNP": true, "HSBC": true,
	"UBS": true, "RBS": true, "RBC": true, "BBVA": true, "JLL": true, "CBRE": true, "AWS": true, "EDF": true,
	"KLM": true, "ASML": true, "NXP": true, "DSM": true, "KPN": true, "LVMH": true, "ABB": true, "SKF": true,
	"EDP": true, "BBC": true, "NN": true, "JPM": true, "GS": true, "DB": true, "BP": true, "TSMC": true,
	"AT&T": true, "H&M": true, "P&G": true, "J&J": true, "EQT": true, "KKR": true, "TPG": true, "CVC": true,
	"AMRO": true, "APG": true, "RWE": true, "ENI": true, "SNCF": true, "RATP": true, "BNY": true, "UBER": true,
	"NS": true, "KBC": true, "BMO": true, "CIBC": true, "ANZ": true, "NAB": true, "DBS": true, "OCBC": true,
	"UOB": true, "SAS": true, "SEB": true, "LBBW": true, "BPCE": true, "CIC": true,
	// Cities and regions written short: "Afterwork BXL", "Drinks AMS".
	"BXL": true, "AMS": true, "RTM": true, "LON": true, "LDN": true, "PAR": true, "MUC": true, "BER": true,
	"FFM": true, "HH": true, "ZRH": true, "GVA": true, "MIL": true, "MXP": true, "ROM": true, "LIS": true,
	"OPO": true, "BRU": true, "CPH": true, "STO": true, "OSL": true, "HEL": true, "DUB": true, "EDI": true,
	"MAN": true, "BOS": true, "CHI": true, "ATL": true, "SEA": true, "YVR": true, "YYZ": true, "MTL": true,
	"CDG": true, "NRT": true, "SYD": true, "MEL": true, "GDL": true, "MTY": true, "BA": true, "CABA": true,
	"POA": true, "BSB": true, "REC": true}

// bodyAcronym is the first run of two to six capitals (letters, digits or
// "&", at least two letters) in the summary that names a body, "" when none.
func (c *Classifier) bodyAcronym(d *doc) string {
	sum := d.o.Summary
	// A summary written all in capitals ("ANNUAL DINNER", "DINNER") has
	// no initials to tell from its words.
	if !strings.ContainsFunc(sum, unicode.IsLower) {
		return ""
	}
	for i := 0; i < len(sum); {
		j := i
		for j < len(sum) && (sum[j] >= 'A' && sum[j] <= 'Z' || sum[j] >= '0' && sum[j] <= '9' || sum[j] == '&') {
			j++
		}
		if j == i {
			_, n := utf8.DecodeRuneInString(sum[i:])
			i += n
			continue
		}
		word := sum[i:j]
		before, _ := utf8.DecodeLastRuneInString(sum[:i])
		after, _ := utf8.DecodeRuneInString(sum[j:])
		i = j
		if i-len(word) > 0 && isWordRune(before) || j < len(sum) && isWordRune(after) {
			continue // a capital inside a word ("McKinsey", "iPhone", "TEDxZurich")
		}
		letters := 0
		for k := 0; k < len(word); k++ {
			if word[k] >= 'A' && word[k] <= 'Z' {
				letters++
			}
		}
		if letters < 2 || len(word) > 6 || notBodyAcronyms[word] {
			continue
		}
		if c.employerNameIn([]string{strings.ToLower(word)}) != "" {
			continue
		}
		return word
	}
	return ""
}

// secrecyNotes is how many of the notes' first words the secrecy signal
// reads.
const secrecyNotes = 40

// secrecyWord is the first secrecy word in the summary or the opening of
// the notes, as words (folded), "" when none.
func (c *Classifier) secrecyWord(d *doc) string {
	if len(c.structure.secrecy) == 0 {
		return ""
	}
	if g := c.structure.secrecyHit; g != nil {
		if _, ok := d.find(g); !ok {
			return "" // no secrecy word's first word anywhere in the summary or notes
		}
	}
	if w := c.secrecyIn(d.wordsOf(kSummary)); w != "" {
		return w
	}
	ws := d.wordsOf(kDescription)
	if len(ws) > secrecyNotes {
		ws = ws[:secrecyNotes]
	}
	return c.secrecyIn(ws)
}

func (c *Classifier) secrecyIn(ws []string) string {
	for _, want := range c.structure.secrecy {
		if hasPrefixWords(ws, want) {
			return strings.Join(want, " ")
		}
	}
	return ""
}

// hasPrefixWords reports whether the words want follow each other somewhere
// in ws.
func hasPrefixWords(ws, want []string) bool {
	if len(want) == 0 {
		return false
	}
	for j := range ws {
		if hasPrefix(ws[j:], want) {
			return true
		}
	}
	return false
}

// boardSeatWords in brackets make the employer's director or investor, whom
// meeting is not the employer's routine.
var boardSeatWords = map[string]bool{"board": true, "director": true, "ned": true, "chair": true, "chairman": true,
	"chairwoman": true, "investor": true, "shareholder": true, "aufsichtsrat": true, "aufsichtsrätin": true,
	"beirat": true, "verwaltungsrat": true, "conseil": true, "administrateur": true, "administratrice": true,
	"consejero": true, "consejera": true, "consigliere": true, "conselheiro": true, "conselheira": true,
	"commissaris": true, "bestuur": true, "rvc": true, "rvb": true}

// executiveRanks come before "Executive" in a person's title.
var executiveRanks = map[string]bool{"chief": true, "senior": true, "junior": true, "deputy": true, "group": true,
	"global": true, "regional": true, "account": true, "sales": true, "marketing": true, "the": true, "our": true,
	"new": true, "young": true, "non": true, "an": true, "a": true, "top": true, "c-suite": true, "executive": true,
	"business": true, "technical": true, "medical": true, "creative": true, "legal": true, "finance": true}

// bodyNouns follow a body's proper name; notBodies before them make a
// pastime's club.
var (
	bodyNouns = map[string]bool{"Club": true, "Circle": true, "Institute": true, "Kring": true, "Klub": true, "Clube": true}
	notBodies = map[string]bool{"book": true, "golf": true, "tennis": true, "night": true, "country": true, "football": true,
		"soccer": true, "rugby": true, "cricket": true, "chess": true, "running": true, "run": true, "fitness": true,
		"sports": true, "sport": true, "kids": true, "baby": true, "fan": true, "supper": true, "dinner": true,
		"breakfast": true, "lunch": true, "brunch": true, "coffee": true,
		"wine": true, "film": true, "movie": true, "knitting": true, "health": true, "the": true, "a": true, "our": true,
		"alumni": true}
)

// namedBody finds "<Name> Club" (or Circle, Institute, ...) in s, the name
// capitalised and not a pastime, "" when none.
func namedBody(s string) string {
	var buf [32]string
	ws := fields(s, buf[:0])
	for i := 1; i < len(ws); i++ {
		if !bodyNouns[strings.Trim(ws[i], ",;:()'’s")] {
			continue
		}
		prev := strings.Trim(ws[i-1], ",;:()")
		if r, _ := utf8.DecodeRuneInString(prev); !unicode.IsUpper(r) || notBodies[strings.ToLower(prev)] {
			continue
		}
		return prev + " " + strings.Trim(ws[i], ",;:()")
	}
	// In French, Spanish, Italian and Portuguese the noun comes first: "Club
	// St-James", "Círculo Ecuestre", "Cercle Interallié", at the start of the
	// summary or after a dash.
	for i := 0; i+1 < len(ws); i++ {
		if !frontBodyNouns[strings.Trim(ws[i], ",;:()")] || (i > 0 && strings.Trim(ws[i-1], "–—-|:") != "") {
			continue
		}
		next := strings.Trim(ws[i+1], ",;:()")
		if r, _ := utf8.DecodeRuneInString(next); unicode.IsUpper(r) && len(next) > 1 && next != strings.ToUpper(next) {
			return strings.Trim(ws[i], ",;:()") + " " + next
		}
	}
	return ""
}

// frontBodyNouns come before a body's proper name in the Romance languages.
var frontBodyNouns = map[string]bool{"Club": true, "Círculo": true, "Circulo": true, "Cercle": true, "Circolo": true,
	"Clube": true, "Cercul": true}

// formerOf finds "ex-<Name>" in s ("ex-Ambev", "Ex-McKinsey"), "". In
// parentheses it says who one person is ("Nina (ex-McKinsey)"), not who
// meets, and is left alone.
func formerOf(s string) string {
	var buf [32]string
	for _, w := range fields(s, buf[:0]) {
		if strings.HasPrefix(w, "(") {
			continue
		}
		w = strings.Trim(w, ",;:")
		if len(w) < 4 || !strings.EqualFold(w[:3], "ex-") {
			continue
		}
		if r, _ := utf8.DecodeRuneInString(w[3:]); unicode.IsUpper(r) {
			return w
		}
	}
	return ""
}

// fixture finds "<A> v <B>" or "<A> vs <B>" in s, both sides capitalised
// words, and returns it, "" when none.
func fixture(s string) string {
	var buf [32]string
	ws := fields(s, buf[:0])
	for i := 1; i+1 < len(ws); i++ {
		switch strings.ToLower(ws[i]) {
		case "v", "v.", "vs", "vs.":
		default:
			continue
		}
		a, _ := utf8.DecodeRuneInString(ws[i-1])
		b, _ := utf8.DecodeRuneInString(ws[i+1])
		if unicode.IsUpper(a) && unicode.IsUpper(b) {
			return ws[i-1] + " " + ws[i] + " " + ws[i+1]
		}
	}
	return ""
}

// clip cuts s to at most n bytes, on a rune boundary.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
