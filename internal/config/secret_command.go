package config

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os/exec"
	"strings"
	"time"
)

// caldav.password_command runs a program whose standard output is the
// password, as vdirsyncer's password.fetch = ["command", ...] does: the
// desktop keyring (secret-tool lookup ...), pass, a password manager's CLI.
// Rules, because the output is a secret:
//   - it is run directly (argv, no shell), with no standard input;
//   - neither its output nor its standard error is ever logged or put in an
//     error: a failure names the program and its exit status only;
//   - it must finish within PasswordCommandTimeout and print at most
//     passwordCommandMax bytes; a trailing newline is not part of the secret.

// PasswordCommandTimeout bounds one run of caldav.password_command (long
// enough for a keyring's unlock prompt, short enough not to hang a pass).
const PasswordCommandTimeout = 30 * time.Second

const passwordCommandMax = 64 << 10

// passwordFromCommand runs caldav.password_command; its errors name the
// config file and line of the key.
func (c *Config) passwordFromCommand() (string, error) {
	v, err := runPasswordCommand(c.CalDAV.PasswordCommand, PasswordCommandTimeout)
	if err != nil {
		where := c.file
		if line := c.lines["caldav.password_command"]; where != "" && line > 0 {
			where = fmt.Sprintf("%s:%d", where, line)
		}
		if where != "" {
			return "", fmt.Errorf("config: %s: %w", where, err)
		}
		return "", fmt.Errorf("config: %w", err)
	}
	return v, nil
}

func runPasswordCommand(argv []string, timeout time.Duration) (string, error) {
	const key = "caldav.password_command"
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	out := &cappedBuffer{max: passwordCommandMax}
	cmd.Stdout = out
	cmd.WaitDelay = time.Second // a child that keeps stdout open cannot hold us
	err := cmd.Run()
	name := argv[0]
	var exit *exec.ExitError
	switch {
	case ctx.Err() != nil:
		return "", fmt.Errorf("%s: %s did not finish within %v: check that it runs without waiting for input (run it by hand)", key, name, timeout)
	case out.over:
		return "", fmt.Errorf("%s: %s printed more than %d KiB: it must print the password alone", key, name, passwordCommandMax>>10)
	case errors.Is(err, exec.ErrWaitDelay):
		// It exited 0 but left a child holding its stdout: what it printed stands.
	case errors.As(err, &exit):
		return "", fmt.Errorf("%s: %s failed with exit status %d: run it by hand to see why (netsyncd shows none of its output, which may hold the password)", key, name, exit.ExitCode())
	case err != nil:
		return "", fmt.Errorf("%s: cannot run %s: %v", key, name, unwrapExec(err))
	}
	v := strings.TrimRight(out.String(), "\r\n")
	if v == "" {
		return "", fmt.Errorf("%s: %s printed nothing: it must print the password on its standard output", key, name)
	}
	return v, nil
}

// unwrapExec drops the program's name, which is in the message already.
func unwrapExec(err error) error {
	var ee *exec.Error
	var pe *fs.PathError
	switch {
	case errors.As(err, &ee):
		return ee.Err
	case errors.As(err, &pe):
		return pe.Err
	}
	return err
}

// cappedBuffer keeps at most max bytes and notes that more came. (The
// buffer is a field, not embedded: an embedded bytes.Buffer's ReadFrom
// would let io.Copy bypass Write and the cap.)
type cappedBuffer struct {
	buf  bytes.Buffer
	max  int
	over bool
}

func (b *cappedBuffer) Write(p []byte) (int, error) {
	if room := b.max - b.buf.Len(); len(p) > room {
		b.over = true
		return 0, errors.New("output too long")
	}
	return b.buf.Write(p)
}

func (b *cappedBuffer) String() string { return b.buf.String() }

// passwordCommand checks caldav.password_command: a program name first,
// and no other password source beside it.
func (v *validator) passwordCommand() {
	d := v.c.CalDAV
	if len(d.PasswordCommand) == 0 {
		return
	}
	const key = "caldav.password_command"
	if strings.TrimSpace(d.PasswordCommand[0]) == "" {
		v.errorf(key, "must start with the program to run, like [secret-tool, lookup, service, netsyncd]")
	}
	if d.PasswordFile != "" || d.PasswordEnv != "" {
		v.errorf(key, "cannot be used with caldav.password_file or caldav.password_env: keep one of them")
	}
}
