package hostile

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// `explain --ics` of a file that is not one: it read with os.ReadFile, so
// /dev/zero grew until memory ran out and a FIFO blocked, neither heeding
// SIGTERM (the read looks at no context). Now only a regular file of at
// most budget.ObjectBytes is read; the others fail at once, named, with
// what to pass.
func TestICSFileThatIsNot(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "calendar.fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	big := filepath.Join(dir, "big.ics")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	line := []byte("X-PAD:" + strings.Repeat("x", 1<<20-8) + "\r\n")
	for range 40 { // written a line at a time: the test must not hold it
		f.Write(line)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ name, path, want string }{
		{"device", "/dev/zero", "/dev/zero is a device: not a regular file: export the calendar to an .ics file"},
		{"FIFO", fifo, "calendar.fifo is a FIFO: not a regular file"},
		{"40 MB", big, "big.ics holds 41943040 bytes, more than 33554432: file too large, the most one .ics may hold"},
	} {
		t.Run(c.name, func(t *testing.T) {
			Case(t, Bounds{Time: 20 * time.Second, RSS: 150 << 20}, "explain --ics: a "+c.name, func(t *testing.T) {
				code, _, errOut := netsyncd(t, context.Background(), nil, "explain", "--ics", c.path, "--from", "2026-11-30", "--to", "2026-12-01")
				if code != 2 || !strings.Contains(errOut, c.want) {
					t.Errorf("explain = %d, %s\nwant exit 2 and %q", code, tail(errOut), c.want)
				}
			})
		})
	}
}
