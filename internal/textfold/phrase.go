package textfold

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Words appends the words of s to dst: its runs of letters and digits, cut
// at every other character (spaces, commas, dots, hyphens, slashes). The
// words are substrings of s: no copy is made.
func Words(s string, dst []string) []string {
	start := -1
	for i := 0; i < len(s); {
		// ASCII fast path: most calendar text is ASCII, read a byte at a
		// time; other text is decoded rune by rune, as range would.
		word, size := false, 1
		if b := s[i]; b < utf8.RuneSelf {
			word = asciiWord[b]
		} else {
			var r rune
			r, size = utf8.DecodeRuneInString(s[i:])
			word = unicode.IsLetter(r) || unicode.IsDigit(r)
		}
		if word {
			if start < 0 {
				start = i
			}
		} else if start >= 0 {
			dst = append(dst, s[start:i])
			start = -1
		}
		i += size
	}
	if start >= 0 {
		dst = append(dst, s[start:])
	}
	return dst
}

// asciiWord marks the ASCII letters and digits.
var asciiWord = func() (t [utf8.RuneSelf]bool) {
	for b := range utf8.RuneSelf {
		t[b] = 'a' <= b && b <= 'z' || '0' <= b && b <= '9' || 'A' <= b && b <= 'Z'
	}
	return t
}()

// WordsIn reports whether the words of a phrase follow each other in the
// words of a text (both folded, both cut by Words), where a word may be
// written glued to the next or cut in two: the two are compared without
// the breaks between their words, and a match starts at the start of a
// text word and ends at the end of one. So "diagonal 640" is in
// "Av. Diagonal, 640 – Auditori", "mythenquai 36" in "MYTHEN-QUAI 36",
// "rene-levesque" in "1250 René Lévesque O.", but "1 acme plaza" is not in
// "21 Acme Plaza" nor "diagonal 64" in "Diagonal 640".
func WordsIn(text, phrase []string) bool {
	if len(phrase) == 0 {
		return false
	}
	for i := range text {
		if streamAt(text[i:], phrase) {
			return true
		}
	}
	return false
}

// streamAt reports whether the letters of phrase are the letters of the
// first words of text, ending at a word's end.
func streamAt(text, phrase []string) bool {
	ti, to := 0, 0 // text word and offset in it
	for _, p := range phrase {
		for po := 0; po < len(p); {
			if ti == len(text) {
				return false
			}
			w := text[ti]
			n := min(len(w)-to, len(p)-po)
			if w[to:to+n] != p[po:po+n] {
				return false
			}
			to, po = to+n, po+n
			if to == len(w) {
				ti, to = ti+1, 0
			}
		}
	}
	return to == 0
}

// ContainsPhrase reports whether phrase occurs in text, both folded (see
// Fold), word by word as WordsIn says. A phrase in a script written
// without spaces (Japanese, Chinese) is looked for as a substring.
func ContainsPhrase(text, phrase string) bool {
	if phrase == "" {
		return false
	}
	if noSpaces(phrase) {
		return strings.Contains(text, strings.TrimSpace(phrase))
	}
	var tb, pb [32]string
	tw, pw := Words(text, tb[:0]), Words(phrase, pb[:0])
	if WordsIn(tw, pw) {
		return true
	}
	// Written short or long: "7 Semple St" for "7 Semple Street".
	if HasAddressWord(pw) {
		short := ShortWords(tw, nil)
		if WordsIn(short, ShortWords(pw, nil)) {
			return true
		}
		if turned := Turned(pw); turned != nil && WordsIn(short, ShortWords(turned, turned)) {
			return true
		}
	}
	if turned := Turned(pw); turned != nil && WordsIn(tw, turned) {
		return true // the house number on the other side
	}
	if WordsNear(tw, pw) {
		return true
	}
	if ini := Initials(pw); ini != nil && WordsIn(tw, ini) {
		return true // "HTC 27" for "High Tech Campus 27"
	}
	// In the city's other language, or without its articles: "Av. Corts
	// Valencianes, 58" for "Avenida de las Cortes Valencianas 58".
	return HasAddressWord(pw) && WordsNear(Bare(ShortWords(tw, nil)), Bare(ShortWords(pw, nil)))
}

