package classify

import (
	"strconv"
	"strings"
)

// validEmail accepts local@domain with exactly one "@" and both parts set.
// It is deliberately loose: it only keeps broken attendee lists ("",
// "mailto:", "@", "a@@b") from being counted as people.
func validEmail(e string) bool {
	at := strings.IndexByte(e, '@')
	return at > 0 && at < len(e)-1 && strings.IndexByte(e[at+1:], '@') < 0
}

// domainOf is the part after "@", or "" when e is not an email.
func domainOf(e string) string {
	if !validEmail(e) {
		return ""
	}
	return e[strings.IndexByte(e, '@')+1:]
}

// inDomain reports whether email's domain is d or one of its subdomains.
func inDomain(email, d string) bool {
	dom := domainOf(email)
	return dom != "" && (dom == d || strings.HasSuffix(dom, "."+d))
}

// firstDomain returns the first of domains that email is in.
func firstDomain(email string, domains []string) (string, bool) {
	for _, d := range domains {
		if inDomain(email, d) {
			return d, true
		}
	}
	return "", false
}

// normDomains lowers domains and drops a leading "@".
func normDomains(in []string) []string {
	out := make([]string, 0, len(in))
	for _, d := range in {
		d = strings.TrimPrefix(strings.ToLower(strings.TrimSpace(d)), "@")
		if d != "" {
			out = append(out, d)
		}
	}
	return out
}

func (c *Classifier) isMe(email string) bool {
	_, ok := c.me[strings.ToLower(email)]
	return ok
}

// myPartStat is the user's own PARTSTAT on the event, "" when the user is
// not among its attendees.
func (c *Classifier) myPartStat(d *doc) (string, string) {
	for i := range d.o.Attendees {
		a := &d.o.Attendees[i]
		if c.isMe(a.Email) {
			return a.PartStat, a.Email
		}
	}
	return "", ""
}

// people writes a count of other people for a reason.
func people(n int) string {
	switch n {
	case 0:
		return "no other people"
	case 1:
		return "1 other person"
	}
	return strconv.Itoa(n) + " other people"
}
