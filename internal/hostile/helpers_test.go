package hostile

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/netsyncd/netsyncd/internal/app"
)

// now is Monday 30 November 2026, 09:00 in New York.
var now = time.Date(2026, 11, 30, 14, 0, 0, 0, time.UTC)

// netsyncd runs the whole program in-process, as main does, and returns its
// exit code and output.
func netsyncd(t *testing.T, ctx context.Context, env map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = app.Run(ctx, app.Env{
		Args:   args,
		Stdout: &out,
		Stderr: &errb,
		Getenv: func(k string) string { return env[k] },
		Now:    func() time.Time { return now },
	})
	return code, out.String(), errb.String()
}

// calendar wraps VEVENTs (and anything else) into a VCALENDAR.
func calendar(parts ...string) string {
	return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//hostile//EN\r\n" + strings.Join(parts, "") + "END:VCALENDAR\r\n"
}

// vevent is a one-hour networking event (a coffee) with extra lines.
func vevent(uid, start string, extra ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "BEGIN:VEVENT\r\nUID:%s\r\nDTSTAMP:20261101T000000Z\r\nDTSTART:%s\r\nDURATION:PT1H\r\n", uid, start)
	b.WriteString("SUMMARY:Coffee w/ Dana Whitfield\r\nLOCATION:Blue Bottle\r\n")
	for _, e := range extra {
		b.WriteString(e + "\r\n")
	}
	b.WriteString("END:VEVENT\r\n")
	return b.String()
}

// writeFile writes data into a file of t's temp dir and returns its path.
func writeFile(t *testing.T, name, data string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// explainICS runs `netsyncd explain --ics` over the two weeks from
// 2026-11-30 and returns its exit code and output. A good coffee on
// 2026-12-02 is added to every file, so a case can check that the rest of
// the calendar is still read.
func explainICS(t *testing.T, parts ...string) (code int, stdout, stderr string) {
	t.Helper()
	parts = append(parts, vevent("good-coffee", "20261202T150000Z"))
	path := writeFile(t, "hostile.ics", calendar(parts...))
	return netsyncd(t, context.Background(), nil, "explain", "--ics", path, "--from", "2026-11-30", "--to", "2026-12-13", "--json")
}

// wantGood fails t unless the explain output still lists the good coffee.
func wantGood(t *testing.T, stdout string) {
	t.Helper()
	if countUID(decodeExplain(t, stdout), "good-coffee") != 1 {
		t.Errorf("the good coffee beside the hostile object is missing from explain's output:\n%.2000s", stdout)
	}
}

// explained is an item of explain --json, the parts the cases check.
type explained struct {
	UID      string `json:"uid"`
	Findings []struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"findings"`
}

// decodeExplain reads explain --json's output.
func decodeExplain(t *testing.T, stdout string) []explained {
	t.Helper()
	var items []explained
	if err := json.Unmarshal([]byte(stdout), &items); err != nil {
		t.Fatalf("explain --json printed no JSON list (%v):\n%.2000s", err, stdout)
	}
	return items
}

// countUID is how many items have this UID.
func countUID(items []explained, uid string) int {
	n := 0
	for _, it := range items {
		if it.UID == uid {
			n++
		}
	}
	return n
}
