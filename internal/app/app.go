// Package app is netsyncd's command line: it parses the command and its
// flags, builds the logger and the parts a command needs, and maps failures
// to exit codes (0 success, 1 runtime failure, 2 bad usage or bad config).
//
// Everything the program touches comes in through Env, so a test drives the
// whole program in-process.
package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"
)

// Env is what the process gives the program.
type Env struct {
	Args           []string
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	Getenv         func(string) string
	Now            func() time.Time
	// Reload receives a value for each SIGHUP (collapsed); nil outside `run`.
	Reload <-chan struct{}
	// logTo, when set, is where log lines go instead of Stderr (which
	// still decides their format): once's live progress line.
	logTo io.Writer
}

// Exit codes.
const (
	ExitOK      = 0
	ExitFailure = 1
	ExitUsage   = 2
)

// usageError is bad usage or a bad config: exit 2.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func usagef(format string, args ...any) error { return usageError{fmt.Errorf(format, args...)} }

type command struct {
	name, args, short string
	long              string
	run               func(ctx context.Context, env Env, fs *flag.FlagSet, args []string) error
}

func commands() []command {
	return []command{
		runCommand, onceCommand, explainCommand, reportCommand,
		peopleCommand, checkConfigCommand, loginCommand, logoutCommand, calendarsCommand, demoCommand, versionCommand,
	}
}

// Run runs the command named by env.Args and returns the exit code.
func Run(ctx context.Context, env Env) int {
	if env.Getenv == nil {
		env.Getenv = func(string) string { return "" }
	}
	if env.Now == nil {
		env.Now = time.Now
	}
	if len(env.Args) == 0 || isHelp(env.Args[0]) || env.Args[0] == "help" && len(env.Args) == 1 {
		writeUsage(env.Stdout)
		if len(env.Args) == 0 {
			return ExitUsage
		}
		return ExitOK
	}
	name, args := env.Args[0], env.Args[1:]
	if name == "help" {
		name, args = args[0], []string{"--help"}
	}
	for _, c := range commands() {
		if c.name == name {
			return runCommandWithFlags(ctx, env, c, args)
		}
	}
	fmt.Fprintf(env.Stderr, "netsyncd: unknown command %q\n\n", name)
	writeUsage(env.Stderr)
	return ExitUsage
}

func isHelp(s string) bool { return s == "-h" || s == "--help" || s == "-help" }

func runCommandWithFlags(ctx context.Context, env Env, c command, args []string) int {
	fs := flag.NewFlagSet("netsyncd "+c.name, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: netsyncd %s %s\n\n%s\n", c.name, c.args, strings.TrimSpace(c.long))
		if hasFlags(fs) {
			fmt.Fprintf(fs.Output(), "\nFlags:\n")
			fs.PrintDefaults()
		}
	}
	err := c.run(ctx, env, fs, args)
	switch {
	case err == nil:
		return ExitOK
	case errors.Is(err, flag.ErrHelp):
		return ExitOK
	case errors.As(err, new(usageError)):
		fmt.Fprintf(env.Stderr, "netsyncd %s: %v\n", c.name, err)
		return ExitUsage
	default:
		fmt.Fprintf(env.Stderr, "netsyncd %s: %v\n", c.name, err)
		return ExitFailure
	}
}

func hasFlags(fs *flag.FlagSet) bool {
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	return n > 0
}

// parseFlags parses args; a flag error is a usage error, --help is flag.ErrHelp.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.SetOutput(nil)
			return err
		}
		return usageError{err}
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q (see --help)", fs.Arg(0))
	}
	return nil
}

func writeUsage(w io.Writer) {
	fmt.Fprint(w, `netsyncd keeps the discipline of a networking job search in your own calendar.

It reads your CalDAV calendars, classifies networking events (active ones you
arrange, passive ones others organise), checks each week against your limits
on time, places and confidentiality, and writes prep, follow-up and weekly
plan entries back to a calendar you already sync, with a reconnect entry when
someone you met is due for one.

Usage: netsyncd <command> [flags]

Commands:
`)
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-13s %s\n", c.name, c.short)
	}
	fmt.Fprint(w, `
Try it without an account:   netsyncd demo
Check your configuration:    netsyncd check-config --config /etc/netsyncd/config.yaml
Help on a command:           netsyncd <command> --help

The config is read from --config, else $NETSYNCD_CONFIG, else
$CONFIGURATION_DIRECTORY/config.yaml (systemd), else the first that exists of
~/.config/netsyncd/config.yaml ($XDG_CONFIG_HOME) and /etc/netsyncd/config.yaml.
Exit codes: 0 success, 1 runtime failure, 2 bad usage or bad config.
`)
}
