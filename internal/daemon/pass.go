package daemon

import (
	"context"
	"errors"
	"maps"
	"slices"
	"sync"
	"time"

	"go.uber.org/zap"

	"github.com/netsyncd/netsyncd/internal/caldav"
	"github.com/netsyncd/netsyncd/internal/core"
	"github.com/netsyncd/netsyncd/internal/entry"
	"github.com/netsyncd/netsyncd/internal/event"
	"github.com/netsyncd/netsyncd/internal/limits"
	"github.com/netsyncd/netsyncd/internal/pipeline"
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
	// ledgerUnsaid: ledger.json was missing when the state was loaded and
	// no warning said so (a fresh install, or the whole state directory
	// lost). The first pass that reads the target says so if it adopts
	// entries with netsyncd's marker (core.Inputs.LedgerLost); a ledger
	// emptied by Prune is not lost.
	ledgerUnsaid bool
	// loadErr: ledger.json is there but cannot be read (not corrupt: a
	// directory, no permission, an I/O error). No pass runs until it can.
	loadErr error
	// people is the people ledger (people.go).
	people peopleState
	// objectsChecked: every object the objects file holds was read back
	// and matched its CRC (bodies.go), once after the load.
	objectsChecked bool
}

// pass is one pass in progress: what was fetched, what was decided.
type pass struct {
	started time.Time
	dryRun  bool
	day     string // the local date, for the idle check
	window  pipeline.Window
	srcs    []caldav.Calendar
	tgt     caldav.Calendar
	tcs     *calState // the target's cached copy, kept in step with the writes
	idle    bool
	in      core.Inputs
	d       core.Decision
	// markerWritten: the shared ledger was written, so the target is re-read.
	markerWritten bool
	// created: the pass made the target, and did not read it (fetch.go).
	created bool
	// mu guards tcs and the ledger while writes are in flight (apply.go);
	// deleting holds the UIDs whose delete is recorded in the ledger,
	// wrote the hrefs of the entries created or updated (learnWrites).
	mu       sync.Mutex
	deleting map[string]bool
	wrote    map[string]written
}

// Pass runs one whole pass: fetch, decide (package core, pure), apply,
// save. With dryRun it computes the changes and writes nothing, neither to
// the server nor to the state directory.
func (s *Syncer) Pass(ctx context.Context, dryRun bool) (*Summary, error) {
	p := &pass{started: s.now(), dryRun: dryRun}
	var err error
	sum := &Summary{DryRun: dryRun, Errors: []string{}, Changes: []ChangeLine{}}
	if err := s.fetch(ctx, p, sum); err != nil {
		return nil, err
	}
	if p.idle {
		return s.done(p, sum), nil
	}
	if p.in, err = s.inputs(p, sum); err != nil {
		return nil, err
	}
	if err := s.withPeople(ctx, p); err != nil {
		return nil, err
	}
	// The target's objects are core's to read once (and let go): the 412
	// path (apply.go) hands it the one object it read again.
	in := p.in
	p.in.Target.Objects = nil
	d, err := core.Decide(pipeline.Lean(ctx), in)
	if err != nil {
		if errors.Is(err, errObjectCache) {
			s.ps = nil // load and check the state again at the next pass
		}
		return nil, err
	}
	if p.in.People != nil {
		s.ps.people.ledger = d.Analysis.People
	}
	p.d, s.ps.ledger, s.ps.ledgerUnsaid = d, d.Ledger, false
	s.logNotes(d.Notes)
	sum.SkippedInvalid += d.SkippedInvalid + sum.Fetch.Skipped
	if err := s.applyAll(ctx, p, sum); err != nil {
		return sum, err
	}
	s.ps.sync.Findings, sum.NewFindings = d.Reported, d.NewFindings
	if dryRun {
		return s.done(p, sum), nil
	}
	return sum, s.save(ctx, p, sum)
}

// inputs are what core.Decide decides the pass from.
func (s *Syncer) inputs(p *pass, sum *Summary) (core.Inputs, error) {
	ps := s.ps
	var sources []event.Source
	for _, cal := range p.srcs {
		if cs := ps.sync.Calendars[cal.Path]; cs != nil {
			sources = append(sources, cs.sources(cal, s.objects)...) // an unreadable calendar's cached copy, if any
		}
	}
	t, err := target(p.tgt, p.tcs, s.objects)
	if err != nil {
		s.ps = nil // read the state again, and check the objects file
		return core.Inputs{}, err
	}
	return core.Inputs{
		Config: s.cfg, Classifier: s.cl, Now: p.started, Window: p.window, Sources: sources,
		Unreadable: sum.unreadable, SkippedObjects: s.unreadCount(p),
		Target: t, Ledger: ps.ledger, LedgerLost: ps.ledgerUnsaid, Reported: ps.sync.Findings,
		Plan: s.planInput(p),
	}, nil
}

// target is the target calendar as core reads it, its objects read from
// bs (bodies.go) one at a time.
func target(tgt caldav.Calendar, cs *calState, bs *bodyStore) (core.Target, error) {
	t := core.Target{Path: tgt.Path, Name: tgt.Name, TakesTasks: tgt.Supports("VTODO"), Components: tgt.Components}
	t.Objects = make([]core.Object, 0, len(cs.Objects))
	for _, href := range slices.Sorted(maps.Keys(cs.Objects)) {
		o := cs.Objects[href]
		data, err := bs.read(o)
		if err != nil {
			return t, err
		}
		t.Objects = append(t.Objects, core.Object{Href: href, ETag: o.ETag, Data: string(data)})
	}
	return t, nil
}

