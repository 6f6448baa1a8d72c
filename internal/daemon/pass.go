package daemon

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"go.uber.org/zap"

	"github.com/netsyncd/netsyncd/internal/caldav"
	"github.com/netsyncd/netsyncd/internal/config"
	"github.com/netsyncd/netsyncd/internal/event"
	"github.com/netsyncd/netsyncd/internal/limits"
	"github.com/netsyncd/netsyncd/internal/pipeline"
	"github.com/netsyncd/netsyncd/internal/plan"
	"github.com/netsyncd/netsyncd/internal/reconcile"
)

// Summary is what a pass did; its JSON is `netsyncd once --json`.
type Summary struct {
	Created        int      `json:"created"`
	Updated        int      `json:"updated"`
	Deleted        int      `json:"deleted"`
	Unchanged      int      `json:"unchanged"`
	KeptUserEdits  int      `json:"kept_user_edits"`
	SkippedInvalid int      `json:"skipped_invalid"`
	Errors         []string `json:"errors"`

	Idle     bool          `json:"idle"`
	DryRun   bool          `json:"dry_run,omitempty"`
	Duration time.Duration `json:"-"`
	// Changes lists every write (or, with a dry run, every write it would make).
	Changes []ChangeLine `json:"changes"`
	// NewFindings are the findings that were not there at the last pass.
	NewFindings []limits.Finding `json:"-"`
	Fetch       fetchStats       `json:"-"`
	// unreadable counts the source calendars this pass could not read.
	unreadable int
}

// ChangeLine is one change as `once` prints it.
type ChangeLine struct {
	Action  string    `json:"action"`
	Kind    string    `json:"kind"`
	Summary string    `json:"summary"`
	Start   time.Time `json:"start"`
	Href    string    `json:"href"`
	Reason  string    `json:"reason,omitempty"`
	Error   string    `json:"error,omitempty"`
}

// Changed reports whether the pass wrote anything.
func (s *Summary) Changed() bool { return s.Created+s.Updated+s.Deleted > 0 }

// passState is everything loaded from the state directory for a pass.
type passState struct {
	sync   syncState
	ledger reconcile.Ledger
	// ledgerWarned: the log said the ledger was lost, once is enough.
	ledgerWarned bool
	// ledgerAbsent: ledger.json was not there when the state was loaded (a
	// ledger emptied by Prune is not lost), until a pass adopts the target's
	// entries into a new one.
	ledgerAbsent bool
	// loadErr: ledger.json is there but cannot be read (not corrupt: a
	// directory, no permission, an I/O error). No pass runs until it can.
	loadErr error
}

