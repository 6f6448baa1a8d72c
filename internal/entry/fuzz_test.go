package entry

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// FuzzDecode feeds Decode what a target calendar may hold: anything. It
// must never panic, and an entry it reads as netsyncd's must survive
// Encode → Decode with the same identity.
func FuzzDecode(f *testing.F) {
	files, _ := filepath.Glob("testdata/decode/*.ics")
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	start := time.Date(2026, 12, 2, 12, 0, 0, 0, time.UTC)
	f.Add(Encode(Entry{Kind: KindPrep, UID: UID(KindPrep, "s", ""), SourceUID: "s", Summary: "Prep: x", Start: start, End: start.Add(time.Hour)},
		EncodeOptions{Stamp: start}))
	f.Fuzz(func(t *testing.T, data []byte) {
		o, err := Decode(data)
		if err != nil || o.Kind == "" || o.Invalid != "" || !o.Consistent() {
			return
		}
		e := Entry{Kind: o.Kind, UID: o.UID, SourceUID: o.SourceUID, SourceRecurrenceID: o.SourceRecurrenceID, Week: o.Week,
			Summary: o.Summary, Description: o.Description, Location: o.Location, Start: o.Start, End: o.End}
		again, err := Decode(Encode(e, EncodeOptions{As: o.As, Stamp: start}))
		if err != nil {
			t.Fatalf("Decode(Encode(Decode(data))) failed: %v", err)
		}
		if again.UID != o.UID || again.Kind != o.Kind || again.SourceUID != o.SourceUID || again.Week != o.Week {
			t.Fatalf("identity changed through Encode: %+v -> %+v", o, again)
		}
	})
}
