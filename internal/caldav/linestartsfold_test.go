package caldav

import (
	"strings"
	"testing"
)

// TestLineStartsFold: lineStartsFold finds the word at the start of a line
// exactly when dropBinary's own reading of the lines would (each line cut
// at '\n', its start compared letter by letter), for every place and case
// of the word, cut at every length: an object it wrongly passes over would
// keep an inline attachment.
func TestLineStartsFold(t *testing.T) {
	byLines := func(data, s string) bool {
		for _, line := range strings.SplitAfter(data, "\n") {
			if len(line) >= len(s) && asciiEqualFold(line[:len(s)], s) {
				return true
			}
		}
		return false
	}
	texts := []string{"", "a", "A", "attach", "ATTACH", "AtTaCh", "attac", "xATTACHx", "aaaaattach", "AAAAAttach",
		"DESCRIPTION:an aside\r\nATTACH;VALUE=BINARY:QUJD\r\n", "DESCRIPTION:see the ATTACH;VALUE=BINARY: line\r\n",
		"aAaA ttach atach ATTACH", "é attach", "attacH", "\x41\x54\x54\x41\x43\x48", "X:1\n\nattach:", "X:1\r ATTACH:x\n",
		"SUMMARY:x\r\n ATTACH;ENCODING=BASE64:QUJD\r\n", "\nATTAC\nH"}
	found, inside := 0, 0
	for _, text := range texts {
		for n := 0; n <= len(text); n++ {
			for _, d := range []string{text[:n], text[n:]} {
				want := byLines(d, "attach")
				if got := lineStartsFold(d, "attach"); got != want {
					t.Errorf("lineStartsFold(%q) = %v; want %v", d, got, want)
				}
				if want {
					found++
				} else if strings.Contains(strings.ToLower(d), "attach") {
					inside++
				}
			}
		}
	}
	if found == 0 || inside == 0 {
		t.Fatalf("%d texts begin a line with the word, %d hold it elsewhere: the test tells too little", found, inside)
	}
}
