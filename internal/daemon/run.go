package daemon

import (
	"context"
	"fmt"
	"math/rand/v2"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"github.com/robfig/cron/v3"
	"go.uber.org/zap"

	"github.com/netsyncd/netsyncd/internal/caldav"
	"github.com/netsyncd/netsyncd/internal/config"
	"github.com/netsyncd/netsyncd/internal/event"
	"github.com/netsyncd/netsyncd/internal/systemd"
)

// Loader builds everything a config needs (parse, validate, classifier,
// CalDAV client) without touching the running daemon; Run calls it at start
// and on each reload, and keeps the old Syncer when it fails.
type Loader func() (*config.Config, *Syncer, error)

// newDayJitter bounds the random delay of the new-day pass after 00:00:30
// local time, so the installs of one time zone do not all ask their
// servers in the same second.
const newDayJitter = 5 * time.Minute

// Daemon runs passes at start, on the schedule, when the day changes and
// after a reload, until its context ends.
//
// systemd sees it as follows. READY=1 is sent once the config is loaded
// (the caller holds the state directory's lock by then), before the first
// pass, which can take longer than TimeoutStartSec (150 s at 50,000 events,
// docs/performance.md); a reload is READY again once the new config is in
// place, before its pass. The watchdog is pinged only while the run loop is
// healthy: it was waiting for its next event less than two ping intervals
// ago, or a pass is running that began less than passLimit ago (10 ×
// WatchdogSec or 30 min, whichever is longer). A loop stuck outside a pass,
// or a pass stuck past that bound, stops the pings and systemd restarts
// the service.
type Daemon struct {
	Load     Loader
	Log      *zap.Logger
	Notify   *systemd.Notifier
	Now      func() time.Time
	Reload   <-chan struct{}
	Watchdog time.Duration // ping interval (half of WatchdogSec); 0: no watchdog
	// Jitter is the most a scheduled pass is delayed, so many installs do
	// not hit one server in the same second.
	Jitter time.Duration
	// Backoff bounds the wait after a failed pass (doubling from Min).
	BackoffMin, BackoffMax time.Duration
	// Grace is how long a write in flight may finish after SIGTERM.
	Grace time.Duration

	cfg      *config.Config
	syncer   *Syncer
	cron     *cron.Cron
	cronQuit chan struct{} // closed when cron is stopped: ends a jitter wait
	trigger  chan struct{}
	failures int
	retryAt  time.Time
	newDayAt time.Time // the next new-day pass; zero: to be drawn
	// lastReloadPass is when a reload last ran its pass (reloadGap).
	lastReloadPass time.Time
	// login: a new `netsyncd login` ends a backoff (relogin.go).
	login loginWatch
	// lastStatus is the last pass's line for STATUS=.
	lastStatus string
	health     health
	passLimit  time.Duration // a pass running longer is reported stuck

	// rand draws a delay in [0, n); tests replace it.
	rand func(n time.Duration) time.Duration
	// runPass replaces the Syncer's pass in tests.
	runPass func(ctx context.Context) (*Summary, error)
}

// cronParser reads the schedule key exactly as the config validated it.
var cronParser = config.ScheduleParser()

// Run runs until ctx ends. It returns an error only when the first config
// cannot be used.
func (d *Daemon) Run(ctx context.Context) error {
	d.defaults()
	cfg, syncer, err := d.Load()
	if err != nil {
		return err
	}
	if err := d.swap(cfg, syncer); err != nil {
		return err
	}
	d.Notify.Ready("first pass running")
	var wg sync.WaitGroup
	if d.Watchdog > 0 {
		wg.Add(1)
		go func() { defer wg.Done(); d.watchdog(ctx) }()
	}
	d.pass(ctx, "start")
	d.loop(ctx)
	d.Notify.Stopping()
	d.stopCron()
	wg.Wait()
	d.Log.Info("stopped")
	return nil
}