// Initials is a place of three words or more written as their initials,
// its number kept ("high tech campus 27" as "htc 27"), nil for a shorter
// name: people write a campus, a tower or a building by its initials.
func Initials(ws []string) []string {
	var ini []byte
	var lead, trail []string
	for i, w := range ws {
		switch {
		case isNumber(w) && len(ini) == 0:
			lead = append(lead, w)
		case isNumber(w):
			trail = append(trail, ws[i:]...)
		case addressArticles[w]:
			continue
		default:
			if len(trail) > 0 {
				return nil // a number inside the name
			}
			ini = append(ini, w[0])
			continue
		}
		if len(trail) > 0 {
			break
		}
	}
	if len(ini) < 3 {
		return nil
	}
	return append(append(lead, string(ini)), trail...)
}

// Bare drops the articles and prepositions of addresses from ws, in place
// ("avenida de las cortes valencianas 58" is "avenida cortes valencianas
// 58"): a street named in a bilingual city's other language, or written
// without them, is the same street.
func Bare(ws []string) []string {
	out := ws[:0]
	for _, w := range ws {
		if !addressArticles[w] {
			out = append(out, w)
		}
	}
	return out
}

// addressArticles are the articles and prepositions inside street names in
// the languages netsyncd's vocabulary covers.
var addressArticles = map[string]bool{
	"de": true, "del": true, "dels": true, "la": true, "las": true, "los": true, "les": true, "el": true,
	"els": true, "di": true, "della": true, "delle": true, "dei": true, "du": true, "des": true, "da": true,
	"do": true, "dos": true, "das": true, "der": true, "van": true, "den": true, "of": true, "the": true,
	"d": true, "l": true, "y": true, "i": true,
}

