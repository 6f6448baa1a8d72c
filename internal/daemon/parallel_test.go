package daemon

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/zap"

	"github.com/netsyncd/netsyncd/internal/caldav"
)

// counter records the calls of a throttle's run: how many at once, and each item's calls.
type counter struct {
	mu       sync.Mutex
	now, top int
	calls    map[int]int
	after429 int // the most at once from the 429's retry on
	resumed  bool
}

func (c *counter) enter(i int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.calls == nil {
		c.calls = map[int]int{}
	}
	c.calls[i]++
	c.now++
	c.top = max(c.top, c.now)
	// The item that got the 429 is sent again first, once every write in
	// flight at the 429 is done: from then on only the new bound counts.
	if c.calls[i] == 2 {
		c.resumed = true
	}
	if c.resumed {
		c.after429 = max(c.after429, c.now)
	}
}

func (c *counter) leave() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now--
}

func TestThrottleBoundsWritesInFlight(t *testing.T) {
	var c counter
	th := newThrottle(4, zap.NewNop())
	err := th.run(context.Background(), 40, func(_ context.Context, i int) error {
		c.enter(i)
		time.Sleep(5 * time.Millisecond)
		c.leave()
		return nil
	})
	if err != nil || c.top > 4 || c.top < 2 || len(c.calls) != 40 {
		t.Errorf("run = %v, at most %d at once, %d items; want nil, 2..4, 40", err, c.top, len(c.calls))
	}
	for i, n := range c.calls {
		if n != 1 {
			t.Errorf("item %d sent %d times", i, n)
		}
	}
}

func tooMany(after time.Duration) error {
	return &caldav.StatusError{Method: http.MethodPut, URL: "http://127.0.0.1/x.ics", Status: http.StatusTooManyRequests, RetryAfter: after}
}

func TestThrottleSlowsDownOn429(t *testing.T) {
	var c counter
	var once atomic.Bool
	th := newThrottle(8, zap.NewNop())
	start := time.Now()
	err := th.run(context.Background(), 60, func(_ context.Context, i int) error {
		c.enter(i)
		time.Sleep(5 * time.Millisecond)
		if i == 10 && once.CompareAndSwap(false, true) {
			c.leave()
			return tooMany(100 * time.Millisecond)
		}
		c.leave()
		return nil
	})
	if err != nil {
		t.Fatalf("run = %v; want the 429 retried", err)
	}
	if c.calls[10] != 2 || len(c.calls) != 60 {
		t.Errorf("item 10 sent %d times, %d items; want 2 and 60", c.calls[10], len(c.calls))
	}
	if th.limit != 4 || c.after429 > 4 {
		t.Errorf("after a 429: limit %d, %d at once; want at most 4", th.limit, c.after429)
	}
	if time.Since(start) < 100*time.Millisecond {
		t.Errorf("run took %v; the 429's Retry-After of 100 ms was not honoured", time.Since(start))
	}
}

func TestThrottleEndsOnALongRetryAfter(t *testing.T) {
	th := newThrottle(2, zap.NewNop())
	var calls atomic.Int32
	err := th.run(context.Background(), 20, func(_ context.Context, i int) error {
		calls.Add(1)
		if i == 0 {
			return tooMany(10 * time.Minute)
		}
		time.Sleep(time.Millisecond)
		return nil
	})
	if after, is := tooManyRequests(err); !is || after != 10*time.Minute {
		t.Errorf("run = %v; want the 429 with its 10 min Retry-After, for the daemon's backoff", err)
	}
	if n := calls.Load(); n > 3 {
		t.Errorf("%d writes were sent after the pass had to end", n)
	}
}

func TestThrottleStopsOnAnError(t *testing.T) {
	boom := errors.New("connection reset")
	th := newThrottle(3, zap.NewNop())
	var calls atomic.Int32
	err := th.run(context.Background(), 50, func(_ context.Context, i int) error {
		calls.Add(1)
		time.Sleep(2 * time.Millisecond)
		if i == 4 {
			return boom
		}
		return nil
	})
	if !errors.Is(err, boom) || calls.Load() > 8 {
		t.Errorf("run = %v after %d calls; want the error, and no new writes after it", err, calls.Load())
	}
}

func TestThrottleStopsBetweenWritesWhenCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	th := newThrottle(2, zap.NewNop())
	var calls atomic.Int32
	err := th.run(ctx, 50, func(_ context.Context, i int) error {
		if calls.Add(1) == 5 {
			cancel()
		}
		time.Sleep(time.Millisecond)
		return nil
	})
	if !errors.Is(err, context.Canceled) || calls.Load() > 7 {
		t.Errorf("run = %v after %d calls; want context.Canceled soon after the cancel", err, calls.Load())
	}
}
