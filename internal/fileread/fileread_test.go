package fileread

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

func TestRegular(t *testing.T) {
	dir := t.TempDir()
	small := filepath.Join(dir, "small")
	os.WriteFile(small, []byte("secret\n"), 0o600)
	big := filepath.Join(dir, "big")
	f, _ := os.Create(big)
	f.Truncate(2 << 30) // a sparse 2 GB file: never read
	f.Close()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	if b, err := Regular(small, 64); err != nil || string(b) != "secret\n" {
		t.Errorf("Regular(small) = %q, %v", b, err)
	}
	for _, tc := range []struct {
		path string
		want error
	}{
		{big, ErrTooLarge}, {fifo, ErrNotRegular}, {"/dev/zero", ErrNotRegular}, {dir, ErrNotRegular},
	} {
		start := time.Now()
		if _, err := Regular(tc.path, 1<<20); !errors.Is(err, tc.want) {
			t.Errorf("Regular(%s) = %v; want %v", tc.path, err, tc.want)
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("Regular(%s) took %s", tc.path, d)
		}
	}
}
