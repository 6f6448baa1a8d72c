package hostile

import (
	"strings"
	"testing"
)

// Cases found by a hostile review of the issue 12 fixes, beyond the
// issue's list.

// A VEVENT that lost its END:VEVENT line (a client cut off mid-write)
// used to swallow the next VEVENT as a child, so the good coffee after it
// vanished without a word. Now the next VEVENT closes the open one, both
// are read, and the log says a component had no END line.
func TestUnclosedEventBeforeAnother(t *testing.T) {
	Case(t, fileBounds, "explain --ics: VEVENT without END:VEVENT before another", func(t *testing.T) {
		open := "BEGIN:VEVENT\r\nUID:unclosed-coffee\r\nDTSTAMP:20261101T000000Z\r\nDTSTART:20261201T150000Z\r\nDURATION:PT1H\r\nSUMMARY:Coffee w/ Sam Ortiz\r\n"
		code, out, errOut := explainICS(t, open)
		if code != 0 {
			t.Fatalf("explain exited %d: %s", code, tail(errOut))
		}
		wantGood(t, out)
		if n := countUID(decodeExplain(t, out), "unclosed-coffee"); n != 1 {
			t.Errorf("explain lists the unclosed coffee %d times; want 1", n)
		}
		if !strings.Contains(errOut, "hostile.ics") || !strings.Contains(errOut, "no END line") {
			t.Errorf("the log does not name the file and say a component had no END line:\n%s", tail(errOut))
		}
	})
}
