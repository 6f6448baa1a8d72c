package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/zap"

	"github.com/netsyncd/netsyncd/internal/caldav"
	"github.com/netsyncd/netsyncd/internal/plan"
	"github.com/netsyncd/netsyncd/internal/testservers"
)

// These tests run the real binary, built once for the package.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "netsyncd-bin-")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "netsyncd")
	if out, err := exec.Command("go", "build", "-o", binary, ".").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "build netsyncd: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

var newYork = func() *time.Location {
	loc, err := time.LoadLocation("America/New_York")
	if err != nil {
		panic(err)
	}
	return loc
}()

// sourceEvent is networking coffee number n, 1 to 13 days after today
// (two a day at most), shifted by shift.
func sourceEvent(n int, shift time.Duration) []byte {
	now := time.Now().In(newYork)
	start := time.Date(now.Year(), now.Month(), now.Day()+n%13+1, 8+3*(n/13), 0, 0, 0, newYork).Add(shift)
	return []byte(fmt.Sprintf("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//netsyncd tests//EN\r\nBEGIN:VEVENT\r\n"+
		"UID:coffee-%02d\r\nDTSTAMP:20261120T120000Z\r\n"+
		"DTSTART;TZID=America/New_York:%s\r\nDTEND;TZID=America/New_York:%s\r\n"+
		"SUMMARY:Coffee with contact %02d\r\nLOCATION:Blue Bottle, Midtown\r\n"+
		"ORGANIZER:mailto:jane@home.example\r\nATTENDEE;PARTSTAT=ACCEPTED:mailto:contact%02d@example.com\r\n"+
		"END:VEVENT\r\nEND:VCALENDAR\r\n",
		n, start.Format("20060102T150405"), start.Add(45*time.Minute).Format("20060102T150405"), n, n))
}

type setup struct {
	srv        *testservers.Server
	url        string // what the config points at (may be a proxy)
	source     string
	dir        string
	configPath string
}

func newSetup(t *testing.T, srv *testservers.Server, url string, events int, schedule string) *setup {
	t.Helper()
	s := &setup{srv: srv, url: url, dir: t.TempDir()}
	s.source = srv.MakeCalendar(t, "personal")
	s.putEvents(t, events, 0)
	s.configPath = filepath.Join(s.dir, "config.yaml")
	s.writeConfig(t, schedule)
	return s
}

func (s *setup) putEvents(t *testing.T, n int, shift time.Duration) {
	for i := 1; i <= n; i++ {
		s.srv.Put(t, fmt.Sprintf("%scoffee-%02d.ics", s.source, i), sourceEvent(i, shift))
	}
}

// writeConfig writes the config of a setup; a server without
// authentication (Xandikos) gets neither user name nor password.
func (s *setup) writeConfig(t *testing.T, schedule string) {
	t.Helper()
	auth := ""
	if s.srv.Username != "" {
		auth = fmt.Sprintf("  username: %q\n  password_env: NETSYNCD_TEST_PASSWORD\n", s.srv.Username)
	}
	cfg := fmt.Sprintf(`timezone: America/New_York
caldav:
  url: %s
%s  sources: [%s]
schedule: %q
state_dir: %s
me:
  emails: [jane@home.example]
employer:
  confidential: true
  domains: [acme-corp.com]
limits:
  hours_per_week: 40
  max_events_per_week: 20
`, s.url, auth, s.source, schedule, filepath.Join(s.dir, "state"))
	if err := os.WriteFile(s.configPath, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
}

func (s *setup) command(ctx context.Context, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, binary, args...)
	cmd.Env = append(os.Environ(), "NETSYNCD_TEST_PASSWORD="+s.srv.Password)
	return cmd
}

// once runs `netsyncd once --json` and decodes its summary.
func (s *setup) once(t *testing.T) map[string]any {
	t.Helper()
	var stdout, stderr bytes.Buffer
	cmd := s.command(context.Background(), "once", "--json", "--config", s.configPath)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("netsyncd once: %v\nstderr:\n%s", err, stderr.String())
	}
	var sum map[string]any
	if err := json.Unmarshal(stdout.Bytes(), &sum); err != nil {
		t.Fatalf("once --json printed %q: %v", stdout.String(), err)
	}
	return sum
}

// targetUIDs lists the UIDs of netsyncd's entries in the target calendar,
// failing the test on a duplicate.
func (s *setup) targetUIDs(t *testing.T) map[string]string {
	t.Helper()
	c, err := caldav.New(caldav.Options{URL: s.srv.URL, Username: s.srv.Username, Password: s.srv.Password}, zap.NewNop())
	if err != nil {
		t.Fatal(err)
	}
	target := s.srv.Home + "networking/"
	etags, err := c.ListETags(context.Background(), target)
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for p := range etags {
		paths = append(paths, p)
	}
	objs, _, err := c.MultiGet(context.Background(), target, paths)
	if err != nil {
		t.Fatal(err)
	}
	uids := map[string]string{}
	for _, o := range objs {
		own, err := plan.Decode(o.Data)
		if err != nil || own.Kind == "" {
			continue
		}
		if prev, dup := uids[own.UID]; dup {
			t.Fatalf("duplicate UID %s at %s and %s", own.UID, prev, o.Path)
		}
		uids[own.UID] = o.Path
	}
	return uids
}

func num(m map[string]any, k string) int {
	f, _ := m[k].(float64)
	return int(f)
}

// syncBuffer is a bytes.Buffer safe for a process writing and a test reading.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

func (b *syncBuffer) count(s string) int { return strings.Count(b.String(), s) }
