package people

import (
	"strings"
	"unicode"
)

// folds maps the accented Latin letters of European names to their plain
// forms, so that "João", "Joao" and "JOÃO" are one key. Letters not listed
// are kept as they are.
var folds = map[rune]string{
	'à': "a", 'á': "a", 'â': "a", 'ã': "a", 'ä': "a", 'å': "a", 'ā': "a", 'ą': "a", 'ă': "a",
	'æ': "ae", 'ç': "c", 'č': "c", 'ć': "c", 'ď': "d", 'đ': "d", 'ð': "d",
	'è': "e", 'é': "e", 'ê': "e", 'ë': "e", 'ē': "e", 'ę': "e", 'ě': "e",
	'ğ': "g", 'ì': "i", 'í': "i", 'î': "i", 'ï': "i", 'ī': "i", 'ı': "i",
	'ł': "l", 'ľ': "l", 'ĺ': "l", 'ñ': "n", 'ň': "n", 'ń': "n",
	'ò': "o", 'ó': "o", 'ô': "o", 'õ': "o", 'ö': "o", 'ø': "o", 'ō': "o", 'ő': "o",
	'œ': "oe", 'ř': "r", 'ŕ': "r", 'ś': "s", 'š': "s", 'ş': "s", 'ș': "s", 'ß': "ss",
	'ť': "t", 'ț': "t", 'þ': "th", 'ù': "u", 'ú': "u", 'û': "u", 'ü': "u", 'ū': "u", 'ű': "u", 'ů': "u",
	'ý': "y", 'ÿ': "y", 'ž': "z", 'ź': "z", 'ż': "z", '’': "'", '‘': "'",
}

// fold lower-cases s and strips the accents of Latin letters.
func fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		r = unicode.ToLower(r)
		if f, ok := folds[r]; ok {
			b.WriteString(f)
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// NormName is the key form of a name: honorifics dropped, lower case,
// accents stripped, single spaces. "Dr. Anne-Sophie de la Tour" and
// "anne-sophie DE LA TOUR" are both "anne-sophie de la tour".
func NormName(name string) string {
	words := strings.Fields(name)
	for len(words) > 1 && isHonorific(words[0]) {
		words = words[1:]
	}
	return fold(strings.Join(words, " "))
}
