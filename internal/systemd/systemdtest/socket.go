// Package systemdtest is a fake $NOTIFY_SOCKET for tests: a unix datagram
// socket in a temporary directory that keeps every message it receives.
package systemdtest

import (
	"net"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// Message is one datagram, with the time it arrived.
type Message struct {
	At   time.Time
	Text string
}

// Socket is a listening fake $NOTIFY_SOCKET; Path is what to set it to.
type Socket struct {
	Path string
	mu   sync.Mutex
	msgs []Message
}

// Listen opens a Socket, closed when the test ends.
func Listen(t testing.TB) *Socket {
	t.Helper()
	s := &Socket{Path: filepath.Join(t.TempDir(), "notify.sock")}
	conn, err := net.ListenUnixgram("unixgram", &net.UnixAddr{Name: s.Path, Net: "unixgram"})
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
			s.mu.Lock()
			s.msgs = append(s.msgs, Message{time.Now(), string(buf[:k])})
			s.mu.Unlock()
		}
	}()
	return s
}

// Messages is a copy of every message received so far, in order.
func (s *Socket) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.msgs...)
}

// All is every message received, one a line.
func (s *Socket) All() string {
	var texts []string
	for _, m := range s.Messages() {
		texts = append(texts, m.Text)
	}
	return strings.Join(texts, "\n")
}

// Has reports whether a line of a message received starts with prefix.
func (s *Socket) Has(prefix string) bool {
	for _, line := range strings.Split(s.All(), "\n") {
		if strings.HasPrefix(line, prefix) {
			return true
		}
	}
	return false
}