// Pass runs one whole pass. With dryRun it computes the changes and writes
// nothing, neither to the server nor to the state directory.
func (s *Syncer) Pass(ctx context.Context, dryRun bool) (*Summary, error) {
	started := s.now()
	sum := &Summary{DryRun: dryRun, Errors: []string{}, Changes: []ChangeLine{}}
	if s.ps == nil {
		s.ps = s.loadState() // once per Syncer: a running daemon keeps it in memory
	}
	ps := s.ps
	if ps.loadErr != nil {
		err := ps.loadErr
		s.ps = nil // read it again at the next pass
		return nil, err
	}
	s.forServer(ps)
	cals, err := s.calendars(ctx)
	if err != nil {
		return nil, err
	}
	srcs, tgt, err := caldav.Select(cals, s.names.sources, s.names.target)
	if err != nil {
		return nil, fmt.Errorf("%w (caldav.sources / caldav.target in %s)", err, s.cfg.Path)
	}
	if tgt == nil {
		tgt, srcs = s.renamedTarget(cals, srcs, ps)
	}
	w := pipeline.WindowAround(s.cfg, started)
	day := started.In(s.cfg.Location).Format("2006-01-02")
	if s.cfgHash == "" {
		// Once per Syncer (a reload builds a new one): hashing the config
		// was 70% of an idle pass's CPU (docs/performance.md).
		s.cfgHash = configHash(s.cfg)
	}
	cfgHash := s.cfgHash
	if tgt != nil && ps.idle(srcs, *tgt, &w, cfgHash, day) {
		sum.Idle = true
		sum.Unchanged = len(ps.sync.Calendars[tgt.Path].Objects)
		sum.Duration = s.now().Sub(started)
		return sum, nil
	}
	// The refresh below brings the cached ctags up to date before anything
	// is written: a pass that then fails must not be the base of an idle one.
	ps.sync.ConfigHash = ""
	exists := tgt != nil
	if !exists {
		if !dryRun {
			s.targetDeleted(ps)
		}
		if tgt, err = s.createTarget(ctx, dryRun); err != nil {
			return nil, err
		}
	}
	tcs, err := s.refreshAll(ctx, ps, srcs, *tgt, &w, sum, exists || !dryRun)
	if err != nil {
		return nil, err
	}
	var sources []event.Source
	for _, cal := range srcs {
		if cs := ps.sync.Calendars[cal.Path]; cs != nil {
			sources = append(sources, cs.sources(cal)...) // an unreadable calendar's cached copy, if any
		}
	}
	an, err := pipeline.AnalyzeContext(ctx, s.cfg, s.cl, sources, w)
	if err != nil {
		return nil, err
	}
	for _, p := range an.Problems {
		s.log.Warn("skipped a calendar component", zap.String("problem", p.Error()))
	}
	for _, f := range an.Capped() {
		s.log.Warn("capped by a budget", zap.String("uid", f.UID), zap.String("message", f.Message))
	}
	sum.SkippedInvalid += len(an.Problems) + sum.Fetch.Skipped
	s.syncMarker(tcs, *tgt, ps) // before owned adopts: what another instance made is known, not adopted
	owned := s.owned(tcs, ps, sum)
	opts := s.encodeOptions(started, *tgt)
	if opts.As != s.cfg.Output.As {
		s.log.Warn("the target calendar does not take tasks (VTODO); writing the entries as events",
			zap.String("calendar", tgt.Name), zap.Strings("components", tgt.Components))
	}
	changes := reconcile.Reconcile(an.Entries, owned, ledgerOf(ps.ledger, tgt.Path), started, opts)
	if sum.unreadable > 0 || sum.Fetch.Skipped > 0 {
		changes = s.keepUnplanned(changes, sum)
	}
	if !dryRun {
		// Deletes are recorded in the shared ledger before they are sent
		// (marker.go), as in ledger.json.
		if err := s.recordDeletes(ctx, tcs, *tgt, ps.ledger, changes); err != nil {
			return sum, err
		}
	}
	if err := s.apply(ctx, *tgt, tcs, ps.ledger, changes, dryRun, sum); err != nil {
		return sum, err
	}
	markerWritten := false
	if !dryRun {
		var err error
		if markerWritten, err = s.writeMarker(ctx, tcs, *tgt, ps.ledger); err != nil {
			if retry, _ := caldav.Retryable(err); retry {
				return sum, err
			}
			s.log.Error("could not write the shared ledger", zap.Error(err))
			sum.Errors = append(sum.Errors, err.Error())
		}
	}
	sum.NewFindings = ps.newFindings(allFindings(an.Result))
	if dryRun {
		sum.Duration = s.now().Sub(started)
		return sum, nil
	}
	if sum.Changed() || markerWritten {
		// Absorb our own writes (and anything that raced them) now, so the
		// next pass can be idle.
		if err := s.settleTarget(ctx, ps, *tgt); err != nil {
			s.log.Warn("could not re-read the target calendar after writing", zap.Error(err))
		}
	}
	// Forget entries older than anything a pass can still plan.
	ps.ledger.Prune(started.Add(-(s.cfg.Window.Past.D() + s.cfg.Window.Future.D() + s.cfg.Output.Prep.Lead.D() + 30*24*time.Hour)))
	ps.sync.TargetPath, ps.sync.TargetName = tgt.Path, s.cfg.CalDAV.Target
	if len(sum.Errors) == 0 {
		ps.sync.ConfigHash, ps.sync.Day = cfgHash, day
	} else {
		ps.sync.ConfigHash = "" // a pass with errors is never the base of an idle one
	}
	sum.Duration = s.now().Sub(started)
	if err := s.saveState(ps); err != nil {
		// Never the base of an idle pass: the next one tries to save again.
		ps.sync.ConfigHash = ""
		sum.Errors = append(sum.Errors, err.Error())
		return sum, err
	}
	return sum, nil
}

