package classify

import "testing"

func TestTextPatterns(t *testing.T) {
	tests := []struct {
		name, pattern, text string
		want                bool
	}{
		{"word", "board", "Board dinner", true},
		{"word inside a word", "board", "Dashboard review", false},
		{"word before a suffix", "panel", "Panelling the study", false},
		{"plural is another word", "benefit", "Benefits enrollment", false},
		{"phrase across a hyphen", "catch up", "Catch-up with Raj", true},
		{"hyphenated pattern", "all-hands", "All Hands Q2", true},
		{"phrase needs its order", "coffee with", "with coffee", false},
		{"phrase at the end", "happy hour", "Friday happy hour", true},
		{"apostrophe splits words", "acme", "Acme's outside counsel", true},
		{"accented word", "café", "Café con Léa", true},
		{"literal tag", "#net", "Paul #net", true},
		{"literal tag glued to a word", "#net", "Paul #networking", false},
		{"literal in brackets", "[net]", "Meet Sam [NET]", true},
		{"literal domain in a URL", "zoom.us", "https://us02web.zoom.us/j/1", true},
		{"literal domain glued to letters", "ti.to", "https://petti.tone.com", false},
		{"literal with colon", "1:1", "1:1 Jane / Kevin", true},
		{"regexp", `/^\W*lunch\W*$/`, " Lunch ", true},
		{"regexp is case-insensitive", `/^coffee (with|w\/)/`, "COFFEE W/ Sarah", true},
		{"regexp misses", `/^\W*lunch\W*$/`, "Lunch with Tom", false},
		{"empty text", "coffee", "", false},
		{"invalid UTF-8", "coffee", "coffee \xff\xfe", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ix := newTextIndex()
			m, err := ix.compile("match.summary", []string{tt.pattern}, kSummary)
			if err != nil {
				t.Fatal(err)
			}
			c := &Classifier{index: ix}
			d := &doc{}
			d.reset(c, testOccurrence(tt.text))
			if _, got := d.find(m); got != tt.want {
				t.Errorf("pattern %q on %q = %v; want %v", tt.pattern, tt.text, got, tt.want)
			}
		})
	}
}
