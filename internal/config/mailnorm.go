package config

import (
	"strings"

	"github.com/netsyncd/netsyncd/internal/mailaddr"
)

// normMail gives every email and mail domain of the config the form the
// calendar reader gives attendees' (mailaddr.Norm): "mailto:jane@x",
// "Jane Doe <jane@x>", "jane@X." and "jane@xn--..." in me.emails were
// accepted and then matched no attendee, so the user counted among the
// people met and their own meetings as others'; in people.forget such an
// entry forgot no one; "acme-corp.com." in employer.domains recognised no
// colleague. Names and patterns are left as written.
func (c *Config) normMail() {
	normAll(c.Me.Emails, mailaddr.Norm)
	normAll(c.Employer.Domains, normDomain)
	for i := range c.People.Rules {
		normAll(c.People.Rules[i].Match.Email, mailaddr.Norm)
		normAll(c.People.Rules[i].Match.Domain, normDomain)
	}
	normAll(c.People.Ignore, normRef)
	normAll(c.People.Forget, normRef)
	for i := range c.Classify.Rules {
		normAll(c.Classify.Rules[i].Match.Organizer, normRef)
		normAll(c.Classify.Rules[i].Match.AttendeeDomains, normDomain)
	}
}

// normRef is one entry of a list of emails, "@domains" and names: only
// what holds an "@" is an address or a domain (a name like "J.R." stays).
func normRef(s string) string {
	t := strings.TrimSpace(s)
	switch {
	case strings.HasPrefix(strings.ToLower(t), "name:"), !strings.Contains(t, "@"):
		return s
	case strings.HasPrefix(t, "@"):
		return normDomain(t)
	}
	return mailaddr.Norm(t)
}

// normDomain is mailaddr.NormDomain that keeps a leading "@" as written,
// so that the effective config reads as the file does.
func normDomain(s string) string {
	if t := strings.TrimSpace(s); strings.HasPrefix(t, "@") {
		return "@" + mailaddr.NormDomain(t)
	}
	return mailaddr.NormDomain(s)
}

func normAll(list []string, norm func(string) string) {
	for i, s := range list {
		if s != "" && strings.TrimSpace(s) != "" {
			list[i] = norm(s)
		}
	}
}
