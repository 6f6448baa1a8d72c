package daemon

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"go.uber.org/zap"

	"github.com/netsyncd/netsyncd/internal/caldav"
	"github.com/netsyncd/netsyncd/internal/config"
	"github.com/netsyncd/netsyncd/internal/pipeline"
	"github.com/netsyncd/netsyncd/internal/reconcile"
)

// fetch loads the state, lists the calendars and, unless nothing changed
// since the last complete pass (p.idle), brings the cached copies of the
// sources and the target up to date, creating the target when it is
// missing.
func (s *Syncer) fetch(ctx context.Context, p *pass, sum *Summary) error {
	ps, err := s.state()
	if err != nil {
		return err
	}
	p.window = pipeline.WindowAround(s.cfg, p.started)
	// The history read is readied before any read is sent, prefetched
	// ones included: a first pass's full queries reach back over it.
	s.foldHistory(ps, p)                                       // history.go
	s.prefetch = s.startPrefetch(ctx, ps, p.started, p.window) // prefetch.go
	defer func() { s.prefetch.stop(); s.prefetch = nil }()
	srcs, tgt, err := s.selectCalendars(ctx, ps)
	if err != nil {
		return err
	}
	p.srcs = srcs
	p.day = p.started.In(s.cfg.Location).Format("2006-01-02")
	if s.cfgHash == "" {
		// Once per Syncer (a reload builds a new one): hashing the config
		// was 70% of an idle pass's CPU (docs/performance.md).
		s.cfgHash = configHash(s.cfg)
	}
	if tgt != nil && ps.idle(srcs, *tgt, within(p.window), s.cfgHash, p.day) {
		p.idle, sum.Idle = true, true
		sum.Unchanged = len(ps.sync.Calendars[tgt.Path].Objects)
		return nil
	}
	// The refresh below brings the cached ctags up to date before anything
	// is written: a pass that then fails must not be the base of an idle one.
	ps.sync.IdleBase = false
	if !ps.objectsChecked && s.objects != nil {
		// Once per load, before the cache is read: a damaged objects file
		// drops the calendars it held (bodies.go).
		s.objects.open(&ps.sync, true)
		ps.objectsChecked = true
	}
	exists := tgt != nil
	if !exists {
		if !p.dryRun {
			s.targetDeleted(ps)
		}
		if tgt, err = s.createTarget(ctx, p.dryRun); err != nil {
			return err
		}
	}
	p.tgt, p.created = *tgt, !exists && !p.dryRun
	// A target just made is empty: it is not read (a dry run only
	// pretends to make it). save reads it after the pass's writes.
	p.tcs, err = s.refreshAll(ctx, ps, srcs, *tgt, within(p.window), sum, exists)
	return err
}

// state is the state directory's content, loaded once per Syncer (a
// running daemon keeps it in memory), for the configured server.
func (s *Syncer) state() (*passState, error) {
	if s.ps == nil {
		s.ps = s.loadState()
	}
	if err := s.ps.loadErr; err != nil {
		s.ps = nil // read it again at the next pass
		return nil, err
	}
	s.forServer(s.ps)
	return s.ps, nil
}

// selectCalendars lists the calendars and picks the sources and the
// target (nil when it does not exist yet).
func (s *Syncer) selectCalendars(ctx context.Context, ps *passState) ([]caldav.Calendar, *caldav.Calendar, error) {
	cals, err := s.calendars(ctx)
	if err != nil {
		return nil, nil, err
	}
	srcs, tgt, err := caldav.Select(cals, s.names.sources, s.names.target)
	if err != nil {
		return nil, nil, fmt.Errorf("%w (caldav.sources / caldav.target in %s)", err, s.cfg.Path)
	}
	if tgt == nil {
		tgt, srcs = s.renamedTarget(cals, srcs, ps)
	}
	return srcs, tgt, nil
}

// idle reports whether nothing changed since the last complete pass.
func (ps *passState) idle(srcs []caldav.Calendar, tgt caldav.Calendar, sources span, cfgHash, day string) bool {
	if !ps.sync.IdleBase || ps.sync.ConfigHash != cfgHash || ps.sync.Day != day {
		return false
	}
	for _, cal := range srcs {
		if !ps.sync.Calendars[cal.Path].unchanged(cal, sources) {
			return false
		}
	}
	return ps.sync.Calendars[tgt.Path].unchanged(tgt, wholeCalendar)
}

