package event

import "testing"

func TestEmailDomains(t *testing.T) {
	for _, c := range []struct {
		email, domain string
		valid         bool
		in            bool // in acme-corp.com
	}{
		{"jane@acme-corp.com", "acme-corp.com", true, true},
		{"bob@eu.acme-corp.com", "eu.acme-corp.com", true, true},
		{"eve@notacme-corp.com", "notacme-corp.com", true, false},
		{"a@@acme-corp.com", "", false, false},
		{"@acme-corp.com", "", false, false},
		{"mailto:", "", false, false},
		{"", "", false, false},
	} {
		if got := ValidEmail(c.email); got != c.valid {
			t.Errorf("ValidEmail(%q) = %v; want %v", c.email, got, c.valid)
		}
		if got := EmailDomain(c.email); got != c.domain {
			t.Errorf("EmailDomain(%q) = %q; want %q", c.email, got, c.domain)
		}
		if got := InDomain(c.email, "acme-corp.com"); got != c.in {
			t.Errorf("InDomain(%q, acme-corp.com) = %v; want %v", c.email, got, c.in)
		}
		if d, ok := FirstDomain(c.email, []string{"example.org", "acme-corp.com"}); ok != c.in || (ok && d != "acme-corp.com") {
			t.Errorf("FirstDomain(%q) = %q, %v; want acme-corp.com, %v", c.email, d, ok, c.in)
		}
	}
}
