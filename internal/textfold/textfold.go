// Package textfold folds text for matching: lower case, and the accents
// taken off Latin letters, so that "Dîner", "DINER" and "diner" are one
// word, "Frühstück" is "fruhstuck" and "João" is "joao". The classifier's
// vocabulary and the people ledger's name keys both match through it, so a
// word and a name fold the same way everywhere.
package textfold

import (
	"strings"
	"unicode/utf8"
	"unsafe"

	"golang.org/x/text/unicode/norm"
)

// Fold lowers s and takes the accents off Latin letters, so that "Dîner",
// "DINER" and "diner" are one word, and "Frühstück" is "fruhstuck". German
// ß is "ss", æ "ae", œ "oe", ø "o". Other scripts are only lowered. ASCII
// text costs one strings.ToLower. Text is composed first (Unicode NFC), so
// a letter and its accent written as two code points, as macOS and some
// clients and keyboards write "Café" and "José", fold like the one.
func Fold(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return lowerASCII(s)
	}
	// Lowered, then composed: a lower-case letter may compose with a mark
	// its capital does not ("Ά" and U+0345 are two, "ᾴ" one).
	s = strings.ToLower(s)
	if !norm.NFC.IsNormalString(s) {
		s = norm.NFC.String(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	latin := false // the last letter written is a bare Latin one
	for _, r := range s {
		if r < utf8.RuneSelf {
			b.WriteByte(byte(r))
			latin = 'a' <= r && r <= 'z'
			continue
		}
		if f, ok := foldTable[r]; ok {
			b.WriteString(f)
			latin = true
			continue
		}
		if latin && isCombiningAccent(r) {
			// An accent NFC could not compose with its letter ("ı́", "é́"):
			// taken off too, or the folded text would compose and fold
			// again into something else ("í", then "i").
			continue
		}
		b.WriteRune(r)
		latin = false
	}
	return b.String()
}

// lowerASCII is strings.ToLower of ASCII text, s itself when it has no
// capital, else one allocation: the classifier folds every text field of
// every occurrence, and strings.ToLower writes its copy a byte at a call.
func lowerASCII(s string) string {
	i := 0
	for i < len(s) && (s[i] < 'A' || s[i] > 'Z') {
		i++
	}
	if i == len(s) {
		return s
	}
	b := make([]byte, len(s))
	copy(b, s[:i])
	for ; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b[i] = c
	}
	return unsafe.String(&b[0], len(b)) // b is not written again
}

// isCombiningAccent: the block of combining diacritical marks (U+0300 to
// U+036F), the accents Latin letters take.
func isCombiningAccent(r rune) bool { return 0x0300 <= r && r <= 0x036f }

// foldTable maps lower-case accented Latin letters (Latin-1 and Latin
// Extended-A, the letters of the languages netsyncd's vocabulary covers and
// their neighbours) to their bare letters. Typographic apostrophes become
// ASCII ones so "Parents’ night" is "parents' night".
var foldTable = func() map[rune]string {
	m := map[rune]string{
		'ß': "ss", 'æ': "ae", 'œ': "oe", 'ø': "o", 'đ': "d", 'ð': "d", 'þ': "th", 'ł': "l", 'ı': "i",
		'’': "'", '‘': "'", 'ʼ': "'",
	}
	groups := map[string]string{
		"a": "àáâãäåāăą", "c": "çćĉċč", "d": "ď", "e": "èéêëēĕėęě", "g": "ĝğġģ", "h": "ĥħ",
		"i": "ìíîïĩīĭįi̇", "j": "ĵ", "k": "ķ", "l": "ĺļľŀ", "n": "ñńņňŉ", "o": "òóôõöōŏő",
		"r": "ŕŗř", "s": "śŝşšș", "t": "ţťŧț", "u": "ùúûüũūŭůűų", "w": "ŵ", "y": "ýÿŷ", "z": "źżž",
	}
	for bare, accented := range groups {
		for _, r := range accented {
			if r >= utf8.RuneSelf {
				m[r] = bare
			}
		}
	}
	return m
}()