// keepUnplanned turns the deletes of entries no source plans any more into
// keeps, when a source calendar or object could not be read this pass:
// the entry's source may be the one that could not be read, and an entry
// the user relies on must not go because of a bad byte or a lying server.
// The next pass that reads everything deletes what is really gone.
func (s *Syncer) keepUnplanned(changes []reconcile.Change, sum *Summary) []reconcile.Change {
	kept := 0
	for i := range changes {
		if c := &changes[i]; c.Action == reconcile.Delete && c.Entry == nil {
			c.Action, c.Reason = reconcile.Keep, "kept: a source could not be read this pass"
			kept++
		}
	}
	if kept > 0 {
		s.log.Warn("kept entries whose source may be one that could not be read", zap.Int("entries", kept),
			zap.Int("unreadable_calendars", sum.unreadable), zap.Int("skipped_objects", sum.Fetch.Skipped))
	}
	return changes
}

// idle reports whether nothing changed since the last complete pass.
func (ps *passState) idle(srcs []caldav.Calendar, tgt caldav.Calendar, w *pipeline.Window, cfgHash, day string) bool {
	if ps.sync.ConfigHash != cfgHash || ps.sync.Day != day {
		return false
	}
	for _, cal := range srcs {
		if !ps.sync.Calendars[cal.Path].unchanged(cal, w) {
			return false
		}
	}
	return ps.sync.Calendars[tgt.Path].unchanged(tgt, nil)
}

// refreshAll brings the cached copies of the sources and of the target up
// to date and returns the target's. A target that does not exist (a dry
// run only pretends to create it) is empty and is not read: the server
// would answer 404. Its empty copy is not cached.
func (s *Syncer) refreshAll(ctx context.Context, ps *passState, srcs []caldav.Calendar, tgt caldav.Calendar, w *pipeline.Window, sum *Summary, tgtExists bool) (*calState, error) {
	of := len(srcs) + 1
	for i, cal := range srcs {
		s.report(Progress{Phase: PhaseFetching, Calendar: cal.Name, N: i + 1, Of: of})
		began := time.Now()
		cs, st, err := s.refresh(ctx, cal, ps.sync.Calendars[cal.Path], w)
		if err != nil {
			if retry, _ := caldav.Retryable(err); retry || ctx.Err() != nil {
				return nil, err // the server or the network: the whole pass backs off
			}
			// This calendar alone cannot be read or decoded: say so, go on
			// with the others, and delete nothing this pass (see unreadable).
			s.log.Error("could not read a source calendar; the other calendars are processed, and no entry is deleted this pass",
				zap.String("calendar", cal.Path), zap.Error(err))
			sum.Errors = append(sum.Errors, fmt.Sprintf("source calendar %s: %v", cal.Path, err))
			sum.unreadable++
			continue
		}
		s.fetchLog(cal, st, time.Since(began))
		ps.sync.Calendars[cal.Path] = cs
		sum.Fetch.add(st)
	}
	if !tgtExists {
		return &calState{Name: tgt.Name, Objects: map[string]objState{}}, nil
	}
	s.report(Progress{Phase: PhaseFetching, Calendar: tgt.Name, N: of, Of: of})
	began := time.Now()
	cs, st, err := s.refresh(ctx, tgt, ps.sync.Calendars[tgt.Path], nil)
	if err != nil {
		return nil, err
	}
	s.fetchLog(tgt, st, time.Since(began))
	ps.sync.Calendars[tgt.Path] = cs
	sum.Fetch.add(st)
	return cs, nil
}

