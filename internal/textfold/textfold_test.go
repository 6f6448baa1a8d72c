package textfold

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestFold(t *testing.T) {
	for in, want := range map[string]string{
		"Dîner":                     "diner",
		"DINER":                     "diner",
		"Frühstück":                 "fruhstuck",
		"Straße":                    "strasse",
		"João Silva":                "joao silva",
		"Anne-Sophie de la Tour":    "anne-sophie de la tour",
		"Œuvre":                     "oeuvre",
		"Søren Ærø":                 "soren aero",
		"Łódź":                      "lodz",
		"Parents’ night":            "parents' night",
		"Ștefan Țurcanu":            "stefan turcanu",
		"Petit-déjeuner à l'Élysée": "petit-dejeuner a l'elysee",
		"Встреча":                   "встреча", // other scripts are only lowered
		"":                          "",
		// Decomposed (NFD), as macOS and some keyboards write accents.
		"Cafe\u0301 mit Jose\u0301 Mun\u0303oz": "cafe mit jose munoz",
		"Fru\u0308hstu\u0308ck":                 "fruhstuck",
		"\u1100\u1161\u11a8 meeting":            "각 meeting", // Hangul jamo composed
		// Accents NFC cannot compose with their letter are taken off too.
		"\u0131\u0301 e\u0301\u0301 a\u0308\u0301 x\u0323\u0301": "i e a x",
		"\u03ac \u03b1\u0301 \u0915\u093f":                       "\u03ac \u03ac \u0915\u093f", // Greek and Devanagari keep theirs
		"\u0301e":                                                "\u0301e",                    // an accent on no letter stays
	} {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q; want %q", in, got, want)
		}
	}
}

// TestFoldIdempotent: folded text folds to itself, so a word folded once
// (the vocabulary) and text folded twice (a name key read back) agree:
// random strings of the letters and marks that compose, fold to several
// letters, or neither.
func TestFoldIdempotent(t *testing.T) {
	pool := []rune("aeiouyAEIOUnNcCsSzZ ıİßẞæÆœøłđðþ’-'éÉèçñüÿǅǆǈﬁﬀΆάΑαοКкक\u093f\u0300\u0301\u0302\u0303\u0308\u030a\u030c\u0323\u0327\u0328\u0307\u0345\u20dd")
	rng := rand.New(rand.NewPCG(7, 11))
	for range 100000 {
		r := make([]rune, 1+rng.IntN(6))
		for i := range r {
			r[i] = pool[rng.IntN(len(pool))]
		}
		s := string(r)
		if f := Fold(s); Fold(f) != f {
			t.Fatalf("Fold(%+q) = %+q, and Fold of that is %+q", s, f, Fold(f))
		}
	}
}

func BenchmarkFoldASCII(b *testing.B) {
	for b.Loop() {
		Fold("Coffee with Dana Whitfield (Lazard)")
	}
}

// TestLowerASCII: the ASCII path of Fold is strings.ToLower, on every
// byte that can be in ASCII text and random strings of them.
func TestLowerASCII(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	for range 20000 {
		b := make([]byte, rng.IntN(40))
		for i := range b {
			b[i] = byte(rng.IntN(utf8.RuneSelf))
		}
		s := string(b)
		if got, want := Fold(s), strings.ToLower(s); got != want {
			t.Fatalf("Fold(%q) = %q; want %q", s, got, want)
		}
	}
}