// WordsNear reports whether the words of phrase follow each other in text
// (both folded, cut by Words), each the same word or, for words of six
// letters or more, one letter off (one added, dropped or changed): a blocked
// "Savanna Place" is in "Savannah Place lobby". The glued and cut forms are
// WordsIn's.
func WordsNear(text, phrase []string) bool {
	if len(phrase) == 0 || len(phrase) > len(text) {
		return false
	}
	for i := 0; i+len(phrase) <= len(text); i++ {
		ok := true
		for j, p := range phrase {
			if t := text[i+j]; t != p && (len(p) < 6 || !oneOff(t, p)) {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// oneOff reports whether a and b differ by one byte added, dropped or
// changed.
func oneOff(a, b string) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	if len(b)-len(a) > 1 {
		return false
	}
	i := 0
	for i < len(a) && a[i] == b[i] {
		i++
	}
	if len(a) == len(b) {
		return a[i+1:] == b[i+1:]
	}
	return a[i:] == b[i+1:]
}

// HasAddressWord reports whether one of ws (folded) is a word of addresses
// that is often written short or long ("street", "st", "avenida", a
// German or Dutch street's compound "Friedrichstraße"), or a number's
// marker ("No.", "nº").
func HasAddressWord(ws []string) bool {
	for i, w := range ws {
		if _, ok := addressShort[w]; ok {
			return true
		}
		if _, ok := addressPairs[w]; ok && i+1 < len(ws) {
			return true
		}
		if compoundShort(w) != "" || numberMark(ws, i) {
			return true
		}
		for _, a := range addressShort {
			if w == a {
				return true
			}
		}
	}
	return false
}

// Short is the short form of a word of addresses ("street" is "st",
// "theresienstrasse" "theresienstr"), or the word itself.
func Short(w string) string {
	if a, ok := addressShort[w]; ok {
		return a
	}
	if a := compoundShort(w); a != "" {
		return a
	}
	return w
}

// ShortWords appends ws to dst[:0] with every word of addresses in its short
// form ("street" as "st", "P.zza" as "pza"), and without the marks before a
// house number ("Cra 7 No. 71-52" is "cra 7 71 52"); dst may be ws itself.
func ShortWords(ws, dst []string) []string {
	dst = dst[:0]
	for i := 0; i < len(ws); i++ {
		w := ws[i]
		if numberMark(ws, i) {
			continue
		}
		if i+1 < len(ws) {
			if a, ok := addressPairs[w][ws[i+1]]; ok {
				dst = append(dst, a) // "p" "zza", cut at its dot
				i++
				continue
			}
		}
		dst = append(dst, Short(w))
	}
	return dst
}

// Turned is the words of an address with its house number moved to the
// other end ("quai du mont blanc 17" as "17 quai du mont blanc"): French,
// English and American addresses write it first, German, Italian, Spanish
// and Dutch ones last, and people write either. Nil when neither end is a
// number.
func Turned(ws []string) []string {
	n := len(ws)
	if n < 2 {
		return nil
	}
	switch {
	case isNumber(ws[n-1]) && !isNumber(ws[0]):
		return append([]string{ws[n-1]}, ws[:n-1]...)
	case isNumber(ws[0]) && !isNumber(ws[n-1]):
		return append(append([]string(nil), ws[1:]...), ws[0])
	}
	return nil
}

// isNumber reports whether w is a house number: it starts with a digit
// ("17", "69a").
func isNumber(w string) bool { return w != "" && w[0] >= '0' && w[0] <= '9' }

// numberMark reports whether ws[i] is a mark before a house number ("no",
// "nr", "nº", "num"): a number follows it.
func numberMark(ws []string, i int) bool {
	if i+1 >= len(ws) || !isNumber(ws[i+1]) {
		return false
	}
	switch ws[i] {
	case "no", "nr", "n", "nº", "num", "numero", "nro", "nos":
		return true
	}
	return false
}

// compoundShort is the short form of a street's or a square's compound
// ("theresienstrasse" as "theresienstr", "kalverstraat" as "kalverstr",
// "marienplatz" as "marienpl", the Flemish "kortrijksesteenweg" as
// "kortrijksestwg"), "" when w is none.
func compoundShort(w string) string {
	for _, c := range [...]struct{ long, short string }{{"strasse", "str"}, {"straat", "str"}, {"platz", "pl"}, {"steenweg", "stwg"}} {
		if len(w) > len(c.long)+2 && strings.HasSuffix(w, c.long) {
			return w[:len(w)-len(c.long)] + c.short
		}
	}
	return ""
}

// addressShort maps the words of addresses (folded) to their usual short
// forms, so that a blocked "7 Semple Street" is found in "7 Semple St",
// "Avenida Diagonal 640" in "Av. Diagonal 640" and "Carrera 7" in "Cra 7".
var addressShort = map[string]string{
	"street": "st", "saint": "st", "road": "rd", "avenue": "av", "ave": "av", "avenida": "av", "avda": "av",
	"boulevard": "bd", "blvd": "bd", "bld": "bd", "boul": "bd", "place": "pl", "platz": "pl", "square": "sq", "drive": "dr",
	"lane": "ln", "strasse": "str", "straat": "str", "plaza": "pza", "piazza": "pza", "calle": "c", "carrer": "c",
	"cl": "c", "cll": "c", "carrera": "cra", "kra": "cra", "kr": "cra", "cr": "cra", "diagonal": "dg",
	"transversal": "tv", "travessa": "tv", "praca": "pca", "viale": "vle", "corso": "cso", "largo": "lgo",
	"palazzo": "pzo", "chemin": "ch", "route": "rte",
	"rua": "r", "rue": "r", "building": "bldg", "gebaude": "geb", "edificio": "ed", "edif": "ed", "predio": "ed",
	"floor": "fl", "circle": "cir", "circ": "cir", "von": "v", "fratelli": "flli",
	"prinses": "pr", "prins": "pr", "steenweg": "stwg",
	"north": "n", "south": "s", "east": "e", "west": "w", "nord": "n", "sud": "s", "ouest": "o", "norte": "n",
	"oeste": "o", "ovest": "o",
}

// addressPairs are the short forms Italian writes with a dot inside, which
// Words cuts in two: "P.zza", "V.le", "C.so", "P.zzo", "L.go", "F.lli".
var addressPairs = map[string]map[string]string{
	"p": {"za": "pza", "zza": "pza", "zzo": "pzo", "zo": "pzo"},
	"v": {"le": "vle"},
	"c": {"so": "cso"},
	"l": {"go": "lgo"},
	"f": {"lli": "flli"},
}

// noSpaces reports whether s holds Han, Hiragana or Katakana: words there
// are not cut by spaces.
func noSpaces(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0xE3 {
			continue
		}
		r, _ := utf8.DecodeRuneInString(s[i:])
		if unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana) {
			return true
		}
	}
	return false
}