// settleTarget re-reads the target alone (Depth 0): listing the home would
// make the server compute every source's ctag and sync-token again, which
// costs Radicale 0.4-0.6 s for 5,000 events (docs/performance.md).
func (s *Syncer) settleTarget(ctx context.Context, ps *passState, tgt caldav.Calendar) error {
	c, err := s.dav.Calendar(ctx, tgt.Path)
	if err != nil {
		return err
	}
	cs, _, err := s.refresh(ctx, c, ps.sync.Calendars[tgt.Path], nil)
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
		path = strings.TrimSuffix(hrefPath(s.home), "/") + "/" + slug(name) + "/"
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

// owned decodes the target's objects that carry netsyncd's marker and
// records in the ledger those it does not know.
func (s *Syncer) owned(cs *calState, ps *passState, sum *Summary) []plan.Owned {
	var out []plan.Owned
	for _, p := range sortedKeys(cs.Objects) {
		o := cs.Objects[p]
		if !bytes.Contains(o.Data, []byte("X-NETSYNCD-KIND")) {
			continue // not ours: never read further, never touched
		}
		own, err := plan.Decode(o.Data)
		if err != nil {
			s.log.Warn("an object with netsyncd's marker could not be read; leaving it alone", zap.String("href", p), zap.Error(err))
			sum.SkippedInvalid++
			continue
		}
		if own.Kind == "" && own.Invalid == "" {
			continue // the marker was only mentioned in the text: not ours
		}
		if own.Invalid != "" {
			// Reconcile sees it (so its UID is never created again) and leaves it alone.
			s.log.Warn("an entry with netsyncd's marker is damaged; leaving it alone", zap.String("href", p), zap.String("why", own.Invalid))
			sum.SkippedInvalid++
		}
		own.Href, own.ETag = p, o.ETag
		out = append(out, own)
	}
	// An entry whose create succeeded just before a crash is recorded now.
	// So are all of them when the ledger was lost with the whole state
	// directory: say so, as loadState does when only the ledger is gone.
	if n := ps.ledger.Adopt(out, s.now().UTC()); ps.ledgerAbsent && n > 0 && !ps.ledgerWarned {
		s.log.Warn(ledgerMissing, zap.Int("adopted", n), zap.String("calendar", cs.Name))
		ps.ledgerWarned = true
	}
	ps.ledgerAbsent = false
	return out
}

// encodeOptions says how entries are written. output.as: todo falls back to
// events when the target calendar's supported-calendar-component-set
// (RFC 4791 section 5.2.3) leaves VTODO out, as Google's calendars do.
func (s *Syncer) encodeOptions(now time.Time, tgt caldav.Calendar) plan.EncodeOptions {
	as := s.cfg.Output.As
	if as == "todo" && !tgt.Supports("VTODO") {
		as = "event"
	}
	return plan.EncodeOptions{As: as, Private: s.cfg.Output.Private, Stamp: now.UTC()}
}

// allFindings is every finding of the window: each week's holds its own
// and those of its occurrences, the planner's included (pipeline.Analyze).
func allFindings(res limits.Result) []limits.Finding {
	var out []limits.Finding
	for _, w := range res.Weeks {
		out = append(out, w.Findings...)
	}
	return out
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

// ledgerOf is the part of the ledger about entries in the target calendar
// at path: after the user points caldav.target elsewhere, the entries made
// in the old calendar are not "deleted by the user" of the new one. An href
// recorded as an absolute URL (entries created in a new calendar on
// iCloud's other host, before createTarget used the listings' form) counts
// by its path.
func ledgerOf(l reconcile.Ledger, path string) reconcile.Ledger {
	out := make(reconcile.Ledger, len(l))
	for uid, e := range l {
		if e.Href == "" || strings.HasPrefix(hrefPath(e.Href), path) {
			out[uid] = e
		}
	}
	return out
}

// hrefPath is the path of an href given as an absolute URL, or the href.
func hrefPath(href string) string {
	if u, err := url.Parse(href); err == nil && u.IsAbs() {
		return u.Path
	}
	return href
}