func (d *Daemon) defaults() {
	d.trigger = make(chan struct{}, 1)
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.BackoffMin == 0 {
		d.BackoffMin = 30 * time.Second
	}
	if d.BackoffMax == 0 {
		d.BackoffMax = 30 * time.Minute
	}
	if d.Grace == 0 {
		d.Grace = 8 * time.Second
	}
	if d.Notify == nil {
		d.Notify = systemd.NewNotifier(func(string) string { return "" })
	}
	if d.rand == nil {
		d.rand = rand.N[time.Duration]
	}
	if d.passLimit == 0 {
		d.passLimit = max(20*d.Watchdog, 30*time.Minute)
	}
	d.health.start = time.Now()
}

func (d *Daemon) loop(ctx context.Context) {
	var beat <-chan time.Time
	if d.Watchdog > 0 {
		t := time.NewTicker(d.Watchdog / 2)
		defer t.Stop()
		beat = t.C
	}
	for {
		d.health.idle()
		if d.newDayAt.IsZero() {
			now := d.Now()
			d.newDayAt = newDayAt(now, now, d.cfg.Location, d.draw(newDayJitter))
		}
		newDay, stopNewDay := d.timerAt(d.newDayAt)
		retry, stopRetry := d.timerAt(d.retryAt) // nil unless backing off
		relogin, stopRelogin := d.login.ticker()
		select {
		case <-ctx.Done():
			stopNewDay()
			stopRetry()
			stopRelogin()
			return
		case <-relogin:
			if d.login.changed() {
				d.pass(ctx, "new login")
			}
		case <-beat: // wakes the loop so that health sees it alive
		case <-d.trigger:
			if d.retryAt.IsZero() { // while backing off, the retry timer decides
				d.pass(ctx, "schedule")
			}
		case <-retry:
			d.pass(ctx, "retry")
		case <-newDay:
			d.newDayAt = newDayAt(dayAfter(d.newDayAt), d.Now(), d.cfg.Location, d.draw(newDayJitter))
			d.pass(ctx, "new day")
		case <-d.Reload:
			d.reload(ctx)
		}
		stopNewDay()
		stopRetry()
		stopRelogin()
	}
}

// timerAt returns a channel that receives at t, and a func that stops it;
// for a zero t the channel is nil, so it never fires.
func (d *Daemon) timerAt(t time.Time) (<-chan time.Time, func() bool) {
	if t.IsZero() {
		return nil, func() bool { return false }
	}
	tm := time.NewTimer(max(t.Sub(d.Now()), 0))
	return tm.C, tm.Stop
}

// swap installs a config and its schedule. The schedule is parsed before
// anything changes, so a bad one leaves the running daemon as it was.
func (d *Daemon) swap(cfg *config.Config, syncer *Syncer) error {
	c := cron.New(
		cron.WithLocation(cfg.Location),
		cron.WithParser(cronParser),
		cron.WithChain(cron.Recover(cronLogger{d.Log}), cron.SkipIfStillRunning(cronLogger{d.Log})),
	)
	sched, err := parseSchedule(cfg.Schedule)
	if err != nil {
		return fmt.Errorf("schedule %q: %w", cfg.Schedule, err)
	}
	jitter := scheduleJitter(sched, d.Now(), d.Jitter)
	quit := make(chan struct{})
	c.Schedule(sched, cron.FuncJob(func() { d.fire(jitter, quit) }))
	d.stopCron()
	if syncer != nil {
		syncer.OnProgress(d.passStatus())
	}
	d.cfg, d.syncer, d.cron, d.cronQuit = cfg, syncer, c, quit
	d.newDayAt = time.Time{} // the time zone may have changed
	c.Start()
	return nil
}

// stopCron stops the schedule and waits for its job, which ends at once:
// closing cronQuit cuts a jitter wait short.
func (d *Daemon) stopCron() {
	if d.cron == nil {
		return
	}
	close(d.cronQuit)
	<-d.cron.Stop().Done()
	d.cron = nil
}

// scheduleJitter is the most a pass of sched is delayed: limit, but at most
// a tenth of the interval after now, so a short schedule stays regular.
func scheduleJitter(sched cron.Schedule, now time.Time, limit time.Duration) time.Duration {
	next := sched.Next(now)
	return max(min(limit, sched.Next(next).Sub(next)/10), 0)
}

