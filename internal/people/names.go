package people

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/netsyncd/netsyncd/internal/textfold"
)

// dropFormat is strings.Map's drop of Unicode format characters (Cf).
func dropFormat(r rune) rune {
	if r >= 0xad && unicode.Is(unicode.Cf, r) {
		return -1
	}
	return r
}

// Name is a person named in an event's summary.
type Name struct {
	Display      string // as written, honorifics kept: "Dr. Dana Whitfield"
	Key          string // NormName of Display: "dana whitfield"
	Organization string // from "(Lazard)", ", Lazard" or "of Lazard"; "" if none
}

// ParseNames reads the people a summary names: "Coffee w/ Dana Whitfield
// (Lazard)", "Lunch - Marcus Bell", "Drinks with Jordan Lee & Sam Ortiz",
// "1:1 Priya / Jane", "Kaffee mit Anna Huber", "Marcus Bell - lunch".
//
// A summary names people only in one of these shapes: an activity, a
// connector ("with", "w/", "mit", "avec", "con", "met", "com") and names;
// an activity, a dash or a colon, and names; names, a dash, an activity;
// or a 1:1 marker and names. Everything else ("Board prep", "CFO Mixer:
// Finance Leaders NYC", "Team lunch") names no one. A name is one to five
// capitalised words (particles like "de la" and "van der" inside it);
// a piece holding a company, a group or a place word is not a name.
func ParseNames(summary string) []Name {
	s := clean(summary)
	part, lg, ok := namesPart(s)
	if !ok {
		return nil
	}
	return splitNames(part, lg)
}

var (
	evenOut  = strings.NewReplacer("–", " - ", "—", " - ", "\u00a0", " ", "＆", "&")
	spaceOut = strings.NewReplacer("/", " / ", "&", " & ", "+", " + ", "<>", " <> ", ",", " , ")
)

// clean drops what a calendar app or a forwarder put around the summary
// ("Tentative: ", "[Updated] ") and evens out dashes and spaces. The text
// is composed (NFC) and its format characters dropped first: an accent
// written as a letter and a combining mark ("Jose\u0301") made its word
// no name, and so did a zero-width space, a left-to-right mark or a bidi
// embedding that copying a name from a web page or a chat leaves beside
// it ("Coffee with Priya Raman\u200e").
func clean(s string) string {
	if !norm.NFC.IsNormalString(s) {
		s = norm.NFC.String(s)
	}
	s = strings.Map(dropFormat, s)
	s = evenOut.Replace(s)
	s = strings.Join(strings.Fields(s), " ")
	for {
		l := textfold.Fold(s)
		switch {
		case strings.HasPrefix(l, "[") && strings.Contains(l, "]"):
			s = strings.TrimSpace(s[strings.IndexByte(s, ']')+1:])
			continue
		}
		cut := false
		for _, p := range []string{"tentative:", "updated:", "invitation:", "updated invitation:", "fw:", "fwd:", "accepted:", "tbc:", "hold:", "moved:"} {
			if strings.HasPrefix(l, p) {
				s, cut = strings.TrimSpace(s[len(p):]), true
				break
			}
		}
		if !cut {
			return s
		}
	}
}

// namesPart finds the part of s that holds the names, and its language.
func namesPart(s string) (string, lang, bool) {
	words := strings.Fields(s)
	if rest, ok := afterOneOnOne(words); ok {
		return rest, anyLang, true
	}
	for i := 1; i < len(words) && i <= 5; i++ {
		w := textfold.Fold(words[i])
		if strings.HasPrefix(w, "w/") && len(w) > 2 { // "Coffee w/Dana"
			if leadHasActivity(words[:i]) {
				return words[i][2:] + " " + strings.Join(words[i+1:], " "), english, true
			}
			continue
		}
		if lg, ok := connectors[w]; ok && i+1 < len(words) && leadHasActivity(words[:i]) {
			return strings.Join(words[i+1:], " "), lg, true
		}
	}
	if lead, rest, ok := cutSeparator(s); ok {
		if allActivity(strings.Fields(lead)) {
			return rest, anyLang, true
		}
		if allActivity(strings.Fields(rest)) {
			return lead, anyLang, true
		}
	}
	return "", lang{}, false
}

