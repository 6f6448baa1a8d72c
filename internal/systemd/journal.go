package systemd

import (
	"fmt"
	"os"
	"strings"
)

// StderrIsJournal reports whether stderr is connected to journald: systemd
// sets $JOURNAL_STREAM to "DEVICE:INODE" of the stream it connects, and a
// process must compare that with its own stderr, since children inherit the
// variable even when their stderr goes elsewhere (a terminal, a pipe)
// (systemd.exec(5), "$JOURNAL_STREAM").
func StderrIsJournal(stderr *os.File, getenv func(string) string) bool {
	want := getenv("JOURNAL_STREAM")
	if want == "" || stderr == nil {
		return false
	}
	dev, ino, ok := fileID(stderr)
	return ok && strings.TrimSpace(want) == fmt.Sprintf("%d:%d", dev, ino)
}
