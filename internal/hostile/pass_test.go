package hostile

import (
	"strings"
	"testing"

	"github.com/netsyncd/netsyncd/internal/budget"
)

// A coffee repeating every hour (issue 12, defect 2: main planned 2,536
// entries for it) or every second, on a server: one pass writes at most
// budgets.entries_per_series entries for it, logs what was capped with the
// UID, and the coffee beside it gets its entries.
func TestFloodingSeriesPass(t *testing.T) {
	for _, rule := range []string{"RRULE:FREQ=HOURLY", "RRULE:FREQ=SECONDLY;COUNT=3000"} {
		t.Run(strings.TrimPrefix(rule, "RRULE:"), func(t *testing.T) {
			Case(t, passBounds, "once against the in-process server: "+rule, func(t *testing.T) {
				flood := strings.Replace(calendar(vevent("flood", "20261201T150000Z", rule)), "Coffee w/ Dana Whitfield", "Coffee w/ Flood", 1)
				good := calendar(vevent("good-coffee", "20261202T150000Z"))
				_, url := davServer(t, flood, good)
				code, sum, log := once(t, passConfig(t, url, ""))
				if code != 0 {
					t.Fatalf("once exited %d: %v\n%s", code, sum.Errors, tail(log))
				}
				if n := changesFor(sum, "Flood"); n == 0 || n > budget.DefaultEntriesPerSeries {
					t.Errorf("the pass created %d entries for the flooding series; want some, at most %d", n, budget.DefaultEntriesPerSeries)
				}
				if n := changesFor(sum, "Dana Whitfield"); n != 2 {
					t.Errorf("the pass created %d entries for the good coffee; want its prep and follow-up", n)
				}
				wantCapped(t, log, "flood", "budgets.entries_per_series")
			})
		})
	}
}
