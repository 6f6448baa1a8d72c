package plan

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/netsyncd/netsyncd/internal/entry"
	"github.com/netsyncd/netsyncd/internal/limits"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// TestGoldenTwoWeeks plans a two-week calendar (twoWeeks plus a day with no
// free slot) and compares every entry's kind, times, alarm, summary and
// description with testdata/twoweeks.golden.
func TestGoldenTwoWeeks(t *testing.T) {
	res := twoWeeks()
	crowded := netItem("crowded-1", "Board dinner", at(16, 19, 0), 2*time.Hour, 45)
	res.Items = append(res.Items, busyItem("offsite", at(15, 7, 0), at(16, 18, 0)), crowded)
	es, fs := Plan(testConfig(), res)
	got := render(es, fs)
	path := filepath.Join("testdata", "twoweeks.golden")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("plan differs from %s (run go test -update after checking):\n%s", path, diff(string(want), got))
	}
}

func render(es []entry.Entry, fs []limits.Finding) string {
	var b strings.Builder
	for _, e := range es {
		fmt.Fprintf(&b, "== %s %s | %s - %s | alarm %s | source %s %s\n", e.Kind, e.UID,
			e.Start.In(ny).Format("Mon 2006-01-02 15:04"), e.End.In(ny).Format("15:04"), e.Alarm, e.SourceUID, e.SourceRecurrenceID)
		fmt.Fprintf(&b, "SUMMARY: %s\n%s\n\n", e.Summary, e.Description)
	}
	for _, f := range fs {
		fmt.Fprintf(&b, "FINDING %s %s %s: %s\n", f.Code, f.UID, f.Start.In(ny).Format("Mon 15:04"), f.Message)
	}
	return b.String()
}

// diff shows the first lines that differ.
func diff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			return fmt.Sprintf("line %d:\nwant: %q\ngot:  %q", i+1, wl, gl)
		}
	}
	return "(equal)"
}
