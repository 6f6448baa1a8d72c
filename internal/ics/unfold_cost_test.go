package ics

import (
	"runtime"
	"strings"
	"testing"
)

// unfoldBytes is how many bytes Unfold allocates for data (no test of
// this package runs in parallel, so the process's count is Unfold's).
func unfoldBytes(data string) float64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	Unfold(data)
	runtime.ReadMemStats(&after)
	return float64(after.TotalAlloc - before.TotalAlloc)
}

// TestUnfoldCostIsLinear: a content line folded into many short pieces
// (anyone who can write to a calendar can write such an object) costs
// Unfold memory in proportion to its size. Before, each piece was
// appended to the line by string concatenation, copying the line so far:
// 20,000 pieces copied 400 MB, and a 2 MB object hundreds of gigabytes.
func TestUnfoldCostIsLinear(t *testing.T) {
	folded := func(n int) string { return "X-A:" + strings.Repeat("\r\n x", n) + "\r\nX-B:y\r\n" }
	small, large := folded(2_000), folded(20_000)
	got := Unfold(large)
	if len(got) != 3 || got[0] != "X-A:"+strings.Repeat("x", 20_000) || got[1] != "X-B:y" {
		t.Fatalf("the folded line does not unfold to itself: %d lines", len(got))
	}
	perByte := func(data string) float64 { return unfoldBytes(data) / float64(len(data)) }
	a, b := perByte(small), perByte(large)
	// Linear cost keeps the bytes allocated per input byte about the same
	// at ten times the size; quadratic cost multiplies them by ten.
	if b > 3*a+16 {
		t.Errorf("Unfold allocates %.1f bytes per input byte for %d bytes, %.1f for %d: cost grows faster than size", b, len(large), a, len(small))
	}
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