// logNotes logs what the decision noticed.
func (s *Syncer) logNotes(notes []core.Note) {
	for _, n := range notes {
		fields := make([]zap.Field, len(n.Fields))
		for i, f := range n.Fields {
			fields[i] = zap.Any(f.Key, f.Value)
		}
		if n.Warn {
			s.log.Warn(n.Msg, fields...)
		} else {
			s.log.Info(n.Msg, fields...)
		}
	}
}

// applyAll writes the decision: the deletes recorded in the shared ledger
// before they are sent (marker.go), as in ledger.json; the changes; the
// shared ledger's new records.
func (s *Syncer) applyAll(ctx context.Context, p *pass, sum *Summary) error {
	if !p.dryRun {
		if err := s.recordDeletes(ctx, p.tcs, p.tgt, s.ps.ledger, p.d.Changes); err != nil {
			return err
		}
	}
	if err := s.apply(ctx, p, sum); err != nil {
		return err
	}
	if p.dryRun {
		return nil
	}
	var err error
	if p.markerWritten, err = s.writeMarker(ctx, p.tcs, p.tgt, s.ps.ledger); err != nil {
		if retry, _ := caldav.Retryable(err); retry {
			return err
		}
		s.log.Error("could not write the shared ledger", zap.Error(err))
		sum.Errors = append(sum.Errors, err.Error())
	}
	return nil
}

// save re-reads the target after the pass's writes, forgets old ledger
// records and saves the state; a pass with errors, or one whose save
// fails, is never the base of an idle one.
func (s *Syncer) save(ctx context.Context, p *pass, sum *Summary) error {
	ps := s.ps
	p.release()
	if sum.Changed() || p.markerWritten || p.created {
		// Absorb our own writes (and anything that raced them) now, so the
		// next pass can be idle.
		if err := s.settleTarget(ctx, ps, p.tgt); err != nil {
			s.log.Warn("could not re-read the target calendar after writing", zap.Error(err))
		} else {
			s.learnWrites(ps, p)
		}
	}
	ps.ledger.Prune(p.d.ForgetBefore)
	ps.sync.TargetPath, ps.sync.TargetName = p.tgt.Path, s.cfg.CalDAV.Target
	ps.sync.ConfigHash, ps.sync.Day = s.cfgHash, p.day
	ps.sync.IdleBase = len(sum.Errors) == 0 // a pass with errors is never the base of an idle one
	s.done(p, sum)
	if err := s.savePlan(p); err != nil {
		sum.Errors = append(sum.Errors, err.Error())
	}
	if err := s.saveState(ps); err != nil {
		// Never the base of an idle pass: the next one tries to save again.
		ps.sync.IdleBase = false
		sum.Errors = append(sum.Errors, err.Error())
		return err
	}
	return nil
}

// learnWrites lets the ledger learn how the server stores the entries
// the pass wrote (reconcile.Ledger.Learn) from the re-read right after the
// writes, and forget their ETags: that read is of the server's copy of
// the write, or of a change made in the second since. The first read of
// the next pass may come hours later, after anything: on SOGo, whose
// every new object has the ETag "gcs00000000", the user's edited copy put
// back at the href after a delete has the ETag of netsyncd's create.
func (s *Syncer) learnWrites(ps *passState, p *pass) {
	cs := ps.sync.Calendars[p.tgt.Path]
	if cs == nil || len(p.wrote) == 0 {
		return
	}
	owned := make([]entry.Owned, 0, len(p.wrote))
	for _, href := range slices.Sorted(maps.Keys(p.wrote)) {
		w := p.wrote[href]
		o, ok := cs.Objects[href]
		if !ok || w.hash == "" {
			// A write of the user's text: the ledger keeps no record of
			// its stored form (Ledger.Wrote), and Learn would skip it.
			continue
		}
		data, err := s.objects.read(o)
		if err != nil {
			continue // the next pass reads it, and fails if the cache cannot give it
		}
		if w.sent(data) {
			// The bytes sent, as the cache still holds them (a server that
			// stores what it is sent, or a re-read that fetched nothing):
			// their text is the write's, hashed w.hash. Learning so forgets
			// the write's ETag without reading the entry again, and learns
			// no more than X-NETSYNCD-HASH already says (a crc32 that
			// matched other bytes could only make an edit of them count).
			owned = append(owned, entry.Owned{UID: w.uid, Href: href, ETag: o.ETag, StoredHash: w.hash, ContentHash: w.hash})
			continue
		}
		if own, ours, err := entry.Ours(href, o.ETag, data); err == nil && ours {
			owned = append(owned, own)
		}
	}
	ps.ledger.Learn(owned)
}

// release lets go of what the pass decided once it is written (its
// inputs, analysis, entries and changes), keeping what the save needs:
// the ledger's horizon and the plan's record. At 50,000 events the first
// pass's peak was the target read again after its writes (settleTarget)
// with all of them still held.
func (p *pass) release() {
	p.in = core.Inputs{}
	p.d = core.Decision{ForgetBefore: p.d.ForgetBefore,
		Analysis: pipeline.Analysis{Plan: pipeline.PlanOutput{Record: p.d.Analysis.Plan.Record}}}
}

func (s *Syncer) done(p *pass, sum *Summary) *Summary {
	sum.Duration = s.now().Sub(p.started)
	return sum
}
