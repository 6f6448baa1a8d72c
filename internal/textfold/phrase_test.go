package textfold

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode"
)

// phraseCase is a text, a phrase, and whether the phrase is in the text.
type phraseCase struct {
	text, phrase string
	want         bool
}

func checkPhrases(t *testing.T, cases []phraseCase) {
	t.Helper()
	for _, c := range cases {
		if got := ContainsPhrase(Fold(c.text), Fold(c.phrase)); got != c.want {
			t.Errorf("ContainsPhrase(%q, %q) = %v; want %v", c.text, c.phrase, got, c.want)
		}
	}
}

// TestContainsPhrase: a blocked place is found however it is written: case,
// accents, ß as ss, hyphens, commas, inside a longer address; not a
// neighbour's number or a longer number.
func TestContainsPhrase(t *testing.T) {
	checkPhrases(t, []phraseCase{
		{"Av. Diagonal, 640 – Auditori planta 0, Barcelona", "diagonal 640", true},
		{"MYTHENQUAI 36, 8002 Zürich", "Mythenquai 36", true},
		{"Mythen-Quai 36", "mythenquai 36", true},
		{"Mythenquai 36", "Mythen-Quai 36", true},
		{"1250 René-Lévesque O., hall – Siège social Boréalis", "1250 rené-lévesque", true},
		{"1250 Rene Levesque Ouest", "1250 René-Lévesque", true},
		{"Borealis HQ, lobby", "Boréalis HQ", true},
		{"Theresienstrasse 12", "Theresienstraße 12", true},
		{"SCHELDELAAN 400 (gebouw A)", "Scheldelaan 400", true},
		{"Cafeteria, Farigola-HQ", "farigola hq", true},
		{"21 Acme Plaza", "1 acme plaza", false},
		{"Diagonal 6400", "diagonal 640", false},
		{"Diagonal 640", "diagonal 6400", false},
		{"146 Rivonia Road", "135 Rivonia Road", false},
		{"Mythenquai 360", "mythenquai 36", false},
		{"anything", "", false},
		{"丸の内ビル 1階", "丸の内ビル", true},
	})
}

// TestContainsPhraseShort: an address written short or long is one place.
func TestContainsPhraseShort(t *testing.T) {
	checkPhrases(t, []phraseCase{
		{"Atrium café, 7 Semple St, EH3 8BL", "7 Semple Street", true},
		{"7 Semple Street", "7 semple st", true},
		{"Avenida Diagonal 640", "Av. Diagonal 640", true},
		{"1250 boul. René-Lévesque", "1250 boulevard rené-lévesque", true}, // Quebec's "boul."
		{"3 Semple Street Deli", "7 Semple Street", false},
		{"Rue de la Loi 16", "r de la loi 16", true},
		{"ED. GUANABARA - cafe do terreo", "edifício guanabara", true},
		{"Savannah Place lobby, Riverside Dr.", "savanna place", true},
		{"Savanna Plaza", "savanna place", false},
		{"Riverside Drive 14", "14 riverside drive", true}, // the number on the other side
		{"Riverside Drive 41", "14 riverside drive", false},
		{"Hotel Guanabara", "edifício guanabara", false},
	})
}

