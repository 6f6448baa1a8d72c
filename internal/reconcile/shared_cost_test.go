package reconcile

import (
	"strconv"
	"strings"
	"testing"

	"github.com/netsyncd/netsyncd/internal/testalloc"
)

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
		testalloc.Linear(t, name, func(s string) { ReadShared(s) }, shape)
	}
}
