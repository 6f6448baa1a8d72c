package event

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-ical"
)

// oracleQuirks lists the corpus files where python-recurring-ical-events
// 2.0.1 (Debian's python3-recurring-ical-events, the oracle) and Expand
// disagree on purpose, with the reason. Everything else must match exactly.
// What Expand does instead is checked for each of them in
// TestCorpusExpectations and TestCorpusQuirkProblems.
var oracleQuirks = map[string]string{
	// The oracle raises instead of expanding.
	"bad_rrule_missing_until_event":   "oracle raises on the unknown RRULE part UNTL; Expand reports a Problem and skips the series",
	"end_before_start_event":          "oracle asserts start <= end; Expand swaps them, as upstream does since issue 132",
	"issue_132_swapped_start_and_end": "oracle asserts start <= end; Expand swaps them, as upstream does since issue 132",
	"issue_113_period_in_rdate":       "oracle cannot read RDATE;VALUE=PERIOD (fixed upstream in issue 113); Expand can",
	"issue_113_period_rdate_duration": "oracle cannot read RDATE;VALUE=PERIOD (fixed upstream in issue 113); Expand can",
	"multiple_rrule":                  "oracle refuses distinct RRULE lines; Expand takes their union (RFC 2445 allowed several)",
	// Bugs of 2.0.1 that the file was added upstream to fix.
	"issue_107_omitting_last_event": "oracle drops the instance that falls exactly on UNTIL; RFC 5545 3.3.10 includes it",
	"issue_128_only_first_event":    "oracle stops after DTSTART on COUNT=-1; Expand, like dateutil and upstream, ignores a count below one",
	"issue_179_example":             "oracle gives a DATE event without DTEND zero length; RFC 5545 3.6.1 says one day",
	"issue_75_range_parameter":      "oracle ignores RANGE=THISANDFUTURE; Expand moves and restyles the later instances (RFC 5545 3.8.4.4)",
	// Policy differences.
	"issue_148_ignored_exdate":           "two masters with one UID: oracle mixes both; Expand keeps the higher SEQUENCE (RFC 5545 3.8.7.4), like upstream since issue 148",
	"issue_148_exdate_and_rdate_updated": "two masters with one UID: oracle mixes both; Expand keeps the higher SEQUENCE (RFC 5545 3.8.7.4), like upstream since issue 148",
	"alarm_absolute_edited":              "two masters with one UID and SEQUENCE absent/1: oracle lists both; Expand keeps the higher SEQUENCE",
	"issue_201_test_matrix":              "DATE start with DURATION:PT10H: oracle adds hours to a date (no-op, zero length); Expand gives 10 hours",
}

// oraclePython finds a python3 that can import recurring_ical_events.
func oraclePython(t *testing.T) string {
	t.Helper()
	for _, py := range []string{"python3", "/usr/bin/python3"} {
		if exec.Command(py, "-c", "import recurring_ical_events").Run() == nil {
			return py
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("no python3 with recurring_ical_events: apt install python3-recurring-ical-events")
	}
	t.Skip("no python3 with recurring_ical_events")
	return ""
}

type oracleJob struct {
	File string `json:"file"`
	From string `json:"from"`
	To   string `json:"to"`
}

type oracleResult struct {
	Events [][3]string `json:"events"`
	Error  string      `json:"error"`
}

// oracleWindow is the file's earliest VEVENT DTSTART minus a day, to three
// years later: every file's action happens there.
func oracleWindow(data []byte) (time.Time, time.Time) {
	first := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	found := false
	for _, cal := range parse(data).calendars {
		for _, c := range cal.Children {
			v := propValue(c, ical.PropDateTimeStart)
			if c.Name != ical.CompEvent || len(v) < 8 {
				continue
			}
			if d, err := time.Parse("20060102", v[:8]); err == nil && (!found || d.Before(first)) {
				first, found = d, true
			}
		}
	}
	from := first.AddDate(0, 0, -1)
	return from, from.AddDate(3, 0, 0)
}

// TestOracle compares Expand with python-recurring-ical-events on every
// corpus file, reading floating times and dates in UTC on both sides.
func TestOracle(t *testing.T) {
	files := corpusFiles(t)
	py := oraclePython(t)
	var jobs []oracleJob
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		from, to := oracleWindow(data)
		jobs = append(jobs, oracleJob{File: f, From: from.Format(time.RFC3339), To: to.Format(time.RFC3339)})
	}
	in, _ := json.Marshal(jobs)
	cmd := exec.Command(py, filepath.Join("testdata", "oracle.py"))
	cmd.Stdin = bytes.NewReader(in)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("oracle.py: %v\n%s", err, stderr.String())
	}
	var results map[string]oracleResult
	if err := json.Unmarshal(out, &results); err != nil {
		t.Fatalf("oracle.py output: %v", err)
	}
	for _, job := range jobs {
		name := strings.TrimSuffix(filepath.Base(job.File), ".ics")
		t.Run(name, func(t *testing.T) {
			compareOracle(t, job, results[job.File])
		})
	}
}

func compareOracle(t *testing.T, job oracleJob, want oracleResult) {
	name := strings.TrimSuffix(filepath.Base(job.File), ".ics")
	from, _ := time.Parse(time.RFC3339, job.From)
	to, _ := time.Parse(time.RFC3339, job.To)
	occs, probs := Expand(readSource(t, job.File), from, to, time.UTC)
	var got []string
	for _, o := range occs {
		uid := o.UID
		if strings.HasPrefix(uid, "netsyncd-no-uid-") {
			uid = ""
		}
		got = append(got, fmt.Sprintf("%s %s %s", uid, o.Start.UTC().Format(time.RFC3339), o.End.UTC().Format(time.RFC3339)))
	}
	var exp []string
	for _, e := range want.Events {
		exp = append(exp, strings.Join(e[:], " "))
	}
	slices.Sort(got)
	slices.Sort(exp)
	same := want.Error == "" && slices.Equal(got, exp)
	reason, quirk := oracleQuirks[name]
	switch {
	case same && quirk:
		t.Errorf("Expand agrees with the oracle now: remove %s from oracleQuirks (%s)", name, reason)
	case !same && quirk:
		t.Logf("known difference: %s", reason)
	case !same:
		t.Errorf("Expand(%s, %s..%s) differs from python-recurring-ical-events:\n%s\nproblems: %v",
			name, job.From, job.To, diffLines(got, exp, want.Error), probs)
	}
}

func diffLines(got, want []string, oracleErr string) string {
	if oracleErr != "" {
		return "oracle failed: " + oracleErr + "\ngot:\n  " + strings.Join(got, "\n  ")
	}
	var b strings.Builder
	for _, g := range got {
		if !slices.Contains(want, g) {
			fmt.Fprintf(&b, "  + %s (only Expand)\n", g)
		}
	}
	for _, w := range want {
		if !slices.Contains(got, w) {
			fmt.Fprintf(&b, "  - %s (only the oracle)\n", w)
		}
	}
	if b.Len() == 0 {
		fmt.Fprintf(&b, "  same set, different counts: %d vs %d", len(got), len(want))
	}
	return b.String()
}
