package caldav

import (
	"encoding/binary"
	"math/rand/v2"
	"testing"
)

// TestPlainWord: plainWord takes eight bytes at once exactly when each of
// them is plain in both of plainRun's tables (the tab, plain in both, is
// left to the byte-by-byte reading): every byte value at every place of a
// word, and random words of bytes drawn mostly from the edges of the set.
func TestPlainWord(t *testing.T) {
	plain := func(c byte) bool { return c != '\t' && plainTable[c] == isPlain && plainCDATA[c] == isPlain }
	each := func(w [8]byte) {
		want := true
		for _, c := range w {
			want = want && plain(c)
		}
		if got := plainWord(binary.LittleEndian.Uint64(w[:])); got != want {
			t.Fatalf("plainWord(%q) = %v; want %v", w[:], got, want)
		}
	}
	taken := 0
	for c := range 256 {
		for at := range 8 {
			w := [8]byte{'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x'}
			w[at] = byte(c)
			each(w)
			if plain(byte(c)) {
				taken++
			}
		}
	}
	if taken != 8*(0x80-0x20-4) {
		t.Fatalf("%d words of one odd byte taken; want %d", taken, 8*(0x80-0x20-4))
	}
	edges := []byte{0, '\t', '\n', '\r', 0x1f, ' ', '!', '%', '&', '\'', ';', '<', '=', '>', '?', '\\', ']', '^', '~', 0x7f, 0x80, 0xc3, 0xff}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 200000 {
		var w [8]byte
		for i := range w {
			if rng.IntN(2) == 0 {
				w[i] = edges[rng.IntN(len(edges))]
			} else {
				w[i] = byte(rng.IntN(256))
			}
		}
		each(w)
	}
}
