package app

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/netsyncd/netsyncd/internal/testservers"
)

// reportWeek is the part of a week of `report --json` these tests read.
type reportWeek struct {
	Week       string `json:"week"`
	Start, End string
	Events     int
	Findings   []map[string]any
}

func reportWeeks(t *testing.T, js string) []reportWeek {
	t.Helper()
	var r struct{ Weeks []reportWeek }
	if err := json.Unmarshal([]byte(js), &r); err != nil {
		t.Fatalf("report JSON: %v\n%s", err, js)
	}
	return r.Weeks
}

// TestReportReadsTheSameFromServers puts the two-week calendar on Radicale
// and Xandikos, as a client uploads it, and requires `report` to print
// exactly what it prints from the file with --ics: the JSON, the text, and
// one week (--week). Only the calendar's name, which findings about
// overlaps mention, differs by design.
func TestReportReadsTheSameFromServers(t *testing.T) {
	forms := [][]string{{"--json"}, {}, {"--week", "2026-W50", "--json"}, {"--week", "2026-W50"}}
	fromFile := map[int]string{}
	for i, form := range forms {
		code, out, errOut := run(t, nil, append([]string{"report", "--config", "testdata/config.yaml", "--ics", "testdata/twoweeks.ics"}, form...)...)
		if code != ExitOK {
			t.Fatalf("report --ics %v = %d: %s", form, code, errOut)
		}
		fromFile[i] = strings.ReplaceAll(out, " in twoweeks (", " in CALENDAR (")
	}
	// The comparison proves something only if the weeks have events and
	// findings that name the calendar.
	weeks := reportWeeks(t, fromFile[0])
	if len(weeks) != 2 || weeks[0].Events == 0 || weeks[1].Events == 0 || !strings.Contains(fromFile[1], " in CALENDAR (") {
		t.Fatalf("report --ics of the two-week calendar has not two weeks with events and an overlap:\n%s", fromFile[1])
	}
	for _, srv := range []*testservers.Server{testservers.Radicale(t), testservers.Xandikos(t), testservers.Cyrus(t), testservers.SOGo(t)} {
		t.Run(srv.Name, func(t *testing.T) {
			conf, env := twoWeeksOn(t, srv, "Personal")
			for i, form := range forms {
				code, out, errOut := run(t, env, append([]string{"report", "--config", conf}, form...)...)
				if code != ExitOK {
					t.Fatalf("report %v from %s = %d: %s", form, srv.Name, code, errOut)
				}
				got := strings.ReplaceAll(out, " in Personal (", " in CALENDAR (")
				if got != fromFile[i] {
					t.Errorf("report %v from %s differs from the file's:\n%s", form, srv.Name, lineDiff(got, fromFile[i]))
				}
			}
		})
	}
}

// lineDiff shows the lines of got and want that differ.
func lineDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	var b strings.Builder
	for i := 0; i < len(g) || i < len(w); i++ {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			b.WriteString("line " + strconv.Itoa(i+1) + ":\n  server: " + gl + "\n  file:   " + wl + "\n")
		}
	}
	return b.String()
}

// weekRow is a week's row of report's text: it starts with the week.
var weekRow = regexp.MustCompile(`^\d{4}-W\d{2} `)

