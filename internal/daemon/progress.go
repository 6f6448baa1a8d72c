package daemon

import (
	"fmt"
	"sync"
	"time"

	"go.uber.org/zap"

	"github.com/netsyncd/netsyncd/internal/caldav"
	"github.com/netsyncd/netsyncd/internal/reconcile"
)

// Progress is what a pass is doing right now: what STATUS= says under
// systemd and what `once` shows on a terminal while it works.
type Progress struct {
	Phase    string // PhaseFetching or PhaseWriting
	Calendar string // the calendar being fetched
	N, Of    int    // calendar N of Of, or write N of Of
}

// The phases of a pass that Progress reports.
const (
	PhaseFetching = "fetching"
	PhaseWriting  = "writing"
)

// String is the progress as one short line: "fetching Work (3/5)",
// "writing 340/2057".
func (p Progress) String() string {
	if p.Phase == PhaseFetching {
		return fmt.Sprintf("fetching %s (%d/%d)", p.Calendar, p.N, p.Of)
	}
	return fmt.Sprintf("%s %d/%d", p.Phase, p.N, p.Of)
}

// OnProgress has f called with each step of every later pass: each
// calendar as its fetch starts, each write as it is done. f is called from
// the pass's goroutines, one call at a time, and must return quickly.
func (s *Syncer) OnProgress(f func(Progress)) { s.progress = f }

// report passes p to the OnProgress function, if any.
func (s *Syncer) report(p Progress) {
	if s.progress == nil {
		return
	}
	s.progressMu.Lock()
	defer s.progressMu.Unlock()
	s.progress(p)
}

// fetchLog is one info line per calendar that a pass had to fetch (a
// calendar unchanged since the last pass costs nothing and says nothing):
// its name, the objects and bytes that came back, and how long it took.
func (s *Syncer) fetchLog(cal caldav.Calendar, st fetchStats, took time.Duration) {
	if st.Cached == st.Calendars {
		return
	}
	how := "full"
	if st.Full == 0 {
		how = "changes"
	}
	s.log.Info("fetched a calendar", zap.String("calendar", cal.Name), zap.String("path", cal.Path), zap.String("read", how),
		zap.Int("objects", st.Fetched), zap.Int("removed", st.Removed), zap.Int64("bytes", st.Bytes), zap.Duration("took", took.Round(time.Millisecond)))
}

// writeProgress counts a pass's writes: each one goes to OnProgress, and
// the log says "writing N/M" when writing starts and at least every
// writeLogEvery while it goes on.
type writeProgress struct {
	s         *Syncer
	mu        sync.Mutex
	done, of  int
	every     time.Duration
	lastLog   time.Time
	startedAt time.Time
}

// writeLogEvery is how often a long run of writes says how far it is
// (Syncer.writeLogEvery replaces it in tests).
const writeLogEvery = 5 * time.Second

func (s *Syncer) startWrites(of int) *writeProgress {
	w := &writeProgress{s: s, of: of, every: s.writeLogEvery, startedAt: time.Now()}
	if w.every == 0 {
		w.every = writeLogEvery
	}
	if of > 0 {
		w.lastLog = w.startedAt
		s.log.Info("writing", zap.String("progress", fmt.Sprintf("0/%d", of)))
		s.report(Progress{Phase: PhaseWriting, Of: of})
	}
	return w
}

// wrote counts one write done (or refused: it is no longer to do). Writes
// in flight together end in any order; the count is said under the lock,
// so that the log, OnProgress and STATUS= never go back (13 after 14).
func (w *writeProgress) wrote() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.done++
	done := w.done
	now := time.Now()
	if now.Sub(w.lastLog) >= w.every || done == w.of && now.Sub(w.startedAt) >= w.every {
		w.lastLog = now
		w.s.log.Info("writing", zap.String("progress", fmt.Sprintf("%d/%d", done, w.of)))
	}
	w.s.report(Progress{Phase: PhaseWriting, N: done, Of: w.of})
}

// toWrite counts the changes apply will send.
func toWrite(changes []reconcile.Change, dryRun bool) int {
	if dryRun {
		return 0
	}
	n := 0
	for i := range changes {
		if changes[i].Action != reconcile.Keep {
			n++
		}
	}
	return n
}

// statusEvery bounds how often a run of writes updates STATUS=.
const statusEvery = time.Second

// passStatus keeps systemd's STATUS= current during a pass ("fetching Work
// (3/5)", "writing 340/2057"): every calendar, the first and the last
// write, and a write at most every statusEvery in between.
func (d *Daemon) passStatus() func(Progress) {
	var last time.Time
	return func(p Progress) {
		now := time.Now()
		if p.Phase == PhaseWriting && p.N != 0 && p.N != p.Of && now.Sub(last) < statusEvery {
			return
		}
		last = now
		d.Notify.Status(p.String())
	}
}
