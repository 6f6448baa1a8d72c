package main

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/netsyncd/netsyncd/internal/entry"
)

// TestEntryProblemsCatchHalfWrites proves the check the server tests rely
// on for "nothing half-written": a whole entry passes, and an entry cut
// short at any byte, one whose text was cut but closed again, one that lost
// its marker, one whose markers do not derive its UID and one with an
// unreadable time are each refused.
func TestEntryProblemsCatchHalfWrites(t *testing.T) {
	start := time.Date(2026, 12, 1, 9, 0, 0, 0, newYork)
	e := entry.Entry{
		Kind: entry.KindPrep, UID: entry.UID(entry.KindPrep, "coffee-01", ""), SourceUID: "coffee-01",
		Summary:     "Prep: Coffee with contact 01",
		Description: strings.Repeat("Why am I going, and what do I want from it? ", 20),
		Location:    "Blue Bottle, Midtown",
		Start:       start, End: start.Add(30 * time.Minute), Alarm: 15 * time.Minute,
	}
	for _, as := range []string{"event", "todo"} {
		opts := entry.EncodeOptions{As: as, Private: true, Stamp: start}
		whole := entry.Encode(e, opts)
		if _, p := entryProblems(whole); len(p) > 0 {
			t.Fatalf("%s: a whole entry is refused: %v", as, p)
		}
		// Cut short anywhere before its final line break.
		end := len(bytes.TrimRight(whole, "\r\n"))
		for n := 0; n < end; n++ {
			if _, p := entryProblems(whole[:n]); len(p) == 0 {
				t.Fatalf("%s: cut after %d of %d bytes, it passes as whole:\n%s", as, n, len(whole), whole[:n])
			}
		}

		cut := e
		cut.Description = e.Description[:len(e.Description)/3]
		o := opts
		o.GeneratedHash = e.Hash() // the text of a cut write, closed again
		broken := map[string][]byte{
			"text cut short":     entry.Encode(cut, o),
			"no marker":          bytes.Replace(whole, []byte(entry.PropKind+":prep\r\n"), nil, 1),
			"markers altered":    bytes.Replace(whole, []byte(entry.PropSource+":coffee-01"), []byte(entry.PropSource+":coffee-02"), 1),
			"unreadable DTSTART": bytes.Replace(whole, []byte("DTSTART:20261201T140000Z"), []byte("DTSTART;TZID=Nowhere/Land:20261201T090000"), 1),
		}
		for name, data := range broken {
			if bytes.Equal(data, whole) {
				t.Fatalf("%s: %s: the mutation did not apply:\n%s", as, name, whole)
			}
			if _, p := entryProblems(data); len(p) == 0 {
				t.Errorf("%s: %s: passes as whole:\n%s", as, name, data)
			}
		}
	}
}
