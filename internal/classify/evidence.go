package classify

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/netsyncd/netsyncd/internal/config"
	"github.com/netsyncd/netsyncd/internal/event"

	"github.com/netsyncd/netsyncd/internal/textfold"
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
	// MaybeWhy is what the "possible networking" note calls the rule's
	// match when it is not a sign of a job search ("a ticket or a
	// registration for an outside event").
	MaybeWhy string `yaml:"maybe_why"`
	// Sender marks a rule that says only who sent the invitation or whose
	// calendar it is on (a colleague, the shared work calendar), not what
	// the event is: an outside gathering a colleague sent is still judged
	// for exposure when nothing else speaks against it.
	Sender bool `yaml:"sender"`
	// Host marks a rule that names who hosts the event (a chamber, a
	// professional body, a members' club, an alumni body: by its name, its
	// domain, its site or its members): the type it sets outranks the
	// format's (a chamber's breakfast is an association's event, not a
	// meal), see modeAndType.
	Host bool `yaml:"host"`
	// Gathering marks a rule that says many people are invited (the notes
	// count the guests): a one_on_one or a meal is then no candidate, see
	// modeAndType.
	Gathering bool `yaml:"gathering"`
	// Signals are structural tests written in Go (see signalConds); all must
	// hold, with every key of Match.
	Signals []string `yaml:"signals"`
	// SummaryOnly matches a summary made only of these words ("Lunch",
	// "Mittagessen"), in any case and with any punctuation.
	SummaryOnly []string `yaml:"summary_only"`
	// CompoundOf matches a word of the summary that ends with one of these
	// nouns after at least three letters of its own: the compounds of
	// German, Dutch and Swedish ("Frühjahrsempfang", "Buchmesse",
	// "Nieuwjaarsborrel", "Julmingel").
	CompoundOf []string `yaml:"compound_of"`
	// SummaryExpr are regular expressions (case-insensitive unless they
	// say (?-i:...)) that the summary alone must match, tried after every
	// other condition of the rule held: its words in match.summary find
	// the few events worth the expression.
	SummaryExpr []string `yaml:"summary_expr"`
	// SummaryAlso is a second list of words the summary must also hold,
	// beside match.summary ("Neujahrsempfang" and "Stadt"): both found
	// through the word index, cheaper than an expression.
	SummaryAlso []string     `yaml:"summary_also"`
	Match       config.Match `yaml:"match"`
	Set         config.Set   `yaml:"set"`
}

// defaultsFile is defaults.yaml.
type defaultsFile struct {
	// OnlineLocationWords are the words a location made only of a video
	// link or an online marker is written with ("Microsoft Teams Meeting",
	// "Zoom link", "Online"); a location with any other word is a place.
	OnlineLocationWords []string `yaml:"online_location_words"`
	// WithWords join a meeting to the person met ("Coffee with Sarah");
	// Honorifics may stand between ("Kaffee mit Dr. Weber").
	WithWords []string `yaml:"with_words"`
	// AssociationDomainWords are parts of an organiser's domain that name
	// an association, a chamber or a club ("ihk", "chamber", "verband").
	AssociationDomainWords []string `yaml:"association_domain_words"`
	// AssociationNameWords are the words of a body's name ("chamber",
	// "société", "verband"): an organiser named with one is a body (the
	// association_name signal).
	AssociationNameWords []string `yaml:"association_name_words"`
	Honorifics           []string `yaml:"honorifics"`
	// Titles are the professional and academic titles that name someone
	// met for their standing ("Prof. Eduardo", "Sir Martin"): the
	// titled_person signal.
	Titles []string `yaml:"titles"`
	// FreeMailDomains are people's own mail providers, and PlatformDomains
	// event platforms' senders: neither names an organisation.
	FreeMailDomains []string `yaml:"free_mail_domains"`
	PlatformDomains []string `yaml:"platform_domains"`
	// SearchDomainWords are parts of a search firm's or a recruiter's
	// domain ("search" in ortizsearch.com): the search_domain signal.
	SearchDomainWords []string `yaml:"search_domain_words"`
	// SearchFirmDomains are the search firms' and recruiters' domains
	// (the search-firms rule); their names also match under any other
	// top-level domain (searchBrands).
	SearchFirmDomains []string `yaml:"search_firm_domains"`
	// NameSuffixes follow a name in Japanese ("様", "さん", "社長"): the
	// suffixed_person signal.
	NameSuffixes []string `yaml:"name_suffixes"`
	// RoleMailboxes are the local parts of an office's address ("events",
	// "secretariat"): the role_mailbox signal.
	RoleMailboxes []string `yaml:"role_mailboxes"`
	// Roles are people's roles at a company ("ceo", "partner", "vorstand"):
	// the person_with_role signal.
	Roles []string `yaml:"roles"`
	// CancelledWords, first in a summary, say the event is cancelled
	// ("Cancelled:", "Abgesagt", "KANSELLEER").
	CancelledWords []string `yaml:"cancelled_words"`
	// GuestWords name the people a host invites ("guests", "gäste", "CTO",
	// "direttori"), and NumberWords the numbers written out ("twelve",
	// "vierzehn"): a number of eight or more before a guest word in the
	// notes is the guest_count signal.
	GuestWords  []string       `yaml:"guest_words"`
	NumberWords map[string]int `yaml:"number_words"`
	// SecrecyWords mark a meeting to keep quiet ("vertraulich", "no
	// reenviar"), in the summary or the first lines of the notes: the
	// secrecy signal.
	SecrecyWords []string       `yaml:"secrecy_words"`
	Rules        []evidenceRule `yaml:"rules"`
}

