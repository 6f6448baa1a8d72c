package daemon

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/zap"
	"go.uber.org/zap/zaptest/observer"

	"github.com/netsyncd/netsyncd/internal/caldav"
	"github.com/netsyncd/netsyncd/internal/config"
	"github.com/netsyncd/netsyncd/internal/core"
	"github.com/netsyncd/netsyncd/internal/limits"
	"github.com/netsyncd/netsyncd/internal/systemd"
	"github.com/netsyncd/netsyncd/internal/systemd/systemdtest"
)

// loopNotify is a fake $NOTIFY_SOCKET that keeps every message with the
// time it arrived.
type loopNotify struct{ *systemdtest.Socket }

func newLoopNotify(t *testing.T) *loopNotify { return &loopNotify{systemdtest.Listen(t)} }

func (n *loopNotify) notifier() *systemd.Notifier {
	return systemd.NewNotifier(func(k string) string {
		if k == "NOTIFY_SOCKET" {
			return n.Path
		}
		return ""
	})
}

// count is the number of messages holding the line want that arrived in
// [from, to).
func (n *loopNotify) count(want string, from, to time.Time) int {
	c := 0
	for _, m := range n.Messages() {
		if !m.At.Before(from) && m.At.Before(to) && hasLine(m.Text, want) {
			c++
		}
	}
	return c
}

// find returns the first message holding the line want, or "".
func (n *loopNotify) find(want string) string {
	for _, m := range n.Messages() {
		if hasLine(m.Text, want) {
			return m.Text
		}
	}
	return ""
}

func hasLine(msg, want string) bool {
	for _, l := range strings.Split(msg, "\n") {
		if l == want {
			return true
		}
	}
	return false
}

// loopPasses is a fake pass: the i-th call runs steps[i] (the last step
// repeats), and every call is counted.
type loopPasses struct {
	steps []func(ctx context.Context) (*Summary, error)
	calls atomic.Int32
}

func (p *loopPasses) run(ctx context.Context) (*Summary, error) {
	i := int(p.calls.Add(1)) - 1
	return p.steps[min(i, len(p.steps)-1)](ctx)
}

func passOK(context.Context) (*Summary, error) { return &Summary{Idle: true}, nil }

func passErr(err error) func(context.Context) (*Summary, error) {
	return func(context.Context) (*Summary, error) { return nil, err }
}

// passBlocks signals started, then waits for release (or the end of ctx).
func passBlocks(started, release chan struct{}) func(context.Context) (*Summary, error) {
	return func(ctx context.Context) (*Summary, error) {
		close(started)
		select {
		case <-release:
		case <-ctx.Done():
		}
		return &Summary{Idle: true}, nil
	}
}

// newLoopDaemon returns a daemon on schedule whose passes are p's, logging
// at debug level into the returned observer.
func newLoopDaemon(schedule string, p *loopPasses) (*Daemon, *observer.ObservedLogs) {
	core, logs := observer.New(zap.DebugLevel)
	loc := mustLoc("America/New_York")
	load := func() (*config.Config, *Syncer, error) {
		return &config.Config{Schedule: schedule, Location: loc}, &Syncer{}, nil
	}
	return &Daemon{Load: load, Log: zap.New(core), runPass: p.run}, logs
}

// start runs d until the returned stop is called; stop returns how long
// Run took to return (and fails the test when it does not within limit).
func start(t *testing.T, d *Daemon) (stop func(limit time.Duration) time.Duration) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- d.Run(ctx) }()
	stopped := false
	stop = func(limit time.Duration) time.Duration {
		t.Helper()
		if stopped {
			return 0
		}
		stopped = true
		began := time.Now()
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Run = %v; want nil", err)
			}
		case <-time.After(limit):
			t.Fatalf("Run still running %v after its context ended", limit)
		}
		return time.Since(began)
	}
	t.Cleanup(func() { stop(time.Minute) })
	return stop
}

