package testservers

import (
	"bufio"
	"net"
	"strings"
	"sync"
	"testing"
	"time"
)

// mailSink is an SMTP server on 127.0.0.1 that accepts every message and
// keeps it (RFC 5321 section 4.5.1's minimum: HELO/EHLO, MAIL, RCPT, DATA,
// RSET, NOOP, QUIT). A server under test sends its mail here, so nothing it
// sends can leave the machine through the system's MTA.
type mailSink struct {
	addr string

	mu   sync.Mutex
	sent []string // "MAIL FROM / RCPT TO lines, a blank line, the message"
}

func newMailSink(t testing.TB) *mailSink {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("testservers: smtp sink: %v", err)
	}
	m := &mailSink{addr: l.Addr().String()}
	var wg sync.WaitGroup
	t.Cleanup(func() { l.Close(); wg.Wait() })
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			wg.Add(1)
			go func() { defer wg.Done(); m.serve(c) }()
		}
	}()
	return m
}

func (m *mailSink) serve(c net.Conn) {
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(30 * time.Second))
	r := bufio.NewReader(c)
	say := func(s string) { _, _ = c.Write([]byte(s + "\r\n")) }
	say("220 netsyncd-test ESMTP sink")
	var envelope []string
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		line = strings.TrimRight(line, "\r\n")
		verb := strings.ToUpper(strings.SplitN(line, " ", 2)[0])
		switch verb {
		case "EHLO", "HELO":
			say("250 netsyncd-test")
		case "MAIL", "RCPT":
			envelope = append(envelope, line)
			say("250 OK")
		case "DATA":
			say("354 end with .")
			var body strings.Builder
			for {
				l, err := r.ReadString('\n')
				if err != nil {
					return
				}
				if strings.TrimRight(l, "\r\n") == "." {
					break
				}
				body.WriteString(strings.TrimPrefix(l, "."))
			}
			m.mu.Lock()
			m.sent = append(m.sent, strings.Join(envelope, "\n")+"\n\n"+body.String())
			m.mu.Unlock()
			envelope = nil
			say("250 OK queued")
		case "RSET":
			envelope = nil
			say("250 OK")
		case "NOOP":
			say("250 OK")
		case "QUIT":
			say("221 bye")
			return
		default:
			say("502 not implemented")
		}
	}
}

// messages returns the messages received so far, oldest first.
func (m *mailSink) messages() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]string(nil), m.sent...)
}
