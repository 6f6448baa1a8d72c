package classify

import (
	"fmt"
	"regexp"
	"regexp/syntax"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/netsyncd/netsyncd/internal/textfold"
)

// Text patterns come in three kinds, chosen by how they are written:
//
//   - "/.../": a regular expression, case-insensitive, on the original text.
//
// Words and literals are matched case- and accent-insensitively (see fold):
// "diner" matches "Dîner", "fruhstuck" matches "Frühstück".
//   - letters, digits, spaces, hyphens and apostrophes ("coffee with",
//     "all-hands"): a sequence of words. Text and pattern are both cut into
//     words at every other character, so "catch up" matches "Catch-up",
//     "CATCH UP" and "catch up!" but "board" never matches "dashboard".
//     These are looked up in one index per text field, so a pass over an
//     event costs one map lookup per word of its text, whatever the number of
//     rules.
//   - anything else ("#nonet", "[net]", "zoom.us", "1:1"): a literal,
//     case-insensitive substring that must not be glued to a letter or digit
//     on a side where the pattern itself starts or ends with one.

// textKind is a text field of an occurrence.
type textKind int

const (
	kSummary textKind = iota
	kDescription
	kLocation
	kURL
	nTextKinds
)

var textKindNames = [nTextKinds]string{"summary", "description", "location", "url"}

// seqRef is one pattern in the index, under its first word. A literal is
// indexed too, by the words it contains: it can only occur where those words
// follow each other, so the substring search runs only on such candidates.
type seqRef struct {
	id   int      // the textMatcher it belongs to
	rest []string // the words after the first
	why  string   // the reason when it matches: `"mixer" in summary`
	lit  string   // for a literal: lower case, to confirm with containsLiteral
}

// textMatcher tests one rule signal (summary, text, ...) against its fields.
type textMatcher struct {
	id       int
	kinds    []textKind
	literals []string // lower case
	res      []*regexp.Regexp
	resSrc   []string
	resEmpty []bool         // whether res[i] matches empty text: else it is not run on an empty field
	resLit   []*foldLiteral // res[i] when it is only literal text ("/event/"), else nil
}

// textIndex holds the word-sequence patterns of every rule, per text field.
// Patterns in a script written without spaces between words (Japanese,
// Chinese) cannot be cut into words; they are kept apart and searched as
// substrings, in the fields that hold such a script.
type textIndex struct {
	byKind [nTextKinds]map[string][]seqRef
	// maybe holds a bit for every word byKind has, by wordBit: a word
	// whose bit is clear is in no pattern, and most words of a text are
	// refused without hashing them for the map.
	maybe [nTextKinds]*[wordBits / 64]uint64
	cjk   [nTextKinds][]seqRef
	n     int // number of matchers
}

// wordBits is the size of the index's word filter: some thousand words
// set a few percent of its bits.
const wordBits = 1 << 16

// wordBit is w's bit in the word filter: from its length and three of its
// bytes, so it costs no pass over the word.
func wordBit(w string) uint32 {
	n := uint32(len(w))
	if n == 0 {
		return 0
	}
	h := n*0x9E37 ^ uint32(w[0])<<7 ^ uint32(w[n-1])<<3 ^ uint32(w[n/2])*0x2F
	return h & (wordBits - 1)
}

// add indexes ref under its first word in field k.
func (ix *textIndex) add(k textKind, first string, ref seqRef) {
	ix.byKind[k][first] = append(ix.byKind[k][first], ref)
	b := wordBit(first)
	ix.maybe[k][b/64] |= 1 << (b % 64)
}

// knows reports whether w is the first word of a pattern of field k.
func (ix *textIndex) knows(k textKind, w string) bool {
	if !ix.mayHave(k, w) {
		return false
	}
	_, ok := ix.byKind[k][w]
	return ok
}

// mayHave reports whether w may be a first word of field k's patterns:
// false means surely not.
func (ix *textIndex) mayHave(k textKind, w string) bool {
	b := wordBit(w)
	return ix.maybe[k][b/64]&(1<<(b%64)) != 0
}