// afterOneOnOne reads "1:1 Priya / Jane", "1:1 with Priya", "One-on-one: Sam".
func afterOneOnOne(words []string) (string, bool) {
	n := 0
	switch l := textfold.Fold(strings.Join(words, " ")); {
	case hasWordPrefix(l, "one on one"):
		n = 3
	case hasWordPrefix(l, "one-on-one"), hasWordPrefix(l, "1:1"), hasWordPrefix(l, "1-1"),
		hasWordPrefix(l, "1on1"), hasWordPrefix(l, "1-on-1"), hasWordPrefix(l, "1:1:"):
		n = 1
	default:
		return "", false
	}
	rest := words[n:]
	for len(rest) > 0 {
		w := textfold.Fold(rest[0])
		if _, ok := connectors[w]; !ok && w != "-" && w != ":" && w != "|" {
			break
		}
		rest = rest[1:]
	}
	if len(rest) == 0 {
		return "", false
	}
	return strings.Join(rest, " "), true
}

func hasWordPrefix(s, p string) bool {
	return s == p || strings.HasPrefix(s, p+" ") || strings.HasPrefix(s, p+":")
}

// cutSeparator splits "Lunch - Marcus Bell" or "Coffee: Dana" at the first
// dash, bar or colon (not the colon of "1:1" or of a time).
func cutSeparator(s string) (string, string, bool) {
	best := -1
	size := 0
	for _, sep := range []string{" - ", " | ", ": "} {
		if i := strings.Index(s, sep); i > 0 && (best < 0 || i < best) {
			best, size = i, len(sep)
		}
	}
	if best < 0 {
		return "", "", false
	}
	return strings.TrimSpace(s[:best]), strings.TrimSpace(s[best+size:]), true
}

func leadHasActivity(words []string) bool {
	if len(words) == 0 || len(words) > 5 {
		return false
	}
	for _, w := range words {
		if activities[trimWord(w)] {
			return true
		}
	}
	return false
}

// allActivity: every word is an activity or a filler, and one is an activity.
func allActivity(words []string) bool {
	if len(words) == 0 || len(words) > 4 {
		return false
	}
	seen := false
	for _, w := range words {
		t := trimWord(w)
		switch {
		case activities[t]:
			seen = true
		case fillers[t]:
		default:
			return false
		}
	}
	return seen
}

// trimWord folds w and drops the punctuation around it, keeping "1:1".
func trimWord(w string) string {
	return strings.Trim(textfold.Fold(w), ",.;!?\"'()[]")
}

// splitNames cuts the names part at places and topics, then into one piece
// per person, and keeps the pieces that are names.
func splitNames(part string, lg lang) []Name {
	pieces := splitPieces(endNames(part, lg), lg)
	var out []Name
	for _, p := range pieces {
		// "Dana Whitfield, Lazard": one word after a full name is the
		// name's organisation, not a second person.
		if p.comma && len(out) > 0 && !strings.Contains(p.text, " ") && strings.Contains(out[len(out)-1].Display, " ") {
			if last := &out[len(out)-1]; last.Organization == "" {
				last.Organization = p.text
			}
			continue
		}
		if n, ok := readName(p.text); ok {
			out = append(out, n)
		}
	}
	return dedupe(out)
}

// endNames cuts part where a place ("at the Ritz", "@ Blue Bottle"), a topic
// ("about the CFO role") or a remark (" - follow up") starts.
func endNames(part string, lg lang) string {
	if i := strings.IndexAny(part, "@:|"); i >= 0 {
		part = part[:i]
	}
	if i := strings.Index(part, " - "); i >= 0 {
		part = part[:i]
	}
	words := strings.Fields(part)
	depth := 0
	for i, w := range words {
		depth += strings.Count(w, "(") - strings.Count(w, ")")
		if depth > 0 || i == 0 {
			continue
		}
		if t := trimWord(w); lg.at[t] || stops[t] {
			return strings.Join(words[:i], " ")
		}
	}
	return part
}

type piece struct {
	text  string
	comma bool // it followed a comma
}

