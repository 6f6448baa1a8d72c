package event

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// maxSeedOccurrences bounds the seeds of FuzzExpandSome by what they
// expand to over their oracle window: each exec reads its input three
// times in two calendars and compares every occurrence, so a seed of a
// thousand occurrences (a daily event over the window's three years)
// costs about a second an exec, and every input mutated from it as much.
// Seeded with them, a 1m run made about 120 execs. The 11 corpus files
// over the bound are read whole by TestExpandSomeIsExpandWith.
const maxSeedOccurrences = 200

// addLightSeedFiles is addSeedFiles without the files that expand to
// more than maxSeedOccurrences.
func addLightSeedFiles(f *testing.F, loc *time.Location) {
	corpus, _ := filepath.Glob(filepath.Join(corpusDir, "*.ics"))
	local, _ := filepath.Glob(filepath.Join("testdata", "*.ics"))
	for _, path := range append(corpus, local...) {
		data, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		from, to := oracleWindow(data)
		if occs, _ := Expand(Source{Href: "/seed.ics", Data: data}, from, to, loc); len(occs) > maxSeedOccurrences {
			continue
		}
		f.Add(data)
	}
}