func newTextIndex() *textIndex {
	ix := &textIndex{}
	for k := range ix.byKind {
		ix.byKind[k] = map[string][]seqRef{}
		ix.maybe[k] = new([wordBits / 64]uint64)
	}
	return ix
}

// compile registers patterns for the given fields and returns their matcher.
// key names the config key in errors ("match.summary").
func (ix *textIndex) compile(key string, patterns []string, kinds ...textKind) (*textMatcher, error) {
	m := &textMatcher{id: ix.n, kinds: kinds}
	ix.n++
	for i, p := range patterns {
		switch {
		case len(p) >= 2 && p[0] == '/' && p[len(p)-1] == '/':
			re, err := regexp.Compile("(?i)" + p[1:len(p)-1])
			if err != nil {
				return nil, fmt.Errorf("%s[%d]: %q is not a valid regular expression: %w", key, i, p, err)
			}
			m.res, m.resSrc = append(m.res, re), append(m.resSrc, p)
			m.resEmpty = append(m.resEmpty, re.MatchString(""))
			m.resLit = append(m.resLit, literalOf("(?i)"+p[1:len(p)-1]))
		case hasCJK(p):
			lit := textfold.Fold(strings.TrimSpace(p))
			for _, k := range kinds {
				ix.cjk[k] = append(ix.cjk[k], seqRef{id: m.id, why: found(lit, k), lit: lit})
			}
		case isWordPattern(p):
			words := tokens(textfold.Fold(p), nil)
			if len(words) == 0 {
				return nil, fmt.Errorf("%s[%d]: %q has no words to match: write a word, a phrase or a /regular expression/", key, i, p)
			}
			for _, k := range kinds {
				ix.add(k, words[0], seqRef{id: m.id, rest: words[1:], why: found(p, k)})
			}
		default:
			lit := textfold.Fold(strings.TrimSpace(p))
			words := tokens(lit, nil)
			if len(words) == 0 {
				m.literals = append(m.literals, lit) // only punctuation: searched as is
				continue
			}
			for _, k := range kinds {
				ix.add(k, words[0], seqRef{id: m.id, rest: words[1:], why: found(lit, k), lit: lit})
			}
		}
	}
	return m, nil
}

// found is the reason a pattern gives when it matches in field k, made once
// in New so that Classify does not build it.
func found(pat string, k textKind) string { return `"` + pat + `" in ` + textKindNames[k] }

// isWordPattern reports whether p is made only of word characters, spaces,
// hyphens and apostrophes, so it can be matched word by word.
func isWordPattern(p string) bool {
	for _, r := range p {
		if !isWordRune(r) && r != ' ' && r != '-' && r != '\'' && r != '’' {
			return false
		}
	}
	return true
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// hasCJK reports whether s holds Han, Hiragana or Katakana, the scripts
// written without spaces between words, or Hangul, whose words carry their
// particles glued on ("송년의", "동문회에서"): all are matched as substrings. Text without bytes of U+3000 and
// above (most calendar text) is refused at one byte comparison a byte.
func hasCJK(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0xE3 {
			continue
		}
		r, _ := utf8.DecodeRuneInString(s[i:])
		if unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul) {
			return true
		}
	}
	return false
}

// tokens appends the words of s (already lower case) to dst: its runs of
// letters and digits (textfold.Words). The words are substrings of s: no
// copy is made.
func tokens(s string, dst []string) []string { return textfold.Words(s, dst) }

// containsLiteral reports whether lit occurs in s (both lower case) without
// being glued to a word character where lit itself starts or ends with one.
func containsLiteral(s, lit string) bool {
	if lit == "" {
		return false
	}
	first, _ := utf8.DecodeRuneInString(lit)
	last, _ := utf8.DecodeLastRuneInString(lit)
	for from := 0; from <= len(s)-len(lit); {
		i := strings.Index(s[from:], lit)
		if i < 0 {
			return false
		}
		i += from
		before, _ := utf8.DecodeLastRuneInString(s[:i])
		after, _ := utf8.DecodeRuneInString(s[i+len(lit):])
		okBefore := i == 0 || !isWordRune(first) || !isWordRune(before)
		okAfter := i+len(lit) == len(s) || !isWordRune(last) || !isWordRune(after)
		if okBefore && okAfter {
			return true
		}
		from = i + 1
	}
	return false
}

