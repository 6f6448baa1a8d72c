package classify

import (
	"fmt"
	"regexp"
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
}

// textIndex holds the word-sequence patterns of every rule, per text field.
// Patterns in a script written without spaces between words (Japanese,
// Chinese) cannot be cut into words; they are kept apart and searched as
// substrings, in the fields that hold such a script.
type textIndex struct {
	byKind [nTextKinds]map[string][]seqRef
	cjk    [nTextKinds][]seqRef
	n      int // number of matchers
}

func newTextIndex() *textIndex {
	ix := &textIndex{}
	for k := range ix.byKind {
		ix.byKind[k] = map[string][]seqRef{}
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
				ix.byKind[k][words[0]] = append(ix.byKind[k][words[0]], seqRef{id: m.id, rest: words[1:], why: found(p, k)})
			}
		default:
			lit := textfold.Fold(strings.TrimSpace(p))
			words := tokens(lit, nil)
			if len(words) == 0 {
				m.literals = append(m.literals, lit) // only punctuation: searched as is
				continue
			}
			for _, k := range kinds {
				ix.byKind[k][words[0]] = append(ix.byKind[k][words[0]], seqRef{id: m.id, rest: words[1:], why: found(lit, k), lit: lit})
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
