package daemon

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"time"

	"go.uber.org/zap"

	"github.com/netsyncd/netsyncd/internal/caldav"
)

// DefaultWritesInFlight is how many writes of one kind a pass has in
// flight together when caldav.writes_in_flight is not set: over a network
// each write costs a round trip, and servers take several at once
// (docs/performance.md has the measurements it was chosen from).
const DefaultWritesInFlight = 8

// throttle bounds a pass's writes in flight. A 429 (Too Many Requests)
// halves the bound, for the rest of the pass, and holds every new write
// back for the server's Retry-After (a second when it gives none); the
// write that got it is sent again, at most throttleTries times. A
// Retry-After longer than throttleMaxWait ends the pass instead, and the
// daemon's backoff honours it.
type throttle struct {
	limit int
	log   *zap.Logger
	// sleep waits d or until ctx ends; tests replace it.
	sleep func(ctx context.Context, d time.Duration) error
}

const (
	throttleTries   = 4
	throttleMaxWait = time.Minute
	throttleDefault = time.Second // the pause after a 429 without Retry-After
)

func newThrottle(limit int, log *zap.Logger) *throttle {
	return &throttle{limit: max(limit, 1), log: log, sleep: sleepCtx}
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// tooManyRequests is the server's Retry-After when err is a 429.
func tooManyRequests(err error) (time.Duration, bool) {
	var se *caldav.StatusError
	if errors.As(err, &se) && se.Status == http.StatusTooManyRequests {
		return se.RetryAfter, true
	}
	return 0, false
}

// run calls do(i) for every i in [0, n), up to t.limit at once. do
// handles what it can (a refused write is recorded, not returned); an
// error it returns stops new calls, and run returns the first once the
// calls in flight are done. So does ctx ending: writes stop between two
// writes, and those in flight finish.
func (t *throttle) run(ctx context.Context, n int, do func(ctx context.Context, i int) error) error {
	var (
		mu       sync.Mutex
		cond     = sync.NewCond(&mu)
		running  int
		next     int
		again    []int // items to send again after a 429
		tries    = map[int]int{}
		pause    time.Time
		firstErr error
	)
	mu.Lock()
	defer mu.Unlock()
	for {
		if firstErr == nil && ctx.Err() != nil {
			firstErr = ctx.Err()
		}
		pending := firstErr == nil && (len(again) > 0 || next < n)
		if !pending && running == 0 {
			return firstErr
		}
		if pending && running < t.limit {
			if wait := time.Until(pause); wait > 0 {
				if running > 0 {
					cond.Wait() // let those in flight finish first
					continue
				}
				mu.Unlock()
				err := t.sleep(ctx, wait)
				mu.Lock()
				if err != nil && firstErr == nil {
					firstErr = err
				}
				continue
			}
			var i int
			if len(again) > 0 {
				i, again = again[0], again[1:]
			} else {
				i, next = next, next+1
			}
			running++
			go func() {
				err := do(ctx, i)
				mu.Lock()
				defer mu.Unlock()
				running--
				defer cond.Broadcast()
				if err == nil {
					return
				}
				wait, is429 := tooManyRequests(err)
				tries[i]++
				if !is429 || wait > throttleMaxWait || tries[i] >= throttleTries {
					if firstErr == nil {
						firstErr = err
					}
					return
				}
				if wait <= 0 {
					wait = throttleDefault
				}
				if t.limit > 1 {
					t.limit /= 2
				}
				if until := time.Now().Add(wait); until.After(pause) {
					pause = until
				}
				t.log.Warn("the server asks for fewer requests (429); writing fewer at once",
					zap.Int("in_flight", t.limit), zap.Duration("retry_after", wait), zap.Error(err))
				again = append(again, i)
			}()
			continue
		}
		cond.Wait()
	}
}
