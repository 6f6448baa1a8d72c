package daemon

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/netsyncd/netsyncd/internal/caldav"
)

func TestBackoffDoublesUpToTheCapAndHonoursRetryAfter(t *testing.T) {
	d := &Daemon{BackoffMin: 30 * time.Second, BackoffMax: 30 * time.Minute}
	plain := errors.New("connection refused")
	want := []time.Duration{30 * time.Second, time.Minute, 2 * time.Minute, 4 * time.Minute, 8 * time.Minute, 16 * time.Minute, 30 * time.Minute, 30 * time.Minute}
	for i, w := range want {
		d.failures = i + 1
		if got := d.backoff(plain); got != w {
			t.Errorf("backoff after %d failures = %v; want %v", i+1, got, w)
		}
	}
	d.failures = 1
	busy := &caldav.StatusError{Method: "REPORT", URL: "http://dav.example/", Status: 503, RetryAfter: 2 * time.Hour}
	if got := d.backoff(busy); got != 2*time.Hour {
		t.Errorf("backoff with Retry-After 2h = %v; want 2h", got)
	}
	busy.RetryAfter = 10 * time.Second // shorter than our own wait: ours stands
	if got := d.backoff(busy); got != 30*time.Second {
		t.Errorf("backoff with Retry-After 10s = %v; want 30s", got)
	}
	d.failures = 200
	if got := d.backoff(plain); got != 30*time.Minute {
		t.Errorf("backoff after 200 failures = %v; want the 30m cap (no overflow)", got)
	}
}

// graceContext: after the parent ends, Err says so at once (so a pass
// stops between writes) but Done stays open for the grace period (so the
// write in flight finishes).
func TestGraceContext(t *testing.T) {
	parent, cancel := context.WithCancel(context.Background())
	g, stop := graceContext(parent, 200*time.Millisecond)
	defer stop()
	cancel()
	if g.Err() == nil {
		t.Errorf("Err() = nil after the parent ended; want the parent's error")
	}
	select {
	case <-g.Done():
		t.Fatalf("Done closed at once; want it open during the grace period")
	case <-time.After(50 * time.Millisecond):
	}
	select {
	case <-g.Done():
	case <-time.After(2 * time.Second):
		t.Fatalf("Done still open long after the grace period")
	}
}
