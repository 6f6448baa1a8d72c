package daemon

import (
	"context"
	"fmt"
	"math/rand/v2"
	"runtime/debug"
	"time"

	"github.com/robfig/cron/v3"
	"go.uber.org/zap"

	"github.com/netsyncd/netsyncd/internal/config"
	"github.com/netsyncd/netsyncd/internal/systemd"
)

// Loader builds everything a config needs (parse, validate, classifier,
// CalDAV client) without touching the running daemon; Run calls it at start
// and on each reload, and keeps the old Syncer when it fails.
type Loader func() (*config.Config, *Syncer, error)

// Daemon runs passes at start, on the schedule, when the day changes and
// after a reload, until its context ends.
type Daemon struct {
	Load     Loader
	Log      *zap.Logger
	Notify   *systemd.Notifier
	Now      func() time.Time
	Reload   <-chan struct{}
	Watchdog time.Duration // 0: no watchdog
	// Jitter is the most a scheduled pass is delayed, so many installs do
	// not hit one server in the same second.
	Jitter time.Duration
	// Backoff bounds the wait after a failed pass (doubling from Min).
	BackoffMin, BackoffMax time.Duration
	// Grace is how long a write in flight may finish after SIGTERM.
	Grace time.Duration

	cfg        *config.Config
	syncer     *Syncer
	cron       *cron.Cron
	trigger    chan struct{}
	failures   int
	retryAt    time.Time
	lastStatus string
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
	if d.Watchdog > 0 {
		go d.watchdog(ctx)
	}
	d.pass(ctx, "start")
	d.Notify.Ready(d.status())
	d.loop(ctx)
	d.Notify.Stopping()
	<-d.cron.Stop().Done()
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
}

func (d *Daemon) loop(ctx context.Context) {
	for {
		midnight := time.NewTimer(d.untilTomorrow())
		var retry <-chan time.Time
		retryTimer := time.NewTimer(time.Hour)
		retryTimer.Stop()
		if !d.retryAt.IsZero() {
			retryTimer.Reset(max(d.retryAt.Sub(d.Now()), 0))
			retry = retryTimer.C
		}
		select {
		case <-ctx.Done():
			midnight.Stop()
			retryTimer.Stop()
			return
		case <-d.trigger:
			if d.retryAt.IsZero() { // while backing off, the retry timer decides
				d.pass(ctx, "schedule")
			}
		case <-retry:
			d.pass(ctx, "retry")
		case <-midnight.C:
			d.pass(ctx, "new day")
		case <-d.Reload:
			d.reload(ctx)
		}
		midnight.Stop()
		retryTimer.Stop()
	}
}

// swap installs a config and its schedule. The schedule is parsed before
// anything changes, so a bad one leaves the running daemon as it was.
func (d *Daemon) swap(cfg *config.Config, syncer *Syncer) error {
	c := cron.New(
		cron.WithLocation(cfg.Location),
		cron.WithParser(cronParser),
		cron.WithChain(cron.Recover(cronLogger{d.Log}), cron.SkipIfStillRunning(cronLogger{d.Log})),
	)
	sched, err := cronParser.Parse(cfg.Schedule)
	if err != nil {
		return fmt.Errorf("schedule %q: %w", cfg.Schedule, err)
	}
	// At most a tenth of the interval, so a short schedule stays regular.
	next := sched.Next(d.Now())
	jitter := min(d.Jitter, sched.Next(next).Sub(next)/10)
	c.Schedule(sched, cron.FuncJob(func() { d.fire(jitter) }))
	if d.cron != nil {
		<-d.cron.Stop().Done()
	}
	d.cfg, d.syncer, d.cron = cfg, syncer, c
	c.Start()
	return nil
}

// fire runs in cron's goroutine: wait a random jitter, then ask the loop
// for a pass (a trigger already pending absorbs this one).
func (d *Daemon) fire(jitter time.Duration) {
	if jitter > 0 {
		time.Sleep(rand.N(jitter))
	}
	select {
	case d.trigger <- struct{}{}:
	default:
	}
}

func (d *Daemon) reload(ctx context.Context) {
	d.Notify.Reloading(monotonic())
	d.Log.Info("reloading the config")
	cfg, syncer, err := d.Load()
	if err == nil {
		syncer.home = d.syncer.home
		err = d.swap(cfg, syncer)
	}
	if err != nil {
		d.Log.Error("new config refused; the old one keeps running", zap.Error(err))
		d.Notify.Ready(d.status())
		return
	}
	d.Log.Info("config reloaded", zap.String("schedule", cfg.Schedule))
	d.retryAt, d.failures = time.Time{}, 0
	d.pass(ctx, "reload")
	d.Notify.Ready(d.status())
}

// pass runs one pass, never letting a panic or an error end the daemon.
func (d *Daemon) pass(ctx context.Context, why string) {
	sum, err := d.safePass(ctx)
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
		return
	}
	d.failures, d.retryAt = 0, time.Time{}
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
	if _, after := retryAfter(err); after > wait {
		wait = min(after, 6*time.Hour)
	}
	return wait
}

func (d *Daemon) untilTomorrow() time.Duration {
	n := d.Now().In(d.cfg.Location)
	next := time.Date(n.Year(), n.Month(), n.Day()+1, 0, 0, 30, 0, d.cfg.Location)
	return next.Sub(n)
}

func (d *Daemon) watchdog(ctx context.Context) {
	t := time.NewTicker(d.Watchdog)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			d.Notify.Watchdog()
		}
	}
}
