package classify

import (
	"strconv"
	"strings"

	"github.com/netsyncd/netsyncd/internal/mailaddr"
)

// normDomains gives domains the form the reader gives addresses'
// (mailaddr.NormDomain: lower case, a leading "@" and a trailing dot
// dropped, Punycode labels in Unicode).
func normDomains(in []string) []string {
	out := make([]string, 0, len(in))
	for _, d := range in {
		if d = mailaddr.NormDomain(d); d != "" {
			out = append(out, d)
		}
	}
	return out
}

func (c *Classifier) isMe(email string) bool {
	if n := len(email); n < len(c.meLens) && !c.meLens[n] {
		return false // no address of mine is that long: most people are not me
	}
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
	case 2:
		return "2 other people"
	case 3:
		return "3 other people"
	}
	return strconv.Itoa(n) + " other people"
}