func waitUntil(t *testing.T, what string, timeout time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", timeout, what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// passLogs counts the "pass done" and "pass failed" lines of trigger.
func passLogs(logs *observer.ObservedLogs, trigger string) int {
	n := 0
	for _, e := range logs.All() {
		if (e.Message == "pass done" || e.Message == "pass failed") && e.ContextMap()["trigger"] == trigger {
			n++
		}
	}
	return n
}

// A scheduled tick waiting out its jitter must not hold up a shutdown or a
// reload: cron's Stop().Done() waits for the job, and the unit gives the
// process 15 s (TimeoutStopSec) to exit.
func TestJitterWaitEndsAtStopAndReload(t *testing.T) {
	for _, how := range []string{"stop", "reload"} {
		t.Run(how, func(t *testing.T) {
			t.Parallel()
			p := &loopPasses{steps: []func(context.Context) (*Summary, error){passOK}}
			d, logs := newLoopDaemon("@every 1s", p)
			d.Jitter = time.Minute
			reload := make(chan struct{}, 1)
			d.Reload = reload
			drawn := make(chan time.Duration, 1)
			d.rand = func(n time.Duration) time.Duration {
				if n == newDayJitter {
					return n - 1
				}
				select {
				case drawn <- n:
				default:
				}
				return time.Minute // a long wait, as a 10-minute schedule could draw
			}
			stop := start(t, d)
			var bound time.Duration
			select {
			case bound = <-drawn:
			case <-time.After(5 * time.Second):
				t.Fatal("no scheduled tick within 5 s")
			}
			if bound != 100*time.Millisecond {
				t.Errorf("jitter of @every 1s drawn within %v; want a tenth of the interval, 100ms", bound)
			}
			if how == "reload" {
				began := time.Now()
				reload <- struct{}{}
				waitUntil(t, "the reload pass", 2*time.Second, func() bool { return passLogs(logs, "reload") == 1 })
				t.Logf("reload took %v", time.Since(began))
			}
			if took := stop(2 * time.Second); took > time.Second {
				t.Errorf("Run took %v to return after the context ended; want well under a second", took)
			}
		})
	}
}

func TestScheduleJitter(t *testing.T) {
	now := time.Date(2026, 12, 1, 7, 0, 0, 0, time.UTC)
	cases := []struct {
		spec  string
		limit time.Duration
		want  time.Duration
	}{
		{"@every 10m", 15 * time.Second, 15 * time.Second},
		{"@every 2s", 15 * time.Second, 200 * time.Millisecond},
		{"*/5 * * * *", time.Minute, 30 * time.Second},
		{"@hourly", 0, 0},
		{"0 9 * * 1", time.Hour, time.Hour},
	}
	for _, c := range cases {
		sched, err := cronParser.Parse(c.spec)
		if err != nil {
			t.Fatal(err)
		}
		if got := scheduleJitter(sched, now, c.limit); got != c.want {
			t.Errorf("scheduleJitter(%q, limit %v) = %v; want %v", c.spec, c.limit, got, c.want)
		}
	}
	d := &Daemon{}
	d.defaults()
	for _, n := range []time.Duration{0, -time.Second} {
		if got := d.draw(n); got != 0 {
			t.Errorf("draw(%v) = %v; want 0", n, got)
		}
	}
	var most time.Duration
	for range 2000 {
		got := d.draw(newDayJitter)
		if got < 0 || got >= newDayJitter {
			t.Fatalf("draw(%v) = %v; want it in [0, %v)", newDayJitter, got, newDayJitter)
		}
		most = max(most, got)
	}
	if most < newDayJitter/2 {
		t.Errorf("2000 draws in [0, %v) all below %v: not spread", newDayJitter, most)
	}
}

func TestNewDayAt(t *testing.T) {
	ny := mustLoc("America/New_York")
	at := func(d, h, m, s int) time.Time { return time.Date(2026, 12, d, h, m, s, 0, ny) }
	cases := []struct {
		name      string
		from, now time.Time
		delay     time.Duration
		want      time.Time
	}{
		{"before midnight", at(1, 23, 59, 59), at(1, 23, 59, 59), 0, at(2, 0, 0, 30)},
		{"delay added", at(1, 23, 59, 59), at(1, 23, 59, 59), 4*time.Minute + 59*time.Second, at(2, 0, 5, 29)},
		{"just after midnight: today's", at(2, 0, 0, 10), at(2, 0, 0, 10), 0, at(2, 0, 0, 30)},
		{"after today's", at(2, 0, 0, 31), at(2, 0, 0, 31), 0, at(3, 0, 0, 30)},
		{"inside today's delay", at(2, 0, 2, 0), at(2, 0, 2, 0), 3 * time.Minute, at(2, 0, 3, 30)},
		// After a new-day pass the next is drawn from the day after, even
		// when the new delay is longer than the one just used.
		{"after a new-day pass", dayAfter(at(2, 0, 1, 0)), at(2, 0, 1, 0), 4 * time.Minute, at(3, 0, 4, 30)},
		{"clock stepped back", dayAfter(at(2, 0, 1, 0)), at(1, 23, 0, 0), 0, at(3, 0, 0, 30)},
		{"woke up days later", dayAfter(at(2, 0, 1, 0)), at(5, 12, 0, 0), 0, at(6, 0, 0, 30)},
		{"end of DST", time.Date(2026, 10, 31, 23, 0, 0, 0, ny), time.Date(2026, 10, 31, 23, 0, 0, 0, ny), 0, time.Date(2026, 11, 1, 0, 0, 30, 0, ny)},
	}
	for _, c := range cases {
		if got := newDayAt(c.from, c.now, ny, c.delay); !got.Equal(c.want) {
			t.Errorf("%s: newDayAt(%v, %v, %v) = %v; want %v", c.name, c.from, c.now, c.delay, got, c.want)
		}
	}
	// Santiago springs forward at midnight: 6 September 2026 has no 00:00
	// and begins at 01:00; its new-day pass must not run on the 5th, nor
	// again and again before the 6th has begun.
	scl := mustLoc("America/Santiago")
	eve := time.Date(2026, 9, 5, 22, 0, 0, 0, scl)
	want := time.Date(2026, 9, 6, 1, 0, 30, 0, scl)
	if got := newDayAt(eve, eve, scl, 0); !got.Equal(want) || got.Day() != 6 {
		t.Errorf("Santiago: newDayAt(%v) = %v; want %v", eve, got, want)
	}
	if got := dayAfter(eve); got.Day() != 6 || got.Hour() != 1 {
		t.Errorf("Santiago: dayAfter(%v) = %v; want 6 September 01:00", eve, got)
	}
}

// The new-day pass runs at 00:00:30 local time plus the drawn delay, once.
func TestNewDayPassRunsAfterItsDelay(t *testing.T) {
	t.Parallel()
	p := &loopPasses{steps: []func(context.Context) (*Summary, error){passOK}}
	d, logs := newLoopDaemon("@every 1h", p)
	ny := mustLoc("America/New_York")
	began := time.Now()
	offset := time.Date(2026, 12, 2, 0, 0, 29, 800e6, ny).Sub(began) // starts at 00:00:29.8
	d.Now = func() time.Time { return time.Now().Add(offset) }
	var delay atomic.Int64
	d.rand = func(n time.Duration) time.Duration {
		delay.Store(int64(n))
		return 300 * time.Millisecond
	}
	start(t, d)
	waitUntil(t, "a new-day pass", 3*time.Second, func() bool { return passLogs(logs, "new day") >= 1 })
	if took := time.Since(began); took < 450*time.Millisecond {
		t.Errorf("new-day pass %v after 00:00:29.8; want after 00:00:30 + the 300ms delay", took)
	}
	if n := time.Duration(delay.Load()); n != newDayJitter {
		t.Errorf("new-day delay drawn within %v; want %v", n, newDayJitter)
	}
	time.Sleep(500 * time.Millisecond)
	if n := passLogs(logs, "new day"); n != 1 {
		t.Errorf("%d new-day passes; want 1 (the next is tomorrow)", n)
	}
}

// While backing off, scheduled ticks do not start passes: the retry timer
// decides. The control case shows the same ticks do start passes.
func TestTicksIgnoredWhileBackingOff(t *testing.T) {
	for _, failing := range []bool{true, false} {
		name := map[bool]string{true: "backing off", false: "control"}[failing]
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			first := passOK
			if failing {
				first = passErr(errors.New("connection refused"))
			}
			p := &loopPasses{steps: []func(context.Context) (*Summary, error){first, passOK}}
			d, logs := newLoopDaemon("@every 1s", p)
			d.BackoffMin = time.Hour
			d.Jitter = time.Minute // capped at 100ms; the fake draws 0
			var ticks atomic.Int32
			d.rand = func(n time.Duration) time.Duration {
				if n != newDayJitter {
					ticks.Add(1)
				}
				return 0
			}
			start(t, d)
			waitUntil(t, "two scheduled ticks", 5*time.Second, func() bool { return ticks.Load() >= 2 })
			time.Sleep(100 * time.Millisecond) // let the loop act on the last tick
			passes, scheduled := int(p.calls.Load()), passLogs(logs, "schedule")
			if failing && (passes != 1 || scheduled != 0) {
				t.Errorf("backing off: %d passes, %d on schedule; want only the failed first one", passes, scheduled)
			}
			if !failing && scheduled < 1 {
				t.Errorf("no pass on schedule after two ticks; the test cannot see ticks being ignored")
			}
		})
	}
}

