// Package testalloc checks in tests that what a reader allocates grows in
// proportion to its input: whoever can write to a calendar chooses the
// input's shape, so no shape may cost more than linearly (ics.Unfold once
// allocated 400 MB for a line folded into 20,000 pieces).
package testalloc

import (
	"runtime"
	"testing"
)

// PerByte is how many bytes read allocates for data, per byte of data.
// The count is the process's: the caller's package must run no test in
// parallel.
func PerByte(read func(string), data string) float64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	read(data)
	runtime.ReadMemStats(&after)
	return float64(after.TotalAlloc-before.TotalAlloc) / float64(len(data))
}

// Linear fails t unless read allocates about as many bytes per input byte
// for shape(20,000) as for shape(2,000): a linear cost keeps them about the
// same at ten times the size, a quadratic one multiplies them by ten.
func Linear(t testing.TB, name string, read func(string), shape func(n int) string) {
	t.Helper()
	small, large := PerByte(read, shape(2_000)), PerByte(read, shape(20_000))
	if large > 3*small+16 {
		t.Errorf("%s: %.1f bytes allocated per input byte at n = 20,000, %.1f at 2,000: cost grows faster than size", name, large, small)
	}
}
