package app

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"text/tabwriter"
	"time"

	"go.uber.org/zap"

	"github.com/netsyncd/netsyncd/internal/config"
	"github.com/netsyncd/netsyncd/internal/daemon"
	"github.com/netsyncd/netsyncd/internal/state"
	"github.com/netsyncd/netsyncd/internal/systemd"
)

var runCommand = command{
	name: "run", args: "[--config PATH] [--log-level LEVEL]",
	short: "run the daemon: a pass at start, then on schedule, until SIGTERM",
	long: `Runs netsyncd as a daemon (what the systemd unit starts). It makes a
pass at start, then one on the config's schedule (with a little random
jitter), one when the day changes and one after each reload. A failed pass
is retried with exponential backoff, honouring the server's Retry-After.

  SIGHUP          reload the config; a bad new config is refused and the old one kept
  SIGTERM/SIGINT  stop: a write in flight finishes, nothing is left half-written

Under systemd (Type=notify) it reports READY, RELOADING, STOPPING, STATUS and
pings the watchdog. Logs: under journald each line carries its priority
(journalctl -p warning); JSON lines when stderr is another file or pipe;
console lines on a terminal.`,
	run: func(ctx context.Context, env Env, fs *flag.FlagSet, args []string) error {
		path := configFlag(fs)
		level := logLevelFlag(fs)
		if err := parseFlags(fs, args); err != nil {
			return err
		}
		log, cfg, store, err := prepare(env, *path, *level)
		if err != nil {
			return err
		}
		defer log.Sync()
		defer store.Close()
		log.Info("starting", zap.String("version", Version), zap.String("config", cfg.Path), zap.String("state_dir", store.Dir()))
		first := true
		d := &daemon.Daemon{
			Load: func() (*config.Config, *daemon.Syncer, error) {
				c := cfg
				if !first {
					if c, err = loadConfig(env, *path, log); err != nil {
						return nil, nil, err
					}
					if dir := c.ResolveStateDir(env.Getenv); dir != store.Dir() {
						log.Warn("state_dir changed; it takes effect at the next restart", zap.String("state_dir", dir), zap.String("in_use", store.Dir()))
					}
				}
				first = false
				return newSyncer(env, c, store, log)
			},
			Log:      log,
			Notify:   systemd.NewNotifier(env.Getenv),
			Now:      env.Now,
			Reload:   env.Reload,
			Watchdog: systemd.WatchdogInterval(env.Getenv, os.Getpid()),
			Jitter:   15 * time.Second,
		}
		return d.Run(ctx)
	},
}

var onceCommand = command{
	name: "once", args: "[--config PATH] [--dry-run] [--json]",
	short: "make one pass and print what it created, updated and deleted",
	long: `Makes one whole pass, exactly as the daemon does, and prints what it
created, updated, deleted and kept. With --dry-run it prints what it would
do and writes nothing, neither to the server nor to the state directory.

Exit code 0 when the pass completed without errors, 1 otherwise.`,
	run: func(ctx context.Context, env Env, fs *flag.FlagSet, args []string) error {
		path := configFlag(fs)
		dry := fs.Bool("dry-run", false, "show what would change; write nothing")
		asJSON := fs.Bool("json", false, "print JSON")
		level := logLevelFlag(fs)
		if err := parseFlags(fs, args); err != nil {
			return err
		}
		var live *liveLine
		if !*asJSON && isTerminal(env.Stderr) {
			live = newLiveLine(env.Stderr)
			env.logTo = live
		}
		log, cfg, store, err := prepare(env, *path, *level)
		if err != nil {
			return onceFailedEarly(env.Stdout, *asJSON, *dry, err)
		}
		defer log.Sync()
		defer store.Close()
		_, s, err := newSyncer(env, cfg, store, log)
		if err != nil {
			return onceFailedEarly(env.Stdout, *asJSON, *dry, err)
		}
		out := env.Stdout
		if live != nil {
			s.OnProgress(live.show)
			defer live.done()
			out = live.before(out)
		}
		return runOnce(ctx, out, s, *dry, *asJSON, cfg)
	},
}