// refreshAll brings the cached copies of the sources and of the target up
// to date and returns the target's. The calendars are fetched together, up
// to fetchesInFlight at once: over a network each costs at least a round
// trip, and the calendars do not depend on each other. A target that was
// not listed (this pass made it, or a dry run pretends to) is empty and is
// not read. Its empty copy is not cached.
func (s *Syncer) refreshAll(ctx context.Context, ps *passState, srcs []caldav.Calendar, tgt caldav.Calendar, sources span, sum *Summary, tgtOnServer bool) (*calState, error) {
	cals := srcs
	if tgtOnServer {
		cals = append(slices.Clip(srcs), tgt)
	}
	type result struct {
		cs  *calState
		st  fetchStats
		err error
	}
	results := make([]result, len(cals))
	var wg sync.WaitGroup
	slots := make(chan struct{}, fetchesInFlight)
	for i, cal := range cals {
		slots <- struct{}{}
		s.report(Progress{Phase: PhaseFetching, Calendar: cal.Name, N: i + 1, Of: len(cals)})
		win := wholeCalendar // the target is read whole
		if i < len(srcs) {
			win = sources
		}
		cached := ps.sync.Calendars[cal.Path]
		wg.Go(func() {
			defer func() { <-slots }()
			r := &results[i]
			var took time.Duration
			r.cs, r.st, took, r.err = s.refreshPrefetched(ctx, cal, cached, win)
			if r.err == nil {
				s.fetchLog(cal, r.st, took)
			}
		})
	}
	wg.Wait()
	for i := range cals {
		r := results[i]
		if r.err == nil {
			continue
		}
		if retry, _ := caldav.Retryable(r.err); retry || ctx.Err() != nil || i == len(srcs) {
			return nil, r.err // the server or the network, or the target: the whole pass backs off
		}
	}
	for i, cal := range srcs {
		r := results[i]
		if r.err != nil {
			// This calendar alone cannot be read or decoded: say so, go on
			// with the others, and delete nothing this pass (see unreadable).
			s.log.Error("could not read a source calendar; the other calendars are processed, and no entry is deleted this pass",
				zap.String("calendar", cal.Path), zap.Error(r.err))
			sum.Errors = append(sum.Errors, fmt.Sprintf("source calendar %s: %v", cal.Path, r.err))
			sum.unreadable++
			continue
		}
		ps.sync.Calendars[cal.Path] = r.cs
		sum.Fetch.add(r.st)
	}
	if !tgtOnServer {
		return &calState{Name: tgt.Name, Objects: map[string]objState{}}, nil
	}
	r := results[len(srcs)]
	ps.sync.Calendars[tgt.Path] = r.cs
	sum.Fetch.add(r.st)
	return r.cs, nil
}

// fetchesInFlight bounds the calendars a pass fetches at once.
const fetchesInFlight = 4

// settleTarget re-reads the target alone (Depth 0): listing the home would
// make the server compute every source's ctag and sync-token again, which
// costs Radicale 0.4-0.6 s for 5,000 events (docs/performance.md).
func (s *Syncer) settleTarget(ctx context.Context, ps *passState, tgt caldav.Calendar) error {
	err := s.settleOnce(ctx, ps, tgt)
	if retry, after := caldav.Retryable(err); retry && ctx.Err() == nil {
		// Only reads: a connection cut in the middle of the answer (a
		// server just busy with the pass's writes) is worth one more try
		// before the next pass has to read the target again.
		wait := min(max(after, 250*time.Millisecond), 5*time.Second)
		s.log.Info("re-reading the target calendar after writing failed; trying once more",
			zap.String("calendar", tgt.Path), zap.Duration("in", wait), zap.Error(err))
		select {
		case <-time.After(wait):
		case <-ctx.Done():
			return err
		}
		err = s.settleOnce(ctx, ps, tgt)
	}
	return err
}

// settleOnce is one re-read of the target (settleTarget).
func (s *Syncer) settleOnce(ctx context.Context, ps *passState, tgt caldav.Calendar) error {
	c, err := s.dav.Calendar(ctx, tgt.Path)
	if err != nil {
		return err
	}
	cs, _, err := s.refresh(ctx, c, ps.sync.Calendars[tgt.Path], wholeCalendar)
	if err != nil {
		return err
	}
	ps.sync.Calendars[tgt.Path] = cs
	return nil
}

// createTarget makes the target calendar (MKCALENDAR) under the home. Its
// path has the form the listings give, a path on the home's host: a home
// on another host (iCloud) is an absolute URL, and the calendar made under
// it must be cached, and its entries recorded in the ledger, under the
// path the next pass lists, or that pass would not be idle.
func (s *Syncer) createTarget(ctx context.Context, dryRun bool) (*caldav.Calendar, error) {
	if s.google != nil {
		return s.createGoogleTarget(ctx, dryRun)
	}
	name := s.cfg.CalDAV.Target
	path := name
	if !strings.HasPrefix(name, "/") {
		path = strings.TrimSuffix(reconcile.PathOf(s.home), "/") + "/" + slug(name) + "/"
		name = s.cfg.CalDAV.Target
	} else {
		name = lastSegment(path)
	}
	cal := &caldav.Calendar{Path: path, Name: name, Components: []string{"VEVENT", "VTODO"}}
	if dryRun {
		s.log.Info("the target calendar is missing; a real pass would create it", zap.String("path", path))
		return cal, nil
	}
	if err := s.dav.MakeCalendar(ctx, path, name, cal.Components); err != nil {
		var se *caldav.StatusError
		if errors.As(err, &se) && (se.Status == http.StatusConflict || se.Status == http.StatusMethodNotAllowed) {
			return nil, fmt.Errorf("create the target calendar %q at %s: %w: something that is not a calendar netsyncd can list is already there (a calendar renamed and moved, or another collection); set caldav.target in %s to the name or path of the calendar to write to",
				s.cfg.CalDAV.Target, path, err, s.cfg.Path)
		}
		return nil, fmt.Errorf("create the target calendar %q: %w", s.cfg.CalDAV.Target, err)
	}
	s.log.Info("created the target calendar", zap.String("path", path), zap.String("name", name))
	return cal, nil
}

// configHash identifies the config's meaning: a reload that changes
// nothing keeps passes idle, any real change makes the next pass whole.
func configHash(cfg *config.Config) string {
	b, _ := cfg.Redacted()
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:8])
}

func slug(name string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(name) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		case b.Len() > 0 && !strings.HasSuffix(b.String(), "-"):
			b.WriteByte('-')
		}
	}
	if s := strings.Trim(b.String(), "-"); s != "" {
		return s
	}
	return "networking"
}

func lastSegment(path string) string {
	parts := strings.Split(strings.Trim(path, "/"), "/")
	return parts[len(parts)-1]
}
