package event

import "strings"

// ValidEmail accepts local@domain with exactly one "@" and both parts set.
// It is deliberately loose: it only keeps broken attendee lists ("",
// "mailto:", "@", "a@@b") from being counted as people, and what is
// longer than any mailbox (a 1 MB "address" of a stranger's invitation was
// a person whose key, and reconnect entry's X-NETSYNCD-SOURCE-UID, was
// 1 MB).
func ValidEmail(e string) bool {
	at := strings.IndexByte(e, '@')
	return at > 0 && at < len(e)-1 && len(e) <= maxEmailBytes && strings.IndexByte(e[at+1:], '@') < 0
}

// maxEmailBytes is the longest address: RFC 5321 section 4.5.3.1 allows a
// local part of 64 bytes and a domain of 255, and a domain read in Unicode
// (mailaddr decodes "xn--" labels) takes up to four bytes a letter.
const maxEmailBytes = 64 + 1 + 4*255

// EmailDomain is the part after "@", or "" when e is not an email.
func EmailDomain(e string) string {
	if !ValidEmail(e) {
		return ""
	}
	return e[strings.IndexByte(e, '@')+1:]
}

// InDomain reports whether email's domain is d or one of its subdomains
// (d lower-case, without "@").
func InDomain(email, d string) bool {
	dom := EmailDomain(email)
	return dom != "" && (dom == d || strings.HasSuffix(dom, "."+d))
}

// FirstDomain returns the first of domains that email is in.
func FirstDomain(email string, domains []string) (string, bool) {
	for _, d := range domains {
		if InDomain(email, d) {
			return d, true
		}
	}
	return "", false
}
