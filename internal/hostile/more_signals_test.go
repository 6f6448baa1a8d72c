package hostile

import (
	"context"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/netsyncd/netsyncd/internal/app"
)

// counting counts the requests h serves.
type counting struct {
	h http.Handler
	n atomic.Int64
}

func (c *counting) ServeHTTP(w http.ResponseWriter, r *http.Request) { c.n.Add(1); c.h.ServeHTTP(w, r) }

// A storm of SIGHUPs (a script or a log rotation gone wrong, 100 a second
// for 3 s): each reload swaps the config, but after a reload's pass the
// next waits daemon's reload gap, so the server sees a pass or two, not
// one per signal (before: 241 passes in 3 s, and each reload cancelled the
// backoff a server's Retry-After had asked for). SIGTERM still ends it.
func TestSighupStorm(t *testing.T) {
	Case(t, passBounds, "run: 300 SIGHUPs in 3 s", func(t *testing.T) {
		srv, _ := davServer(t, calendar(vevent("coffee", "20261202T150000Z")))
		ch := &counting{h: srv.Handler()}
		path := passConfig(t, servedBy(t, ch), "schedule: \"@every 1h\"\n")
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		log := &lockedBuffer{}
		reload := make(chan struct{}, 1)
		done := make(chan int, 1)
		go func() {
			done <- app.Run(ctx, app.Env{
				Args: []string{"run", "--config", path}, Stdout: log, Stderr: log, Reload: reload,
				Getenv: func(k string) string { return map[string]string{"NETSYNCD_TEST_PASSWORD": "secret"}[k] },
				Now:    func() time.Time { return now },
			})
		}()
		waitFor(t, log, `"pass done"`, 1)
		for range 300 {
			select {
			case reload <- struct{}{}:
			default: // one is waiting already, as signal.Notify drops them
			}
			time.Sleep(10 * time.Millisecond)
		}
		passes := strings.Count(log.String(), `"pass done"`) - 1
		cancel()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Fatalf("run did not end 10 s after SIGTERM:\n%s", tail(log.String()))
		}
		if passes > 3 || passes < 1 {
			t.Errorf("%d passes for 300 SIGHUPs in 3 s (%d requests); want the first reload's pass and the rest to wait", passes, ch.n.Load())
		}
		if !strings.Contains(log.String(), "config reloaded") || !strings.Contains(log.String(), "waits") {
			t.Errorf("the log does not say the reloads were taken and their pass waits:\n%s", tail(log.String()))
		}
	})
}