// A server's Retry-After longer than our own backoff sets the retry.
func TestRetryAfterRespectedInTheLoop(t *testing.T) {
	t.Parallel()
	busy := &caldav.StatusError{Method: "PROPFIND", URL: "http://dav.example/", Status: 503, RetryAfter: 1500 * time.Millisecond}
	var failedAt, retriedAt atomic.Int64
	p := &loopPasses{steps: []func(context.Context) (*Summary, error){
		func(context.Context) (*Summary, error) { failedAt.Store(time.Now().UnixNano()); return nil, busy },
		func(context.Context) (*Summary, error) {
			retriedAt.Store(time.Now().UnixNano())
			return &Summary{Idle: true}, nil
		},
	}}
	d, logs := newLoopDaemon("@every 1h", p)
	d.BackoffMin, d.BackoffMax = 10*time.Millisecond, 50*time.Millisecond
	n := newLoopNotify(t)
	d.Notify = n.notifier()
	start(t, d)
	waitUntil(t, "the retry", 5*time.Second, func() bool { return passLogs(logs, "retry") == 1 })
	if wait := time.Duration(retriedAt.Load() - failedAt.Load()); wait < 1400*time.Millisecond {
		t.Errorf("retried %v after a 503 with Retry-After 1.5s; want at least 1.5s", wait)
	}
	if e := logs.FilterMessage("pass failed").All(); len(e) != 1 || e[0].ContextMap()["retry_in"] != 1500*time.Millisecond {
		t.Errorf("pass failed logs = %v; want one with retry_in 1.5s", e)
	}
	if msg := n.find("READY=1"); msg == "" {
		t.Errorf("no READY=1")
	}
	waitUntil(t, "STATUS of the failure", time.Second, func() bool {
		return strings.Contains(n.All(), "retrying in 2s")
	})
}

