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
// ledger again from history.
func Load(s *state.Store) (Ledger, bool, error) { return LoadDir(s.Dir()) }

// LoadDir is Load from the state directory dir without opening (and
// locking) it: `netsyncd people` reads the running daemon's ledger so.
func LoadDir(dir string) (Ledger, bool, error) {
	path := filepath.Join(dir, fileBase+".json")
	// fileread: a FIFO here made os.Open wait for a writer for ever, and a
	// device was read for 64 MiB before it was refused.
	data, err := fileread.Regular(path, maxFile)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return Ledger{}, false, nil
	case errors.Is(err, fileread.ErrTooLarge), errors.Is(err, fileread.ErrNotRegular):
		return Ledger{}, false, fmt.Errorf("people: %w: move it aside to learn the ledger again from history", err)
	case err != nil:
		return Ledger{}, false, fmt.Errorf("people: %w", err)
	}
	l, err := Decode(data)
	if err != nil {
		return Ledger{}, false, fmt.Errorf("%w (file %s)", err, path)
	}
	return l, true, nil
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
