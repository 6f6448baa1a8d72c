package daemon

import (
	"errors"
	"fmt"
	"path/filepath"

	"go.uber.org/zap"

	"github.com/netsyncd/netsyncd/internal/core"
	"github.com/netsyncd/netsyncd/internal/reconcile"
	"github.com/netsyncd/netsyncd/internal/state"
)

// ledgerMissing is the warning for a lost ledger: when sync.json is there
// and ledger.json is not (loadState), or when the whole state directory was
// lost and the target calendar holds entries with netsyncd's marker
// (core.Decide, which adopts them into the new ledger, so it is said at
// most once).
const ledgerMissing = core.LedgerMissing

// ledgerNull is said when ledger.json holds JSON null.
const ledgerNull = "the ledger of created entries holds null, not a ledger; entries you deleted may be recreated once"

// loadState reads sync.json and ledger.json. Missing or corrupt files mean
// a full pass; a lost ledger is said out loud, since entries the user had
// deleted may then come back once.
func (s *Syncer) loadState() *passState {
	ps := &passState{sync: syncState{Calendars: map[string]*calState{}}, ledger: reconcile.Ledger{}}
	if s.store == nil {
		return ps
	}
	if ok, err := s.store.Load("sync", &ps.sync); err != nil {
		s.log.Warn("sync state unreadable; this pass reads everything again", zap.Error(err))
		ps.sync = syncState{}
	} else if ok && ps.sync.Version != syncStateVersion && ps.sync.Version != migrateVersion {
		// An older format: read everything again, but keep the findings
		// already reported, so they are not all warned about as new.
		ps.sync = syncState{Findings: ps.sync.Findings}
	}
	if ps.sync.Calendars == nil {
		ps.sync.Calendars = map[string]*calState{}
	}
	if s.objects == nil {
		s.objects = &bodyStore{store: s.store, log: s.log}
	}
	s.objects.open(&ps.sync, false)
	ok, err := s.store.Load("ledger", &ps.ledger)
	switch {
	case errors.Is(err, state.ErrCorrupt):
		s.log.Warn("the ledger of created entries is corrupt; entries you deleted may be recreated once", zap.Error(err))
		ps.ledger = reconcile.Ledger{}
	case err != nil:
		// Not corrupt, not missing: a directory, a FIFO, no permission, an
		// I/O error. Working without it could recreate what the user
		// deleted, so every pass fails until it can be read again.
		ps.loadErr = fmt.Errorf("%w: move it away or fix its permissions; netsyncd writes nothing until it can read it", err)
		ps.ledger = reconcile.Ledger{}
	case ok && ps.ledger == nil:
		// JSON null: no file netsyncd writes (an empty ledger is {}), so
		// something else wrote it, and what it recorded is gone.
		s.log.Warn(ledgerNull, zap.String("file", filepath.Join(s.store.Dir(), "ledger.json")))
	case !ok && len(ps.sync.Calendars) > 0:
		s.log.Warn(ledgerMissing)
	case !ok:
		ps.ledgerUnsaid = true
	}
	if ps.ledger == nil {
		ps.ledger = reconcile.Ledger{}
	}
	ps.people = s.loadPeople()
	if !ok {
		// No idle pass before the ledger is rebuilt from the target (Decide
		// adopts its entries), or each start would say it is missing again.
		ps.sync.IdleBase = false
	}
	return ps
}

// forServer keeps what the state knows about the server only when it was
// learnt with the configured caldav.url and caldav.username. After either
// changed, the old home (another user's, or a path on another server, which
// may well answer) and every cached calendar and token are dropped: the
// pass discovers the home and reads every calendar again. The ledger goes
// too: on another server (or as another user) the same paths may well hold
// a target calendar where netsyncd never wrote, and an entry the old
// ledger knows would read there as "deleted by the user", never created.
// The entries found in the new target are adopted into a new ledger; on
// the same server under a new URL, an entry the user had deleted may come
// back once.
func (s *Syncer) forServer(ps *passState) {
	url, user := s.cfg.CalDAV.URL, s.cfg.CalDAV.Username
	if ps.sync.URL != url || ps.sync.Username != user {
		if ps.sync.URL != "" {
			s.log.Info("caldav.url or caldav.username changed; discovering the calendar home again, reading every calendar, and starting a new ledger of created entries",
				zap.String("old_home", ps.sync.Home), zap.Int("forgotten_entries", len(ps.ledger)))
			ps.ledger = reconcile.Ledger{}
			ps.ledgerUnsaid = false // said here, not as a lost ledger
		}
		ps.sync = syncState{URL: url, Username: user, Calendars: map[string]*calState{}, Findings: ps.sync.Findings}
	}
	if s.home == "" {
		s.home = ps.sync.Home // discovery is remembered: an idle pass is one request
	}
}

// saveState writes ledger.json, then sync.json. An error means the pass
// did not record what protects the user's data: the caller fails the pass.
func (s *Syncer) saveState(ps *passState) error {
	if s.store == nil {
		return nil
	}
	ps.sync.Version = syncStateVersion
	ps.sync.URL, ps.sync.Username = s.cfg.CalDAV.URL, s.cfg.CalDAV.Username
	ps.sync.Home = s.home
	// The ledger first: if the sync state is lost after it, the next pass is
	// only a full one; the other way round it could recreate deleted entries.
	if err := s.store.Save("ledger", ps.ledger); err != nil {
		return fmt.Errorf("could not save the ledger of created entries (free some space in %s, or fix it): %w", s.store.Dir(), err)
	}
	if err := s.savePeople(ps); err != nil {
		return err
	}
	if err := s.objects.commit(&ps.sync); err != nil {
		return fmt.Errorf("%w (free some space in %s, or fix it)", err, s.store.Dir())
	}
	if err := s.store.Save("sync", ps.sync); err != nil {
		return fmt.Errorf("could not save the sync state (free some space in %s, or fix it): %w", s.store.Dir(), err)
	}
	s.objects.cleanup(ps.sync.ObjectsFile)
	return nil
}
