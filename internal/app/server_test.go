package app

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/netsyncd/netsyncd/internal/testservers"
)

// splitICS turns an exported file into one calendar object per UID, each
// with the file's VTIMEZONEs, as a server stores them.
func splitICS(t *testing.T, data string) map[string]string {
	t.Helper()
	data = strings.ReplaceAll(data, "\r\n", "\n")
	header := data[:strings.Index(data, "BEGIN:VEVENT")]
	events := regexp.MustCompile(`(?s)BEGIN:VEVENT\n.*?END:VEVENT\n`).FindAllString(data, -1)
	byUID := map[string]string{}
	var order []string
	for _, ev := range events {
		uid := regexp.MustCompile(`(?m)^UID:(.*)$`).FindStringSubmatch(ev)[1]
		if _, ok := byUID[uid]; !ok {
			order = append(order, uid)
		}
		byUID[uid] += ev
	}
	out := map[string]string{}
	for _, uid := range order {
		obj := header + byUID[uid] + "END:VCALENDAR\n"
		out[uid] = strings.ReplaceAll(obj, "\n", "\r\n")
	}
	return out
}

// TestExplainReadsTheSameFromServers puts the two-week calendar on
// Radicale and Xandikos and checks that `explain` reads exactly the
// occurrences (times, recurrence ids, classification, findings) it reads
// from the file.
func TestExplainReadsTheSameFromServers(t *testing.T) {
	data, err := os.ReadFile("testdata/twoweeks.ics")
	if err != nil {
		t.Fatal(err)
	}
	window := []string{"--from", "2026-11-30", "--to", "2026-12-13", "--json"}
	_, fromFile, _ := run(t, nil, append([]string{"explain", "--config", "testdata/config.yaml", "--ics", "testdata/twoweeks.ics"}, window...)...)
	want := explainRows(t, fromFile)
	for _, srv := range testservers.All(t) {
		t.Run(srv.Name, func(t *testing.T) {
			cal := srv.MakeCalendar(t, "personal")
			for uid, obj := range splitICS(t, string(data)) {
				srv.Put(t, cal+regexp.MustCompile(`[^a-z0-9-]`).ReplaceAllString(uid, "_")+".ics", []byte(obj))
			}
			cfg, _ := os.ReadFile("testdata/config.yaml")
			conf := strings.Replace(string(cfg), "url: http://127.0.0.1:1/", "url: "+srv.URL, 1)
			conf = strings.Replace(conf, "username: jane", fmt.Sprintf("username: %q", srv.Username), 1)
			conf = strings.Replace(conf, "caldav:\n", "caldav:\n  sources: ["+cal+"]\n", 1)
			if srv.Username == "" { // Xandikos has no authentication
				conf = strings.Replace(conf, "  password_env: NETSYNCD_TEST_PASSWORD\n", "", 1)
			}
			path := filepath.Join(t.TempDir(), "config.yaml")
			os.WriteFile(path, []byte(conf), 0o600)
			env := map[string]string{"NETSYNCD_TEST_PASSWORD": srv.Password}
			code, out, errOut := run(t, env, append([]string{"explain", "--config", path}, window...)...)
			if code != ExitOK {
				t.Fatalf("explain from %s = %d: %s", srv.Name, code, errOut)
			}
			got := explainRows(t, out)
			if len(got) != len(want) {
				t.Fatalf("explain from %s lists %d occurrences; from the file %d", srv.Name, len(got), len(want))
			}
			for i := range want {
				if !reflect.DeepEqual(got[i], want[i]) {
					t.Errorf("occurrence %d from %s:\n%v\nfrom the file:\n%v", i, srv.Name, got[i], want[i])
				}
			}
		})
	}
}

// explainRows decodes explain's JSON without the calendar name, which
// differs between a file and a server by design.
func explainRows(t *testing.T, js string) []map[string]any {
	t.Helper()
	var rows []map[string]any
	if err := json.Unmarshal([]byte(js), &rows); err != nil {
		t.Fatalf("explain JSON: %v\n%s", err, js)
	}
	for _, r := range rows {
		delete(r, "calendar")
		if fs, ok := r["findings"].([]any); ok {
			for _, f := range fs {
				m := f.(map[string]any)
				m["message"] = regexp.MustCompile(` in [^ ]+ \(`).ReplaceAllString(m["message"].(string), " in CAL (")
			}
		}
	}
	return rows
}
