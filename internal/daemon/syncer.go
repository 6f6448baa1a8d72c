// Package daemon runs netsyncd's passes against a CalDAV server and keeps
// them going on a schedule.
//
// A pass is: list the calendars (one Depth 1 PROPFIND of the home), bring
// the cached copies of the changed ones up to date, run the pure pipeline
// (expand, classify, check, plan), reconcile the desired entries with the
// ones netsyncd owns in the target calendar, and apply the changes with
// conditional requests. Rules it keeps:
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
	// cfgHash is configHash(cfg), computed at the first pass.
	cfgHash string
	// tokens signs requests in with OAuth (caldav.oauth), nil otherwise;
	// google lists and creates calendars on Google (google.go).
	tokens *oauth.Source
	google *gcal.Client
	// names is the config's calendars as paths, once resolved (homes.go).
	names *calendarNames
	// progress is told each step of a pass (OnProgress, progress.go).
	progress   func(Progress)
	progressMu sync.Mutex
	// writeLogEvery: how often writing says how far it is; 0 is 5 s.
	writeLogEvery time.Duration
}

// NewSyncer builds a Syncer. store may be nil for commands that only read.
func NewSyncer(cfg *config.Config, sec config.Secret, store *state.Store, log *zap.Logger, now func() time.Time) (*Syncer, error) {
	if cfg.CalDAV.InsecureSkipTLSVerify {
		log.Warn("TLS certificate checks are off (caldav.insecure_skip_tls_verify): anyone on the path can read your calendar and password")
	}
	opts := caldav.Options{
		URL:                   cfg.CalDAV.URL,
		Username:              cfg.CalDAV.Username,
		Password:              sec.Password,
		BearerToken:           sec.BearerToken,
		InsecureSkipTLSVerify: cfg.CalDAV.InsecureSkipTLSVerify,
		Timeout:               cfg.CalDAV.Timeout.D(),
		UserAgent:             "netsyncd",
	}
	tokens, google := oauthParts(cfg, sec)
	if tokens != nil {
		opts.Tokens = tokens
	}
	dav, err := caldav.New(opts, log.Named("caldav"))
	if err != nil {
		return nil, err
	}
	cl, err := classify.New(cfg)
	if err != nil {
		return nil, err
	}
	return &Syncer{cfg: cfg, dav: dav, cl: cl, store: store, log: log, now: now, tokens: tokens, google: google}, nil
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
	home, err := s.dav.Discover(ctx)
	if err != nil {
		return nil, err
	}
	s.log.Info("found the calendar home", zap.String("home", home))
	s.home = home
	return s.dav.Calendars(ctx, home)
}

// ReadSources fetches every source calendar's events overlapping w, without
// touching any state: what `explain` and `report` read from the server.
func (s *Syncer) ReadSources(ctx context.Context, w pipeline.Window) ([]event.Source, error) {
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
		cs, _, err := s.fullFetch(ctx, cal, &w, &st)
		if err != nil {
			return nil, err
		}
		out = append(out, cs.sources(cal)...)
	}
	return out, nil
}
