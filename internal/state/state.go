// Package state keeps what netsyncd must remember between passes in its
// state directory: the ledger of entries it created, sync tokens, ETags and
// cached source objects.
//
// Rules this package keeps:
//   - The directory is created with mode 0700; files are written 0600.
//   - A write is atomic: a temporary file in the same directory, fsync,
//     rename, fsync of the directory. A crash leaves the old file or the new
//     one, never half of one.
//   - A corrupt file is never fatal: Load reports ErrCorrupt, moves the file
//     aside (NAME.corrupt) for a person to look at, and the caller starts
//     from empty (one full pass).
//   - One daemon per directory: Open takes an exclusive flock(2) on "lock"
//     and fails when another process holds it.
package state

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"syscall"

	"github.com/netsyncd/netsyncd/internal/fileread"
)

// ErrCorrupt means a state file could not be decoded and was moved aside.
var ErrCorrupt = errors.New("state file is corrupt")

// MaxFile bounds a state file: Load refuses a bigger one (and anything
// but a regular file) without reading it. sync.json keeps no attachment
// and no object outside the window (internal/daemon), a few MiB for
// thousands of events.
const MaxFile = 64 << 20

// ErrLocked means another process holds the state directory.
var ErrLocked = errors.New("state directory is in use by another netsyncd")

// unwritableHint says what to do about a state directory netsyncd cannot
// write.
const unwritableHint = "netsyncd keeps there what it wrote and what you deleted, and runs no pass without it: set state_dir in the config to a directory it can write, or make this one writable (a file in its path, a read-only file system, chattr +i or a full disk stop it)"

// Store is an open state directory.
type Store struct {
	dir  string
	lock *os.File
}

// Open creates dir if needed and locks it.
func Open(dir string) (*Store, error) {
	if dir == "" {
		return nil, errors.New("state: no state directory: set state_dir in the config")
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("state: the state directory %s cannot be made: %w: %s", dir, err, unwritableHint)
	}
	f, err := os.OpenFile(filepath.Join(dir, "lock"), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("state: the state directory %s cannot be written: %w: %s", dir, err, unwritableHint)
	}
	// A directory whose files can be opened but where none can be made
	// (chattr +i, a full or read-only file system with the lock already
	// there) would fail the first save, after the pass wrote to the
	// server: find it out now, before anything is written.
	probe, err := os.CreateTemp(dir, ".write-test-*")
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("state: the state directory %s cannot be written: %w: %s", dir, err, unwritableHint)
	}
	probe.Close()
	os.Remove(probe.Name())
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("state: %s: %w", dir, ErrLocked)
		}
		return nil, fmt.Errorf("state: lock %s: %w", dir, err)
	}
	return &Store{dir: dir, lock: f}, nil
}

// Dir is the directory of the store.
func (s *Store) Dir() string { return s.dir }

// Close releases the lock.
func (s *Store) Close() error {
	if s == nil || s.lock == nil {
		return nil
	}
	err := s.lock.Close() // closing the descriptor drops the flock
	s.lock = nil
	return err
}

// Load decodes NAME.json into v. A missing file leaves v untouched and
// returns false, nil. A corrupt one is moved aside and reported as ErrCorrupt.
func (s *Store) Load(name string, v any) (bool, error) {
	path := filepath.Join(s.dir, name+".json")
	data, err := fileread.Regular(path, MaxFile)
	if errors.Is(err, os.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("state: %w", err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		aside := path + ".corrupt"
		_ = os.Rename(path, aside)
		return false, fmt.Errorf("state: %s (moved to %s): %w: %v", path, aside, ErrCorrupt, err)
	}
	return true, nil
}

// Save encodes v into NAME.json atomically. The JSON is written to the
// file as it is encoded, never held whole in memory: sync.json holds a
// copy of every object of the window, 15 MiB at 50,000 events, and
// encoding it into one buffer cost three times that at the end of every
// pass (docs/performance.md). A file Load would refuse is not written.
func (s *Store) Save(name string, v any) error {
	return s.writeAtomic(name+".json", func(w io.Writer) error {
		lw := &limitedWriter{w: w, left: saveCap}
		err := json.NewEncoder(lw).Encode(v)
		switch {
		case lw.over:
			return fmt.Errorf("state: %s would hold more than %d bytes", name, saveCap)
		case err != nil:
			return fmt.Errorf("state: encode %s: %w", name, err)
		}
		return nil
	})
}

// WriteFile writes the file name (not NAME.json: a file of its own
// format) atomically, as Save does, with what write writes to it. It is
// written 0600; no size cap applies (the caller bounds what it writes).
func (s *Store) WriteFile(name string, write func(io.Writer) error) error {
	return s.writeAtomic(name, write)
}

// saveCap is MaxFile; tests lower it.
var saveCap int64 = MaxFile

// limitedWriter fails once more than left bytes are written.
type limitedWriter struct {
	w    io.Writer
	left int64
	over bool
}

func (l *limitedWriter) Write(b []byte) (int, error) {
	if int64(len(b)) > l.left {
		l.over = true
		return 0, errors.New("too large")
	}
	l.left -= int64(len(b))
	return l.w.Write(b)
}

func (s *Store) writeAtomic(name string, write func(io.Writer) error) error {
	tmp, err := os.CreateTemp(s.dir, "."+name+".tmp-*")
	if err != nil {
		return fmt.Errorf("state: %w", err)
	}
	defer os.Remove(tmp.Name()) // no-op after a successful rename
	bw := bufio.NewWriterSize(tmp, 64<<10)
	if err := write(bw); err != nil {
		tmp.Close()
		return err
	}
	if err := bw.Flush(); err != nil {
		tmp.Close()
		return fmt.Errorf("state: write %s: %w", name, err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("state: sync %s: %w", name, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("state: %w", err)
	}
	if err := os.Chmod(tmp.Name(), 0o600); err != nil {
		return fmt.Errorf("state: %w", err)
	}
	if err := os.Rename(tmp.Name(), filepath.Join(s.dir, name)); err != nil {
		return fmt.Errorf("state: %w", err)
	}
	if d, err := os.Open(s.dir); err == nil {
		_ = d.Sync() // make the rename itself durable
		d.Close()
	}
	return nil
}
