//go:build linux

package app

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
	"unsafe"

	"go.uber.org/zap"
)

// streamID is what systemd puts in $JOURNAL_STREAM for f: "DEVICE:INODE".
func streamID(t *testing.T, f *os.File) string {
	t.Helper()
	var st syscall.Stat_t
	if err := syscall.Fstat(int(f.Fd()), &st); err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%d:%d", st.Dev, st.Ino)
}

func tempStderr(t *testing.T) *os.File {
	t.Helper()
	f, err := os.Create(filepath.Join(t.TempDir(), "stderr"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// logEachLevel logs one line per level through the logger newLogger builds
// for stderr and the environment, and returns what was written.
func logEachLevel(t *testing.T, stderr *os.File, read func() string, environ map[string]string) string {
	t.Helper()
	log, err := newLogger(Env{Stderr: stderr, Getenv: func(k string) string { return environ[k] }}, "debug")
	if err != nil {
		t.Fatal(err)
	}
	log = log.Named("sync")
	log.Debug("a debug line")
	log.Info("pass done", zap.Int("created", 2))
	log.Warn("new finding", zap.String("code", "over_hours"))
	log.Error("pass failed", zap.String("error", "caldav: 503"))
	log.Warn("two\nlines")
	return read()
}

// TestLogsUnderJournald: with stderr being the stream $JOURNAL_STREAM names,
// every line starts with its syslog priority (so `journalctl -p warning`
// shows exactly the warnings and errors) and carries no timestamp of its own.
func TestLogsUnderJournald(t *testing.T) {
	f := tempStderr(t)
	out := logEachLevel(t, f, func() string { return readFile(t, f.Name()) }, map[string]string{"JOURNAL_STREAM": streamID(t, f)})
	for _, want := range []string{
		"<7>sync\ta debug line\n",
		"<6>sync\tpass done\t{\"created\": 2}\n",
		"<4>sync\tnew finding\t{\"code\": \"over_hours\"}\n",
		"<3>sync\tpass failed\t{\"error\": \"caldav: 503\"}\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("journal output lacks %q:\n%s", want, out)
		}
	}
	for _, line := range strings.SplitAfter(strings.TrimSuffix(out, "\n"), "\n") {
		if len(line) < 3 || line[0] != '<' || line[2] != '>' {
			t.Errorf("line %q has no priority prefix", line)
		}
		if strings.Contains(line, time.Now().Format("2006-01-02")) {
			t.Errorf("line %q has a timestamp; journald adds its own", line)
		}
	}
}

// TestLogsJSONWhenJournalStreamIsAnotherFile: a process whose stderr was
// redirected (a pipe, a file) keeps an inherited $JOURNAL_STREAM that does
// not name its stderr: JSON lines, not journal lines.
func TestLogsJSONWhenJournalStreamIsAnotherFile(t *testing.T) {
	f, other := tempStderr(t), tempStderr(t)
	out := logEachLevel(t, f, func() string { return readFile(t, f.Name()) }, map[string]string{"JOURNAL_STREAM": streamID(t, other)})
	if !strings.HasPrefix(out, `{"level":"debug","ts":`) || strings.Contains(out, "<4>") {
		t.Errorf("stderr redirected to a file logs\n%s\nwant JSON lines", out)
	}
}

// TestLogsConsoleOnTerminalWithJournalStream: `netsyncd once` typed in a
// terminal of a desktop session, whose $JOURNAL_STREAM came from the
// service manager, writes console lines, not journal lines.
func TestLogsConsoleOnTerminalWithJournalStream(t *testing.T) {
	master, tty := openPTY(t)
	journal := tempStderr(t)
	read := func() string {
		buf := make([]byte, 64<<10)
		master.SetReadDeadline(time.Now().Add(2 * time.Second))
		var got bytes.Buffer
		for !strings.Contains(got.String(), "lines") {
			n, err := master.Read(buf)
			if err != nil {
				break
			}
			got.Write(buf[:n])
		}
		return got.String()
	}
	out := logEachLevel(t, tty, read, map[string]string{"JOURNAL_STREAM": streamID(t, journal)})
	if !strings.Contains(out, "WARN") || !strings.Contains(out, "new finding") || strings.Contains(out, "<4>") || strings.Contains(out, `{"level"`) {
		t.Errorf("a terminal logs\n%q\nwant console lines (level names, no priority prefix, no JSON)", out)
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// openPTY opens a pseudo-terminal pair (pty(7)): the master to read what
// was written, the slave to write to as a terminal.
func openPTY(t *testing.T) (master, tty *os.File) {
	t.Helper()
	m, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Fatalf("open /dev/ptmx: %v", err)
	}
	t.Cleanup(func() { m.Close() })
	var unlock int32
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, m.Fd(), syscall.TIOCSPTLCK, uintptr(unsafe.Pointer(&unlock))); e != 0 {
		t.Fatalf("unlock pty: %v", e)
	}
	var n uint32
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, m.Fd(), syscall.TIOCGPTN, uintptr(unsafe.Pointer(&n))); e != 0 {
		t.Fatalf("pty number: %v", e)
	}
	s, err := os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Fatalf("open pty: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return m, s
}
