// Package report renders what limits found: the weekly view of
// `netsyncd report` and the per-occurrence view of `netsyncd explain`, as
// text for a terminal or as the JSON shapes of SPEC.md.
//
// Rules this package keeps:
//   - It is pure rendering: values in, bytes out to an io.Writer; no
//     files, no logger, no clock. Times are shown in the location passed in
//     (text) or with their own offset (JSON, RFC 3339).
//   - JSON lists are never null: an empty list is [].
//   - Hours and shares are rounded to the hundredth for people and for
//     JSON; the findings were decided on the exact values.
package report

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// errWriter keeps the first write error so that rendering code stays flat.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) printf(format string, args ...any) {
	if e.err == nil {
		_, e.err = fmt.Fprintf(e.w, format, args...)
	}
}

func (e *errWriter) result() error {
	if e.err != nil {
		return fmt.Errorf("report: %w", e.err)
	}
	return nil
}

// round2 rounds to the hundredth.
func round2(f float64) float64 { return math.Round(f*100) / 100 }

// hours writes "7.5 h".
func hours(h float64) string { return strconv.FormatFloat(round2(h), 'f', -1, 64) + " h" }

// minutes writes "40 min", "3 h", "1 h 20 min".
func minutes(n int) string {
	switch {
	case n < 60:
		return strconv.Itoa(n) + " min"
	case n%60 == 0:
		return strconv.Itoa(n/60) + " h"
	}
	return strconv.Itoa(n/60) + " h " + strconv.Itoa(n%60) + " min"
}

// pct writes a share as "33%".
func pct(share float64) string { return strconv.Itoa(int(math.Round(share*100))) + "%" }

// pad writes s left-aligned in width runes.
func pad(s string, width int) string {
	if n := len([]rune(s)); n < width {
		return s + strings.Repeat(" ", width-n)
	}
	return s
}
