package hostile

import (
	"testing"
	"time"
)

// A daily coffee with a COUNT of a billion: only the window's instances are
// walked, and the rest of the calendar is read.
func TestHugeCountDaily(t *testing.T) {
	Case(t, Bounds{Time: 60 * time.Second, RSS: 200 << 20}, "explain --ics: FREQ=DAILY;COUNT=1000000000", func(t *testing.T) {
		code, out, errOut := explainICS(t, vevent("daily-billion", "20261130T150000Z", "RRULE:FREQ=DAILY;COUNT=1000000000"))
		if code != 0 {
			t.Fatalf("explain exited %d: %s", code, errOut)
		}
		wantGood(t, out)
		if n := countUID(decodeExplain(t, out), "daily-billion"); n != 14 {
			t.Errorf("explain lists %d occurrences of the daily coffee in two weeks; want 14", n)
		}
	})
}
