package benchdata

import (
	"os"
	"path/filepath"
	"time"
)

// WriteMoved writes dir/before.ics and dir/after.ics, the event of Moved
// and the same event moved by an hour, and returns its file name: what
// scripts/bench.sh PUTs to make one change.
func WriteMoved(dir string, o Options) (string, error) {
	before, after := Moved(o, time.Hour)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", err
	}
	if err := os.WriteFile(filepath.Join(dir, "before.ics"), before.Data, 0o600); err != nil {
		return "", err
	}
	if err := os.WriteFile(filepath.Join(dir, "after.ics"), after.Data, 0o600); err != nil {
		return "", err
	}
	return before.Name, nil
}