// TestContainsPhraseLocal: the local ways of writing an address, in every
// language netsyncd's vocabulary covers, are one place with the long form;
// a neighbour's number on the same street is not.
func TestContainsPhraseLocal(t *testing.T) {
	checkPhrases(t, []phraseCase{
		// Spanish (Colombia): Carrera as Cra, the number's mark No. or #.
		{"Cra 7 No. 71-52, restaurante piso 30", "carrera 7 # 71-52", true},
		{"Carrera 7 # 71-52", "cra. 7 no. 71-52", true},
		{"Cra 7 # 69A-22", "carrera 7 # 71-52", false},
		{"Cl. 82 # 9-41", "calle 82 # 9-41", true},
		// Spanish (Spain), Portuguese: C./Calle, nº, Rua as R.
		{"C/ Serrano nº 41", "calle serrano 41", true},
		{"R. Augusta, 1508", "rua augusta 1508", true},
		{"Rua Augusta 1580", "rua augusta 1508", false},
		// French and Swiss French: the number first or last, Bd, Av.
		{"17, quai du Mont-Blanc - salon du 1er étage", "quai du mont-blanc 17", true},
		{"Quai du Mont-Blanc 11", "17 quai du mont-blanc", false},
		{"12 Bd des Dames", "12 boulevard des dames", true},
		{"Av. de France 4", "avenue de france 4", true},
		// German: Str. for Straße, alone or in a compound, Pl. for Platz.
		{"Theresienstr. 12, 80333 München", "Theresienstraße 12", true},
		{"Große Bleichen Str. 3", "große bleichen straße 3", true},
		{"Theresienstr. 21", "Theresienstraße 12", false},
		{"Marienpl. 8", "marienplatz 8", true},
		// Italian: P.za, P.zzo, V.le, C.so written with a dot inside.
		{"P.zzo Tiberina – bar piano terra", "palazzo tiberina", true},
		{"V.le Europa 190", "viale europa 190", true},
		{"P.za Cordusio 2", "piazza cordusio 2", true},
		{"C.so Vittorio Emanuele II 37", "corso vittorio emanuele ii 37", true},
		{"Piazza Cordusio 4", "p.za cordusio 2", false},
		// Dutch: straat as str.
		{"Kalverstr. 92", "kalverstraat 92", true},
		// A bilingual city's street in its other language, or without
		// its articles.
		{"Av. Corts Valencianes, 58 (cafetería planta baja)", "avenida de las cortes valencianas 58", true},
		{"Av. Corts Valencianes, 85", "avenida de las cortes valencianas 58", false},
		{"Rue Loi 16", "rue de la loi 16", true},
		// A campus or a tower by its initials, its number kept.
		{"HTC 27, Kempenlicht lobby bar", "high tech campus 27", true},
		{"HTC 29", "high tech campus 27", false},
		{"TM lobby", "torre muisca", false}, // two words: too short for initials
		// A circle, a quarter's point of the compass, a "von" and the
		// Italian "F.lli" written short.
		{"Ground floor café, 2210 Maple Leaf Cir., Boulder", "2210 maple leaf circle", true},
		{"2212 Maple Leaf Cir.", "2210 maple leaf circle", false},
		{"88 BOUL. RENÉ-LÉVESQUE O., hall", "88 boulevard rené-lévesque ouest", true},
		{"88 boul. René-Lévesque E.", "88 boulevard rené-lévesque ouest", false},
		{"Café, Karl-v.-Frisch-Str. 8", "karl-von-frisch-straße 8", true},
		{"Bar, V.le F.lli Cervi 12 - Reggio", "viale fratelli cervi 12", true},
		// The Dutch "Pr." for a princess's or a prince's street, and the
		// Flemish "stwg." for a steenweg, alone or in its compound.
		{"Bedrijfsrestaurant, Pr. Beatrixlaan 35, Den Haag", "prinses beatrixlaan 35", true},
		{"Pr. Beatrixlaan 53", "prinses beatrixlaan 35", false},
		{"Cafetaria, Kortrijksestwg. 1170, Sint-Denijs-Westrem", "kortrijksesteenweg 1170", true},
		{"Brusselse Stwg. 12", "brusselse steenweg 12", true},
		{"Kortrijksestwg. 1171", "kortrijksesteenweg 1170", false},
		// A word "no" that marks no number stays a word.
		{"Bar no Centro", "bar centro", false},
	})
}

// TestWordsRuneByRune: Words cuts text where a rune-by-rune reading of it
// (range, as Words was written) cuts it, on random text of ASCII, letters
// and digits of other scripts, marks, and bytes that are not UTF-8.
func TestWordsRuneByRune(t *testing.T) {
	slow := func(s string) []string {
		var ws []string
		start := -1
		for i, r := range s {
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				if start < 0 {
					start = i
				}
				continue
			}
			if start >= 0 {
				ws, start = append(ws, s[start:i]), -1
			}
		}
		if start >= 0 {
			ws = append(ws, s[start:])
		}
		return ws
	}
	pool := []string{"a", "Z", "7", " ", "-", "'", "é", "ß", "名", "٣", "\u0301", "\xe2", "\x80", "\xff", "\u00a0", "_"}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 50000 {
		var b strings.Builder
		for range rng.IntN(12) {
			b.WriteString(pool[rng.IntN(len(pool))])
		}
		s := b.String()
		if got, want := Words(s, nil), slow(s); !slices.Equal(got, want) {
			t.Fatalf("Words(%q) = %q; want %q", s, got, want)
		}
	}
}
