package classify

import (
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/netsyncd/netsyncd/internal/textfold"
)

// randomText is a string of the bytes and runes the fast paths treat
// apart: ASCII letters, capitals, dashes and separators, white space of
// both kinds, accented and CJK letters, and bytes that are not UTF-8.
func randomText(rng *rand.Rand, n int) string {
	pool := []string{"a", "Z", "q", "É", "é", "ß", "İ", "K", "ſ", "名", " ", "\t", "\n", "\v", "\f", "\r", "\u00a0", "\u2003", "\u0085",
		"-", "–", "—", "’", "'", ".", "_", "+", "@", "(", ",", "/", ":", "www.", "|", ";", "\xe2", "\x80", "\x93", "\x94", "\xff", "7"}
	var b strings.Builder
	for range rng.IntN(n) {
		b.WriteString(pool[rng.IntN(len(pool))])
	}
	return b.String()
}

// TestFastPathsMatchTheLibrary: the helpers that replace a library call on
// the classifier's hot path give its answer on random text, broken UTF-8
// included.
func TestFastPathsMatchTheLibrary(t *testing.T) {
	rng := rand.New(rand.NewPCG(31, 7))
	set := map[string]struct{}{}
	for _, w := range []string{"with", "mit", "dr", "cafe", "strasse", "é", "名"} {
		set[textfold.Fold(w)] = struct{}{}
	}
	for range 50000 {
		s := randomText(rng, 24)
		if got, want := fields(s, nil), strings.Fields(s); !slices.Equal(got, want) {
			t.Fatalf("fields(%q) = %q; want %q", s, got, want)
		}
		if got, want := nameRunes(s), !strings.ContainsFunc(s, func(r rune) bool {
			return !isWordRune(r) && !strings.ContainsRune(" ,.-'’", r)
		}); got != want {
			t.Fatalf("nameRunes(%q) = %v; want %v", s, got, want)
		}
		if got, want := lastDash(s), strings.LastIndexAny(s, "–—-"); got != want {
			t.Fatalf("lastDash(%q) = %d; want %d", s, got, want)
		}
		for _, seps := range []struct {
			set *byteSet
			f   func(rune) bool
		}{
			{&domainSeps, func(r rune) bool { return r == '.' || r == '-' }},
			{&mailboxSeps, func(r rune) bool { return r == '.' || r == '-' || r == '_' || r == '+' }},
		} {
			var got []string
			for part, rest := cutPart(s, seps.set); part != ""; part, rest = cutPart(rest, seps.set) {
				got = append(got, part)
			}
			if want := slices.Collect(strings.FieldsFuncSeq(s, seps.f)); !slices.Equal(got, want) {
				t.Fatalf("cutPart over %q = %q; want %q", s, got, want)
			}
		}
		w := s
		if rng.IntN(2) == 0 { // often a word of the set, in some case
			keys := []string{"With", "MIT", "Dr", "CAFE", "strasse", "É", "名"}
			w = keys[rng.IntN(len(keys))]
		}
		_, want := set[textfold.Fold(w)]
		if got := inFolded(set, w); got != want {
			t.Fatalf("inFolded(%q) = %v; want %v", w, got, want)
		}
	}
}

// TestWordFilterKeepsEveryWord: the index's word filter never refuses a
// word the index holds, so the scan finds what a map look-up of every word
// would find; and it refuses most words it does not hold.
func TestWordFilterKeepsEveryWord(t *testing.T) {
	c := mustNew(t, testConfig())
	ix := c.index
	for k := range nTextKinds {
		for w := range ix.byKind[k] {
			if !ix.mayHave(textKind(k), w) {
				t.Fatalf("%s: the filter refuses %q, which the index holds", textKindNames[k], w)
			}
		}
	}
	rng := rand.New(rand.NewPCG(5, 9))
	refused, n := 0, 0
	for range 20000 {
		w := textfold.Fold(randomText(rng, 10))
		if _, held := ix.byKind[kSummary][w]; held || w == "" {
			continue
		}
		n++
		if !ix.mayHave(kSummary, w) {
			refused++
		}
	}
	if refused < n/2 {
		t.Errorf("the filter refuses %d of %d words the index does not hold; want most", refused, n)
	}
}

