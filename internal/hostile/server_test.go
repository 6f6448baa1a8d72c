package hostile

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/netsyncd/netsyncd/internal/davserver"
)

// davServer is netsyncd's in-process CalDAV server on 127.0.0.1 with a
// calendar "personal" holding objs (one calendar object each), stopped at
// the end of the test.
func davServer(t *testing.T, objs ...string) (*davserver.Server, string) {
	t.Helper()
	srv := davserver.New("jane")
	cal := srv.Home() + "personal/"
	srv.AddCalendar(cal, "Personal")
	for i, o := range objs {
		if err := srv.PutObject(fmt.Sprintf("%sobj-%d.ics", cal, i), []byte(o)); err != nil {
			t.Fatalf("PUT object %d: %v", i, err)
		}
	}
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(hs.Close)
	return srv, hs.URL + "/"
}

// passConfig writes a config for a pass from url's calendar "personal" into
// "netsyncd" (created by the pass), with extra YAML appended.
func passConfig(t *testing.T, url, extra string) string {
	t.Helper()
	dir := t.TempDir()
	conf := fmt.Sprintf(`timezone: America/New_York
window: {past: 0d, future: 13d}
state_dir: %s
caldav:
  url: %s
  username: jane
  password_env: NETSYNCD_TEST_PASSWORD
  sources: [personal]
  target: netsyncd
%s`, filepath.Join(dir, "state"), url, extra)
	path := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(path, []byte(conf), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// summary is the part of `once --json` the cases check.
type summary struct {
	Created        int      `json:"created"`
	SkippedInvalid int      `json:"skipped_invalid"`
	Errors         []string `json:"errors"`
	Changes        []struct {
		Action, Kind, Summary string
	} `json:"changes"`
}

// once runs `netsyncd once --json` with config and returns its exit code,
// decoded summary and log.
func once(t *testing.T, config string) (int, summary, string) {
	t.Helper()
	code, out, errOut := netsyncd(t, context.Background(), map[string]string{"NETSYNCD_TEST_PASSWORD": "secret"}, "once", "--config", config, "--json")
	var s summary
	if out != "" {
		if err := json.Unmarshal([]byte(out), &s); err != nil {
			t.Fatalf("once --json printed no summary (%v):\n%.2000s\n%s", err, out, tail(errOut))
		}
	}
	return code, s, errOut
}

// changesFor counts the created entries whose summary contains word.
func changesFor(s summary, word string) int {
	n := 0
	for _, c := range s.Changes {
		if c.Action == "create" && strings.Contains(c.Summary, word) {
			n++
		}
	}
	return n
}
