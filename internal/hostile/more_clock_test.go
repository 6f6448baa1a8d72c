package hostile

import (
	"testing"
	"time"
)

// The clock jumps back: a pass ran with the clock a year ahead (a laptop
// whose clock was wrong, a VM restored from a snapshot), so the cache's
// time of the last whole read is a year in the future. The cache is
// trusted for a day from that read; before, an age below zero passed
// for fresh, so a server whose ctag never moves hid every change for a
// year. Now a read in the future is not trusted.
func TestStateWrittenInTheFuture(t *testing.T) {
	Case(t, passBounds, "once: the state written with the clock a year ahead, then a ctag that never moves", func(t *testing.T) {
		srv, _ := davServer(t, calendar(vevent("coffee", "20261202T150000Z")))
		st := &stuck{h: srv.Handler(), frozen: true}
		cfg := passConfig(t, servedBy(t, st), "")
		if code, s, log := onceAt(t, now.AddDate(1, 0, 0), cfg); code != 0 {
			t.Fatalf("the pass a year ahead = %d, %+v\n%s", code, s, tail(log))
		}
		if code, s, log := onceAt(t, now, cfg); code != 0 || s.Created == 0 {
			t.Fatalf("the pass with the clock put right = %d, %+v; want the coffee's entries made\n%s", code, s, tail(log))
		}
		st.targetReads.Store(0)
		movedCoffee(srv, t)
		code, s, log := onceAt(t, now.Add(25*time.Hour), cfg)
		if code != 0 || len(s.Changes) == 0 {
			t.Errorf("a pass a day later = %d, %+v; want the moved coffee's entries changed\n%s", code, s, tail(log))
		}
		if n := st.targetReads.Load(); n == 0 {
			t.Errorf("a day later the target was not read again; want a whole read that the clock put in the future not trusted")
		}
	})
}
