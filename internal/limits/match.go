package limits

import (
	"strings"
	"unicode"

	"github.com/netsyncd/netsyncd/internal/textfold"
)

// phrase is a lower-case phrase matched as whole words: "5th ave" matches
// "12 5th Ave, New York" but "1 acme plaza" does not match "21 Acme Plaza".
type phrase string

func newPhrase(s string) phrase { return phrase(normalize(s)) }

// normalize lower-cases s, takes the accents off (so "Edificio Vertice"
// matches a blocked "Edifício Vértice"), and collapses runs of white space
// into one space.
func normalize(s string) string {
	return strings.Join(strings.Fields(textfold.Fold(s)), " ")
}

// in reports whether p occurs in text (already normalized) on word boundaries.
func (p phrase) in(text string) bool {
	if p == "" {
		return false
	}
	for from := 0; ; {
		i := strings.Index(text[from:], string(p))
		if i < 0 {
			// Written another way: with a comma, a hyphen or its words
			// glued ("Av. Diagonal, 640" for "diagonal 640").
			return textfold.ContainsPhrase(text, string(p))
		}
		i += from
		j := i + len(p)
		if boundary(text, i-1) && boundary(text, j) {
			return true
		}
		from = i + 1
	}
}

// boundary reports whether byte i of text is outside it or not part of a word.
func boundary(text string, i int) bool {
	if i < 0 || i >= len(text) {
		return true
	}
	r := rune(text[i])
	return r < 0x80 && !unicode.IsLetter(r) && !unicode.IsDigit(r)
}
