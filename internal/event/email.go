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

// BareAddress is an address as every part of netsyncd keys a person (the
// reader, the people ledger and its screen of raw objects, the classifier,
// the config's own addresses): without "mailto:" in any case and without
// the angle brackets some clients write around it ("mailto:<x@y>",
// "<mailto:x@y>"), white space around it dropped. It does not change case:
// NormEmail does.
func BareAddress[T ~string | ~[]byte](v T) T {
	v = trimASCIISpace(v)
	for range 2 { // "mailto:<x@y>" and "<mailto:x@y>"
		if n := len("mailto:"); len(v) >= n && foldEqual(v[:n], "mailto:") {
			v = trimASCIISpace(v[n:])
		}
		if len(v) >= 2 && v[0] == '<' && v[len(v)-1] == '>' {
			v = trimASCIISpace(v[1 : len(v)-1])
		}
	}
	return v
}

// NormEmail is the key of a person's address: BareAddress, lower case.
func NormEmail(s string) string { return strings.ToLower(BareAddress(s)) }

func trimASCIISpace[T ~string | ~[]byte](v T) T {
	for len(v) > 0 && (v[0] == ' ' || v[0] == '\t' || v[0] == '\r' || v[0] == '\n') {
		v = v[1:]
	}
	for n := len(v); n > 0 && (v[n-1] == ' ' || v[n-1] == '\t' || v[n-1] == '\r' || v[n-1] == '\n'); n = len(v) {
		v = v[:n-1]
	}
	return v
}

// foldEqual compares v with the lower-case ASCII word w, in any case.
func foldEqual[T ~string | ~[]byte](v T, w string) bool {
	if len(v) != len(w) {
		return false
	}
	for i := range len(w) {
		c := v[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != w[i] {
			return false
		}
	}
	return true
}
