// Package daemon runs netsyncd's passes against a CalDAV server and keeps
// them going on a schedule.
//
// A pass is fetch -> decide -> apply -> save (pass.go): list the calendars
// (one Depth 1 PROPFIND of the home) and bring the cached copies of the
// changed ones up to date (fetch.go, cache.go); decide, purely, with
// core.Decide (analysis, stages, reconcile against the entries netsyncd
// owns in the target calendar); apply the changes with conditional
// requests (apply.go, marker.go); save the state (statefile.go). Rules it
// keeps:
//   - It never writes or deletes an object without X-NETSYNCD-KIND.
//   - An idle pass (no calendar changed, same config, same day) costs the
//     one PROPFIND and writes nothing.
//   - One failed write never stops the others; a 412 re-reads that entry
//     and plans it again; the next pass converges.
package daemon

import (
	"context"
	"fmt"
	"sync"
	"time"

	"go.uber.org/zap"

	"github.com/netsyncd/netsyncd/internal/caldav"
	"github.com/netsyncd/netsyncd/internal/classify"
	"github.com/netsyncd/netsyncd/internal/config"
	"github.com/netsyncd/netsyncd/internal/event"
	"github.com/netsyncd/netsyncd/internal/gcal"
	"github.com/netsyncd/netsyncd/internal/milestone"
	"github.com/netsyncd/netsyncd/internal/oauth"
	"github.com/netsyncd/netsyncd/internal/pipeline"
	"github.com/netsyncd/netsyncd/internal/state"
)

// Syncer runs passes for one config. It is not safe for concurrent passes:
// the scheduler runs one at a time.
type Syncer struct {
	cfg   *config.Config
	dav   *caldav.Client
	cl    *classify.Classifier
	store *state.Store // nil: read-only use (explain, report)
	log   *zap.Logger
	now   func() time.Time
	home  string     // the calendar home, once found (or read from sync.json)
	ps    *passState // loaded from the state directory at the first pass
	// objects keeps the cached objects' bytes on disk (bodies.go);
	// nil without a state directory.
	objects *bodyStore
	// cfgHash is configHash(cfg), computed at the first pass.
	cfgHash string
	// tokens signs requests in with OAuth (caldav.oauth), nil otherwise;
	// google lists and creates calendars on Google (google.go).
	tokens *oauth.Source
	google *gcal.Client
	// names is the config's calendars as paths, once resolved (homes.go).
	names *calendarNames
	// planRec is the plan's record of counted occurrences (plan.go).
	planRec *milestone.Record
	// withoutPeople runs passes without the people ledger: the benchmark's
	// baseline, the pass as it was before it.
	withoutPeople bool
	// progress is told each step of a pass (OnProgress, progress.go).
	progress   func(Progress)
	progressMu sync.Mutex
	// writeLogEvery: how often writing says how far it is; 0 is 5 s.
	writeLogEvery time.Duration
	// prefetch is what the pass in progress read before its listing
	// (prefetch.go).
	prefetch *prefetches
}

// NewSyncer builds a Syncer. store may be nil for a pass that writes
// nothing to the state directory (the demo's first pass, tests).
func NewSyncer(cfg *config.Config, sec config.Secret, store *state.Store, log *zap.Logger, now func() time.Time) (*Syncer, error) {
	s, err := newSyncer(cfg, sec, store, log, now)
	if err != nil {
		return nil, err
	}
	if s.cl, err = classify.New(cfg); err != nil {
		return nil, err
	}
	return s, nil
}

// newSyncer is a Syncer without its classifier: enough to read.
func newSyncer(cfg *config.Config, sec config.Secret, store *state.Store, log *zap.Logger, now func() time.Time) (*Syncer, error) {
	if cfg.CalDAV.InsecureSkipTLSVerify {
		log.Warn("TLS certificate checks are off (caldav.insecure_skip_tls_verify): anyone on the path can read your calendar and password")
	}
	var err error
	opts := caldav.Options{
		URL:                   cfg.CalDAV.URL,
		Username:              cfg.CalDAV.Username,
		Password:              sec.Password,
		BearerToken:           sec.BearerToken,
		InsecureSkipTLSVerify: cfg.CalDAV.InsecureSkipTLSVerify,
		Timeout:               cfg.CalDAV.Timeout.D(),
		UserAgent:             "netsyncd",
	}
	if opts.RootCAs, err = cfg.CalDAV.CAPool(); err != nil {
		return nil, err
	}
	tokens, google := oauthParts(cfg, sec, log)
	if tokens != nil {
		opts.Tokens = tokens
	}
	dav, err := caldav.New(opts, log.Named("caldav"))
	if err != nil {
		return nil, err
	}
	return &Syncer{cfg: cfg, dav: dav, store: store, log: log, now: now, tokens: tokens, google: google}, nil
}

// Reader reads the source calendars for the commands that only read
// (explain, report, people, the demo's reports): no state directory, no
// classifier (the caller analyzes), no writes.
type Reader struct{ s *Syncer }

// NewReader builds a Reader.
func NewReader(cfg *config.Config, sec config.Secret, log *zap.Logger, now func() time.Time) (*Reader, error) {
	s, err := newSyncer(cfg, sec, nil, log, now)
	if err != nil {
		return nil, err
	}
	return &Reader{s: s}, nil
}

// ReadSources fetches every source calendar's events overlapping w.
func (r *Reader) ReadSources(ctx context.Context, w pipeline.Window) ([]event.Source, error) {
	return r.s.readSources(ctx, w)
}

// discoveredCalendars lists the calendars of the home, discovering the
// home first when it is not known yet or has moved.
func (s *Syncer) discoveredCalendars(ctx context.Context) ([]caldav.Calendar, error) {
	if s.home != "" {
		cals, err := s.dav.Calendars(ctx, s.home)
		if !caldav.IsNotFound(err) {
			return cals, err
		}
		s.log.Info("the calendar home moved; discovering it again", zap.String("home", s.home))
	}
	home, cals, err := s.dav.DiscoverCalendars(ctx)
	if home == "" {
		return nil, err
	}
	s.log.Info("found the calendar home", zap.String("home", home))
	s.home = home
	return cals, err
}

// readSources fetches every source calendar's events overlapping w,
// without touching any state.
func (s *Syncer) readSources(ctx context.Context, w pipeline.Window) ([]event.Source, error) {
	cals, err := s.calendars(ctx)
	if err != nil {
		return nil, err
	}
	srcs, _, err := caldav.Select(cals, s.names.sources, s.names.target)
	if err != nil {
		return nil, fmt.Errorf("%w (caldav.sources in %s)", err, s.cfg.Path)
	}
	var out []event.Source
	for _, cal := range srcs {
		var st fetchStats
		cs, _, err := s.fullFetch(ctx, cal, within(w), &st)
		if err != nil {
			return nil, err
		}
		out = append(out, cs.sources(cal, nil)...)
	}
	return out, nil
}