// vote is one matched evidence rule's say on one field. Its reason is kept
// in parts, one per condition, and joined with " and " only when a reason
// line shows it: most votes are never shown.
type vote struct {
	w     float64
	value any // bool, or a mode or type string
	why   *whyParts
	r     *rule
	f     field
}

// whyParts are the reasons of a matched rule's conditions.
type whyParts struct {
	parts [6]string
	n     int
}

// len is the length of the joined reason.
func (w *whyParts) len() int {
	if w.n == 0 {
		return len("every event")
	}
	n := 5 * (w.n - 1)
	for _, p := range w.parts[:w.n] {
		n += len(p)
	}
	return n
}

func (w *whyParts) write(b *strings.Builder) {
	if w.n == 0 {
		b.WriteString("every event")
		return
	}
	for i, p := range w.parts[:w.n] {
		if i > 0 {
			b.WriteString(" and ")
		}
		b.WriteString(p)
	}
}

// signalConds are the structural signals evidence rules can name.
func (c *Classifier) signalConds() map[string]cond {
	return map[string]cond{
		// A colleague (employer domain, not me) sent the invitation.
		"colleague_organiser": func(d *doc) (string, bool) {
			org := d.o.Organizer
			if org == "" || d.organizerIsMe() {
				return "", false
			}
			if dom, ok := d.workDomain(org); ok {
				return "organised from the employer's domain (" + dom + ")", true
			}
			return "", false
		},
		// The employer's name is in the location: its office, its HQ.
		"at_employer": func(d *doc) (string, bool) {
			if name := c.employerInPlace(d); name != "" {
				return "at the employer's premises (\"" + name + "\" in the location)", true
			}
			return "", false
		},
		// The location is only a phone number.
		"phone_location": func(d *doc) (string, bool) {
			if loc := strings.TrimSpace(d.o.Location); phoneOnly(loc) {
				return "the location is a phone number (" + loc + ")", true
			}
			return "", false
		},
		// The location holds a phone number among other words ("電話（伊藤様
		// から 090-5555-0188）", "Call Hans on +49 171 2345678").
		"phone_in_location": func(d *doc) (string, bool) {
			if n := phoneIn(d.o.Location); n != "" {
				return "a phone number in the location (" + n + ")", true
			}
			return "", false
		},
		// The summary names the person met: a with-word, then a capital.
		"with_person": func(d *doc) (string, bool) {
			why := c.withPersonIn(d)
			return why, why != ""
		},
		// The description names the person met.
		"notes_with_person": func(d *doc) (string, bool) {
			if c.withPerson != nil && d.o.Description != "" && c.hasWithWord(d, kDescription) {
				desc := d.o.Description
				if len(desc) > 2000 {
					desc = desc[:2000]
				}
				if m := c.withPerson.find(desc); m != "" {
					return "the notes name someone (\"" + m + "\")", true
				}
			}
			return "", false
		},
		// I invited people from outside the employer from my private
		// address, and no one from the employer: the search's own kind of
		// meeting.
		"private_invite": func(d *doc) (string, bool) {
			org := d.o.Organizer
			if org == "" || !d.organizerIsMe() {
				return "", false
			}
			if _, work := d.workDomain(org); work {
				return "", false
			}
			if _, found := c.employerPerson(d); found || c.outside(d) == 0 {
				return "", false
			}
			return "I invited people from outside the employer from my private address (" + org + ")", true
		},
		// Someone of my household sent it, from our own domain
		// (addHouseholdDomains): a family occasion.
		"household_organiser": func(d *doc) (string, bool) {
			org := d.o.Organizer
			if org == "" || d.organizerIsMe() || len(c.structure.household) == 0 {
				return "", false
			}
			if dom, ok := c.structure.household.of(org); ok {
				return "sent by my household (" + org + ", " + dom + ")", true
			}
			return "", false
		},
		// Someone from an association's domain organised it.
		"association_organiser": func(d *doc) (string, bool) {
			org := d.o.Organizer
			if org == "" || d.organizerIsMe() {
				return "", false
			}
			// A word that starts or ends a part of the domain: "ihk" in
			// muenchen.ihk.de, "camara" in camaramadrid.es, not "cci" in
			// acciona.com.
			if dom := event.EmailDomain(org); !strings.Contains(dom, "alumni") && d.organizerAssoc() {
				return "organised from an association's domain (" + dom + ")", true
			}
			return "", false
		},
		// Someone from an alumni body's domain organised it
		// (uae@alumni.london.edu).
		"alumni_organiser": func(d *doc) (string, bool) {
			org := d.o.Organizer
			if org == "" || d.organizerIsMe() {
				return "", false
			}
			if dom := event.EmailDomain(org); strings.Contains(dom, "alumni") {
				return "organised from an alumni body's domain (" + dom + ")", true
			}
			if local, _, _ := strings.Cut(org, "@"); strings.Contains(local, "alumni") {
				return "sent from an alumni office's address (" + org + ")", true
			}
			return "", false
		},
		// The link is an association's, a chamber's or alumni's site
		// (amcham.es/events, japan.inseadalumni.org).
		"association_url": func(d *doc) (string, bool) {
			if host := urlHost(d.o.URL); host != "" && !strings.Contains(host, "alumni") && c.assocDomain(host) {
				return "the link is an association's site (" + host + ")", true
			}
			return "", false
		},
		// The link is an alumni body's site (japan.inseadalumni.org).
		"alumni_url": func(d *doc) (string, bool) {
			if host := urlHost(d.o.URL); strings.Contains(host, "alumni") {
				return "the link is an alumni site (" + host + ")", true
			}
			return "", false
		},
		// Another colleague (employer domain, not me) is among the people.
		"colleague_invited": func(d *doc) (string, bool) {
			for _, e := range d.otherPeople() {
				if e == d.o.Organizer {
					continue // the organiser is colleague_organiser's
				}
				if dom, ok := d.workDomain(e); ok {
					return "a colleague is invited (" + e + ", " + dom + ")", true
				}
			}
			return "", false
		},
		// No place: the location (if any) is only links and online markers,
		// and there is no GEO. A link beside a place is a hybrid event's.
		"no_place": func(d *doc) (string, bool) {
			if d.o.Geo != nil || c.placeWord(d) != "" {
				return "", false
			}
			return "", true
		},
		// A place, not only a link: some word of the location is not an
		// online marker, or the event has GEO.
		"physical_location": func(d *doc) (string, bool) {
			if d.o.Geo != nil {
				return "has a GEO position", true
			}
			if w := c.placeWord(d); w != "" {
				return "the location names a place (\"" + w + "\")", true
			}
			return "", false
		},
		// Someone else sent the invitation.
		// Someone outside the employer sent it: not me, not a colleague,
		// not the employer's own offices.
		"outside_organiser": func(d *doc) (string, bool) {
			org := d.o.Organizer
			if org == "" || d.organizerIsMe() {
				return "", false
			}
			if _, work := d.workDomain(org); work {
				return "", false
			}
			return "organised from outside the employer (" + org + ")", true
		},
		"organised_by_other": func(d *doc) (string, bool) {
			if org := d.o.Organizer; org != "" && !d.organizerIsMe() {
				return "organised by someone else (" + org + ")", true
			}
			return "", false
		},
		// A person sent the invitation: someone else, and not from an
		// office's address.
		"invited_by_person": func(d *doc) (string, bool) {
			org := d.o.Organizer
			if org == "" || d.organizerIsMe() || c.roleMailbox(org) {
				return "", false
			}
			if strings.Contains(event.EmailDomain(org), "alumni") || d.organizerAssoc() {
				return "", false // an association's or alumni body's list
			}
			return "organised by someone else (" + org + ")", true
		},
		// No colleague is on it: no one from the employer but me sent it or
		// is invited. The search and recruiter rules need it: a search firm
		// meeting with a colleague works for the employer (its hiring), not
		// for me; no colleague is part of my search.
		"no_colleague": func(d *doc) (string, bool) {
			return "", !c.colleagueOn(d)
		},
		// A person at an organisation outside the employer (not a free-mail
		// friend, not an event platform, not an office's address) sent the
		// invitation: someone from another company asks to meet.
		"outside_person_organiser": func(d *doc) (string, bool) {
			org := d.o.Organizer
			if org == "" || d.organizerIsMe() || c.roleMailbox(org) || d.organizerAssoc() {
				return "", false
			}
			if _, work := d.workDomain(org); work {
				return "", false
			}
			if _, free := c.structure.freeMail.of(org); free {
				return "", false
			}
			if _, platform := c.structure.platforms.of(org); platform || !personalAddress(org, d.o.OrganizerName) {
				return "", false
			}
			return "invited by someone from another organisation (" + org + ")", true
		},
		// I typed it in myself: no organiser, or I am the organiser (a
		// Google or iCloud calendar writes my address) and no one else is
		// on it.
		"typed_by_me": func(d *doc) (string, bool) {
			if d.o.Organizer == "" {
				return "no organizer: I put it in my calendar", true
			}
			if d.organizerIsMe() && len(d.otherPeople()) == 0 {
				return "I put it in my calendar, no one invited", true
			}
			return "", false
		},
		"no_organiser": func(d *doc) (string, bool) {
			if d.o.Organizer == "" {
				return "no organizer: I put it in my calendar", true
			}
			return "", false
		},
		// Exactly one other person, a person's address (not an office's or
		// an event platform's): someone met, not an organisation's list.
		"one_person": func(d *doc) (string, bool) {
			others := d.otherPeople()
			if len(others) != 1 || c.roleMailbox(others[0]) {
				return "", false
			}
			if _, platform := c.structure.platforms.of(others[0]); platform {
				return "", false
			}
			return "1 other person", true
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
				return strconv.Itoa(n) + " people from outside the employer", true
			}
			return "", false
		},
		// Someone from outside the employer, not a free-mail friend only.
		"outside_people": func(d *doc) (string, bool) {
			if n := c.outside(d); n >= 1 {
				return strconv.Itoa(n) + " from outside the employer", true
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

// memoSignals makes every signal of m work itself out at most once per
// occurrence: several rules ask the same question (for_two,
// organised_by_other, outside_people), and the answer is kept in the doc.
func (c *Classifier) memoSignals(m map[string]cond) {
	names := make([]string, 0, len(m))
	for name := range m {
		names = append(names, name)
	}
	slices.Sort(names)
	for i, name := range names {
		sc := m[name]
		m[name] = func(d *doc) (string, bool) {
			s := &d.signals[i]
			if !s.done {
				s.why, s.ok = sc(d)
				s.done = true
			}
			return s.why, s.ok
		}
	}
	c.nSignals = len(names)
}

// colleagueOn reports whether someone from the employer other than me sent
// the invitation or is invited.
func (c *Classifier) colleagueOn(d *doc) bool { return d.colleaguesOf() > 0 }

// personalAddress reports whether email is a person's own address rather
// than a desk's (registration@, comisiones@, panels@, an office's word no
// list holds): its local part is a name cut by a dot, an underscore or a
// hyphen (first.last@, t.braun@), or it is made from the name it is sent
// under: "Tom Hale" <tom@...>, <tomh@...>, "John Smith" <jsmith@...>,
// <johnsmith@...>.
func personalAddress(email, name string) bool {
	local, _, ok := strings.Cut(email, "@")
	if !ok || local == "" {
		return false
	}
	parts := 0
	for part := range strings.FieldsFuncSeq(local, func(r rune) bool { return r == '.' || r == '_' || r == '-' }) {
		for _, r := range part {
			if !unicode.IsLetter(r) {
				return false
			}
		}
		parts++
	}
	if parts >= 2 {
		return true
	}
	if strings.Contains(name, "@") {
		return false // an address as its name (SOGo writes one): no name
	}
	var words []string
	for w := range strings.FieldsFuncSeq(textfold.Fold(name), func(r rune) bool { return !isWordRune(r) }) {
		words = append(words, w)
	}
	if len(words) < 2 || len(words) > 4 {
		return false // a person's name has a given name and a family name
	}
	local = textfold.Fold(local)
	first, last := words[0], words[len(words)-1]
	return (len(first) >= 3 && strings.HasPrefix(local, first)) || local == first[:1]+last || local == first+last
}

// assocDomain reports whether a part of dom starts or ends with an
// association's word: "ihk" in muenchen.ihk.de, "camara" in
// camaramadrid.es, not "cci" in acciona.com.
func (c *Classifier) assocDomain(dom string) bool {
	for part, rest := cutPart(dom, &domainSeps); part != ""; part, rest = cutPart(rest, &domainSeps) {
		for _, w := range c.assocDomainWords {
			if strings.HasPrefix(part, w) || strings.HasSuffix(part, w) {
				return true
			}
		}
	}
	return false
}

// urlHost is the lower-case host of a link, without "www.", "" when u is
// not a link.
func urlHost(u string) string {
	u = strings.TrimSpace(u)
	i := strings.Index(u, "://")
	if i < 0 {
		return ""
	}
	host := u[i+3:]
	if j := strings.IndexAny(host, "/?#:"); j >= 0 {
		host = host[:j]
	}
	return strings.TrimPrefix(strings.ToLower(host), "www.")
}

// outside counts the other people who are not from the employer.
func (c *Classifier) outside(d *doc) int { return len(d.otherPeople()) - d.colleaguesOf() }

// hasWithWord reports whether field k has a with-word: the expression runs
// only then.
func (c *Classifier) hasWithWord(d *doc, k textKind) bool {
	m := c.withHit[0]
	if k == kDescription {
		m = c.withHit[1]
	}
	_, ok := d.find(m)
	return ok
}

// withPersonIn is the with_person signal's reason, "" when it does not hold;
// it is worked out once per occurrence.
func (c *Classifier) withPersonIn(d *doc) string {
	if d.withDone {
		return d.withWhy
	}
	d.withDone = true
	if c.withPerson != nil && c.hasWithWord(d, kSummary) {
		if m := c.withPerson.find(d.o.Summary); m != "" {
			d.withWhy = "meets someone by name (\"" + m + "\")"
		}
	}
	return d.withWhy
}

// summaryOnlyCond matches a summary that is, word for word, one of the
// phrases (case, accents and punctuation aside).
func summaryOnlyCond(phrases []string) cond {
	set := map[string]struct{}{}
	for _, p := range phrases {
		set[strings.Join(tokens(textfold.Fold(p), nil), " ")] = struct{}{}
	}
	return func(d *doc) (string, bool) {
		ws := d.wordsOf(kSummary)
		if len(ws) == 0 || len(ws) > 3 {
			return "", false
		}
		if len(ws) == 1 {
			if _, ok := set[ws[0]]; !ok {
				return "", false
			}
		} else {
			var buf [64]byte // the words joined without an allocation
			key := append(buf[:0], ws[0]...)
			for _, w := range ws[1:] {
				key = append(append(key, ' '), w...)
			}
			if _, ok := set[string(key)]; !ok {
				return "", false
			}
		}
		return "the summary is only \"" + d.o.Summary + "\"", true
	}
}

// summaryExprCond matches a summary that one of the expressions matches.
func summaryExprCond(exprs []string) (cond, error) {
	res := make([]*regexp.Regexp, len(exprs))
	empty := make([]bool, len(exprs)) // whether res[i] matches an empty summary
	for i, e := range exprs {
		re, err := regexp.Compile("(?i)" + e)
		if err != nil {
			return nil, fmt.Errorf("summary_expr[%d]: %q is not a valid regular expression: %w", i, e, err)
		}
		res[i], empty[i] = re, re.MatchString("")
	}
	// The reason quotes what the expression found ("the summary reads
	// \"Rencontre – Mme Nadia Ferreira\""), not the expression: a user
	// reads it in explain.
	return func(d *doc) (string, bool) {
		for i, re := range res {
			if d.o.Summary == "" && !empty[i] {
				continue
			}
			if loc := re.FindStringIndex(d.o.Summary); loc != nil {
				end := loc[1] // to the end of the word the match stops in
				for end < len(d.o.Summary) {
					r, n := utf8.DecodeRuneInString(d.o.Summary[end:])
					if !isWordRune(r) {
						break
					}
					end += n
				}
				return "the summary reads \"" + strings.TrimSpace(d.o.Summary[loc[0]:end]) + "\"", true
			}
		}
		return "", false
	}, nil
}

// compoundCond matches a summary word that is a compound ending in one of
// nouns ("fruhjahrsempfang" ends in "empfang"), at least three letters
// before it. A word the vocabulary rules know ("neujahrsempfang") is
// theirs: it is not counted twice.
// ballGames end with "ball" and are games, not a ball one dances at
// ("Netball - Mia", "Fußball Jonas", "Handball Turnier").
var ballGames = map[string]bool{"netball": true, "football": true, "fussball": true, "fußball": true, "handball": true,
	"basketball": true, "volleyball": true, "baseball": true, "softball": true, "korfball": true, "pinball": true,
	"paintball": true, "dodgeball": true, "pickleball": true, "faustball": true, "volkerball": true, "völkerball": true,
	"racquetball": true, "snowball": true, "wallyball": true, "floorball": true, "tischfussball": true, "minifussball": true,
	"beachvolleyball": true, "kickball": true, "footvolleyball": true, "hallenfussball": true, "fussballtraining": true,
	"wasserball": true, "waterpolo": true, "teeball": true, "goalball": true, "speedball": true, "medizinball": true,
	"spikeball": true, "rollball": true, "tchoukball": true, "kinball": true}

// isBallGame reports whether w is a ball game or a compound ending in one
// ("kinderfussball", "jugendhandball").
func isBallGame(w string) bool {
	if ballGames[w] {
		return true
	}
	for g := range ballGames {
		if len(w) > len(g) && strings.HasSuffix(w, g) {
			return true
		}
	}
	return false
}

func compoundCond(nouns []string) cond {
	folded := make([]string, len(nouns))
	for i, n := range nouns {
		folded[i] = textfold.Fold(strings.TrimSpace(n))
	}
	return func(d *doc) (string, bool) {
		for _, w := range d.longWords() {
			for _, n := range folded {
				if len(w) >= len(n)+3 && strings.HasSuffix(w, n) && !isBallGame(w) {
					return "\"" + w + "\" in summary is a compound of \"" + n + "\"", true
				}
			}
		}
		return "", false
	}
}

// appendPlaceWords appends the words of the folded location loc that are
// not in a link or an email address: its fields (cut at spaces, commas,
// semicolons, bars and new lines) that hold "://", "@", a leading "www."
// or both a dot and a slash are left out.
func appendPlaceWords(loc string, dst []string) []string {
	start := 0
	for i := 0; i <= len(loc); i++ {
		if i < len(loc) {
			switch loc[i] {
			case ' ', ',', ';', '\n', '|', '\t', '\r':
			default:
				continue
			}
		}
		f := loc[start:i]
		start = i + 1
		if f == "" || strings.Contains(f, "://") || strings.HasPrefix(f, "www.") || strings.IndexByte(f, '@') >= 0 ||
			(strings.IndexByte(f, '.') >= 0 && strings.IndexByte(f, '/') >= 0) {
			continue
		}
		dst = tokens(f, dst)
	}
	return dst
}

// phoneIn returns the first phone number in s: a run of digits, spaces and
// "+().-/" holding at least eight digits; "" when none.
func phoneIn(s string) string {
	start, digits := -1, 0
	for i := 0; i <= len(s); i++ {
		b := byte(0)
		if i < len(s) {
			b = s[i]
		}
		switch {
		case b >= '0' && b <= '9':
			if start < 0 {
				start = i
			}
			digits++
			continue
		case start >= 0 && (b == ' ' || b == '+' || b == '(' || b == ')' || b == '.' || b == '-' || b == '/'):
			continue
		case b == '+' || b == '(':
			start = i
			continue
		}
		if digits >= 8 {
			return strings.TrimSpace(s[start:i])
		}
		start, digits = -1, 0
	}
	return ""
}

// phoneOnly reports whether s is only a phone number: digits, spaces and
// "+().-", with at least seven digits.
func phoneOnly(s string) bool {
	digits := 0
	for i := 0; i < len(s); i++ {
		switch b := s[i]; {
		case b >= '0' && b <= '9':
			digits++
		case b == ' ' || b == '+' || b == '(' || b == ')' || b == '.' || b == '-' || b == '\t':
		default:
			return false
		}
	}
	return digits >= 7
}

// employerInPlace returns the employer name found in the location outside
// its links ("Acme HQ, 5th floor café", not "acme.zoom.us/j/1"), or "".
func (c *Classifier) employerInPlace(d *doc) string {
	if len(c.employerWords) == 0 || d.o.Location == "" {
		return ""
	}
	if !d.empPlaceDone {
		d.empPlaceDone, d.empPlace = true, c.findEmployerInPlace(d)
	}
	return d.empPlace
}

func (c *Classifier) findEmployerInPlace(d *doc) string { return c.employerNameIn(d.placeWordsOf()) }

// employerNameIn returns the employer name (as configured) whose words
// follow each other in ws (folded words), "" when none.
func (c *Classifier) employerNameIn(ws []string) string {
	for i, name := range c.employerWords {
		if hasPrefixWords(ws, name) {
			return c.employerNames[i]
		}
	}
	return ""
}

// placeWord returns a word of the location that is not part of a link or an
// online marker, "" when the location is only those (or empty).
func (c *Classifier) placeWord(d *doc) string {
	for _, w := range d.placeWordsOf() {
		if _, online := c.onlineWords[w]; online || !hasLetter(w) || len(w) < 2 {
			continue
		}
		return w
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

// personMatcher finds a with-word followed, after an optional honorific,
// by a capitalised word: "with Sarah", "mit Dr. Weber", "avec Mme Durand".
type personMatcher struct {
	with, honorific map[string]struct{}
}

func newPersonMatcher(words, honorifics []string) *personMatcher {
	set := func(ws []string) map[string]struct{} {
		m := map[string]struct{}{}
		for _, w := range ws {
			m[textfold.Fold(strings.TrimSuffix(w, "."))] = struct{}{}
		}
		return m
	}
	return &personMatcher{with: set(words), honorific: set(honorifics)}
}

// find returns the with-word and the name it found in s, "" when none.
func (p *personMatcher) find(s string) string {
	var buf [32]string
	ws := fields(s, buf[:0])
	for i := 0; i+1 < len(ws); i++ {
		// Folding keeps a final dot: w ends with one when its fold does.
		w := strings.Trim(ws[i], "(,;:")
		if !inFolded(p.with, w) {
			if !strings.HasSuffix(w, ".") || !inFolded(p.with, strings.TrimSuffix(w, ".")) {
				continue // "m." is "med", as "mit" and "with"
			}
		}
		// Up to two articles or honorifics may stand before the name:
		// "con la Prof.ssa Greco", "con l'Ing. Conti", "mit Herrn Dr. Maier".
		j := i + 1
		for skip := 0; skip < 3 && j < len(ws); skip++ {
			name := elide(ws[j])
			if r, _ := utf8.DecodeRuneInString(name); unicode.IsUpper(r) {
				if !inFolded(p.honorific, strings.TrimSuffix(name, ".")) || j+1 == len(ws) {
					return strings.Join(ws[i:j+1], " ")
				}
			}
			if !inFolded(p.honorific, strings.TrimSuffix(name, ".")) {
				break
			}
			j++
		}
	}
	return ""
}

// elide takes off a French or Italian elided article: "l'Ing." is "Ing.".
func elide(w string) string {
	for _, p := range []string{"l'", "d'", "l’", "d’", "L'", "D'", "L’", "D’"} {
		if rest, ok := strings.CutPrefix(w, p); ok && rest != "" {
			return rest
		}
	}
	return w
}

// compileEvidence compiles one built-in rule.
func (c *Classifier) compileEvidence(er evidenceRule, signals map[string]cond) (*rule, error) {
	cr, err := c.compileRule(config.Rule{Name: er.Name, Match: er.Match, Set: er.Set}, false)
	if err != nil {
		return nil, err
	}
	cr.maybe, cr.maybeWhy, cr.sender, cr.host, cr.many = er.Maybe, er.MaybeWhy, er.Sender, er.Host, er.Gathering
	if er.Gathering && !(cr.sets[fMode] && cr.values[fMode] == string(Passive)) {
		return nil, fmt.Errorf("gathering: a gathering rule sets mode passive")
	}
	if er.Host && !(cr.sets[fType] && (cr.values[fType] == "association" || cr.values[fType] == "alumni")) {
		return nil, fmt.Errorf("host: a host rule sets type association or alumni")
	}
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
		cr.suffix[f] = " (" + cr.origin + ", weight " + weightString(cr.weights[f]) + ")"
	}
	shadow := er.Maybe && slices.Contains(er.Signals, "no_colleague")
	if shadow {
		cr.withColleague = slices.Clone(cr.conds)
	}
	for _, s := range er.Signals {
		sc, ok := signals[s]
		if !ok {
			return nil, fmt.Errorf("signals: %q is not a signal", s)
		}
		cr.conds = append(cr.conds, sc)
		if shadow && s != "no_colleague" {
			cr.withColleague = append(cr.withColleague, sc)
		}
	}
	if len(er.SummaryOnly) > 0 {
		cr.conds = append(cr.conds, summaryOnlyCond(er.SummaryOnly))
	}
	if len(er.CompoundOf) > 0 {
		cr.conds = append(cr.conds, compoundCond(er.CompoundOf))
	}
	if len(er.SummaryAlso) > 0 {
		tm, err := c.index.compile("summary_also", er.SummaryAlso, kSummary)
		if err != nil {
			return nil, err
		}
		cr.conds = append(cr.conds, func(d *doc) (string, bool) { return d.find(tm) })
	}
	if len(er.SummaryExpr) > 0 {
		sc, err := summaryExprCond(er.SummaryExpr)
		if err != nil {
			return nil, err
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
// two strongest reasons for the value, then the strongest against.
func evidenceReason(head string, vs []vote, value any) string {
	return evidenceLine(head, vs, value, 2, 1)
}

// evidenceLine writes the nFor heaviest votes for value and the nAgainst
// heaviest against it (at most 3 and 2; ties keep the rules' order).
func evidenceLine(head string, vs []vote, value any, nFor, nAgainst int) string {
	var forI, againstI [3]int
	nf, na := 0, 0
	for i := range vs {
		if vs[i].value == value {
			nf = insertTop(forI[:nFor], nf, vs, i)
		} else {
			na = insertTop(againstI[:nAgainst], na, vs, i)
		}
	}
	n := len(head) + 12*(nf+na)
	for _, i := range forI[:nf] {
		n += vs[i].why.len() + len(vs[i].r.suffix[vs[i].f])
	}
	for _, i := range againstI[:na] {
		n += vs[i].why.len() + len(vs[i].r.suffix[vs[i].f])
	}
	var b strings.Builder
	b.Grow(n)
	b.WriteString(head)
	for j, i := range forI[:nf] {
		if j > 0 {
			b.WriteString("; also ")
		}
		writeVote(&b, &vs[i])
	}
	for j, i := range againstI[:na] {
		if j == 0 {
			b.WriteString("; against: ")
		} else {
			b.WriteString("; ")
		}
		writeVote(&b, &vs[i])
	}
	return b.String()
}

// insertTop puts vote i into top (n of them kept, heaviest first) if it is
// among the len(top) heaviest, and returns the new count.
func insertTop(top []int, n int, vs []vote, i int) int {
	pos := n
	for pos > 0 && vs[i].w > vs[top[pos-1]].w {
		pos--
	}
	if pos >= len(top) {
		return n
	}
	if n < len(top) {
		n++
	}
	copy(top[pos+1:n], top[pos:n-1])
	top[pos] = i
	return n
}

func writeVote(b *strings.Builder, v *vote) {
	v.why.write(b)
	b.WriteString(v.r.suffix[v.f])
}

func weightString(w float64) string {
	return strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%.1f", w), "0"), ".")
}
