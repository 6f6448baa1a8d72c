package main

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"reflect"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/netsyncd/netsyncd/internal/systemd/systemdtest"
	"github.com/netsyncd/netsyncd/internal/testservers"
)

// startProcess starts cmd and returns the channel its exit arrives on.
// When the test ends, a process still running is killed; when it failed,
// describe's text (the process's output), if any, is logged.
func startProcess(t *testing.T, cmd *exec.Cmd, describe func() string) <-chan error {
	t.Helper()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	done := make(chan struct{})
	go func() {
		err := cmd.Wait()
		close(done)
		exited <- err
	}()
	t.Cleanup(func() {
		select {
		case <-done:
		default:
			cmd.Process.Kill()
			<-done
		}
		if t.Failed() && describe != nil {
			t.Log(describe())
		}
	})
	return exited
}

func waitFor(t *testing.T, what string, timeout time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", timeout, what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestRunDaemon runs `netsyncd run --log-level debug` on a two-second
// schedule against Radicale behind a counting proxy and checks the
// service's behaviour: systemd notifications; idle passes at one request
// each; a source change fetched alone by the next pass (its "pass done"
// line: one calendar read by its changes, none in full, one object), after
// which the daemon's own writes leave the next pass idle; SIGHUP with a
// broken config refused while scheduled passes go on with the old schedule;
// SIGHUP with a good config applied; SIGTERM ending it within 10 s with
// exit code 0; and the password appearing nowhere in what it wrote.
//
// READY=1 is awaited, not ordered against the first pass: the daemon may
// send it before or after that pass.
func TestRunDaemon(t *testing.T) {
	srv := testservers.Radicale(t)
	// The daemon logs in with a password of this test's own, which a proxy
	// in front of Radicale swaps for Radicale's: the test knows a string
	// the daemon can only have read from its config's password_env.
	password := fmt.Sprintf("pw-%016x-netsyncd", rand.Uint64())
	proxy := testservers.NewProxy(t, passwordProxy(t, srv, password))
	s := newSetup(t, srv, proxy.URL, 6, "@every 2s")
	s.password = password
	notify := systemdtest.Listen(t)
	var logs, stdout syncBuffer
	cmd := s.command(context.Background(), "run", "--config", s.configPath, "--log-level", "debug")
	cmd.Env = append(cmd.Env, "NOTIFY_SOCKET="+notify.Path, "WATCHDOG_USEC=1000000")
	cmd.Stdout, cmd.Stderr = &stdout, &logs
	exited := startProcess(t, cmd, func() string { return "daemon log:\n" + logs.String() })

	waitFor(t, "READY=1", 20*time.Second, func() bool { return notify.Has("READY=1") })
	if !notify.Has("STATUS=") {
		t.Errorf("no STATUS= message with READY")
	}
	waitFor(t, "a WATCHDOG=1 ping", 5*time.Second, func() bool { return notify.Has("WATCHDOG=1") })

	// Idle passes cost one request each.
	waitFor(t, "an idle pass", 30*time.Second, func() bool { return logs.count(`"idle":true`) >= 1 })
	proxy.Reset()
	base := logs.count(`"msg":"pass done"`)
	waitFor(t, "three more passes", 20*time.Second, func() bool { return logs.count(`"msg":"pass done"`) >= base+3 })
	passes := logs.count(`"msg":"pass done"`) - base
	reqs := proxy.Requests()
	if len(reqs) > passes+1 { // +1: a pass may have begun after the last log line
		t.Errorf("%d idle passes cost %d requests %v; want one PROPFIND each", passes, len(reqs), reqs)
	}
	for _, r := range reqs {
		if !strings.HasPrefix(r, "PROPFIND ") {
			t.Errorf("an idle pass sent %s; want only PROPFIND", r)
		}
	}

	// A changed source: the next pass that is not idle fetches that one
	// object by the calendar's changes, nothing in full, and updates the
	// moved event's entries.
	mark := len(logLines(logs.String()))
	s.putEvents(t, 1, 30*time.Minute)
	var changed map[string]any
	waitFor(t, "a pass that sees the moved event", 20*time.Second, func() bool {
		for _, l := range passLines(logLines(logs.String())[mark:]) {
			if l["idle"] == false {
				changed = l
				return true
			}
		}
		return false
	})
	if changed["trigger"] != "schedule" ||
		num(changed, "calendars_fetched_changes") != 1 || num(changed, "calendars_fetched_full") != 0 ||
		num(changed, "objects_fetched") != 1 {
		t.Errorf("the pass after one source change: %v; want trigger schedule, calendars_fetched_changes 1, calendars_fetched_full 0, objects_fetched 1", changed)
	}
	if num(changed, "updated") == 0 || num(changed, "created") != 0 || num(changed, "deleted") != 0 || num(changed, "errors") != 0 {
		t.Errorf("the pass after one event moved: %v; want its entries updated, nothing created or deleted, no error", changed)
	}
	// The daemon's own writes are not a change: the pass after is idle.
	mark = indexOf(logLines(logs.String()), changed) + 1
	var next map[string]any
	waitFor(t, "the pass after it", 20*time.Second, func() bool {
		if ps := passLines(logLines(logs.String())[mark:]); len(ps) > 0 {
			next = ps[0]
			return true
		}
		return false
	})
	if next["idle"] != true {
		t.Errorf("the pass after the daemon's own writes: %v; want idle", next)
	}

	// SIGHUP with a broken config (which also asks for an hourly schedule):
	// refused, and the scheduled passes go on every two seconds, as the old
	// config says.
	s.writeConfig(t, "@every 1h")
	good, _ := os.ReadFile(s.configPath)
	os.WriteFile(s.configPath, []byte(strings.Replace(string(good), "hours_per_week:", "hours_per_wek:", 1)), 0o600)
	cmd.Process.Signal(syscall.SIGHUP)
	waitFor(t, "the broken config to be refused", 10*time.Second, func() bool { return strings.Contains(logs.String(), "new config refused") })
	if !notify.Has("RELOADING=1") || !notify.Has("MONOTONIC_USEC=") {
		t.Errorf("no RELOADING=1 with MONOTONIC_USEC on SIGHUP")
	}
	if !strings.Contains(logs.String(), "hours_per_wek") {
		t.Errorf("the refusal does not name the bad key")
	}
	refused := logLines(logs.String())
	mark = len(refused)
	for i, l := range refused {
		if strings.HasPrefix(fmt.Sprint(l["msg"]), "new config refused") {
			mark = i + 1
		}
	}
	waitFor(t, "two scheduled passes on the old two-second schedule after the refusal", 10*time.Second, func() bool {
		n := 0
		for _, l := range passLines(logLines(logs.String())[mark:]) {
			if l["trigger"] == "schedule" {
				n++
			}
		}
		return n >= 2
	})
	if strings.Contains(logs.String(), "config reloaded") {
		t.Errorf("the broken config was reported as reloaded")
	}

	// SIGHUP with a good config: applied, with its schedule, and a pass follows.
	s.writeConfig(t, "@every 3s")
	cmd.Process.Signal(syscall.SIGHUP)
	var reloaded map[string]any
	waitFor(t, "the good config to be applied", 10*time.Second, func() bool {
		for _, l := range logLines(logs.String()) {
			if l["msg"] == "config reloaded" {
				reloaded = l
				return true
			}
		}
		return false
	})
	if reloaded["schedule"] != "@every 3s" {
		t.Errorf("config reloaded with schedule %v; want the new one, @every 3s", reloaded["schedule"])
	}
	waitFor(t, "a pass after the reload", 10*time.Second, func() bool {
		for _, l := range passLines(logLines(logs.String())) {
			if l["trigger"] == "reload" {
				return true
			}
		}
		return false
	})

	// SIGTERM: exits 0 within 10 s, having told systemd it is stopping.
	cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-exited:
		if err != nil {
			t.Errorf("exit after SIGTERM: %v; want status 0", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatalf("still running 10 s after SIGTERM")
	}
	if !notify.Has("STOPPING=1") {
		t.Errorf("no STOPPING=1 before exit")
	}

	// Secrets are never logged, not even at debug level: neither the
	// password nor the Basic credentials it makes.
	if !strings.Contains(logs.String(), `"method":"REPORT"`) {
		t.Errorf("the debug log has no request lines; the password check below would prove little")
	}
	basic := base64.StdEncoding.EncodeToString([]byte(srv.Username + ":" + password))
	for name, out := range map[string]string{"log": logs.String(), "stdout": stdout.String(), "notifications": notify.All()} {
		for _, secret := range []string{password, basic} {
			if strings.Contains(out, secret) {
				t.Errorf("the daemon's %s contains the password (%q)", name, secret)
			}
		}
	}
}

// passwordProxy starts a proxy in front of srv that lets in only
// srv.Username with password, and passes each request on with srv's own
// password. It returns its URL.
func passwordProxy(t *testing.T, srv *testservers.Server, password string) string {
	t.Helper()
	u, err := url.Parse(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	rp := httputil.NewSingleHostReverseProxy(u)
	p := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if user, pw, ok := r.BasicAuth(); !ok || user != srv.Username || pw != password {
			w.Header().Set("WWW-Authenticate", `Basic realm="netsyncd test"`)
			http.Error(w, "wrong user name or password", http.StatusUnauthorized)
			return
		}
		r.SetBasicAuth(srv.Username, srv.Password)
		rp.ServeHTTP(w, r)
	}))
	t.Cleanup(p.Close)
	return p.URL
}

