package testalloc

import (
	"fmt"
	"strings"
	"testing"
)

type recorder struct {
	testing.TB
	failed []string
}

func (r *recorder) Helper() {}
func (r *recorder) Errorf(format string, args ...any) {
	r.failed = append(r.failed, fmt.Sprintf(format, args...))
}

var sink string

// TestLinear: a reader that copies its input once passes; one that copies
// the text so far at every byte (as ics.Unfold's concatenation did) fails.
func TestLinear(t *testing.T) {
	shape := func(n int) string { return strings.Repeat("x", n) }
	once := func(s string) { sink = strings.Clone(s) }
	quadratic := func(s string) {
		for i := range len(s) {
			sink = strings.Clone(s[:i])
		}
	}
	r := &recorder{TB: t}
	Linear(r, "once", once, shape)
	if len(r.failed) > 0 {
		t.Errorf("a linear reader failed: %v", r.failed)
	}
	Linear(r, "quadratic", quadratic, shape)
	if len(r.failed) != 1 || !strings.Contains(r.failed[0], "quadratic: ") {
		t.Errorf("a quadratic reader gave %v; want one failure naming it", r.failed)
	}
}