// onceFailedEarly is err, printed first as once --json's summary when
// asked: a state_dir that is a file or a config that does not parse must
// not leave a script reading stdout with silence.
func onceFailedEarly(w io.Writer, asJSON, dry bool, err error) error {
	if asJSON {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		_ = enc.Encode(&daemon.Summary{DryRun: dry, Changes: []daemon.ChangeLine{}, Errors: []string{err.Error()}})
	}
	return err
}

func runOnce(ctx context.Context, w io.Writer, s *daemon.Syncer, dry, asJSON bool, cfg *config.Config) error {
	sum, err := s.Pass(ctx, dry)
	err = withHint(err, cfg)
	if err != nil && asJSON {
		// A failed pass still prints its JSON, with the error in it: a
		// script reading stdout must not take silence for success.
		if sum == nil {
			sum = &daemon.Summary{DryRun: dry, Changes: []daemon.ChangeLine{}}
		}
		if msg := err.Error(); !slices.Contains(sum.Errors, msg) {
			sum.Errors = append(sum.Errors, msg)
		}
	}
	if err != nil && !asJSON {
		return err
	}
	if asJSON {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		if eerr := enc.Encode(sum); eerr != nil {
			return eerr
		}
		if err != nil {
			return err
		}
	} else {
		writeSummary(w, sum, cfg)
	}
	if len(sum.Errors) > 0 {
		return fmt.Errorf("%d of the pass's writes failed (see above)", len(sum.Errors))
	}
	return nil
}

func writeSummary(w io.Writer, sum *daemon.Summary, cfg *config.Config) {
	verb := ""
	if sum.DryRun {
		verb = " (dry run: nothing written)"
	}
	if sum.Idle {
		fmt.Fprintf(w, "Nothing changed since the last pass%s.\n", verb)
		return
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, c := range sum.Changes {
		note := c.Reason
		if c.Error != "" {
			note = "FAILED: " + c.Error
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", c.Action, c.Kind, c.Start.In(cfg.Location).Format("Mon 02 Jan 15:04"), c.Summary, note)
	}
	tw.Flush()
	fmt.Fprintf(w, "%d created, %d updated, %d deleted, %d unchanged, %d user edits kept, %d invalid skipped, %d errors%s\n",
		sum.Created, sum.Updated, sum.Deleted, sum.Unchanged, sum.KeptUserEdits, sum.SkippedInvalid, len(sum.Errors), verb)
}

// prepare builds what run and once share: the logger, the config and the
// locked state directory.
func prepare(env Env, path, level string) (*zap.Logger, *config.Config, *state.Store, error) {
	log, err := newLogger(env, level)
	if err != nil {
		return nil, nil, nil, err
	}
	cfg, err := loadConfig(env, path, log)
	if err != nil {
		return nil, nil, nil, err
	}
	store, err := openState(env, cfg)
	if err != nil {
		return nil, nil, nil, err
	}
	return log, cfg, store, nil
}

func openState(env Env, cfg *config.Config) (*state.Store, error) {
	store, err := state.Open(cfg.ResolveStateDir(env.Getenv))
	if err != nil {
		return nil, fmt.Errorf("%w (state_dir in %s)", err, cfg.Path)
	}
	return store, nil
}

// newReader is a daemon.Reader for cfg, with the secret from env.
func newReader(env Env, cfg *config.Config, log *zap.Logger) (*daemon.Reader, error) {
	sec, err := cfg.SecretFrom(env.Getenv)
	if err != nil {
		return nil, usageError{err}
	}
	r, err := daemon.NewReader(cfg, sec, log, env.Now)
	if err != nil {
		return nil, usageError{err}
	}
	return r, nil
}

func newSyncer(env Env, cfg *config.Config, store *state.Store, log *zap.Logger) (*config.Config, *daemon.Syncer, error) {
	sec, err := cfg.SecretFrom(env.Getenv)
	if err != nil {
		return nil, nil, usageError{err}
	}
	s, err := daemon.NewSyncer(cfg, sec, store, log, env.Now)
	if err != nil {
		return nil, nil, usageError{err}
	}
	return cfg, s, nil
}