// splitPieces splits at "&", "+", "/", ",", "<>" and the language's "and",
// never inside parentheses.
func splitPieces(part string, lg lang) []piece {
	var out []piece
	var cur []string
	comma := false
	flush := func(nextComma bool) {
		if len(cur) > 0 {
			out = append(out, piece{text: strings.Join(cur, " "), comma: comma})
		}
		cur, comma = nil, nextComma
	}
	depth := 0
	for _, w := range strings.Fields(spaceOut.Replace(part)) {
		if depth == 0 {
			switch {
			case w == "/" || w == "&" || w == "+" || w == "<>" || lg.and[textfold.Fold(w)]:
				flush(false)
				continue
			case w == ",":
				flush(true)
				continue
			}
		}
		depth += strings.Count(w, "(") - strings.Count(w, ")")
		cur = append(cur, w)
	}
	flush(false)
	return out
}

// readName reads one piece as a name, with its parenthesised organisation
// and "of Lazard".
func readName(p string) (Name, bool) {
	var n Name
	if i := strings.IndexByte(p, '('); i >= 0 {
		inner := p[i+1:]
		if j := strings.IndexByte(inner, ')'); j >= 0 {
			inner = inner[:j]
		}
		if inner = strings.TrimSpace(inner); inner != "" && !asides[textfold.Fold(inner)] {
			n.Organization = inner
		}
		p = strings.TrimSpace(p[:i])
	}
	words := strings.Fields(p)
	for i, w := range words {
		if orgMarks[textfold.Fold(w)] && i > 0 {
			if n.Organization == "" && i+1 < len(words) {
				n.Organization = strings.Join(words[i+1:], " ")
			}
			words = words[:i]
			break
		}
	}
	if !isName(words) {
		return Name{}, false
	}
	n.Display = strings.Join(words, " ")
	n.Key = NormName(n.Display)
	return n, true
}

// isName: one to five words after the honorifics, each capitalised or a
// particle inside the name, none a company, group or place word, and not a
// known firm.
func isName(words []string) bool {
	for len(words) > 1 && isHonorific(words[0]) {
		words = words[1:]
	}
	if len(words) == 0 || len(words) > 5 || firms[textfold.Fold(strings.Join(words, " "))] {
		return false
	}
	caps := allCaps(words)
	for i, w := range words {
		f := textfold.Fold(w)
		if orgWords[f] || orgWords[strings.Trim(f, ".,'")] {
			return false
		}
		if particles[f] && i > 0 && i < len(words)-1 {
			continue
		}
		if i > 0 && (strings.HasPrefix(f, "d'") || strings.HasPrefix(f, "l'")) && len(w) > 2 && nameWord(w[2:], caps) {
			continue // "Giulia d'Angelo"
		}
		if !nameWord(w, caps) {
			return false
		}
	}
	return true
}

// nameWord: a capitalised word of letters, with inner hyphens and
// apostrophes ("Anne-Sophie", "O'Brien") or an initial ("J."); not an
// acronym ("CFO", "NYC", and "ACME" unless the whole name is in capitals,
// as in "JOÃO SILVA").
func nameWord(w string, caps bool) bool {
	first, _ := utf8.DecodeRuneInString(w)
	if !unicode.IsUpper(first) {
		return false
	}
	letters, upper := 0, 0
	for i, r := range w {
		switch {
		case unicode.IsLetter(r):
			letters++
			if unicode.IsUpper(r) {
				upper++
			}
		case (r == '-' || r == '\'' || r == '’') && i > 0 && i < len(w)-1:
		case r == '.' && i == len(w)-1 && letters == 1: // an initial
		default:
			return false
		}
	}
	acronym := letters > 1 && upper == letters && (letters <= 3 || letters == 4 && !caps)
	return letters > 0 && !acronym
}

// allCaps: two words or more, every letter a capital.
func allCaps(words []string) bool {
	if len(words) < 2 {
		return false
	}
	for _, w := range words {
		if strings.ToUpper(w) != w {
			return false
		}
	}
	return true
}

func dedupe(in []Name) []Name {
	seen := map[string]bool{}
	out := in[:0]
	for _, n := range in {
		if !seen[n.Key] {
			seen[n.Key] = true
			out = append(out, n)
		}
	}
	return out
}
