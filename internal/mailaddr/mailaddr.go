// Package mailaddr gives an email address, or a mail domain, the one form
// netsyncd compares: a person, me and my employer are recognised whichever
// way a calendar client or the user wrote them.
package mailaddr

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Norm is the compared form of an address as a calendar or a config
// writes it: "mailto:" (any case) and spaces dropped, the address inside
// "Name <...>" taken, lower case, and the domain as NormDomain makes it.
// "MAILTO:Priya@Bücher.Example.", "priya@xn--bcher-kva.example" and
// "Priya Raman <priya@bücher.example>" are all "priya@bücher.example".
// What is no address comes back trimmed and lower-cased. Text is composed
// (Unicode NFC): "josé@bücher.example" is one address whether its accents
// are one code point or two.
func Norm(addr string) string {
	// One step can uncover what another removes ("mailto:\v<x@y>": the
	// vertical tab, then the brackets): the form is the step's fixed point,
	// reached in a few steps on any input (FuzzNorm), and in one on every
	// address a client writes.
	v := normStep(addr)
	for range 4 {
		w := normStep(v)
		if w == v {
			break
		}
		v = w
	}
	return v
}

// normStep is one step of Norm.
func normStep(addr string) string {
	v := strings.TrimSpace(addr)
	if !isASCII(v) && !norm.NFC.IsNormalString(v) {
		v = norm.NFC.String(v)
	}
	if i := strings.LastIndexByte(v, '<'); i >= 0 && strings.HasSuffix(v, ">") && strings.Contains(v[i:], "@") {
		v = strings.TrimSpace(v[i+1 : len(v)-1])
	}
	v = Bare(v)
	at := strings.LastIndexByte(v, '@')
	if at <= 0 || at == len(v)-1 {
		return strings.ToLower(v)
	}
	if d := v[at+1:]; !strings.HasSuffix(d, ".") && !strings.Contains(strings.ToLower(d), "xn--") && strings.TrimSpace(d) == d {
		return strings.ToLower(v) // most addresses: no copy when already lower case
	}
	return strings.ToLower(v[:at]) + "@" + NormDomain(v[at+1:])
}

// NormDomain is the compared form of a mail domain: spaces, a leading "@"
// and the trailing dot of a fully qualified name (every one) dropped, each IDNA label
// ("xn--...", RFC 3492) in its Unicode form, lower case.
func NormDomain(d string) string {
	// Every trailing dot: "x.example.." made "x.example.", whose Norm is
	// another form again (a key that changed at each load of the ledger).
	// and spaces between them ("x.example ."), which Norm trims next time.
	d = strings.TrimRightFunc(strings.TrimPrefix(strings.TrimSpace(d), "@"), func(r rune) bool { return r == '.' || unicode.IsSpace(r) })
	d = strings.ToLower(d)
	if !strings.Contains(d, "xn--") {
		return d
	}
	labels := strings.Split(d, ".")
	for i, l := range labels {
		if rest, ok := strings.CutPrefix(l, "xn--"); ok {
			// A label that decodes to another "xn--" label would be
			// decoded again by the next Norm: it is kept as written.
			if u, ok := decodePunycode(rest); ok && !strings.HasPrefix(strings.ToLower(u), "xn--") {
				labels[i] = strings.ToLower(u)
			}
		}
	}
	return strings.Join(labels, ".")
}

// Punycode's parameters (RFC 3492 section 5).
const (
	base        = 36
	tMin        = 1
	tMax        = 26
	skew        = 38
	damp        = 700
	initialBias = 72
	initialN    = 128
	maxLabel    = 63 // a DNS label's most bytes: longer input is no label
)

// decodePunycode is RFC 3492 section 6.2's decoding of one label without
// its "xn--"; false for input that is not Punycode, or that decodes to
// ASCII only or to what is no character.
func decodePunycode(s string) (string, bool) {
	if s == "" || len(s) > maxLabel {
		return "", false
	}
	var out []rune
	basic := strings.LastIndexByte(s, '-')
	if basic > 0 {
		for _, c := range []byte(s[:basic]) {
			// A label's own letters are a DNS name's: a letter, a digit or
			// a hyphen. Anything else (a space, a dot's neighbour) is kept
			// as written, so that Norm of Norm is Norm.
			if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-') {
				return "", false
			}
			out = append(out, rune(c))
		}
	}
	rest := s[basic+1:]
	if rest == "" {
		return "", false
	}
	n, bias, i := initialN, initialBias, 0
	for p := 0; p < len(rest); {
		oldi, w := i, 1
		for k := base; ; k += base {
			if p == len(rest) {
				return "", false
			}
			digit, ok := punyDigit(rest[p])
			p++
			if !ok || digit > (1<<30-i)/w {
				return "", false
			}
			i += digit * w
			t := k - bias
			t = max(tMin, min(tMax, t))
			if digit < t {
				break
			}
			if w > (1<<30)/(base-t) {
				return "", false
			}
			w *= base - t
		}
		bias = adapt(i-oldi, len(out)+1, oldi == 0)
		n += i / (len(out) + 1)
		i %= len(out) + 1
		if n > utf8.MaxRune || (n >= 0xD800 && n <= 0xDFFF) || !unicode.IsGraphic(rune(n)) || unicode.IsSpace(rune(n)) {
			// No character, or none a domain shows: a control or a space
			// (U+0085 ends a name, and Norm of it trimmed it again).
			return "", false
		}
		out = append(out, 0)
		copy(out[i+1:], out[i:])
		out[i] = rune(n)
		i++
	}
	return string(out), true
}

func punyDigit(c byte) (int, bool) {
	switch {
	case c >= '0' && c <= '9':
		return int(c-'0') + 26, true
	case c >= 'a' && c <= 'z':
		return int(c - 'a'), true
	case c >= 'A' && c <= 'Z':
		return int(c - 'A'), true
	}
	return 0, false
}

func adapt(delta, points int, first bool) int {
	if first {
		delta /= damp
	} else {
		delta /= 2
	}
	delta += delta / points
	k := 0
	for delta > ((base-tMin)*tMax)/2 {
		delta /= base - tMin
		k += base
	}
	return k + (base-tMin+1)*delta/(delta+skew)
}

// Bare is an address without "mailto:" in any case and without the angle
// brackets some clients write around it ("mailto:<x@y>", "<mailto:x@y>"),
// white space around it dropped, not copied (the people screen reads raw
// bytes with it). It does not change case, nor the domain's form: Norm,
// which begins with it, does.
func Bare[T ~string | ~[]byte](v T) T {
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

func trimASCIISpace[T ~string | ~[]byte](v T) T {
	for len(v) > 0 && asciiSpace(v[0]) {
		v = v[1:]
	}
	for n := len(v); n > 0 && asciiSpace(v[n-1]); n = len(v) {
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

// asciiSpace is an ASCII white space character, as strings.TrimSpace
// trims them.
func asciiSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f'
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
