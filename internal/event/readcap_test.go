package event

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/netsyncd/netsyncd/internal/budget"
)

// An object of many events read whole, though with their times swapped,
// says so for each but skips nothing: the line that counts the problems
// not listed is Read too, and names no UID that would keep every entry.
// One problem that is not Read among them stays listed.
func TestCappedProblemsOfReadEventsAreRead(t *testing.T) {
	var b strings.Builder
	b.WriteString("BEGIN:VCALENDAR\r\n")
	n := budget.ProblemsPerObject + 5
	for i := range n {
		fmt.Fprintf(&b, "BEGIN:VEVENT\r\nUID:swapped-%d\r\nDTSTART:202601%02dT100000Z\r\nDTEND:202601%02dT090000Z\r\nSUMMARY:Coffee\r\nEND:VEVENT\r\n", i, i+1, i+1)
	}
	b.WriteString("BEGIN:VEVENT\r\nUID:bad\r\nDTSTART:notadate\r\nSUMMARY:x\r\nEND:VEVENT\r\n")
	b.WriteString("END:VCALENDAR\r\n")
	from := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	occs, probs := Expand(Source{Href: "/feed.ics", Data: []byte(b.String())}, from, from.AddDate(0, 2, 0), time.UTC)
	if len(occs) != n {
		t.Fatalf("%d occurrences; want %d", len(occs), n)
	}
	bad := false
	for _, p := range probs {
		if p.UID == "bad" {
			bad = !p.Read
			continue
		}
		if !p.Read {
			t.Errorf("problem not marked Read though nothing more was skipped: %v", p)
		}
	}
	if !bad {
		t.Errorf("the unreadable event's problem is not listed as skipped: %v", probs)
	}
}
