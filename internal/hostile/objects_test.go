package hostile

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/netsyncd/netsyncd/internal/budget"
)

// Bounds of the cases that read one file (explain --ics) and of a pass.
var (
	fileBounds = Bounds{Time: 60 * time.Second, RSS: 200 << 20}
	passBounds = Bounds{Time: 90 * time.Second, RSS: 250 << 20}
)

// wantCapped fails t unless the log names uid and says which budget was hit.
func wantCapped(t *testing.T, log, uid, what string) {
	t.Helper()
	if !strings.Contains(log, uid) || !strings.Contains(log, what) {
		t.Errorf("the log does not name UID %q and say %q:\n%s", uid, what, tail(log))
	}
}

// findings counts the findings of code over all items.
func findings(items []explained, code string) int {
	n := 0
	for _, it := range items {
		for _, f := range it.Findings {
			if f.Code == code {
				n++
			}
		}
	}
	return n
}

// A daily coffee with a COUNT of a billion: only the window's instances are
// walked, and the rest of the calendar is read.
func TestHugeCountDaily(t *testing.T) {
	Case(t, fileBounds, "explain --ics: FREQ=DAILY;COUNT=1000000000", func(t *testing.T) {
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

// The coffee that repeats every second (issue 12, defect 1): on main it
// took explain past 10 GB. Now at most budgets.occurrences_per_object
// occurrences are read, and the log names the UID and the budget.
func TestSecondlySeries(t *testing.T) {
	for _, rule := range []string{"RRULE:FREQ=SECONDLY;COUNT=3000", "RRULE:FREQ=SECONDLY"} {
		t.Run(strings.TrimPrefix(rule, "RRULE:"), func(t *testing.T) {
			Case(t, fileBounds, "explain --ics: "+rule, func(t *testing.T) {
				code, out, errOut := explainICS(t, vevent("secondly-coffee", "20261202T150000Z", rule))
				if code != 0 {
					t.Fatalf("explain exited %d: %s", code, tail(errOut))
				}
				wantGood(t, out)
				items := decodeExplain(t, out)
				if n := countUID(items, "secondly-coffee"); n != budget.DefaultOccurrencesPerObject {
					t.Errorf("explain lists %d occurrences of the series; want the budget, %d", n, budget.DefaultOccurrencesPerObject)
				}
				wantCapped(t, errOut, "secondly-coffee", "budgets.occurrences_per_object")
				if n := findings(items, "budget_exceeded"); n != 1 {
					t.Errorf("%d budget_exceeded findings; want 1, for the entries the series does not get", n)
				}
			})
		})
	}
}

// FREQ=MINUTELY;COUNT=1000 made 116,622 overlaps_busy_time findings on main,
// each instance colliding with its neighbours. A series is not its own busy
// time; a real meeting across it collides with each instance once.
func TestMinutelyOverlaps(t *testing.T) {
	Case(t, fileBounds, "explain --ics: FREQ=MINUTELY;COUNT=1000 across a meeting", func(t *testing.T) {
		meeting := strings.Replace(vevent("board-meeting", "20261202T160000Z"), "SUMMARY:Coffee w/ Dana Whitfield", "SUMMARY:Board meeting", 1)
		code, out, errOut := explainICS(t, vevent("minutely-coffee", "20261202T150000Z", "RRULE:FREQ=MINUTELY;COUNT=1000"), meeting)
		if code != 0 {
			t.Fatalf("explain exited %d: %s", code, tail(errOut))
		}
		wantGood(t, out)
		items := decodeExplain(t, out)
		if n := countUID(items, "minutely-coffee"); n != 1000 {
			t.Errorf("explain lists %d occurrences of the series; want 1000", n)
		}
		// every instance from 14:30 to 17:30 (travel both ways) meets the meeting
		if n := findings(items, "overlaps_busy_time"); n == 0 || n > 1000 {
			t.Errorf("%d overlaps_busy_time findings; want one per instance that meets the meeting, at most 1000", n)
		}
	})
}

// Thousands of events at the same hour, each its own series: each names at
// most a few of the others and counts the rest, and the pass's findings
// stop at budgets.findings_per_pass with a finding that says so.
func TestThousandsAtOnce(t *testing.T) {
	Case(t, fileBounds, "explain --ics: 3000 coffees at one hour", func(t *testing.T) {
		var evs []string
		for i := range 3000 {
			evs = append(evs, vevent(fmt.Sprintf("crowd-%d", i), "20261203T150000Z"))
		}
		code, out, errOut := explainICS(t, evs...)
		if code != 0 {
			t.Fatalf("explain exited %d: %s", code, tail(errOut))
		}
		items := decodeExplain(t, out)
		for _, it := range items {
			if n := len(it.Findings); n > budget.BusyNamed+4 {
				t.Fatalf("%s has %d findings; want each to name at most %d others", it.UID, n, budget.BusyNamed)
			}
		}
		if n := findings(items, "budget_exceeded"); n == 0 {
			t.Errorf("no budget_exceeded finding; want the findings and entries budgets to say they were hit")
		}
	})
}

// 50,000 RDATEs and 20,000 overrides (RECURRENCE-IDs) of one series: each
// source of recurrence counts towards the same budget, and overrides are
// sorted once, not at each insert (main re-sorted them per insert).
func TestRecurrenceSources(t *testing.T) {
	rdates := func(n int) string {
		var b strings.Builder
		b.WriteString("RDATE:")
		start := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
		for i := range n {
			if i > 0 {
				b.WriteString(",")
			}
			b.WriteString(start.Add(time.Duration(i) * time.Minute).Format("20060102T150405Z"))
		}
		return b.String()
	}
	overrides := func(n int) []string {
		out := []string{vevent("overridden", "20200101T150000Z", "RRULE:FREQ=DAILY")}
		start := time.Date(2020, 1, 1, 15, 0, 0, 0, time.UTC)
		for i := range n {
			rid := start.AddDate(0, 0, i).Format("20060102T150405Z")
			out = append(out, vevent("overridden", rid, "RECURRENCE-ID:"+rid))
		}
		return out
	}
	t.Run("50000 RDATEs", func(t *testing.T) {
		Case(t, fileBounds, "explain --ics: one series with 50,000 RDATEs", func(t *testing.T) {
			code, out, errOut := explainICS(t, vevent("rdates", "20261201T000000Z", rdates(50000)))
			if code != 0 {
				t.Fatalf("explain exited %d: %s", code, tail(errOut))
			}
			wantGood(t, out)
			if n := countUID(decodeExplain(t, out), "rdates"); n != budget.DefaultOccurrencesPerObject {
				t.Errorf("explain lists %d occurrences; want the budget, %d", n, budget.DefaultOccurrencesPerObject)
			}
			wantCapped(t, errOut, "rdates", "budgets.occurrences_per_object")
		})
	})
	t.Run("20000 overrides", func(t *testing.T) {
		Case(t, fileBounds, "explain --ics: one series with 20,000 overrides", func(t *testing.T) {
			code, out, errOut := explainICS(t, overrides(20000)...)
			if code != 0 {
				t.Fatalf("explain exited %d: %s", code, tail(errOut))
			}
			wantGood(t, out)
			if n := countUID(decodeExplain(t, out), "overridden"); n != 14 {
				t.Errorf("explain lists %d occurrences of the daily series in two weeks; want 14", n)
			}
			wantCapped(t, errOut, "overridden", "overrides")
		})
	})
}

// Objects that are big rather than many: a deep nest of components and an
// 8 MB DESCRIPTION. Both are read in bounded memory and the rest goes on.
func TestBigObjects(t *testing.T) {
	t.Run("deep nesting", func(t *testing.T) {
		Case(t, fileBounds, "explain --ics: a VEVENT inside 100,000 nested components", func(t *testing.T) {
			deep := strings.Repeat("BEGIN:X-NEST\r\n", 100000) + vevent("nested", "20261202T170000Z") + strings.Repeat("END:X-NEST\r\n", 100000)
			code, out, errOut := explainICS(t, deep)
			if code != 0 {
				t.Fatalf("explain exited %d: %s", code, tail(errOut))
			}
			wantGood(t, out)
		})
	})
	t.Run("8 MB property", func(t *testing.T) {
		Case(t, fileBounds, "explain --ics: a DESCRIPTION of 8 MB", func(t *testing.T) {
			code, out, errOut := explainICS(t, vevent("long-text", "20261202T170000Z", "DESCRIPTION:"+strings.Repeat("networking ", 800000)))
			if code != 0 {
				t.Fatalf("explain exited %d: %s", code, tail(errOut))
			}
			wantGood(t, out)
			if len(out) > 4<<20 {
				t.Errorf("explain printed %d bytes; want the description not copied whole", len(out))
			}
		})
	})
}

// A series that repeats every second with 20,000 attendees: every
// occurrence carries its own list, so the list is cut at
// budget.AttendeesPerEvent and the series at its occurrence budget.
func TestCrowdedSeries(t *testing.T) {
	Case(t, fileBounds, "explain --ics: FREQ=SECONDLY with 20,000 ATTENDEEs", func(t *testing.T) {
		var lines []string
		for i := range 20000 {
			lines = append(lines, fmt.Sprintf("ATTENDEE;CN=Guest %d:mailto:guest%d@example.org", i, i))
		}
		lines = append(lines, "RRULE:FREQ=SECONDLY")
		code, out, errOut := explainICS(t, vevent("crowded", "20261202T150000Z", lines...))
		if code != 0 {
			t.Fatalf("explain exited %d: %s", code, tail(errOut))
		}
		wantGood(t, out)
		wantCapped(t, errOut, "crowded", "budgets.occurrences_per_object")
	})
}
