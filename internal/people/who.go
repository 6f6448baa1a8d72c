package people

import (
	"strings"

	"github.com/netsyncd/netsyncd/internal/config"
	"github.com/netsyncd/netsyncd/internal/event"
	"github.com/netsyncd/netsyncd/internal/mailaddr"
)

// filter decides who can be a person, from the config.
type filter struct {
	me       map[string]bool
	employer []string // domains
	ignore   refs
	forget   refs
	myNames  map[string]bool // NormName of my full and first names, from my CNs
	names    *Names          // ParseNames of each summary read so far
	links    map[string]bool // ticketLink of each URL read so far
}

// ticketLink is ticketLink, once per distinct URL: a series' every
// occurrence has one.
func (f filter) ticketLink(u string) bool {
	if u == "" {
		return false
	}
	if ok, seen := f.links[u]; seen {
		return ok
	}
	ok := ticketLink(u)
	f.links[u] = ok
	return ok
}

// parseNames is ParseNames, once per distinct summary: a series' every
// occurrence, and a year of "Weekly sync", have one summary.
func (f filter) parseNames(summary string) []Name { return f.names.Of(summary) }

// Names is ParseNames once per distinct summary, shared by the readers of
// one pass (Needed, Learn, Standings, NewContext): the window's summaries
// are parsed by Learn, then again by Standings (the future ones) and by the
// planner's Context (prep and follow-up entries); the history's by Needed,
// then by Learn. ParseNames depends on the summary alone, so a shared Names
// gives every reader the answer its own would. The slices it returns are
// shared: read them, never change them. Not safe for concurrent use.
type Names struct{ m map[string][]Name }

// NewNames is an empty Names.
func NewNames() *Names { return &Names{m: map[string][]Name{}} }

// Of is ParseNames(summary), parsed the first time only.
func (n *Names) Of(summary string) []Name {
	if names, ok := n.m[summary]; ok {
		return names
	}
	names := ParseNames(summary)
	n.m[summary] = names
	return names
}

// refs are config entries naming people: emails, domains, names.
type refs struct {
	emails, names map[string]bool
	domains       []string
}

func newRefs(list []string) refs {
	r := refs{emails: map[string]bool{}, names: map[string]bool{}}
	for _, s := range list {
		s = strings.TrimSpace(s)
		switch at := strings.IndexByte(s, '@'); {
		case s == "":
		case strings.HasPrefix(strings.ToLower(s), "name:"):
			r.names[NormName(s[5:])] = true
		case at > 0:
			r.emails[mailaddr.Norm(s)] = true
		case at == 0 || looksLikeDomain(s):
			// As the reader gives attendees' domains (a Punycode label in
			// Unicode): the config leaves a domain without "@" as written.
			r.domains = append(r.domains, mailaddr.NormDomain(s))
		default:
			r.names[NormName(s)] = true
		}
	}
	return r
}

// looksLikeDomain: one word with a dot and no spaces ("lists.example").
func looksLikeDomain(s string) bool {
	return !strings.ContainsAny(s, " ") && strings.Contains(s, ".") && !strings.HasSuffix(s, ".")
}

// has reports whether the person with this email and name is listed.
func (r refs) has(email, name string) bool {
	if email != "" && (r.emails[email] || inAny(email, r.domains)) {
		return true
	}
	return name != "" && r.names[NormName(name)]
}

func newFilter(cfg *config.Config) filter { return newFilterNames(cfg, nil) }

// newFilterNames is newFilter parsing summaries through names (nil: a
// Names of its own).
func newFilterNames(cfg *config.Config, names *Names) filter {
	if names == nil {
		names = NewNames()
	}
	f := filter{me: map[string]bool{}, myNames: map[string]bool{}, names: names, links: map[string]bool{}, ignore: newRefs(cfg.People.Ignore), forget: newRefs(cfg.People.Forget)}
	for _, e := range cfg.Me.Emails {
		f.me[mailaddr.Norm(e)] = true
	}
	for _, d := range cfg.Employer.Domains {
		if d = mailaddr.NormDomain(d); d != "" {
			f.employer = append(f.employer, d)
		}
	}
	return f
}