// A panic in a pass is a failed pass: logged with its stack, retried after
// the backoff, and the daemon goes on.
func TestPanicInPassIsRecovered(t *testing.T) {
	t.Parallel()
	p := &loopPasses{steps: []func(context.Context) (*Summary, error){
		func(context.Context) (*Summary, error) { panic("boom") },
		passOK,
	}}
	d, logs := newLoopDaemon("@every 1h", p)
	d.BackoffMin = 10 * time.Millisecond
	stop := start(t, d)
	waitUntil(t, "the retry after the panic", 3*time.Second, func() bool { return passLogs(logs, "retry") == 1 })
	stop(2 * time.Second)
	panicked := logs.FilterMessage("pass panicked").All()
	if len(panicked) != 1 || !strings.Contains(panicked[0].ContextMap()["stack"].(string), "runloop_test.go") {
		t.Errorf("pass panicked logs = %v; want one with the stack", panicked)
	}
	failed := logs.FilterMessage("pass failed").All()
	if len(failed) != 1 || failed[0].ContextMap()["error"] != "internal error: boom" {
		t.Errorf("pass failed logs = %v; want one with error \"internal error: boom\"", failed)
	}
}

// READY=1 comes before the first pass, which can outlast TimeoutStartSec;
// STATUS= follows the pass.
func TestReadyBeforeFirstPass(t *testing.T) {
	t.Parallel()
	started, release := make(chan struct{}), make(chan struct{})
	p := &loopPasses{steps: []func(context.Context) (*Summary, error){passBlocks(started, release), passOK}}
	d, _ := newLoopDaemon("@every 1h", p)
	n := newLoopNotify(t)
	d.Notify = n.notifier()
	start(t, d)
	<-started
	waitUntil(t, "READY=1 during the first pass", 2*time.Second, func() bool { return n.find("READY=1") != "" })
	if msg := n.find("READY=1"); !hasLine(msg, "STATUS=first pass running") {
		t.Errorf("READY message %q; want STATUS=first pass running with it", msg)
	}
	close(release)
	waitUntil(t, "STATUS after the first pass", 2*time.Second, func() bool {
		return strings.Contains(n.All(), "STATUS=last pass ")
	})
}

