// Package testservers starts real CalDAV servers (Radicale, Xandikos,
// DAViCal, Cyrus IMAP, SOGo) for other packages' tests, and a counting reverse proxy in front
// of them.
//
// Rules this package keeps:
//   - Servers listen on 127.0.0.1 only, on a free port, with their data in
//     t.TempDir(); t.Cleanup stops them (SIGTERM, then wait).
//   - A missing server binary skips the test, except under CI (CI=true),
//     where it fails it: CI must test against the real servers.
//   - DAViCal's PostgreSQL listens on a Unix socket in its own directory
//     only (no TCP), so any number of tests can run one each in parallel.
//   - It is a test helper: it reports problems through testing.TB and never
//     returns an error.
package testservers

import (
	"bytes"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Server is one running CalDAV server.
type Server struct {
	Name     string // "radicale", "xandikos", "davical", "cyrus" or "sogo"
	URL      string // root URL, e.g. http://127.0.0.1:41234
	Username string // empty when the server has no authentication
	Password string
	Home     string // calendar home path, with a trailing slash
	Default  string // a calendar that exists at start (Xandikos), or ""
	// Direct is the server itself when URL is a web server in front of it
	// (SOGo), else "".
	Direct string

	dir string
	log string   // file with the server's output
	env []string // added to the server's environment
	wd  string   // the server's working directory; dir when empty
	// cred, when set, is the user the server runs as (a test as root
	// starting a server that refuses root).
	cred *syscall.Credential
	// mail receives the mail the server sends (Cyrus).
	mail *mailSink
	// tcpOnly: the server speaks no HTTP (memcached); it is ready when it
	// accepts a connection.
	tcpOnly bool
	// stopGrace, when set, is how long the server gets to stop after
	// SIGTERM before it is killed, without a word: for a server known to
	// take long over it with nothing to save (SOGo, whose data is in
	// PostgreSQL).
	stopGrace time.Duration
}

// All starts every server the real-server suites run on, SOGo included
// (what it does differently is handled in internal/caldav, and pinned by
// its TestSOGoDifferences). They start one after the other: SOGo and
// DAViCal wait for their PostgreSQL, which is the slow part of a start.
func All(t testing.TB) []*Server {
	t.Helper()
	return []*Server{Radicale(t), Xandikos(t), DAViCal(t), Cyrus(t), SOGo(t)}
}

// Settle waits until a change made just before is older than the
// server's change clocks can hide: SOGo's ctag and sync token count
// seconds, and netsyncd trusts one only two seconds after it
// (internal/caldav sogo.go), so an idle pass is one request only then.
// Other servers: no wait.
func (s *Server) Settle() {
	if s.Name == "sogo" {
		time.Sleep(2100 * time.Millisecond)
	}
}

// lookBinary finds a server binary or skips (fails under CI) the test.
func lookBinary(t testing.TB, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err == nil {
		return p
	}
	unavailable(t, fmt.Sprintf("testservers: %s not installed (apt-get install %s)", name, name))
	return ""
}

// unavailable skips the test for a server that is not installed, or fails
// it under CI.
func unavailable(t testing.TB, msg string) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
	}
	t.Skip(msg)
}

// freePort asks the kernel for a free loopback port. Another process may
// take it before the server binds it; start retries in that case.
func freePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("testservers: no free port: %v", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// start runs the command built by args for a fresh port until the server
// answers HTTP, retrying a few times when the port was taken meanwhile.
func (s *Server) start(t testing.TB, bin string, args func(port int) []string) {
	t.Helper()
	var lastErr error
	for attempt := 0; attempt < 3; attempt++ {
		port := freePort(t)
		s.URL = "http://127.0.0.1:" + strconv.Itoa(port)
		cmd, err := s.spawn(bin, args(port))
		if err != nil {
			t.Fatalf("testservers: start %s: %v", s.Name, err)
		}
		exited := make(chan error, 1)
		go func() { exited <- cmd.Wait() }()
		if lastErr = waitReady(s.URL, s.tcpOnly, exited); lastErr == nil {
			t.Cleanup(func() { stop(t, s, cmd, exited) })
			return
		}
		stop(t, s, cmd, exited)
	}
	t.Fatalf("testservers: %s did not start: %v\n%s", s.Name, lastErr, s.logTail())
}

func (s *Server) spawn(bin string, args []string) (*exec.Cmd, error) {
	out, err := os.OpenFile(s.log, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, args...)
	cmd.Dir = s.dir
	if s.wd != "" {
		cmd.Dir = s.wd
	}
	if s.env != nil {
		cmd.Env = append(os.Environ(), s.env...)
	}
	cmd.Stdout, cmd.Stderr = out, out
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Credential: s.cred}
	err = cmd.Start()
	out.Close() // the child holds its own descriptor
	return cmd, err
}

// waitReady polls GET / until the server answers anything over HTTP, or,
// for a server that speaks no HTTP (tcpOnly), until it accepts a
// connection.
func waitReady(url string, tcpOnly bool, exited <-chan error) error {
	c := &http.Client{Timeout: time.Second}
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case err := <-exited:
			return fmt.Errorf("exited early: %v", err)
		default:
		}
		if tcpOnly {
			if conn, err := net.DialTimeout("tcp", strings.TrimPrefix(url, "http://"), time.Second); err == nil {
				conn.Close()
				return nil
			}
		} else if resp, err := c.Get(url + "/"); err == nil {
			resp.Body.Close()
			return nil
		}
		time.Sleep(50 * time.Millisecond)
	}
	return errors.New("not ready after 20s")
}

// stop sends SIGTERM to the server's process group and waits; after 10 s
// (the server's stopGrace when set) it kills the group.
func stop(t testing.TB, s *Server, cmd *exec.Cmd, exited <-chan error) {
	pgid := cmd.Process.Pid
	grace := 10 * time.Second
	if s.stopGrace > 0 {
		grace = s.stopGrace
	}
	_ = syscall.Kill(-pgid, syscall.SIGTERM)
	select {
	case <-exited:
	case <-time.After(grace):
		if s.stopGrace == 0 {
			t.Logf("testservers: %s ignored SIGTERM; killing it", s.Name)
		}
		_ = syscall.Kill(-pgid, syscall.SIGKILL)
		<-exited
	}
}

func (s *Server) logTail() string {
	b, _ := os.ReadFile(s.log)
	if len(b) > 4000 {
		b = b[len(b)-4000:]
	}
	return string(b)
}

func newServer(t testing.TB, name string) *Server {
	dir := t.TempDir()
	return &Server{Name: name, dir: dir, log: filepath.Join(dir, name+".log")}
}

// String names the server for test names and messages.
func (s *Server) String() string { return s.Name }

// trimLines is for short error messages from response bodies.
func trimLines(b []byte) string {
	line, _, _ := bytes.Cut(bytes.TrimSpace(b), []byte("\n"))
	return strings.TrimSpace(string(line))
}
