package ics

import (
	"strings"
	"testing"

	"github.com/netsyncd/netsyncd/internal/testalloc"
)

// TestUnfoldCostIsLinear: a content line folded into many short pieces
// (anyone who can write to a calendar can write such an object) costs
// Unfold memory in proportion to its size. Before, each piece was
// appended to the line by string concatenation, copying the line so far:
// 20,000 pieces copied 400 MB, and a 2 MB object hundreds of gigabytes.
func TestUnfoldCostIsLinear(t *testing.T) {
	folded := func(n int) string { return "X-A:" + strings.Repeat("\r\n x", n) + "\r\nX-B:y\r\n" }
	got := Unfold(folded(20_000))
	if len(got) != 3 || got[0] != "X-A:"+strings.Repeat("x", 20_000) || got[1] != "X-B:y" {
		t.Fatalf("the folded line does not unfold to itself: %d lines", len(got))
	}
	testalloc.Linear(t, "a line folded into n pieces", func(s string) { Unfold(s) }, folded)
}

// TestUnfoldAsBefore: the linear Unfold returns what joining each piece
// to the line before returns, on folds of every kind.
func TestUnfoldAsBefore(t *testing.T) {
	before := func(data string) []string {
		var out []string
		for _, l := range strings.Split(strings.ReplaceAll(data, "\r\n", "\n"), "\n") {
			if (strings.HasPrefix(l, " ") || strings.HasPrefix(l, "\t")) && len(out) > 0 {
				out[len(out)-1] += l[1:]
				continue
			}
			out = append(out, l)
		}
		return out
	}
	for _, data := range []string{
		"", " ", "\n", " a", " a\n b", "A:1", "A:1\r\n", "A:1\r\n 2\r\n\t3\r\nB:4",
		"\n x", "A\n \n \n x\n", "A\r\n\r\n y", "\t\t", "A\n  two spaces\n\tx\r\n \r\nB",
		"A:\xff\r\n \x93\r\n", "\r\r\n x", "A\n\n\n",
	} {
		if got, want := Unfold(data), before(data); strings.Join(got, "|") != strings.Join(want, "|") || len(got) != len(want) {
			t.Errorf("Unfold(%q) = %q; want %q", data, got, want)
		}
	}
}
