package state

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestLoadNeverBlocksNorReadsWhole: a state file that is a FIFO, a
// directory or bigger than MaxFile is refused at once.
func TestLoadNeverBlocksNorReadsWhole(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := syscall.Mkfifo(filepath.Join(dir, "fifo.json"), 0o600); err != nil {
		t.Fatal(err)
	}
	os.Mkdir(filepath.Join(dir, "dir.json"), 0o700)
	f, _ := os.Create(filepath.Join(dir, "huge.json"))
	f.Truncate(MaxFile + 1)
	f.Close()
	for _, name := range []string{"fifo", "dir", "huge"} {
		start := time.Now()
		var v map[string]any
		if ok, err := s.Load(name, &v); ok || err == nil {
			t.Errorf("Load(%s) = %v, %v; want an error", name, ok, err)
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("Load(%s) took %s", name, d)
		}
	}
}