// TestReportOneWeek: `report --week` reports exactly the week named, from
// its first day (limits.week_start) at midnight in the config's zone, to
// the same time seven days later; across a year's end and a DST change
// too. For 2026-W50 of the two-week calendar, the week is the one the
// whole report gives.
func TestReportOneWeek(t *testing.T) {
	cfg, err := os.ReadFile("testdata/config.yaml")
	if err != nil {
		t.Fatal(err)
	}
	sunday := filepath.Join(t.TempDir(), "sunday.yaml")
	conf := strings.Replace(string(cfg), "limits:\n", "limits:\n  week_start: sunday\n", 1)
	if err := os.WriteFile(sunday, []byte(conf), 0o600); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		config, week, start, end, text string
	}{
		{"testdata/config.yaml", "2026-W50", "2026-12-07T00:00:00-05:00", "2026-12-14T00:00:00-05:00", "2026-W50  Mon 7 Dec–Sun 13 Dec"},
		{"testdata/config.yaml", "2026-W49", "2026-11-30T00:00:00-05:00", "2026-12-07T00:00:00-05:00", "2026-W49  Mon 30 Nov–Sun 6 Dec"},
		// 2026 has 53 ISO weeks; week 1 of 2027 starts on 4 January.
		{"testdata/config.yaml", "2026-W53", "2026-12-28T00:00:00-05:00", "2027-01-04T00:00:00-05:00", "2026-W53  Mon 28 Dec–Sun 3 Jan"},
		{"testdata/config.yaml", "2027-W01", "2027-01-04T00:00:00-05:00", "2027-01-11T00:00:00-05:00", "2027-W01  Mon 4 Jan–Sun 10 Jan"},
		// New York leaves DST on Sunday 1 November 2026.
		{"testdata/config.yaml", "2026-W44", "2026-10-26T00:00:00-04:00", "2026-11-02T00:00:00-05:00", "2026-W44  Mon 26 Oct–Sun 1 Nov"},
		// A week starting on Sunday is named by the ISO week of that Sunday.
		{sunday, "2026-W50", "2026-12-13T00:00:00-05:00", "2026-12-20T00:00:00-05:00", "2026-W50  Sun 13 Dec–Sat 19 Dec"},
	}
	for _, c := range cases {
		t.Run(filepath.Base(c.config)+" "+c.week, func(t *testing.T) {
			args := []string{"report", "--config", c.config, "--ics", "testdata/twoweeks.ics", "--week", c.week}
			code, js, errOut := run(t, nil, append(args, "--json")...)
			if code != ExitOK {
				t.Fatalf("report --week %s --json = %d: %s", c.week, code, errOut)
			}
			weeks := reportWeeks(t, js)
			if len(weeks) != 1 {
				t.Fatalf("report --week %s --json lists %d weeks; want exactly that one:\n%s", c.week, len(weeks), js)
			}
			if w := weeks[0]; w.Week != c.week || w.Start != c.start || w.End != c.end {
				t.Errorf("report --week %s = week %q from %s to %s; want %s from %s to %s", c.week, w.Week, w.Start, w.End, c.week, c.start, c.end)
			}
			code, text, errOut := run(t, nil, args...)
			if code != ExitOK {
				t.Fatalf("report --week %s = %d: %s", c.week, code, errOut)
			}
			var rows []string
			for _, l := range strings.Split(text, "\n") {
				if weekRow.MatchString(l) {
					rows = append(rows, l)
				}
			}
			if len(rows) != 1 || !strings.HasPrefix(rows[0], c.text) {
				t.Errorf("report --week %s prints the weeks %q; want one, starting %q:\n%s", c.week, rows, c.text, text)
			}
		})
	}

	// The one week is the same as in the whole report.
	_, whole, _ := run(t, nil, "report", "--config", "testdata/config.yaml", "--ics", "testdata/twoweeks.ics", "--json")
	_, one, _ := run(t, nil, "report", "--config", "testdata/config.yaml", "--ics", "testdata/twoweeks.ics", "--week", "2026-W50", "--json")
	var all, w50 struct{ Weeks []map[string]any }
	if err := json.Unmarshal([]byte(whole), &all); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(one), &w50); err != nil {
		t.Fatal(err)
	}
	var found map[string]any
	for _, w := range all.Weeks {
		if w["week"] == "2026-W50" {
			found = w
		}
	}
	if found == nil || len(w50.Weeks) != 1 || found["events"].(float64) == 0 {
		t.Fatalf("the whole report has no 2026-W50 with events, or --week has not one week:\n%s\n%s", whole, one)
	}
	a, _ := json.Marshal(found)
	b, _ := json.Marshal(w50.Weeks[0])
	if string(a) != string(b) {
		t.Errorf("report --week 2026-W50 differs from 2026-W50 of the whole report:\n--week: %s\nwhole:  %s", b, a)
	}
}
