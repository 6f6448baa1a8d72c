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
	"github.com/netsyncd/netsyncd/internal/entry"
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
	start := coffeeStart(n).Add(shift)
	return []byte(fmt.Sprintf("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//netsyncd tests//EN\r\nBEGIN:VEVENT\r\n"+
		"UID:coffee-%02d\r\nDTSTAMP:20261120T120000Z\r\n"+
		"DTSTART;TZID=America/New_York:%s\r\nDTEND;TZID=America/New_York:%s\r\n"+
		"SUMMARY:Coffee with contact %02d\r\nLOCATION:Blue Bottle, Midtown\r\n"+
		"ORGANIZER:mailto:jane@home.example\r\nATTENDEE;PARTSTAT=ACCEPTED:mailto:contact%02d@example.com\r\n"+
		"END:VEVENT\r\nEND:VCALENDAR\r\n",
		n, start.Format("20060102T150405"), start.Add(45*time.Minute).Format("20060102T150405"), n, n))
}

// weekdayCoffee is the first of the coffees 1 to events that falls on a
// Tuesday to Friday in New York, whatever day the test runs: its prep,
// the day before or that morning, is in the default allowed times, so
// moving the coffee moves the prep.
func weekdayCoffee(events int) int {
	for n := 1; n <= events; n++ {
		if d := coffeeStart(n).Weekday(); d >= time.Tuesday && d <= time.Friday {
			return n
		}
	}
	return 1
}

// coffeeStart is when coffee n starts, unshifted: 08:00 (11:00 from the
// 13th on) in New York, n%13+1 days after today.
func coffeeStart(n int) time.Time {
	now := time.Now().In(newYork)
	return time.Date(now.Year(), now.Month(), now.Day()+n%13+1, 8+3*(n/13), 0, 0, 0, newYork)
}

type setup struct {
	srv        *testservers.Server
	url        string // what the config points at (may be a proxy)
	source     string
	dir        string
	configPath string
	password   string // what the daemon is given (NETSYNCD_TEST_PASSWORD)
}

func newSetup(t *testing.T, srv *testservers.Server, url string, events int, schedule string) *setup {
	t.Helper()
	s := &setup{srv: srv, url: url, dir: t.TempDir(), password: srv.Password}
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
	cmd.Env = append(os.Environ(), "NETSYNCD_TEST_PASSWORD="+s.password)
	return cmd
}

// once runs `netsyncd once --json` and decodes its summary.
func (s *setup) once(t *testing.T) map[string]any {
	t.Helper()
	sum, _ := s.onceLog(t, "info")
	return sum
}

// onceLog runs `netsyncd once --json --log-level level`, failing the test
// unless it exits 0, and returns its summary and its log.
func (s *setup) onceLog(t *testing.T, level string) (map[string]any, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	cmd := s.command(context.Background(), "once", "--json", "--log-level", level, "--config", s.configPath)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("netsyncd once: %v\nstderr:\n%s", err, stderr.String())
	}
	var sum map[string]any
	if err := json.Unmarshal(stdout.Bytes(), &sum); err != nil {
		t.Fatalf("once --json printed %q: %v", stdout.String(), err)
	}
	return sum, stderr.String()
}

// converged fails the test unless the once summary sum changed nothing,
// skipped no invalid entry and had no error.
func converged(t *testing.T, what string, sum map[string]any) {
	t.Helper()
	if c, u, d := num(sum, "created"), num(sum, "updated"), num(sum, "deleted"); c+u+d != 0 {
		t.Errorf("%s changed %d/%d/%d (created/updated/deleted); want nothing: not converged", what, c, u, d)
	}
	if n := num(sum, "skipped_invalid"); n != 0 {
		t.Errorf("%s skipped %d unreadable entries of netsyncd's; want 0 (a half-written entry?)", what, n)
	}
	if errs, _ := sum["errors"].([]any); len(errs) > 0 {
		t.Errorf("%s had errors: %v", what, errs)
	}
}

// targetUIDs lists the UIDs of netsyncd's entries in the target calendar.
// It fails the test on a duplicate UID, on an object the server lists but
// does not return, and on any object that is not a whole netsyncd entry
// (see entryProblems): the tests put nothing else in the target.
func (s *setup) targetUIDs(t *testing.T) map[string]string {
	t.Helper()
	c, err := caldav.New(caldav.Options{URL: s.srv.URL, Username: s.srv.Username, Password: s.srv.Password}, zap.NewNop())
	if err != nil {
		t.Fatal(err)
	}
	uids := map[string]string{}
	for _, e := range calendarEntries(t, c, s.srv.Home+"networking/") {
		if prev, dup := uids[e.UID]; dup {
			t.Fatalf("duplicate UID %s at %s and %s", e.UID, prev, e.Href)
		}
		uids[e.UID] = e.Href
	}
	return uids
}

// calendarEntries reads every object of the calendar at path and returns
// them decoded, failing the test unless each is a whole netsyncd entry.
func calendarEntries(t *testing.T, c *caldav.Client, path string) []entry.Owned {
	t.Helper()
	ctx := context.Background()
	etags, err := c.ListETags(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for p := range etags {
		paths = append(paths, p)
	}
	objs, skipped, err := c.MultiGet(ctx, path, paths)
	if err != nil {
		t.Fatal(err)
	}
	for _, sk := range skipped {
		t.Errorf("%s: the server lists %s but it cannot be read: %v", path, sk.Path, sk.Err)
	}
	if len(objs)+len(skipped) != len(paths) {
		t.Errorf("%s: the server lists %d objects but returns %d", path, len(paths), len(objs))
	}
	var out []entry.Owned
	for _, o := range objs {
		if isLedgerObject(o.Path) {
			continue
		}
		own, problems := entryProblems(o.Data)
		if len(problems) > 0 {
			t.Fatalf("%s is not a whole netsyncd entry: %s\n%s", o.Path, strings.Join(problems, "; "), o.Data)
		}
		own.Href = o.Path
		out = append(out, own)
	}
	return out
}

// entryProblems decodes an object of the target calendar and says what
// keeps it from being a whole netsyncd entry: entry.Decode refuses it or
// marks it Invalid, it has no X-NETSYNCD-KIND or an unknown one, its UID is
// not the one its markers derive, it lacks a summary or times, its text no
// longer matches the hash it was written with (cut short), or it does not
// end with END:VCALENDAR. The tests that use it make no user edits, so an
// edited text can only be a broken write.
func entryProblems(data []byte) (entry.Owned, []string) {
	own, err := entry.Decode(data)
	if err != nil {
		return own, []string{err.Error()}
	}
	var bad []string
	if own.Kind == "" {
		bad = append(bad, "no "+entry.PropKind)
	} else if !own.Kind.Valid() {
		bad = append(bad, fmt.Sprintf("unknown kind %q", own.Kind))
	}
	if own.Invalid != "" {
		bad = append(bad, "invalid: "+own.Invalid)
	}
	if !own.Consistent() {
		bad = append(bad, "its UID is not the one its markers derive")
	}
	if own.Summary == "" {
		bad = append(bad, "no SUMMARY")
	}
	if own.Start.IsZero() || own.End.Before(own.Start) {
		bad = append(bad, fmt.Sprintf("times %v to %v", own.Start, own.End))
	}
	if own.StoredHash == "" || own.Edited() {
		bad = append(bad, "its text does not match the hash it was written with")
	}
	if !bytes.HasSuffix(bytes.TrimRight(data, "\r\n"), []byte("END:VCALENDAR")) {
		bad = append(bad, "it does not end with END:VCALENDAR")
	}
	return own, bad
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