// The watchdog is pinged while the loop waits and during a pass, stops
// when a pass outlasts its bound, and starts again when the pass ends.
func TestWatchdogFollowsAPass(t *testing.T) {
	t.Parallel()
	started, release := make(chan struct{}), make(chan struct{})
	p := &loopPasses{steps: []func(context.Context) (*Summary, error){passOK, passBlocks(started, release), passOK}}
	d, logs := newLoopDaemon("@every 1h", p)
	n := newLoopNotify(t)
	d.Notify = n.notifier()
	d.Watchdog = 50 * time.Millisecond
	d.passLimit = 800 * time.Millisecond
	reload := make(chan struct{}, 1)
	d.Reload = reload
	start(t, d)

	time.Sleep(300 * time.Millisecond)
	if c := n.count("WATCHDOG=1", time.Now().Add(-250*time.Millisecond), time.Now()); c < 2 {
		t.Errorf("%d pings in 250ms while idle; want about 5", c)
	}
	reload <- struct{}{} // its pass blocks
	<-started
	passBegan := time.Now()
	time.Sleep(600 * time.Millisecond)
	if c := n.count("WATCHDOG=1", passBegan.Add(200*time.Millisecond), passBegan.Add(600*time.Millisecond)); c < 3 {
		t.Errorf("%d pings from 200 to 600ms into a pass with an 800ms bound; want about 8", c)
	}
	time.Sleep(700 * time.Millisecond)
	if c := n.count("WATCHDOG=1", passBegan.Add(1000*time.Millisecond), passBegan.Add(1300*time.Millisecond)); c != 0 {
		t.Errorf("%d pings from 1000 to 1300ms into a pass with an 800ms bound; want none", c)
	}
	if logs.FilterMessage("the run loop is stuck; the watchdog is no longer pinged, so systemd will restart the service").Len() != 1 {
		t.Errorf("no (or repeated) log line saying the loop is stuck")
	}
	close(release)
	ended := time.Now()
	time.Sleep(300 * time.Millisecond)
	if c := n.count("WATCHDOG=1", ended, time.Now()); c < 2 {
		t.Errorf("%d pings in 300ms after the pass ended; want about 6", c)
	}
}

