package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/netsyncd/netsyncd/internal/googlefake"
	"github.com/netsyncd/netsyncd/internal/systemd/systemdtest"
)

// googleSetup is a fake Google account with two source calendars in
// different homes (the primary, named by its ID, and "Work", by its name)
// and a config that signs in with OAuth and names no existing target.
type googleSetup struct {
	f          *googlefake.Fake
	dir        string
	configPath string
	tokenFile  string
	out        syncBuffer // everything any netsyncd process printed
}

const googleWork = "work-team@group.calendar.google.com"

func newGoogleSetup(t *testing.T) *googleSetup {
	t.Helper()
	f := googlefake.New("1234-test.apps.googleusercontent.com", "GOCSPX-fake-client-secret", "jane@home.example")
	t.Cleanup(f.Close)
	g := &googleSetup{f: f, dir: t.TempDir()}
	f.PageSize = 1 // calendarList is read in pages
	f.AddCalendar(googleWork, "Work", "owner")
	for n := 1; n <= 4; n++ {
		g.put(t, f.Primary, n, 0)
	}
	for n := 5; n <= 6; n++ {
		g.put(t, googleWork, n, 0)
	}
	secret := filepath.Join(g.dir, "client-secret")
	if err := os.WriteFile(secret, []byte(f.ClientSecret+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	state := filepath.Join(g.dir, "state")
	g.tokenFile = filepath.Join(state, "oauth-token.json")
	g.configPath = filepath.Join(g.dir, "config.yaml")
	cfg := fmt.Sprintf(`timezone: America/New_York
caldav:
  url: %s
  oauth:
    client_id: %s
    client_secret_file: %s
    auth_url: %s
    token_url: %s
    revoke_url: %s
    api_url: %s
  sources: [%s, Work]
  target: Networking
schedule: "@every 2s"
state_dir: %s
me:
  emails: [jane@home.example]
output:
  as: todo
`, f.CalDAVURL(), f.ClientID, secret, f.AuthURL(), f.TokenURL(), f.RevokeURL(), f.APIURL(), f.Primary, state)
	if err := os.WriteFile(g.configPath, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	return g
}

func (g *googleSetup) put(t *testing.T, cal string, n int, shift time.Duration) {
	t.Helper()
	if err := g.f.Calendar(cal).PutObject(fmt.Sprintf("events/coffee-%02d.ics", n), sourceEvent(n, shift)); err != nil {
		t.Fatal(err)
	}
}

// login runs `netsyncd login --no-browser` and plays the browser: it
// follows the printed address to the fake's consent, which redirects to
// netsyncd's loopback listener.
func (g *googleSetup) login(t *testing.T) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, "login", "--no-browser", "--config", g.configPath)
	cmd.Env = append(os.Environ(), "DISPLAY=") // never a real browser
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(stdout)
	followed := false
	for sc.Scan() {
		line := sc.Text()
		g.out.Write([]byte(line + "\n"))
		if u := strings.TrimSpace(line); !followed && strings.HasPrefix(u, g.f.AuthURL()+"?") {
			followed = true
			resp, err := http.Get(u)
			if err != nil {
				t.Fatalf("the browser: %v", err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK || resp.Request.URL.Hostname() != "127.0.0.1" {
				t.Fatalf("the browser ended at %s with %d; want netsyncd's loopback page", resp.Request.URL.Redacted(), resp.StatusCode)
			}
		}
	}
	err = cmd.Wait()
	g.out.Write(stderr.Bytes())
	if err != nil || !followed {
		t.Fatalf("netsyncd login: %v (address printed: %v)\n%s", err, followed, stderr.String())
	}
	fi, err := os.Stat(g.tokenFile)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("token file %s: %v; want mode 0600", g.tokenFile, err)
	}
}

// once runs `netsyncd once --json --log-level debug`; it returns the
// summary (nil when the pass failed), the log and the exit error.
func (g *googleSetup) once(t *testing.T) (map[string]any, string, error) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(binary, "once", "--json", "--log-level", "debug", "--config", g.configPath)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	g.out.Write(stdout.Bytes())
	g.out.Write(stderr.Bytes())
	if err != nil {
		return nil, stderr.String(), err
	}
	var sum map[string]any
	if err := json.Unmarshal(stdout.Bytes(), &sum); err != nil {
		t.Fatalf("once --json printed %q: %v", stdout.String(), err)
	}
	return sum, stderr.String(), nil
}

func (g *googleSetup) mustOnce(t *testing.T, what string) (map[string]any, string) {
	t.Helper()
	sum, log, err := g.once(t)
	if err != nil {
		t.Fatalf("%s: netsyncd once: %v\n%s", what, err, log)
	}
	return sum, log
}

// TestGoogleEndToEnd drives the real binary against the fake Google from
// `netsyncd login` to entries in a target calendar it creates through the
// Calendar API, then an idle pass (one PROPFIND per calendar), an
// access token that dies in the middle of a pass, a revoked sign-in (a
// clear error, and a daemon that backs off saying so in STATUS= and its
// log), and a new login that the running daemon picks up by itself. No
// token, code or client secret may appear in anything netsyncd printed.
func TestGoogleEndToEnd(t *testing.T) {
	g := newGoogleSetup(t)
	f := g.f
	out, err := exec.Command(binary, "check-config", "--config", g.configPath).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "not signed in yet") || strings.Contains(string(out), f.ClientSecret) {
		t.Errorf("check-config before login: %v\n%s", err, out)
	}
	g.login(t)

	// The calendar list, through the Calendar API (paged by the fake).
	out, err = exec.Command(binary, "calendars", "--config", g.configPath).CombinedOutput()
	g.out.Write(out)
	if err != nil {
		t.Fatalf("netsyncd calendars: %v\n%s", err, out)
	}
	for _, want := range []string{f.Primary + "  ", "(primary)", googleWork, "Work", "/caldav/v2/" + googleWork + "/events/"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("netsyncd calendars does not show %q:\n%s", want, out)
		}
	}

	// First pass: the target is created through the API, and written to
	// as events (Google takes no VTODO) with one warning.
	sum, log := g.mustOnce(t, "first pass")
	if f.Count("insert") != 1 {
		t.Fatalf("calendars.insert called %d times; want 1\n%s", f.Count("insert"), log)
	}
	target := f.IDOf("Networking")
	objs := f.Calendar(target).Objects("events")
	if num(sum, "created") == 0 || len(objs) != num(sum, "created") {
		t.Fatalf("first pass created %d; the new calendar holds %d objects\n%s", num(sum, "created"), len(objs), log)
	}
	for p, data := range objs {
		if !bytes.Contains(data, []byte("BEGIN:VEVENT")) || bytes.Contains(data, []byte("VTODO")) {
			t.Errorf("%s is not an event:\n%s", p, data)
		}
	}
	if n := strings.Count(log, "does not take tasks"); n != 1 {
		t.Errorf("the todo fallback was warned about %d times; want 1", n)
	}

	// Idle: one request per calendar (each is its own home on Google): a
	// Depth 0 PROPFIND of each.
	f.CalDAVLog()
	sum, log = g.mustOnce(t, "idle pass")
	if idle, _ := sum["idle"].(bool); !idle {
		t.Fatalf("second pass not idle: %v\n%s", sum, log)
	}
	homes := map[string]bool{}
	for _, id := range []string{f.Primary, googleWork, target} {
		homes["PROPFIND /caldav/v2/"+id+"/events/"] = true
	}
	reqs := f.CalDAVLog()
	for _, r := range reqs {
		if !homes[r] {
			t.Errorf("idle pass sent %q; want only a PROPFIND of each calendar", r)
		}
	}
	if len(reqs) != len(homes) {
		t.Errorf("idle pass sent %d CalDAV requests (%v); want %d, one per calendar", len(reqs), reqs, len(homes))
	}

	// The access token dies after two requests of the next pass: the
	// pass refreshes it once and completes.
	g.put(t, f.Primary, 1, time.Hour)
	refreshes, unauthorized := f.Count("refresh"), f.Count("caldav401")
	f.ExpireAfter(2)
	sum, log = g.mustOnce(t, "pass with a token expiring mid-pass")
	if f.Count("caldav401") != unauthorized+1 || f.Count("refresh") != refreshes+1 {
		t.Errorf("token expiry mid-pass: %d 401s and %d refreshes; want 1 each\n%s",
			f.Count("caldav401")-unauthorized, f.Count("refresh")-refreshes, log)
	}
	if num(sum, "updated") == 0 {
		t.Errorf("the moved event's entries were not updated: %v", sum)
	}

	// Revoked: a clear error, and no pass.
	f.RevokeAll()
	if _, log, err := g.once(t); err == nil || !strings.Contains(log, "run netsyncd login again") {
		t.Fatalf("once after revocation: %v; want a failure saying to log in again\n%s", err, log)
	}

	// The daemon, started while revoked, backs off saying why, and resumes
	// by itself after a new login.
	notify := systemdtest.Listen(t)
	var logs syncBuffer
	cmd := exec.Command(binary, "run", "--log-level", "debug", "--config", g.configPath)
	cmd.Env = append(os.Environ(), "NOTIFY_SOCKET="+notify.Path)
	cmd.Stdout, cmd.Stderr = &logs, &logs
	exited := startProcess(t, cmd, func() string { return "daemon log:\n" + logs.String() + "\nnotify:\n" + notify.All() })
	waitFor(t, "STATUS= saying to log in again", 20*time.Second, func() bool {
		return strings.Contains(notify.All(), "run netsyncd login again")
	})
	if !strings.Contains(logs.String(), "run netsyncd login again") {
		t.Errorf("the daemon's log does not say to log in again")
	}
	g.put(t, googleWork, 5, 2*time.Hour)
	g.login(t)
	waitFor(t, "a pass after the new login", 20*time.Second, func() bool {
		return strings.Contains(logs.String(), `"trigger":"new login"`) && strings.Contains(notify.All(), "STATUS=last pass")
	})
	cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-exited:
		if err != nil {
			t.Errorf("daemon exit: %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("the daemon did not stop within 15 s of SIGTERM")
	}
	g.out.Write([]byte(logs.String() + notify.All()))

	tok, _ := os.ReadFile(g.tokenFile)
	var ft map[string]any
	if json.Unmarshal(tok, &ft) != nil {
		t.Fatalf("token file unreadable")
	}

	// Sign out: revoked at the server, the file gone.
	out, err = exec.Command(binary, "logout", "--config", g.configPath).CombinedOutput()
	g.out.Write(out)
	if _, statErr := os.Stat(g.tokenFile); err != nil || f.Count("revoke") != 1 || statErr == nil {
		t.Errorf("netsyncd logout: %v, %d revocations, token file still there: %v\n%s", err, f.Count("revoke"), statErr == nil, out)
	}

	all := g.out.String()
	if !strings.Contains(all, `"level":"debug"`) {
		t.Fatalf("no debug lines in the output: the leak check would prove little")
	}
	for _, s := range f.Secrets() {
		if strings.Contains(all, s) {
			t.Errorf("a token, code or client secret (%.6s...) appears in netsyncd's output", s)
		}
	}
	for _, k := range []string{"refresh_token", "access_token"} {
		if v, _ := ft[k].(string); v == "" || strings.Contains(all, v) {
			t.Errorf("%s missing from the token file, or in the output", k)
		}
	}
}
