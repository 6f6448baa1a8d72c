package state

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
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

// TestSaveStreamsAndRefusesTooLarge: Save writes what Load reads back, and
// a value whose JSON would pass the cap is refused, the old file kept.
func TestSaveStreamsAndRefusesTooLarge(t *testing.T) {
	s, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	small := map[string]string{"a": "b"}
	if err := s.Save("x", small); err != nil {
		t.Fatal(err)
	}
	defer func(c int64) { saveCap = c }(saveCap)
	saveCap = 1 << 20
	big := map[string]string{}
	for i := range 2000 {
		big[string(rune('a'+i%26))+strconv.Itoa(i)] = strings.Repeat("x", 1000)
	}
	if err := s.Save("x", big); err == nil || !strings.Contains(err.Error(), "more than 1048576 bytes") {
		t.Errorf("Save of 2 MB with a 1 MiB cap = %v; want it refused", err)
	}
	var got map[string]string
	if ok, err := s.Load("x", &got); !ok || err != nil || got["a"] != "b" || len(got) != 1 {
		t.Errorf("after the refused save, Load = %v %v %v; want the old file", ok, err, got)
	}
	if entries, _ := os.ReadDir(s.Dir()); len(entries) != 2 { // lock, x.json
		t.Errorf("the state directory holds %d files after a refused save, want lock and x.json", len(entries))
	}
}
