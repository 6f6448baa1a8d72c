package classify

import (
	"strconv"
	"strings"

	"github.com/netsyncd/netsyncd/internal/config"
	"github.com/netsyncd/netsyncd/internal/event"
	"github.com/netsyncd/netsyncd/internal/mailaddr"
)

// addPeopleConds adds the conditions on the organizer and the attendees.
func (c *Classifier) addPeopleConds(m config.Match, add func(cond)) {
	if len(m.Organizer) > 0 {
		add(c.organizerCond(m.Organizer))
	}
	if len(m.AttendeeDomains) > 0 {
		add(attendeeDomainsCond(normDomains(m.AttendeeDomains)))
	}
	if m.MinAttendees != nil || m.MaxAttendees != nil {
		lo, hi := -1, -1
		if m.MinAttendees != nil {
			lo = *m.MinAttendees
		}
		if m.MaxAttendees != nil {
			hi = *m.MaxAttendees
		}
		add(func(d *doc) (string, bool) {
			n := len(d.otherPeople())
			if n < lo || (hi >= 0 && n > hi) {
				return "", false
			}
			return people(n), true
		})
	}
	if m.EmployerPeople != nil {
		add(c.employerPeopleCond(*m.EmployerPeople))
	}
	if m.AllEmployer != nil {
		add(c.allEmployerCond(*m.AllEmployer))
	}
}

// organizerCond matches the organizer against emails, domains ("@x.com" or
// "x.com") and "me" (one of me.emails).
func (c *Classifier) organizerCond(want []string) cond {
	want = lowerAll(want)
	me := false
	emails := map[string]struct{}{}
	var domains []string
	for _, w := range want {
		switch {
		case w == "me":
			me = true
		case strings.Contains(strings.TrimPrefix(w, "@"), "@"):
			emails[mailaddr.Norm(w)] = struct{}{}
		default:
			domains = append(domains, mailaddr.NormDomain(w))
		}
	}
	set := newDomainSet(domains)
	return func(d *doc) (string, bool) {
		org := d.organizerLower()
		if org == "" {
			return "", false
		}
		if me && c.isMe(org) {
			return "organizer " + org + " is me", true
		}
		if _, ok := emails[org]; ok {
			return "organizer " + org, true
		}
		if dom, ok := set.of(org); ok {
			return "organizer " + org + " is in " + dom, true
		}
		return "", false
	}
}

func attendeeDomainsCond(domains []string) cond {
	set := newDomainSet(domains)
	return func(d *doc) (string, bool) {
		for i := range d.o.Attendees {
			e := d.o.Attendees[i].Email
			if dom, ok := set.of(e); ok {
				return "attendee " + e + " is in " + dom, true
			}
		}
		return "", false
	}
}

// domainSet is a set of domains; an email is in it when its domain or one
// of its parent domains is.
type domainSet map[string]struct{}

func newDomainSet(domains []string) domainSet {
	s := domainSet{}
	for _, d := range domains {
		s[d] = struct{}{}
	}
	return s
}

// of returns the domain of the set that email is in.
func (s domainSet) of(email string) (string, bool) {
	dom := event.EmailDomain(email)
	for dom != "" {
		if _, ok := s[dom]; ok {
			return dom, true
		}
		i := strings.IndexByte(dom, '.')
		if i < 0 {
			break
		}
		dom = dom[i+1:]
	}
	return "", false
}

// employerPeopleCond: the organizer or an attendee is from the employer. The
// user's own work address counts: an invitation sent from it passes through
// the employer's mail system.
func (c *Classifier) employerPeopleCond(want bool) cond {
	return func(d *doc) (string, bool) {
		why, found := c.employerPerson(d)
		if found != want {
			return "", false
		}
		if !found {
			return "no one from the employer", true
		}
		return why, true
	}
}

func (c *Classifier) employerPerson(d *doc) (string, bool) {
	if dom, ok := d.workDomain(d.o.Organizer); ok {
		return "organizer " + d.o.Organizer + " is from employer domain " + dom, true
	}
	for i := range d.o.Attendees {
		e := d.o.Attendees[i].Email
		if dom, ok := d.workDomain(e); ok {
			return "attendee " + e + " is from employer domain " + dom, true
		}
	}
	return "", false
}

// allEmployerCond: everyone else is from the employer, so it is internal work.
func (c *Classifier) allEmployerCond(want bool) cond {
	domains := strings.Join(c.employerDomains, ", ")
	return func(d *doc) (string, bool) {
		others := d.otherPeople()
		all := len(others) > 0 && len(c.employerDomains) > 0 && d.colleaguesOf() == len(others)
		if all != want {
			return "", false
		}
		if all {
			who := "all " + strconv.Itoa(len(others)) + " other people are"
			if len(others) == 1 {
				who = "the other person (" + others[0] + ") is"
			}
			return who + " from the employer (" + domains + ")", true
		}
		return "not everyone is from the employer", true
	}
}