// fire runs in cron's goroutine: wait a random jitter, then ask the loop
// for a pass (a trigger already pending absorbs this one). A closed quit
// (shutdown, reload) ends the wait without a pass.
func (d *Daemon) fire(jitter time.Duration, quit <-chan struct{}) {
	if wait := d.draw(jitter); wait > 0 {
		t := time.NewTimer(wait)
		defer t.Stop()
		select {
		case <-t.C:
		case <-quit:
			return
		}
	}
	select {
	case d.trigger <- struct{}{}:
	default:
	}
}

// draw returns a random delay in [0, n), or 0 when n is not positive.
func (d *Daemon) draw(n time.Duration) time.Duration {
	if n <= 0 {
		return 0
	}
	return d.rand(n)
}

// newDayAt is when the new-day pass runs: 00:00:30 local time plus delay,
// on the first day from the day of from on at which that is after now.
func newDayAt(from, now time.Time, loc *time.Location, delay time.Duration) time.Time {
	f := from.In(loc)
	if now.After(from) {
		f = now.In(loc)
	}
	for i := 0; ; i++ {
		if at := event.DayStart(f.Year(), f.Month(), f.Day()+i, loc).Add(30*time.Second + delay); at.After(now) {
			return at
		}
	}
}

// dayAfter is the start of the local day after t's, so the next new-day
// pass is drawn for the next day even if the clock stepped back.
func dayAfter(t time.Time) time.Time {
	return event.DayStart(t.Year(), t.Month(), t.Day()+1, t.Location())
}

func (d *Daemon) reload(ctx context.Context) {
	d.Notify.Reloading(systemd.Monotonic())
	d.Log.Info("reloading the config")
	cfg, syncer, err := d.Load()
	if err == nil {
		err = d.swap(cfg, syncer)
	}
	if err != nil {
		d.Log.Error("new config refused; the old one keeps running", zap.Error(err))
		d.Notify.Ready(d.status())
		return
	}
	d.Log.Info("config reloaded", zap.String("schedule", cfg.Schedule))
	if at := d.lastReloadPass.Add(reloadGap); !d.lastReloadPass.IsZero() && d.Now().Before(at) && !d.Now().Before(d.lastReloadPass) {
		// A storm of SIGHUPs made a pass each (241 in 3 s) and cancelled the
		// backoff a server had asked for: the config is taken now, its pass
		// waits, as a retry, for the gap or the backoff, whichever is later.
		if at.After(d.retryAt) {
			d.retryAt = at
		}
		d.Log.Info("the reload's pass waits: a reload passed moments ago", zap.Time("pass_at", d.retryAt))
		d.Notify.Ready(d.status())
		return
	}
	d.lastReloadPass = d.Now()
	d.retryAt, d.failures = time.Time{}, 0
	// The reload is done once the new config is in place; systemd waits
	// for READY=1 no longer than TimeoutStartSec, and a pass can take longer.
	d.Notify.Ready("config reloaded; pass running")
	d.pass(ctx, "reload")
}

// reloadGap is the least time between two passes that reloads start; a
// reload sooner takes its config at once and its pass waits.
const reloadGap = 30 * time.Second

// pass runs one pass, never letting a panic or an error end the daemon.
func (d *Daemon) pass(ctx context.Context, why string) {
	d.health.passStarted()
	sum, err := d.safePass(ctx)
	d.health.passEnded()
	if ctx.Err() != nil {
		return
	}
	if err != nil {
		d.failures++
		wait := d.backoff(err)
		d.retryAt = d.Now().Add(wait)
		d.Log.Error("pass failed", zap.String("trigger", why), zap.Error(err),
			zap.Int("failures", d.failures), zap.Duration("retry_in", wait))
		d.Notify.Status(fmt.Sprintf("pass failed at %s (%v); retrying in %s", d.Now().Format("15:04"), err, wait.Round(time.Second)))
		d.login.watch(err, d.syncer)
		return
	}
	d.failures, d.retryAt = 0, time.Time{}
	d.login = loginWatch{}
	logSummary(d.Log, why, sum)
	d.lastStatus = fmt.Sprintf("last pass %s: %s", d.Now().In(d.cfg.Location).Format("Mon 15:04"), sum.Short())
	d.Notify.Status(d.status())
}

