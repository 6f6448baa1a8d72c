package app

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// fixedNow is Monday 30 November 2026, 09:00 in New York.
var fixedNow = time.Date(2026, 11, 30, 14, 0, 0, 0, time.UTC)

// run drives the whole program in-process, as main does.
func run(t *testing.T, env map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = Run(context.Background(), Env{
		Args:   args,
		Stdout: &out,
		Stderr: &errb,
		Getenv: func(k string) string { return env[k] },
		Now:    func() time.Time { return fixedNow },
	})
	return code, out.String(), errb.String()
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the golden file (run with -update after checking):\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

func TestHelp(t *testing.T) {
	code, out, _ := run(t, nil, "--help")
	if code != ExitOK {
		t.Errorf("netsyncd --help exited %d; want 0", code)
	}
	for _, c := range commands() {
		if !strings.Contains(out, c.name) {
			t.Errorf("--help does not list %q", c.name)
		}
		code, _, errOut := run(t, nil, c.name, "--help")
		if code != ExitOK || !strings.Contains(errOut, "Usage: netsyncd "+c.name) {
			t.Errorf("netsyncd %s --help = %d, %q; want 0 and its usage", c.name, code, errOut)
		}
	}
}

func TestUsageErrorsExitTwo(t *testing.T) {
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"no command", nil, "Usage"},
		{"unknown command", []string{"sync"}, `unknown command "sync"`},
		{"unknown flag", []string{"explain", "--frm", "2026-12-01"}, "frm"},
		{"bad date", []string{"explain", "--ics", "testdata/twoweeks.ics", "--config", "testdata/config.yaml", "--from", "1 Dec"}, "write a date like"},
		{"bad week", []string{"report", "--ics", "testdata/twoweeks.ics", "--config", "testdata/config.yaml", "--week", "W49"}, "2026-W48"},
		{"missing ics", []string{"explain", "--ics", "testdata/nope.ics", "--config", "testdata/config.yaml"}, "nope.ics"},
		{"missing config", []string{"check-config", "--config", "testdata/nope.yaml"}, "nope.yaml"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, out, errOut := run(t, nil, c.args...)
			if code != ExitUsage || !strings.Contains(out+errOut, c.want) {
				t.Errorf("netsyncd %v = %d, %q; want exit 2 saying %q", c.args, code, errOut, c.want)
			}
		})
	}
}

func TestCheckConfig(t *testing.T) {
	code, out, errOut := run(t, nil, "check-config", "--config", "../../config/netsyncd.example.yaml")
	if code != ExitOK {
		t.Fatalf("check-config of the example = %d: %s", code, errOut)
	}
	if !strings.Contains(out, "hours_per_week:") || !strings.Contains(out, "valid") {
		t.Errorf("check-config does not print the effective config:\n%s", out)
	}
	bad := filepath.Join(t.TempDir(), "config.yaml")
	os.WriteFile(bad, []byte("caldav:\n  url: https://dav.example.com/\nlimits:\n  hours_per_wek: 6\n"), 0o600)
	code, _, errOut = run(t, nil, "check-config", "--config", bad)
	if code != ExitUsage || !strings.Contains(errOut, "config.yaml:4") || !strings.Contains(errOut, "hours_per_wek") {
		t.Errorf("check-config of a misspelt key = %d, %q; want exit 2 naming line 4 and the key", code, errOut)
	}
}

func TestCheckConfigNeverPrintsThePassword(t *testing.T) {
	dir := t.TempDir()
	pw := filepath.Join(dir, "password")
	os.WriteFile(pw, []byte("correct-horse-battery\n"), 0o600)
	cfg := filepath.Join(dir, "config.yaml")
	os.WriteFile(cfg, []byte("caldav:\n  url: https://dav.example.com/\n  username: jane\n  password_file: "+pw+"\n"), 0o600)
	code, out, errOut := run(t, nil, "check-config", "--config", cfg)
	if code != ExitOK {
		t.Fatalf("check-config = %d: %s", code, errOut)
	}
	if strings.Contains(out+errOut, "correct-horse") {
		t.Errorf("check-config printed the password")
	}
}

func TestCheckConfigWarnsOnceOfAMissingPasswordFile(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "config.yaml")
	os.WriteFile(cfg, []byte("caldav:\n  url: https://dav.example.com/\n  username: jane\n  password_file: "+filepath.Join(dir, "missing")+"\n"), 0o600)
	code, _, errOut := run(t, nil, "check-config", "--config", cfg)
	if code != ExitOK || strings.Count(errOut, "password_file") != 1 || !strings.Contains(errOut, "config.yaml:4") {
		t.Errorf("check-config with a missing password file = %d, %q; want exit 0 and one warning naming line 4", code, errOut)
	}
}