// TestBoxKeepsTheValue: a boxed mode or type is the string itself, and
// any other string is boxed as is.
func TestBoxKeepsTheValue(t *testing.T) {
	for _, s := range []string{"active", "passive", "meal", "remote", "event", "something else", ""} {
		if v, ok := box(s).(string); !ok || v != s {
			t.Errorf("box(%q) = %#v", s, box(s))
		}
	}
}

// TestLowerAllIsFold: the fields folded together into one buffer are each
// textfold.Fold of the field, whichever fields are ASCII, have capitals or
// are empty, and a pooled doc folds its next occurrence afresh.
//
// The place words are checked on the same occurrences.
func TestLowerAllIsFold(t *testing.T) {
	c := mustNew(t, testConfig())
	occs, _ := loadLabelled(t)
	rng := rand.New(rand.NewPCG(2, 3))
	ascii := func() string {
		b := make([]byte, rng.IntN(30))
		for i := range b {
			b[i] = "aZ Qx-9.M"[rng.IntN(9)]
		}
		return string(b)
	}
	for i := range 5000 {
		o := occs[i%len(occs)]
		if i >= len(occs) {
			gen := []func() string{ascii, func() string { return randomText(rng, 20) }, func() string { return "" }}
			o.Summary, o.Description = gen[rng.IntN(3)](), gen[rng.IntN(3)]()
			o.Location, o.URL = gen[rng.IntN(3)](), gen[rng.IntN(3)]()
		}
		d := c.docs.Get().(*doc)
		d.reset(c, &o)
		for k := range nTextKinds {
			if got, want := d.lowerText(textKind(k)), textfold.Fold(d.raw(textKind(k))); got != want {
				t.Fatalf("lowerText(%s of %q) = %q; want %q", textKindNames[k], d.raw(textKind(k)), got, want)
			}
		}
		// The place words taken from the scan's words when the location
		// holds no link are those cut from its fields.
		if got, want := d.placeWordsOf(), appendPlaceWords(textfold.Fold(o.Location), nil); !slices.Equal(got, want) {
			t.Fatalf("placeWordsOf(%q) = %q; want %q", o.Location, got, want)
		}
		c.docs.Put(d)
	}
}

// TestFoldLiteralIsTheRegexp: a "/.../" pattern that is only literal text
// matches, without the regexp machine, where the machine matches: case
// folded as it folds (the Kelvin sign is a k, ſ an s), on random text with
// broken UTF-8; a pattern with more than literals keeps the machine.
func TestFoldLiteralIsTheRegexp(t *testing.T) {
	for _, p := range []string{"a.b", "^event", "events?", "(?-i:Ev)ent"} {
		if literalOf("(?i)"+p) != nil {
			t.Errorf("literalOf(%q) is a literal; want nil", p)
		}
	}
	pats := []string{"event", "veranstaltung", "Straße", "k", "sk", "\u212a", "\u017f", "i", "\u0130", "名前", "é"}
	pool := []string{"e", "E", "v", "n", "t", "k", "K", "\u212a", "s", "S", "\u017f", "i", "I", "\u0130", "\u0131", "名", "前",
		"ß", "ẞ", "é", "É", "\xe2", "\x80", "\xff", " ", "/"}
	rng := rand.New(rand.NewPCG(8, 8))
	for _, p := range pats {
		lit := literalOf("(?i)" + p)
		if lit == nil {
			t.Fatalf("literalOf(%q) = nil; want a literal", p)
		}
		re := regexp.MustCompile("(?i)" + p)
		for range 20000 {
			var b strings.Builder
			for range rng.IntN(8) {
				b.WriteString(pool[rng.IntN(len(pool))])
			}
			s := b.String()
			if got, want := lit.match(s), re.MatchString(s); got != want {
				t.Fatalf("literal %q on %q = %v; regexp says %v", p, s, got, want)
			}
		}
	}
}
