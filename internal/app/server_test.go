package app

import (
	"os"
	"strings"
	"testing"

	"github.com/netsyncd/netsyncd/internal/testservers"
)

// TestExplainReadsTheSameFromServers puts the two-week calendar on
// Radicale, Xandikos and DAViCal, as a client uploads it (clientUpload),
// and checks that `explain` reads exactly the
// occurrences (times, recurrence ids, classification, findings) it reads
// from the file.
func TestExplainReadsTheSameFromServers(t *testing.T) {
	window := []string{"--from", "2026-11-30", "--to", "2026-12-13", "--json"}
	_, fromFile, _ := run(t, nil, append([]string{"explain", "--config", "testdata/config.yaml", "--ics", "testdata/twoweeks.ics"}, window...)...)
	want := caseRows(t, fromFile, "twoweeks", nil)
	for _, srv := range testservers.All(t) {
		t.Run(srv.Name, func(t *testing.T) {
			path, env := twoWeeksOn(t, srv, "personal")
			code, out, errOut := run(t, env, append([]string{"explain", "--config", path}, window...)...)
			if code != ExitOK {
				t.Fatalf("explain from %s = %d: %s", srv.Name, code, errOut)
			}
			got := caseRows(t, out, "personal", nil)
			if len(got) != len(want) {
				t.Fatalf("explain from %s lists %d occurrences; from the file %d", srv.Name, len(got), len(want))
			}
			// As in TestServersReadEveryCase: fields a server rewrites
			// (SOGo pins the dentist's floating time to its zone) are
			// listed in rewritten.
			d := rowDiff{server: srv.Name, file: "twoweeks.ics", window: window[1] + " to " + window[3], seen: map[string]bool{}}
			d.check(t, got, want)
			for key := range rewritten {
				if strings.HasPrefix(key, srv.Name+" twoweeks.ics ") && !d.seen[key] {
					t.Errorf("rewritten lists %q, which reads the same from the server: drop the exception", key)
				}
			}
		})
	}
}

// twoWeeksOn uploads testdata/twoweeks.ics to a new calendar cal of srv,
// as a client does (clientUpload), and writes the tests' config reading
// it: its path and the environment with the password.
func twoWeeksOn(t *testing.T, srv *testservers.Server, cal string) (string, map[string]string) {
	t.Helper()
	data, err := os.ReadFile("testdata/twoweeks.ics")
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := os.ReadFile("testdata/config.yaml")
	if err != nil {
		t.Fatal(err)
	}
	objs, _, _ := clientUpload(t, "twoweeks.ics", string(data))
	path := srv.MakeCalendar(t, cal)
	putObjects(t, srv, path, objs)
	return serverConfig(t, string(cfg), srv, path)
}