// logLines decodes the JSON lines of a log, skipping any other line.
func logLines(log string) []map[string]any {
	var out []map[string]any
	for _, line := range strings.Split(log, "\n") {
		var m map[string]any
		if json.Unmarshal([]byte(line), &m) == nil {
			out = append(out, m)
		}
	}
	return out
}

// passLines are the "pass done" lines among lines.
func passLines(lines []map[string]any) []map[string]any {
	var out []map[string]any
	for _, l := range lines {
		if l["msg"] == "pass done" {
			out = append(out, l)
		}
	}
	return out
}

// indexOf is the index of the line equal to l in lines, or len(lines).
func indexOf(lines []map[string]any, l map[string]any) int {
	for i, m := range lines {
		if reflect.DeepEqual(m, l) {
			return i
		}
	}
	return len(lines)
}

// TestSIGTERMDuringWrites stops the daemon in the middle of its first,
// write-heavy pass: it must exit 0 within 10 s, and the next pass must
// find only whole entries and converge.
func TestSIGTERMDuringWrites(t *testing.T) {
	srv := testservers.Radicale(t)
	s := newSetup(t, srv, srv.URL, 30, "@every 10m")
	var logs syncBuffer
	cmd := s.command(context.Background(), "run", "--config", s.configPath, "--log-level", "debug")
	cmd.Stderr = &logs
	exited := startProcess(t, cmd, nil)
	waitFor(t, "the first PUT", 30*time.Second, func() bool { return strings.Contains(logs.String(), `"method":"PUT"`) })
	cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-exited:
		if err != nil {
			t.Errorf("exit after SIGTERM during writes: %v; want status 0\n%s", err, logs.String())
		}
	case <-time.After(10 * time.Second):
		cmd.Process.Kill()
		t.Fatalf("still running 10 s after SIGTERM")
	}
	written := logs.count(`"method":"PUT"`)
	if n := num(s.once(t), "skipped_invalid"); n != 0 {
		t.Errorf("the pass after SIGTERM found %d unreadable entries of netsyncd's: SIGTERM left a half-written entry", n)
	}
	converged(t, "after the interrupted pass and a clean one, the next pass", s.once(t))
	uids := s.targetUIDs(t) // every entry whole, no duplicate
	t.Logf("stopped after %d PUTs; target holds %d whole entries", written, len(uids))
}
