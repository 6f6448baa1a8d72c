package hostile

import (
	"bytes"
	"context"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/netsyncd/netsyncd/internal/app"
)

// lockedBuffer is a log that the daemon writes while the test reads it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// waitFor waits until the log holds n lines with msg.
func waitFor(t *testing.T, log *lockedBuffer, msg string, n int) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for strings.Count(log.String(), msg) < n {
		if time.Now().After(deadline) {
			t.Fatalf("no %q in the log after 20 s:\n%s", msg, tail(log.String()))
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// A SIGHUP with a config that loops or panics a parser (issue 12, defects
// 5 and 6: on main the template took the reload past 1 GB and the
// schedule killed the daemon): the new config is refused with its
// file:line:key, the old one keeps running and passing, and SIGTERM ends
// the daemon.
func TestHostileReload(t *testing.T) {
	for _, c := range []struct{ name, extra, key string }{
		{"looping template", "output:\n  templates:\n    prep_description: '{{range 1000000000}}x{{end}}'\n", "output.templates.prep_description"},
		{"TZ schedule", "schedule: \"TZ=UTC\"\n", "schedule"},
	} {
		t.Run(c.name, func(t *testing.T) {
			Case(t, passBounds, "run, then SIGHUP with a "+c.name, func(t *testing.T) {
				_, url := davServer(t, calendar(vevent("good-coffee", "20261202T150000Z")))
				path := passConfig(t, url, "schedule: \"@every 1h\"\n")
				good, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				ctx, cancel := context.WithCancel(context.Background())
				defer cancel()
				reload := make(chan struct{}, 1)
				log := &lockedBuffer{}
				done := make(chan int, 1)
				go func() {
					done <- app.Run(ctx, app.Env{
						Args: []string{"run", "--config", path}, Stdout: log, Stderr: log, Reload: reload,
						Getenv: func(k string) string { return map[string]string{"NETSYNCD_TEST_PASSWORD": "secret"}[k] },
						Now:    func() time.Time { return now },
					})
				}()
				waitFor(t, log, `"pass done"`, 1)
				if err := os.WriteFile(path, append(good, []byte(c.extra)...), 0o600); err != nil {
					t.Fatal(err)
				}
				reload <- struct{}{}
				waitFor(t, log, "new config refused", 1)
				if !strings.Contains(log.String(), c.key) {
					t.Errorf("the refusal does not name %s:\n%s", c.key, tail(log.String()))
				}
				os.WriteFile(path, good, 0o600)
				reload <- struct{}{}
				waitFor(t, log, `"pass done"`, 2) // the old config (the same again) still passes
				cancel()
				select {
				case code := <-done:
					if code != 0 {
						t.Errorf("run exited %d after SIGTERM; want 0:\n%s", code, tail(log.String()))
					}
				case <-time.After(10 * time.Second):
					t.Fatalf("run did not end 10 s after SIGTERM:\n%s", tail(log.String()))
				}
			})
		})
	}
}

// SIGTERM while a pass works through fifty objects that repeat every second
// (issue 12, defect 1: main ignored it until the pass was done, minutes
// later or never): run ends within the 8 s the README promises.
func TestTermDuringAHostilePass(t *testing.T) {
	Case(t, passBounds, "run over 50 SECONDLY objects, SIGTERM mid-pass", func(t *testing.T) {
		var objs []string
		for i := range 50 {
			objs = append(objs, calendar(vevent("secondly-"+string(rune('a'+i%26))+string(rune('a'+i/26)), "20261201T150000Z", "RRULE:FREQ=SECONDLY")))
		}
		_, url := davServer(t, objs...)
		path := passConfig(t, url, "schedule: \"@every 1h\"\n")
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		log := &lockedBuffer{}
		done := make(chan int, 1)
		go func() {
			done <- app.Run(ctx, app.Env{
				Args: []string{"run", "--config", path}, Stdout: log, Stderr: log, Reload: make(chan struct{}),
				Getenv: func(k string) string { return map[string]string{"NETSYNCD_TEST_PASSWORD": "secret"}[k] },
				Now:    func() time.Time { return now },
			})
		}()
		waitFor(t, log, "found the calendar home", 1)
		time.Sleep(50 * time.Millisecond)
		cancel()
		began := time.Now()
		select {
		case <-done:
			if took := time.Since(began); took > 8*time.Second {
				t.Errorf("run took %v to end after SIGTERM; want under 8 s", took)
			}
		case <-time.After(20 * time.Second):
			t.Fatalf("run did not end 20 s after SIGTERM:\n%s", tail(log.String()))
		}
	})
}
