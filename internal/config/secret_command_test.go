package config

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// script writes an executable shell script and returns its path.
func script(t *testing.T, body string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "fetch-password")
	if err := os.WriteFile(path, []byte("#!/bin/sh\n"+body+"\n"), 0o700); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestPasswordCommand: stdout is the secret; a failure says what failed and
// the exit status, never what the command printed on stdout or stderr; the
// run is bounded in time and in output.
func TestPasswordCommand(t *testing.T) {
	for _, tc := range []struct {
		name    string
		argv    []string
		want    string
		wantErr string
		timeout time.Duration // default 5s
	}{
		{"stdout is the secret", []string{script(t, `printf '%s\n' "$1"`), testPassword}, testPassword, "", 0},
		{"exit status, no output", []string{script(t, "echo "+testPassword+"; echo "+testPassword+" >&2; exit 3")}, "", "failed with exit status 3: run it by hand", 0},
		{"not found", []string{filepath.Join(t.TempDir(), "no-such-program")}, "", "cannot run", 0},
		{"prints nothing", []string{script(t, "exit 0")}, "", "printed nothing", 0},
		{"too much output", []string{script(t, "head -c 100000 /dev/zero | tr '\\0' x")}, "", "printed more than 64 KiB", 0},
		{"hangs", []string{script(t, "echo "+testPassword+"; exec sleep 30")}, "", "did not finish within 300ms", 300 * time.Millisecond},
		{"a child keeps stdout open", []string{script(t, "sleep 3 & echo "+testPassword)}, testPassword, "", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.timeout == 0 {
				tc.timeout = 5 * time.Second
			}
			start := time.Now()
			got, err := runPasswordCommand(tc.argv, tc.timeout)
			if took := time.Since(start); took > 2500*time.Millisecond {
				t.Errorf("took %v; want it bounded", took)
			}
			if tc.wantErr == "" {
				if err != nil || got != tc.want {
					t.Fatalf("runPasswordCommand = %d bytes, %v; want the secret", len(got), err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("runPasswordCommand err = %v; want it to say %q", err, tc.wantErr)
			}
			if got != "" || strings.Contains(err.Error(), testPassword) {
				t.Errorf("the failure leaks the command's output: %v", err)
			}
			if !strings.HasPrefix(err.Error(), "caldav.password_command: ") || !strings.Contains(err.Error(), tc.argv[0]) {
				t.Errorf("err = %v; want it to name caldav.password_command and the program", err)
			}
		})
	}
}

// TestPasswordCommandFromConfig: the key parses as a list, is the password
// source Secret uses, and is checked against the other sources.
func TestPasswordCommandFromConfig(t *testing.T) {
	fetch := script(t, "echo "+testPassword)
	doc := func(extra string) []byte {
		return []byte(fmt.Sprintf("caldav:\n  url: http://127.0.0.1:5232/\n  username: jane\n  password_command: [%s, lookup, service, netsyncd]\n%s", fetch, extra))
	}
	c, _, err := Parse(doc(""), "config.yaml")
	if err != nil {
		t.Fatal(err)
	}
	s, err := c.SecretFrom(func(string) string { return "" })
	if err != nil || s.Password != testPassword {
		t.Fatalf("SecretFrom = %v, %v; want the command's output", s, err)
	}
	c.CalDAV.PasswordCommand[0] = "/bin/false"
	if _, err := c.SecretFrom(func(string) string { return "" }); err == nil || !strings.HasPrefix(err.Error(), "config: config.yaml:4: caldav.password_command: /bin/false failed with exit status 1") {
		t.Errorf("SecretFrom with a failing command: %v; want the file, line and key", err)
	}
	for _, tc := range []struct{ name, doc, want string }{
		{"with password_env", string(doc("  password_env: CALDAV_PASSWORD\n")), "config.yaml:4: caldav.password_command: cannot be used with caldav.password_file or caldav.password_env"},
		{"no program", "caldav:\n  url: http://127.0.0.1:5232/\n  username: jane\n  password_command: [\"\"]\n", "config.yaml:4: caldav.password_command: must start with the program"},
		{"no user", "caldav:\n  url: http://127.0.0.1:5232/\n  password_command: [pass, caldav]\n", "caldav.username: is required with a password"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := Parse([]byte(tc.doc), "config.yaml")
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Parse err = %v; want %q", err, tc.want)
			}
		})
	}
}
