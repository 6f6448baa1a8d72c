package event

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// corpusDir holds the 95 real-world files of python-recurring-ical-events'
// test suite (see its README): Google, Outlook, Apple and Nextcloud exports,
// bug reports about DST, EXDATE/RDATE, moved and deleted occurrences. It is
// shared/ beside the repository (as CI lays it out), or $NETSYNCD_CORPUS.
var corpusDir = func() string {
	if d := os.Getenv("NETSYNCD_CORPUS"); d != "" {
		return d
	}
	return filepath.Join("..", "..", "..", "shared", "corpus", "recurring-ical-events")
}()

// corpusFiles returns the corpus files, skipping the test (failing it under
// CI) when the corpus is not there.
func corpusFiles(t testing.TB) []string {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(corpusDir, "*.ics"))
	if len(files) == 0 {
		if os.Getenv("CI") == "true" {
			t.Fatalf("no corpus files in %s", corpusDir)
		}
		t.Skipf("no corpus files in %s", corpusDir)
	}
	return files
}

func readSource(t testing.TB, path string) Source {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return Source{Calendar: strings.TrimSuffix(filepath.Base(path), ".ics"), Data: data}
}

// TestCorpusReads expands every corpus file over a wide window: no panic,
// no hang, and every occurrence well formed.
func TestCorpusReads(t *testing.T) {
	from := time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC)
	to := time.Date(2035, 1, 1, 0, 0, 0, 0, time.UTC)
	berlin, _ := time.LoadLocation("Europe/Berlin")
	for _, path := range corpusFiles(t) {
		src := readSource(t, path)
		t.Run(src.Calendar, func(t *testing.T) {
			begin := time.Now()
			occs, probs := Expand(src, from, to, berlin)
			if d := time.Since(begin); d > 2*time.Second {
				t.Errorf("Expand took %v; want under 2s", d)
			}
			for _, p := range probs {
				t.Logf("problem: %v", p)
			}
			for i, o := range occs {
				if o.End.Before(o.Start) {
					t.Errorf("occurrence %d (%s) ends %v before it starts %v", i, o.UID, o.End, o.Start)
				}
				if o.Start.Location() != berlin || o.End.Location() != berlin {
					t.Errorf("occurrence %d (%s) is in %v/%v; want Europe/Berlin", i, o.UID, o.Start.Location(), o.End.Location())
				}
				if o.UID == "" {
					t.Errorf("occurrence %d has no UID", i)
				}
				if i > 0 && occs[i-1].Start.After(o.Start) {
					t.Errorf("occurrence %d starts %v before occurrence %d at %v", i, o.Start, i-1, occs[i-1].Start)
				}
			}
			t.Logf("%d occurrences, %d problems", len(occs), len(probs))
		})
	}
}
