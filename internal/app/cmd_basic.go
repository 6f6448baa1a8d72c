package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"runtime/debug"

	"go.uber.org/zap"

	"github.com/netsyncd/netsyncd/internal/config"
	"github.com/netsyncd/netsyncd/internal/oauth"
	"github.com/netsyncd/netsyncd/internal/plan"
)

// Version and Commit are set at build time (scripts/package.sh):
// -ldflags "-X github.com/netsyncd/netsyncd/internal/app.Version=1.2.3 -X github.com/netsyncd/netsyncd/internal/app.Commit=abcdef123456".
// Without Commit, the build's vcs.revision stands in (go build in a git checkout).
var (
	Version = "dev"
	Commit  = ""
)

var versionCommand = command{
	name: "version", short: "print the version (also: netsyncd --version)",
	long: "Prints the version of netsyncd, the source revision it was built from and the Go version.",
	run: func(_ context.Context, env Env, fs *flag.FlagSet, args []string) error {
		if err := parseFlags(fs, args); err != nil {
			return err
		}
		fmt.Fprintln(env.Stdout, versionLine())
		return nil
	},
}

// versionLine is "netsyncd VERSION (commit REV, GOVERSION)".
func versionLine() string {
	rev, goVersion := Commit, "unknown Go"
	if bi, ok := debug.ReadBuildInfo(); ok {
		goVersion = bi.GoVersion
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" && rev == "" {
				rev = s.Value
			}
		}
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if rev == "" {
		rev = "unknown"
	}
	return fmt.Sprintf("netsyncd %s (commit %s, %s)", Version, rev, goVersion)
}

var checkConfigCommand = command{
	name: "check-config", args: "[--config PATH]", short: "validate the config and print the effective settings",
	long: `Reads the config, checks every key, and prints the effective configuration:
every default filled in, secrets left out. Problems are reported with the file,
the line and the key, and what to write instead.

Exit code 0 when the config is valid (warnings are printed but do not fail),
2 when it is not.`,
	run: func(_ context.Context, env Env, fs *flag.FlagSet, args []string) error {
		path := configFlag(fs)
		if err := parseFlags(fs, args); err != nil {
			return err
		}
		cfg, err := loadConfig(env, *path, nil)
		if err != nil {
			return err
		}
		// A password file that does not exist was already warned about, with
		// its line, by loadConfig.
		sec, err := cfg.SecretFrom(env.Getenv)
		if err != nil && !missingFile(cfg.CalDAV.PasswordFile) {
			fmt.Fprintf(env.Stderr, "warning: %v\n", err)
		}
		if err == nil && cfg.CalDAV.OAuth != nil && !oauth.Exists(sec.OAuthTokenFile) {
			fmt.Fprintf(env.Stderr, "warning: not signed in yet (no %s): run netsyncd login\n", sec.OAuthTokenFile)
		}
		out, err := cfg.Redacted()
		if err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "# %s: valid\n%s", cfg.Path, out)
		return nil
	},
}

func configFlag(fs *flag.FlagSet) *string {
	return fs.String("config", "", "config file (default: $NETSYNCD_CONFIG, else $CONFIGURATION_DIRECTORY/config.yaml, else the first of $XDG_CONFIG_HOME/netsyncd/config.yaml (~/.config) and /etc/netsyncd/config.yaml that exists)")
}

// loadConfig reads the config named by --config or the default path, and
// reports its warnings (through log when there is one, else on stderr).
// Any error is a usage error: exit 2.
func loadConfig(env Env, path string, log *zap.Logger) (*config.Config, error) {
	return loadConfigWith(env, path, log, config.Load)
}

func loadConfigWith(env Env, path string, log *zap.Logger, load func(string) (*config.Config, []config.Warning, error)) (*config.Config, error) {
	if path == "" {
		var err error
		if path, err = config.FindConfig(env.Getenv); err != nil {
			return nil, usageError{err}
		}
	}
	cfg, warnings, err := load(path)
	if err != nil {
		return nil, usageError{err}
	}
	// Templates are checked with the functions the planner gives them,
	// which the config package cannot see.
	if err := plan.CheckTemplates(cfg.Output.Templates); err != nil {
		return nil, usageError{fmt.Errorf("%s: output.templates: %w", path, err)}
	}
	for _, w := range warnings {
		if log != nil {
			log.Warn("config warning", zap.String("warning", w.String()))
		} else {
			fmt.Fprintf(env.Stderr, "warning: %s\n", w.String())
		}
	}
	return cfg, nil
}

// loadConfigOffline is loadConfig for commands reading an .ics file: when
// no --config is given and no config file exists, the defaults serve (a user
// can explore an export before writing any config), and a config without
// caldav.url is read (config.LoadOffline).
func loadConfigOffline(env Env, path string, log *zap.Logger) (*config.Config, error) {
	if path == "" {
		def := config.DefaultPath(env.Getenv)
		if _, err := os.Stat(def); errors.Is(err, os.ErrNotExist) {
			log.Info("no config file, using the defaults", zap.String("looked_for", def))
			cfg := config.Default()
			cfg.CalDAV.URL = config.OfflineURL // never contacted: the events come from the file
			if _, err := cfg.Validate(); err != nil {
				return nil, err
			}
			return cfg, nil
		}
	}
	return loadConfigWith(env, path, log, config.LoadOffline)
}

func missingFile(path string) bool {
	if path == "" {
		return false
	}
	_, err := os.Stat(path)
	return errors.Is(err, os.ErrNotExist)
}
