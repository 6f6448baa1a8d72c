package main

import (
	"context"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/netsyncd/netsyncd/internal/testservers"
)

// notifySocket is a fake $NOTIFY_SOCKET that keeps every message systemd would get.
type notifySocket struct {
	path string
	mu   sync.Mutex
	msgs []string
}

func newNotifySocket(t *testing.T) *notifySocket {
	t.Helper()
	n := &notifySocket{path: filepath.Join(t.TempDir(), "notify.sock")}
	conn, err := net.ListenUnixgram("unixgram", &net.UnixAddr{Name: n.path, Net: "unixgram"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	go func() {
		buf := make([]byte, 4096)
		for {
			k, err := conn.Read(buf)
			if err != nil {
				return
			}
			n.mu.Lock()
			n.msgs = append(n.msgs, string(buf[:k]))
			n.mu.Unlock()
		}
	}()
	return n
}

func (n *notifySocket) has(prefix string) bool {
	n.mu.Lock()
	defer n.mu.Unlock()
	for _, m := range n.msgs {
		for _, line := range strings.Split(m, "\n") {
			if strings.HasPrefix(line, prefix) {
				return true
			}
		}
	}
	return false
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

// TestRunDaemon runs `netsyncd run` on a two-second schedule against
// Radicale behind a counting proxy and checks the service's behaviour:
// systemd notifications, idle passes at one request each, a source change
// fetched incrementally, SIGHUP with a broken and then a good config, and
// SIGTERM ending it within 10 s with exit code 0.
func TestRunDaemon(t *testing.T) {
	srv := testservers.Radicale(t)
	proxy := testservers.NewProxy(t, srv.URL)
	s := newSetup(t, srv, proxy.URL, 6, "@every 2s")
	notify := newNotifySocket(t)
	var logs syncBuffer
	cmd := s.command(context.Background(), "run", "--config", s.configPath, "--log-level", "debug")
	cmd.Env = append(cmd.Env, "NOTIFY_SOCKET="+notify.path, "WATCHDOG_USEC=1000000")
	cmd.Stderr = &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	defer func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			<-exited
		}
		if t.Failed() {
			t.Logf("daemon log:\n%s", logs.String())
		}
	}()

	waitFor(t, "READY=1", 20*time.Second, func() bool { return notify.has("READY=1") })
	if !notify.has("STATUS=") {
		t.Errorf("no STATUS= message with READY")
	}
	waitFor(t, "a WATCHDOG=1 ping", 5*time.Second, func() bool { return notify.has("WATCHDOG=1") })

	// Idle passes cost one request each.
	waitFor(t, "an idle pass", 20*time.Second, func() bool { return logs.count(`"idle":true`) >= 1 })
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

	// A changed source is fetched and acted on by the next scheduled pass.
	s.putEvents(t, 1, 30*time.Minute)
	updates := logs.count(`"updated":`)
	waitFor(t, "a pass that updates the moved event's entries", 20*time.Second, func() bool {
		return strings.Count(logs.String(), `"calendars_fetched_changes":1`) >= 1 && logs.count(`"updated":`) > updates
	})

	// SIGHUP with a broken config: refused, the daemon keeps running.
	good, _ := os.ReadFile(s.configPath)
	os.WriteFile(s.configPath, []byte(strings.Replace(string(good), "hours_per_week:", "hours_per_wek:", 1)), 0o600)
	cmd.Process.Signal(syscall.SIGHUP)
	waitFor(t, "the broken config to be refused", 10*time.Second, func() bool { return strings.Contains(logs.String(), "new config refused") })
	if !notify.has("RELOADING=1") || !notify.has("MONOTONIC_USEC=") {
		t.Errorf("no RELOADING=1 with MONOTONIC_USEC on SIGHUP")
	}
	if !strings.Contains(logs.String(), "hours_per_wek") {
		t.Errorf("the refusal does not name the bad key")
	}
	// SIGHUP with a good config: applied.
	s.writeConfig(t, "@every 3s")
	cmd.Process.Signal(syscall.SIGHUP)
	waitFor(t, "the good config to be applied", 10*time.Second, func() bool { return strings.Contains(logs.String(), "config reloaded") })

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
	if !notify.has("STOPPING=1") {
		t.Errorf("no STOPPING=1 before exit")
	}
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
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
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
	s.once(t)
	again := s.once(t)
	if c, u, d := num(again, "created"), num(again, "updated"), num(again, "deleted"); c+u+d != 0 {
		t.Errorf("after the interrupted pass and a clean one, the next pass still changed %d/%d/%d", c, u, d)
	}
	uids := s.targetUIDs(t) // every entry decodes, no duplicate
	t.Logf("stopped after %d PUTs; target holds %d whole entries", written, len(uids))
}
