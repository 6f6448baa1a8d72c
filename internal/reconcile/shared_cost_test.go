package reconcile

import (
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// readSharedBytes is how many bytes ReadShared allocates for data per
// byte of data (no test of this package runs in parallel, so the
// process's count is ReadShared's).
func readSharedBytes(data string) float64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	ReadShared(data)
	runtime.ReadMemStats(&after)
	return float64(after.TotalAlloc-before.TotalAlloc) / float64(len(data))
}

// TestReadSharedCostIsLinear: whoever can write to the target calendar
// writes the shared ledger object, so no shape of it may cost ReadShared
// more than in proportion to its size. Each shape is read at two sizes
// ten times apart: the bytes allocated per input byte must stay about the
// same (a cost quadratic in the size would multiply them by ten). Before,
// an entry folded into 20,000 pieces allocated 400 MB (ics.Unfold).
func TestReadSharedCostIsLinear(t *testing.T) {
	shapes := map[string]func(n int) string{
		"one entry folded into n pieces": func(n int) string {
			return sharedProp + ":1\r\n" + sharedEntryProp + ":u 1" + strings.Repeat("\r\n 0", n) + "\r\n"
		},
		"n entries": func(n int) string {
			var b strings.Builder
			b.WriteString(sharedProp + ":1\r\n")
			for i := range n {
				b.WriteString(sharedEntryProp + ":u" + strconv.Itoa(i) + " " + strconv.Itoa(1_000_000+i) + " 0 /cal/x.ics\r\n")
			}
			return b.String()
		},
		"one UID n times": func(n int) string {
			return sharedProp + ":1\r\n" + strings.Repeat(sharedEntryProp+":u 1 2 /cal/x.ics\r\n", n)
		},
		"n fields on one line": func(n int) string {
			return sharedProp + ":1\r\n" + sharedEntryProp + ":u 1" + strings.Repeat(" 9", n) + "\r\n"
		},
		"a number of n digits": func(n int) string {
			return sharedProp + ":1\r\n" + sharedEntryProp + ":u " + strings.Repeat("9", n) + "\r\n"
		},
		"n lines of other properties": func(n int) string {
			return sharedProp + ":1\r\n" + strings.Repeat("X-OTHER;A=B:c\r\n", n)
		},
	}
	for name, shape := range shapes {
		small, large := readSharedBytes(shape(2_000)), readSharedBytes(shape(20_000))
		if large > 3*small+16 {
			t.Errorf("%s: %.1f bytes allocated per input byte at 20,000, %.1f at 2,000: cost grows faster than size", name, large, small)
		}
	}
}
