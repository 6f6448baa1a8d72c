package people

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/netsyncd/netsyncd/internal/fileread"
	"github.com/netsyncd/netsyncd/internal/state"
)

// fileBase is the ledger's file in the state directory, without ".json".
const fileBase = "people"

// maxFile bounds the bytes Load reads: ten thousand people with years of
// meetings stay far below it, and a runaway file cannot exhaust memory.
const maxFile = 64 << 20

// Load reads the ledger from the state directory. A missing file is an
// empty ledger and false. The error never quotes the file's contents (the
// ledger is private): a corrupt file is reported, and the caller learns the
// ledger again from history. A file that is too large or cannot be decoded
// (truncated, edited by hand, a newer netsyncd's version) is moved aside
// first (people.json.corrupt, as internal/state does with its own files):
// the caller saves the ledger learned again over people.json, and the
// meetings older than people.history were in that file only.
func Load(s *state.Store) (Ledger, bool, error) {
	l, ok, aside, err := loadDir(s.Dir())
	if aside {
		path := filepath.Join(s.Dir(), fileBase+".json")
		if rerr := os.Rename(path, path+".corrupt"); rerr != nil {
			return Ledger{}, false, fmt.Errorf("%w; it could not be moved aside: %w", err, rerr)
		}
		return Ledger{}, false, fmt.Errorf("%w; moved to %s.corrupt", err, path)
	}
	if ok {
		privateMode(filepath.Join(s.Dir(), fileBase+".json"))
	}
	return l, ok, err
}

// privateMode makes the ledger at path 0600 when others may read it: one
// copied in by hand (cp with umask 022, a restore, an editor) was 0644,
// and the daemon rewrites the file only when the ledger changes, so it
// stayed readable by everyone for good.
func privateMode(path string) {
	if fi, err := os.Stat(path); err == nil && fi.Mode().Perm()&0o077 != 0 {
		_ = os.Chmod(path, 0o600) // a failure leaves it as it was; the next save writes 0600
	}
}

// LoadDir is Load from the state directory dir without opening (and
// locking) it, and without moving anything: `netsyncd people` reads the
// running daemon's ledger so.
func LoadDir(dir string) (Ledger, bool, error) {
	l, ok, _, err := loadDir(dir)
	return l, ok, err
}

// loadDir is LoadDir; aside says the file is a regular one that cannot be
// read as a ledger (too large, or not one), which Load moves aside.
func loadDir(dir string) (l Ledger, ok, aside bool, err error) {
	path := filepath.Join(dir, fileBase+".json")
	// fileread: a FIFO here made os.Open wait for a writer for ever, and a
	// device was read for 64 MiB before it was refused.
	data, err := fileread.Regular(path, maxFile)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return Ledger{}, false, false, nil
	case errors.Is(err, fileread.ErrTooLarge):
		return Ledger{}, false, true, fmt.Errorf("people: %w: move it aside to learn the ledger again from history", err)
	case errors.Is(err, fileread.ErrNotRegular):
		return Ledger{}, false, false, fmt.Errorf("people: %w: move it aside to learn the ledger again from history", err)
	case err != nil:
		return Ledger{}, false, false, fmt.Errorf("people: %w", err)
	}
	l, err = Decode(data)
	if err != nil {
		return Ledger{}, false, true, fmt.Errorf("%w (file %s)", err, path)
	}
	return l, true, false, nil
}

// Save writes the ledger to the state directory through state.Store: an
// atomic write (temporary file, fsync, rename), mode 0600.
func Save(s *state.Store, l Ledger) error {
	data, err := Encode(l)
	if err != nil {
		return fmt.Errorf("people: encode: %w", err)
	}
	return SaveEncoded(s, data)
}

// SaveEncoded is Save of what Encode made of the ledger already.
func SaveEncoded(s *state.Store, data []byte) error {
	return s.Save(fileBase, json.RawMessage(data))
}