func (d *Daemon) safePass(ctx context.Context) (sum *Summary, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("internal error: %v", r)
			d.Log.Error("pass panicked", zap.Any("panic", r), zap.ByteString("stack", debug.Stack()))
		}
	}()
	pctx, cancel := graceContext(ctx, d.Grace)
	defer cancel()
	if d.runPass != nil {
		return d.runPass(pctx)
	}
	return d.syncer.Pass(pctx, false)
}

// graceContext is the context of a daemon pass. When ctx ends, Err reports
// it at once, so the pass stops between writes; Done stays open for grace,
// so a request in flight (a PUT, which the server applies whole or not at
// all) can finish before the process exits.
func graceContext(ctx context.Context, grace time.Duration) (context.Context, context.CancelFunc) {
	g, cancel := context.WithCancel(context.WithoutCancel(ctx))
	stop := context.AfterFunc(ctx, func() {
		t := time.AfterFunc(grace, cancel)
		context.AfterFunc(g, func() { t.Stop() })
	})
	return &stopAware{Context: g, parent: ctx}, func() { stop(); cancel() }
}

// stopAware reports the parent's end through Err, so Pass stops between
// writes, while its Done channel stays open for the grace period.
type stopAware struct {
	context.Context
	parent context.Context
}

func (s *stopAware) Err() error {
	if err := s.parent.Err(); err != nil {
		return err
	}
	return s.Context.Err()
}

func (d *Daemon) backoff(err error) time.Duration {
	wait := d.BackoffMin << min(d.failures-1, 16)
	if wait > d.BackoffMax || wait <= 0 {
		wait = d.BackoffMax
	}
	if _, after := caldav.Retryable(err); after > wait {
		wait = min(after, 6*time.Hour)
	}
	return wait
}

// health is what the loop tells the watchdog goroutine. Times are
// monotonic, as offsets from start.
type health struct {
	start time.Time
	beat  atomic.Int64 // when the loop last waited in its select
	pass  atomic.Int64 // when the running pass began, plus 1; 0: no pass
}

func (h *health) since() time.Duration { return time.Since(h.start) }
func (h *health) idle()                { h.beat.Store(int64(h.since())) }
func (h *health) passStarted()         { h.pass.Store(int64(h.since()) + 1) }
func (h *health) passEnded()           { h.idle(); h.pass.Store(0) }

// alive is the rule of the Daemon's doc comment: a loop that waited less
// than two ping intervals ago, or a pass that began less than passLimit ago.
func (h *health) alive(interval, passLimit time.Duration) bool {
	now := h.since()
	if p := h.pass.Load(); p > 0 {
		return now-time.Duration(p-1) < passLimit
	}
	return now-time.Duration(h.beat.Load()) < 2*interval
}

func (d *Daemon) watchdog(ctx context.Context) {
	t := time.NewTicker(d.Watchdog)
	defer t.Stop()
	stuck := false
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if d.health.alive(d.Watchdog, d.passLimit) {
			d.Notify.Watchdog()
			stuck = false
		} else if !stuck {
			stuck = true
			d.Log.Error("the run loop is stuck; the watchdog is no longer pinged, so systemd will restart the service",
				zap.Duration("pass_limit", d.passLimit))
		}
	}
}

// cronLogger lets robfig/cron log through zap: its job runs are debug
// lines, a recovered panic an error.
type cronLogger struct{ l *zap.Logger }

func (c cronLogger) Info(msg string, kv ...any) { c.l.Sugar().Debugw("cron: "+msg, kv...) }
func (c cronLogger) Error(err error, msg string, kv ...any) {
	c.l.Sugar().Errorw("cron: "+msg, append(kv, "error", err)...)
}
