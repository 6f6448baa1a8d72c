package event

import "strings"

// ValidEmail accepts local@domain with exactly one "@" and both parts set.
// It is deliberately loose: it only keeps broken attendee lists ("",
// "mailto:", "@", "a@@b") from being counted as people.
func ValidEmail(e string) bool {
	at := strings.IndexByte(e, '@')
	return at > 0 && at < len(e)-1 && strings.IndexByte(e[at+1:], '@') < 0
}

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