// TestReportGolden runs `report` over the two-week calendar of testdata
// and compares the whole text and JSON output.
func TestReportGolden(t *testing.T) {
	for _, c := range []struct{ file, format string }{{"report.txt", ""}, {"report.json", "--json"}} {
		args := []string{"report", "--config", "testdata/config.yaml", "--ics", "testdata/twoweeks.ics"}
		if c.format != "" {
			args = append(args, c.format)
		}
		code, out, errOut := run(t, nil, args...)
		if code != ExitOK {
			t.Fatalf("report = %d: %s", code, errOut)
		}
		golden(t, c.file, out)
	}
}

// TestExplainGolden does the same for `explain`, and checks the JSON has
// the shape SPEC.md gives.
func TestExplainGolden(t *testing.T) {
	args := []string{"explain", "--config", "testdata/config.yaml", "--ics", "testdata/twoweeks.ics", "--from", "2026-11-30", "--to", "2026-12-13"}
	code, text, errOut := run(t, nil, args...)
	if code != ExitOK {
		t.Fatalf("explain = %d: %s", code, errOut)
	}
	golden(t, "explain.txt", text)
	code, js, _ := run(t, nil, append(args, "--json")...)
	if code != ExitOK {
		t.Fatalf("explain --json = %d", code)
	}
	golden(t, "explain.json", js)
	var rows []map[string]any
	if err := json.Unmarshal([]byte(js), &rows); err != nil {
		t.Fatal(err)
	}
	keys := []string{"uid", "recurrence_id", "calendar", "summary", "location", "start", "end", "all_day", "networking",
		"mode", "type", "in_person", "travel_minutes", "confidential_risk", "reasons", "findings"}
	for _, r := range rows {
		for _, k := range keys {
			if _, ok := r[k]; !ok {
				t.Errorf("explain row %v lacks %q", r["uid"], k)
			}
		}
	}
	// The moved occurrence of the coffee series is on Friday, under its recurrence id.
	found := false
	for _, r := range rows {
		if r["uid"] == "tom-coffee-series@home.example" && r["recurrence_id"] == "2026-12-03T13:30:00Z" {
			found = r["start"] == "2026-12-04T08:00:00-05:00"
		}
	}
	if !found {
		t.Errorf("the moved occurrence (recurrence id 2026-12-03T13:30:00Z) is not at 2026-12-04T08:00:00-05:00")
	}
}

func TestExplainWithoutConfigUsesDefaults(t *testing.T) {
	env := map[string]string{"NETSYNCD_CONFIG": filepath.Join(t.TempDir(), "absent.yaml")}
	code, out, errOut := run(t, env, "explain", "--ics", "testdata/twoweeks.ics", "--from", "2026-11-30", "--to", "2026-12-06", "--json")
	if code != ExitOK {
		t.Fatalf("explain --ics without a config = %d: %s", code, errOut)
	}
	if !strings.Contains(out, "Coffee with Priya Raman") {
		t.Errorf("explain --ics without a config lists no event:\n%s", out)
	}
}

func TestDemo(t *testing.T) {
	code, out, errOut := run(t, nil, "demo")
	if code != ExitOK {
		t.Fatalf("demo = %d: %s", code, errOut)
	}
	for _, want := range []string{"netsyncd explain", "netsyncd report", "created", "Nothing changed since the last pass", "Prep: ", "Follow up: ", "Networking plan 20"} {
		if !strings.Contains(out, want) {
			t.Errorf("demo output lacks %q", want)
		}
	}
}

// TestExampleRuleDecides: the example config's "alumni evenings" rule
// makes an HBS get-together on a Thursday evening passive alumni
// networking, and explain names the rule; the defaults alone do not call
// it networking.
func TestExampleRuleDecides(t *testing.T) {
	args := []string{"explain", "--ics", "testdata/hbs.ics", "--from", "2026-12-01", "--to", "2026-12-07", "--json"}
	code, out, errOut := run(t, nil, append(args, "--config", "../../config/netsyncd.example.yaml")...)
	if code != ExitOK {
		t.Fatalf("explain with the example config = %d: %s", code, errOut)
	}
	var rows []struct {
		Networking bool
		Mode, Type string
		Reasons    []string
	}
	if err := json.Unmarshal([]byte(out), &rows); err != nil || len(rows) != 1 {
		t.Fatalf("explain --json = %q, %v; want one row", out, err)
	}
	r := rows[0]
	if !r.Networking || r.Mode != "passive" || r.Type != "alumni" {
		t.Errorf("HBS get-together with the example config = networking %v, %s %s; want passive alumni networking", r.Networking, r.Mode, r.Type)
	}
	named := 0
	for _, reason := range r.Reasons {
		if strings.Contains(reason, `(rule "alumni evenings")`) {
			named++
		}
	}
	if named < 3 {
		t.Errorf("reasons name the rule %d times; want networking, mode and type decided by it: %q", named, r.Reasons)
	}
	env := map[string]string{"NETSYNCD_CONFIG": filepath.Join(t.TempDir(), "absent.yaml")}
	_, out, _ = run(t, env, args...)
	rows = nil
	json.Unmarshal([]byte(out), &rows)
	if len(rows) != 1 || rows[0].Networking {
		t.Errorf("without the rule, the defaults already call it networking (%+v): the test proves nothing", rows)
	}
}