// learnMyNames records the names my own addresses carry in items, so that
// "1:1 Jane / Mark" does not make Jane a person she met.
func (f filter) learnMyNames(o *event.Occurrence) {
	note := func(name string) {
		if n := NormName(name); n != "" {
			f.myNames[n] = true
			f.myNames[strings.Fields(n)[0]] = true
		}
	}
	if f.me[o.Organizer] {
		note(o.OrganizerName)
	}
	for _, a := range o.Attendees {
		if f.me[a.Email] {
			note(a.Name)
		}
	}
}

// excluded: never a person (employer, people.ignore, people.forget).
func (f filter) excluded(email, name string) bool {
	return (email != "" && inAny(email, f.employer)) || f.ignore.has(email, name) || f.forget.has(email, name)
}

// candidate is someone at an occurrence.
type candidate struct {
	key, name, email, org string
}

// present lists the people at o: its individual attendees and organiser,
// me, rooms, lists and those who declined left out; with no one else
// there, the names in its summary other than mine. others counts the
// individuals other than me before the employer and ignore lists, so that a
// coffee with one outsider and one colleague is not one on one.
func (f filter) present(o *event.Occurrence) (people []candidate, others int) {
	seen := map[string]bool{}
	add := func(email, name string) {
		if !event.ValidEmail(email) || f.me[email] || seen[email] || roleAddress(email) {
			return
		}
		seen[email] = true
		others++
		if !f.excluded(email, name) {
			people = append(people, candidate{key: email, name: strings.TrimSpace(name), email: email})
		}
	}
	for _, a := range o.Attendees {
		// NON-PARTICIPANT: "copied for information purposes only" (RFC
		// 5545 section 3.2.16), not someone met
		if a.PartStat == "DECLINED" || a.Role == "NON-PARTICIPANT" || !individual(a.CUType) {
			continue
		}
		add(a.Email, a.Name)
	}
	add(o.Organizer, o.OrganizerName)
	if others > 0 {
		orgsFromSummary(people, f.parseNames(o.Summary))
		return people, others
	}
	for _, n := range f.parseNames(o.Summary) {
		if f.myNames[n.Key] {
			continue
		}
		others++
		if !f.excluded("", n.Display) {
			people = append(people, candidate{key: "name:" + n.Key, name: n.Display, org: n.Organization})
		}
	}
	return people, others
}

// orgsFromSummary gives attendees the organisation the summary's names
// give beside their name: "Coffee w/ Dana Whitfield (Lazard)".
func orgsFromSummary(people []candidate, names []Name) {
	for i := range people {
		for _, n := range names {
			if n.Organization != "" && people[i].name != "" && NormName(people[i].name) == n.Key {
				people[i].org = n.Organization
			}
		}
	}
}

// individual: CUTYPE INDIVIDUAL, or none given (RFC 5545 section 3.2.3:
// the default is INDIVIDUAL); UNKNOWN is given the benefit of the doubt.
func individual(cutype string) bool {
	switch cutype {
	case "GROUP", "RESOURCE", "ROOM":
		return false
	}
	return true
}

// roleAddresses are mailbox names of lists, systems and front desks.
var roleAddresses = set("noreply", "no-reply", "donotreply", "do-not-reply", "events", "event",
	"info", "hello", "contact", "team", "registration", "register", "rsvp", "tickets", "ticketing",
	"gala", "calendar", "notifications", "notification", "admin", "office", "support", "news",
	"newsletter", "marketing", "membership", "members", "invitations", "invites", "bookings",
	"booking", "reservations", "concierge", "frontdesk", "reception", "all", "everyone", "staff",
	"mailer-daemon", "postmaster", "list", "lists", "announce", "community", "programs", "program")

// roleAddress: a list, a resource or a system rather than a person.
func roleAddress(email string) bool {
	local, domain, _ := strings.Cut(email, "@")
	base, _, _ := strings.Cut(local, "+")
	switch {
	case roleAddresses[base], strings.HasPrefix(domain, "lists."), strings.HasPrefix(domain, "list."),
		strings.HasSuffix(base, "-list"), strings.HasPrefix(base, "list-"),
		strings.HasSuffix(domain, "group.calendar.google.com"), strings.HasSuffix(domain, "resource.calendar.google.com"),
		strings.HasSuffix(domain, "googlegroups.com"), strings.HasPrefix(base, "room-"), strings.HasPrefix(base, "conf-room"):
		return true
	}
	return false
}

// inAny: email's domain is one of domains or a subdomain of one.
func inAny(email string, domains []string) bool {
	_, ok := event.FirstDomain(email, domains)
	return ok
}