// A loop stuck outside a pass (here in a reload whose Load never returns)
// stops the pings.
func TestWatchdogStopsWhenTheLoopHangs(t *testing.T) {
	t.Parallel()
	p := &loopPasses{steps: []func(context.Context) (*Summary, error){passOK}}
	d, _ := newLoopDaemon("@every 1h", p)
	n := newLoopNotify(t)
	d.Notify = n.notifier()
	d.Watchdog = 50 * time.Millisecond
	reload := make(chan struct{}, 1)
	d.Reload = reload
	hung, release := make(chan struct{}), make(chan struct{})
	load, loads := d.Load, 0
	d.Load = func() (*config.Config, *Syncer, error) {
		if loads++; loads == 2 {
			close(hung)
			<-release
		}
		return load()
	}
	start(t, d)
	time.Sleep(300 * time.Millisecond)
	if c := n.count("WATCHDOG=1", time.Now().Add(-250*time.Millisecond), time.Now()); c < 2 {
		t.Errorf("%d pings in 250ms while idle; want about 5", c)
	}
	reload <- struct{}{}
	<-hung
	stuck := time.Now()
	time.Sleep(500 * time.Millisecond)
	if c := n.count("WATCHDOG=1", stuck.Add(200*time.Millisecond), stuck.Add(500*time.Millisecond)); c != 0 {
		t.Errorf("%d pings while the loop hung in a reload; want none after two intervals", c)
	}
	close(release)
}

// newFindings reports a finding once, while it lasts; one that went away
// and came back is new again. logSummary warns for each new one.
func TestNewFindingsAreWarnedOnce(t *testing.T) {
	mon := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	tue := mon.AddDate(0, 0, 1)
	over := limits.Finding{Code: "over_hours", Message: "12h of networking this week, more than 10h"}
	late := limits.Finding{Code: "late", Message: "ends after 21:00", UID: "gala", Start: &mon}
	lateTue := limits.Finding{Code: "late", Message: "ends after 21:00", UID: "gala", Start: &tue}
	overMore := limits.Finding{Code: "over_hours", Message: "14h of networking this week, more than 10h"}
	var reported []string // what sync.json keeps
	steps := []struct {
		all, want []limits.Finding
	}{
		{[]limits.Finding{over, late}, []limits.Finding{over, late}},
		{[]limits.Finding{late, over}, nil},
		{[]limits.Finding{over, late, lateTue}, []limits.Finding{lateTue}}, // another occurrence
		{[]limits.Finding{overMore, late, lateTue}, []limits.Finding{overMore}},
		{[]limits.Finding{late}, nil},
		{[]limits.Finding{late, over, over}, []limits.Finding{over}}, // came back; duplicates once
	}
	for i, s := range steps {
		var got []limits.Finding
		reported, got = core.NewFindings(reported, s.all)
		if codes(got) != codes(s.want) {
			t.Errorf("pass %d: NewFindings(%s) = %s; want %s", i+1, codes(s.all), codes(got), codes(s.want))
		}
	}

	obs, logs := observer.New(zap.InfoLevel)
	logSummary(zap.New(obs), "schedule", &Summary{NewFindings: []limits.Finding{over, late}})
	warned := logs.FilterMessage("new finding").All()
	if len(warned) != 2 {
		t.Fatalf("%d new finding warnings; want 2", len(warned))
	}
	if f := warned[1].ContextMap(); warned[1].Level != zap.WarnLevel || f["code"] != "late" || f["uid"] != "gala" || f["message"] != late.Message {
		t.Errorf("warning %v %v; want level warn, code late, uid gala, the message", warned[1].Level, f)
	}
	if _, ok := warned[0].ContextMap()["uid"]; ok {
		t.Errorf("a finding without a UID is warned with a uid field: %v", warned[0].ContextMap())
	}
}

func codes(fs []limits.Finding) string {
	var b []string
	for _, f := range fs {
		s := f.Code + ":" + f.Message
		if f.Start != nil {
			s += "@" + f.Start.Format("Mon")
		}
		b = append(b, s)
	}
	return "[" + strings.Join(b, "; ") + "]"
}
