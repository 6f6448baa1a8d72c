package app

import (
	"io"
	"sync"

	"github.com/netsyncd/netsyncd/internal/daemon"
)

// liveLine is `once`'s progress on a terminal: one line ("fetching Work
// (3/5)", "writing 340/2057") rewritten in place. Log lines go through it
// too: each clears the progress line, is written whole, and the progress
// line is drawn again under it, so the two never mix. Off a terminal there
// is no live line: the log's info lines ("fetched a calendar", "writing")
// are the plain progress lines, and --json adds nothing.
type liveLine struct {
	mu   sync.Mutex
	w    io.Writer
	line string
}

const clearLine = "\r\x1b[K"

func newLiveLine(w io.Writer) *liveLine { return &liveLine{w: w} }

// Write writes one log entry above the progress line.
func (l *liveLine) Write(b []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.line != "" {
		io.WriteString(l.w, clearLine)
	}
	n, err := l.w.Write(b)
	if l.line != "" {
		io.WriteString(l.w, l.line)
	}
	return n, err
}

// show replaces the progress line with p.
func (l *liveLine) show(p daemon.Progress) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.line = p.String() + " ..."
	io.WriteString(l.w, clearLine+l.line)
}

// done removes the progress line: the summary follows on a clean line.
func (l *liveLine) done() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.line != "" {
		io.WriteString(l.w, clearLine)
		l.line = ""
	}
}

// before is w with the progress line removed before anything is written
// to it: once's summary on stdout, the same terminal.
func (l *liveLine) before(w io.Writer) io.Writer {
	return writerFunc(func(b []byte) (int, error) {
		l.done()
		return w.Write(b)
	})
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(b []byte) (int, error) { return f(b) }
