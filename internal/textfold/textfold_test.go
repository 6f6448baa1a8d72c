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
