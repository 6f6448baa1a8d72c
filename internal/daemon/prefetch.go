package daemon

import (
	"context"
	"strings"
	"time"

	"github.com/netsyncd/netsyncd/internal/caldav"
	"github.com/netsyncd/netsyncd/internal/pipeline"
)

// Prefetching: a pass that will read a calendar whole again whatever the
// home's listing says sends that read together with the listing (the
// home's Depth 1 PROPFIND) instead of after it. Over a network that is one
// round trip less: the first pass of a day, which reads every source's
// window again (the window moved), and the daily re-read of the target
// cost the slower of the two requests, not their sum (docs/performance.md).
//
// Only what the pass would certainly do is prefetched: a calendar of the
// state (its path known, on the configured host) whose cached copy is for
// another window or older than a day, so that refresh would query it in
// full anyway. An idle pass prefetches nothing (its day and cached copies
// are current), and stays one request.
//
// The listing and the query reach the server in no known order, so the
// copy a prefetch makes keeps the ctag and sync-token cached before it: the
// query saw the calendar at least as it was then. Once the listing is in,
// refresh compares them with the listed ones as for any cached copy:
// equal, the copy is current; changed, the changes since the old token
// (or the ETags) are fetched on top of it. The copy is never newer in
// name than in content, so no change can hide behind it.

// prefetched is one calendar's read in flight.
type prefetched struct {
	sp   span
	done chan struct{}
	cs   *calState
	st   fetchStats
	err  error
	took time.Duration
}

// prefetches are the reads a pass sent before its listing, by path.
type prefetches struct {
	cancel context.CancelFunc
	cals   map[string]*prefetched
}

// startPrefetch sends the reads the pass certainly makes, before the
// listing; nil when there are none.
func (s *Syncer) startPrefetch(ctx context.Context, ps *passState, now time.Time, w pipeline.Window) *prefetches {
	if s.google != nil || !strings.HasPrefix(s.home, "/") || ps.sync.Calendars == nil {
		// Google lists each calendar on its own; a home on another host
		// (iCloud) is reached through its listing.
		return nil
	}
	if ps.sync.IdleBase && ps.sync.Day == now.In(s.cfg.Location).Format("2006-01-02") {
		// The pass may be idle: it must send the listing alone.
		return nil
	}
	sources := within(w)
	var pf *prefetches
	for path, cs := range ps.sync.Calendars {
		if cs == nil || (cs.CTag == "" && cs.SyncToken == "") || !strings.HasPrefix(path, "/") {
			continue // no ctag to compare after: refresh decides alone
		}
		sp := sources
		if path == ps.sync.TargetPath {
			sp = wholeCalendar
		} else if cs.Window == "" {
			continue // a calendar read whole that is not the target
		}
		stale := now.Sub(cs.FullAt) >= 24*time.Hour
		if !stale && cs.Window == sp.key() {
			continue // refresh may find it unchanged: one request, the listing
		}
		if pf == nil {
			pctx, cancel := context.WithCancel(ctx)
			pf = &prefetches{cancel: cancel, cals: map[string]*prefetched{}}
			ctx = pctx
		}
		if len(pf.cals) == fetchesInFlight {
			break
		}
		r := &prefetched{sp: sp, done: make(chan struct{})}
		pf.cals[path] = r
		// As cached: the ctag and token from before the query (see above).
		cal := caldav.Calendar{Path: path, Name: cs.Name, CTag: cs.CTag, SyncToken: cs.SyncToken}
		go func() {
			defer close(r.done)
			began := time.Now()
			st := fetchStats{Calendars: 1}
			r.cs, r.st, r.err = s.fullFetch(ctx, cal, sp, &st)
			r.took = time.Since(began)
		}()
	}
	return pf
}

// take is the prefetched copy of cal for sp, waiting for it; nil when
// none was sent or it failed (refresh then reads as usual).
func (pf *prefetches) take(cal caldav.Calendar, sp span) *prefetched {
	if pf == nil {
		return nil
	}
	r := pf.cals[cal.Path]
	if r == nil || r.sp.key() != sp.key() {
		return nil
	}
	<-r.done
	if r.err != nil {
		return nil
	}
	r.cs.Name = cal.Name
	return r
}

// stop cancels what the pass did not use and waits for it to end.
func (pf *prefetches) stop() {
	if pf == nil {
		return
	}
	pf.cancel()
	for _, r := range pf.cals {
		<-r.done
	}
}

// refreshPrefetched is refresh, on top of the prefetched copy of cal when
// there is one.
func (s *Syncer) refreshPrefetched(ctx context.Context, cal caldav.Calendar, cached *calState, sp span) (*calState, fetchStats, time.Duration, error) {
	began := time.Now()
	r := s.prefetch.take(cal, sp)
	if r == nil {
		cs, st, err := s.refresh(ctx, cal, cached, sp)
		return cs, st, time.Since(began), err
	}
	// An object the prefetch skipped keeps the copy read before, as in
	// refresh's own full read (skipped.go).
	s.keepCopies(cal, r.cs, cached)
	cs, st, err := s.refresh(ctx, cal, r.cs, sp)
	if st.Cached > 0 {
		// The listing confirmed the prefetched copy: it is the full read.
		return cs, r.st, r.took, err
	}
	r.st.add(st)
	r.st.Calendars--
	return cs, r.st, r.took + time.Since(began), err
}
