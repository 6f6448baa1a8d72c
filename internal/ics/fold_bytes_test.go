package ics

import (
	"strings"
	"testing"
)

// TestWriteLineOfBytesThatAreNotUTF8: a line of continuation bytes only
// (no rune starts in a fold's length) is folded at the limit; before, the
// fold found no place to cut and looped without end (the shared ledger's
// fuzz target found it with a UID of 0x93 bytes).
func TestWriteLineOfBytesThatAreNotUTF8(t *testing.T) {
	line := "X-A:" + strings.Repeat("\x93", 1000)
	var b strings.Builder
	WriteLine(&b, line)
	got := Unfold(b.String())
	if len(got) < 1 || got[0] != line {
		t.Errorf("the folded line does not unfold to itself")
	}
	for _, l := range strings.Split(strings.TrimSuffix(b.String(), "\r\n"), "\r\n") {
		if len(l) > maxLine {
			t.Errorf("a folded line holds %d bytes; want at most %d", len(l), maxLine)
		}
	}
}
