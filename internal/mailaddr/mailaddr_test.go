package mailaddr

import "testing"

func TestNorm(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"priya@northwind.example", "priya@northwind.example"},
		{"MAILTO:Priya@Northwind.Example", "priya@northwind.example"},
		{"mailto: priya@northwind.example ", "priya@northwind.example"},
		{"priya@northwind.example.", "priya@northwind.example"},
		{"priya@northwind.example..", "priya@northwind.example"}, // a typo: still one form, and Norm of it the same
		{"Priya Raman <priya@northwind.example>", "priya@northwind.example"},
		{`"Raman, Priya" <mailto:Priya@Northwind.example>`, "priya@northwind.example"},
		{"priya@xn--bcher-kva.example", "priya@bücher.example"},
		{"priya@BÜCHER.example", "priya@bücher.example"},
		{"Jo@XN--MNCHEN-3YA.de.", "jo@münchen.de"},
		{"li@xn--fiqs8s.example", "li@中国.example"},
		{"x@xn--.example", "x@xn--.example"},                   // not Punycode: kept
		{"x@xn--zzzzzzzz9.example", "x@xn--zzzzzzzz9.example"}, // overflows: kept
		{"", ""},
		{"@", "@"},
		{"urn:uuid:ABC", "urn:uuid:abc"},
		{"Jose\u0301@bu\u0308cher.example", "jos\u00e9@b\u00fccher.example"}, // decomposed accents: composed
		{"JOSE\u0301@XN--BCHER-KVA.example", "jos\u00e9@b\u00fccher.example"},
	} {
		if got := Norm(c.in); got != c.want || Norm(got) != got {
			t.Errorf("Norm(%q) = %q, Norm of it %q; want %q", c.in, got, Norm(got), c.want)
		}
	}
}

// The samples of RFC 3492 section 7.1 (lower-cased, as a domain is).
func TestDecodePunycode(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"egbpdaj6bu4bxfgehfvwxn", "\u0644\u064A\u0647\u0645\u0627\u0628\u062A\u0643\u0644\u0645\u0648\u0634\u0639\u0631\u0628\u064A\u061F"},
		{"ihqwcrb4cv8a8dqg056pqjye", "\u4ED6\u4EEC\u4E3A\u4EC0\u4E48\u4E0D\u8BF4\u4E2D\u6587"},
		{"bcher-kva", "bücher"},
		{"3b-ww4c5e180e575a65lsy2b", "3\u5E74b\u7D44\u91D1\u516B\u5148\u751F"},
		{"d9juau41awczczp", "\u305D\u306E\u30B9\u30D4\u30FC\u30C9\u3067"},
	} {
		if got, ok := decodePunycode(c.in); !ok || got != c.want {
			t.Errorf("decodePunycode(%q) = %q, %v; want %q", c.in, got, ok, c.want)
		}
	}
	for _, bad := range []string{"", "-", "abc-", "ü-abc", "9999999999999999"} {
		if got, ok := decodePunycode(bad); ok {
			t.Errorf("decodePunycode(%q) = %q; want a refusal", bad, got)
		}
	}
}

// An address already in its form costs no allocation: the reader calls
// Norm for every attendee of every event.
func TestNormOfANormalAddressAllocatesNothing(t *testing.T) {
	if n := testing.AllocsPerRun(100, func() { Norm("mailto:priya@northwind.example") }); n != 0 {
		t.Errorf("Norm allocates %v times; want 0", n)
	}
}

// FuzzNorm: Norm is one form, so Norm of it is itself; a form that
// changed again at the next Norm split a person whose key was migrated on
// each load of the ledger from the same person read since.
func FuzzNorm(f *testing.F) {
	for _, s := range []string{"priya@northwind.example..", "MAILTO:<Jo@XN--MNCHEN-3YA.de.>", "Priya <priya@x.example>", "li@xn--fiqs8s.example", "x@xn--xn--ab-kva.example"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if n := Norm(s); Norm(n) != n {
			t.Errorf("Norm(%q) = %q, Norm of it %q", s, n, Norm(n))
		}
	})
}
