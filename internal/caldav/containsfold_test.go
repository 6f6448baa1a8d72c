package caldav

import (
	"strings"
	"testing"
)

// TestASCIIContainsFold: asciiContainsFold is the byte-by-byte search it
// replaced, for every place and case of the word, cut at every length.
func TestASCIIContainsFold(t *testing.T) {
	byteByByte := func(data, s string) bool {
		for i := 0; i+len(s) <= len(data); i++ {
			if data[i]|0x20 == s[0] && asciiEqualFold(data[i:i+len(s)], s) {
				return true
			}
		}
		return false
	}
	texts := []string{"", "a", "A", "attach", "ATTACH", "AtTaCh", "attac", "xATTACHx", "aaaaattach", "AAAAAttach",
		"DESCRIPTION:an aside\r\nATTACH;VALUE=BINARY:QUJD\r\n", "aAaA ttach atach ATTACH", "é attach", "attacH", "\x41\x54\x54\x41\x43\x48"}
	found := 0
	for _, text := range texts {
		for n := 0; n <= len(text); n++ {
			for _, d := range []string{text[:n], text[n:]} {
				want := byteByByte(d, "attach")
				if got := asciiContainsFold(d, "attach"); got != want {
					t.Errorf("asciiContainsFold(%q) = %v; want %v", d, got, want)
				}
				if want {
					found++
				}
			}
		}
	}
	if found == 0 || strings.Count(strings.Join(texts, ""), "ttach") == 0 {
		t.Fatal("no text holds the word: the test tells nothing")
	}
}
