package systemd

import (
	"net"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func listen(t *testing.T) (string, *net.UnixConn) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "notify.sock")
	conn, err := net.ListenUnixgram("unixgram", &net.UnixAddr{Name: path, Net: "unixgram"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return path, conn
}

func read(t *testing.T, conn *net.UnixConn) string {
	t.Helper()
	buf := make([]byte, 4096)
	conn.SetReadDeadline(time.Now().Add(2 * time.Second))
	n, err := conn.Read(buf)
	if err != nil {
		t.Fatalf("read notify socket: %v", err)
	}
	return string(buf[:n])
}

func TestNotifierSendsEachState(t *testing.T) {
	path, conn := listen(t)
	n := NewNotifier(func(k string) string {
		if k == "NOTIFY_SOCKET" {
			return path
		}
		return ""
	})
	cases := []struct {
		name string
		send func() error
		want []string
	}{
		{"ready", func() error { return n.Ready("first pass done") }, []string{"READY=1", "STATUS=first pass done"}},
		{"reloading", func() error { return n.Reloading(1500 * time.Millisecond) }, []string{"RELOADING=1", "MONOTONIC_USEC=1500000"}},
		{"status", func() error { return n.Status("idle") }, []string{"STATUS=idle"}},
		{"watchdog", n.Watchdog, []string{"WATCHDOG=1"}},
		{"stopping", n.Stopping, []string{"STOPPING=1"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if err := c.send(); err != nil {
				t.Fatal(err)
			}
			got := strings.Split(read(t, conn), "\n")
			for _, w := range c.want {
				found := false
				for _, g := range got {
					found = found || g == w
				}
				if !found {
					t.Errorf("message %q lacks %q", got, w)
				}
			}
		})
	}
}

func TestNotifierWithoutSocketIsNoOp(t *testing.T) {
	n := NewNotifier(func(string) string { return "" })
	if n.Enabled() {
		t.Fatal("Enabled() = true without NOTIFY_SOCKET")
	}
	if err := n.Ready("x"); err != nil {
		t.Fatalf("Ready without socket: %v", err)
	}
}

func TestWatchdogInterval(t *testing.T) {
	env := map[string]string{"WATCHDOG_USEC": "30000000"}
	get := func(k string) string { return env[k] }
	if got := WatchdogInterval(get, 42); got != 15*time.Second {
		t.Errorf("WatchdogInterval = %v; want 15s", got)
	}
	env["WATCHDOG_PID"] = "7"
	if got := WatchdogInterval(get, 42); got != 0 {
		t.Errorf("WatchdogInterval for another pid = %v; want 0", got)
	}
	if got := WatchdogInterval(func(string) string { return "" }, 42); got != 0 {
		t.Errorf("WatchdogInterval unset = %v; want 0", got)
	}
}
