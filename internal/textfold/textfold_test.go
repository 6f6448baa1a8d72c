package textfold

import "testing"

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
	} {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q; want %q", in, got, want)
		}
	}
}

func BenchmarkFoldASCII(b *testing.B) {
	for b.Loop() {
		Fold("Coffee with Dana Whitfield (Lazard)")
	}
}