// fields appends the words of s cut at white space to dst, as
// strings.Fields cuts them; with a buffer on the caller's stack a summary
// costs no allocation.
func fields(s string, dst []string) []string {
	start := -1
	for i, r := range s {
		space := false
		if r < utf8.RuneSelf {
			space = asciiSpace[r]
		} else {
			space = unicode.IsSpace(r)
		}
		if !space {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			dst = append(dst, s[start:i])
			start = -1
		}
	}
	if start >= 0 {
		dst = append(dst, s[start:])
	}
	return dst
}

var asciiSpace = [utf8.RuneSelf]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}

// inFolded reports whether textfold.Fold(w) is in set. An ASCII word is
// lowered on the stack: Fold of ASCII text is its lower case, and the
// look-up of a converted byte slice does not allocate.
func inFolded(set map[string]struct{}, w string) bool {
	if len(w) <= 64 && isASCII(w) {
		var buf [64]byte
		b := buf[:len(w)]
		for i := 0; i < len(w); i++ {
			c := w[i]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			b[i] = c
		}
		_, ok := set[string(b)]
		return ok
	}
	_, ok := set[textfold.Fold(w)]
	return ok
}

// byteSet is a set of ASCII bytes that cut a domain or an address's local
// part.
type byteSet [256]bool

var (
	domainSeps  = byteSet{'.': true, '-': true}
	mailboxSeps = byteSet{'.': true, '-': true, '_': true, '+': true}
)

// cutPart returns the first non-empty part of s cut at the bytes of seps,
// and what follows it; part is "" when none is left. The parts are those
// strings.FieldsFuncSeq yields for the same separators (ASCII bytes are
// never inside a longer UTF-8 sequence), without a call per rune.
func cutPart(s string, seps *byteSet) (part, rest string) {
	i := 0
	for i < len(s) && seps[s[i]] {
		i++
	}
	j := i
	for j < len(s) && !seps[s[j]] {
		j++
	}
	return s[i:j], s[j:]
}

// foldLiteral is a regular expression that is only literal text
// (`(?i)event`, which "/event/" is), matched without the regexp machine as
// the machine would match it: tried at each rune of the text, each of its
// runes matching a rune of the text equal to it or, case-insensitively, in
// its simple-fold orbit (unicode.SimpleFold).
type foldLiteral struct {
	runes []rune
	fold  bool
}

// literalOf is expr as a foldLiteral, nil when it is more than literal
// text.
func literalOf(expr string) *foldLiteral {
	re, err := syntax.Parse(expr, syntax.Perl)
	if err != nil {
		return nil
	}
	if re = re.Simplify(); re.Op != syntax.OpLiteral || len(re.Rune) == 0 {
		return nil
	}
	return &foldLiteral{runes: re.Rune, fold: re.Flags&syntax.FoldCase != 0}
}

// match is regexp.MatchString of the literal's expression.
func (l *foldLiteral) match(s string) bool {
	for i := 0; i < len(s); {
		if l.at(s[i:]) {
			return true
		}
		_, w := utf8.DecodeRuneInString(s[i:])
		i += w
	}
	return false
}

// at reports whether s starts with the literal.
func (l *foldLiteral) at(s string) bool {
	for _, lr := range l.runes {
		if s == "" {
			return false
		}
		r, w := utf8.DecodeRuneInString(s)
		if r != lr && (!l.fold || !sameFold(r, lr)) {
			return false
		}
		s = s[w:]
	}
	return true
}

// sameFold reports whether r is in lr's simple-fold orbit.
func sameFold(r, lr rune) bool {
	for f := unicode.SimpleFold(lr); f != lr; f = unicode.SimpleFold(f) {
		if f == r {
			return true
		}
	}
	return false
}
