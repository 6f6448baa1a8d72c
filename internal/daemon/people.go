package daemon

import (
	"context"
	"crypto/sha256"
	"fmt"
	"time"

	"go.uber.org/zap"

	"github.com/netsyncd/netsyncd/internal/event"
	"github.com/netsyncd/netsyncd/internal/people"
	"github.com/netsyncd/netsyncd/internal/pipeline"
)

// peopleState is the people ledger (internal/people) of a Syncer: loaded
// from people.json at the first pass, learned from people.history once
// when there is none, then from what each pass fetches anyway, and saved
// with the pass's state. It is private: never logged, its errors name the
// file only.
type peopleState struct {
	ledger people.Ledger
	// known: loaded from people.json, or learned from history already. A
	// pass without it reads people.history first.
	known bool
	// saved is the SHA-256 of the file's bytes as last read or written: a
	// pass that learned nothing new does not write it again. (The bytes
	// themselves were 1.7 MiB held through every pass at 50,000 events.)
	saved [sha256.Size]byte
	// fold is the history read of the pass under way (history.go).
	fold *historyFold
}

// loadPeople reads people.json. A missing, unreadable or corrupt file is
// learned again from people.history; the warning names the file only.
func (s *Syncer) loadPeople() peopleState {
	if s.store == nil {
		return peopleState{}
	}
	l, ok, err := people.Load(s.store)
	if err != nil {
		s.log.Warn("the people ledger cannot be read; learning it again from people.history", zap.Error(err))
		return peopleState{}
	}
	if !ok {
		return peopleState{}
	}
	data, _ := people.Encode(l)
	return peopleState{ledger: l, known: true, saved: sha256.Sum256(data)}
}

// savePeople writes people.json when the ledger changed. An error fails
// the pass, as for the other state.
func (s *Syncer) savePeople(ps *passState) error {
	if s.store == nil || !ps.people.known {
		return nil
	}
	data, err := people.Encode(ps.people.ledger)
	if err != nil {
		return fmt.Errorf("could not encode the people ledger: %w", err)
	}
	sum := sha256.Sum256(data)
	if sum == ps.people.saved {
		return nil
	}
	if err := people.SaveEncoded(s.store, data); err != nil {
		return fmt.Errorf("could not save the people ledger (free some space in %s, or fix it): %w", s.store.Dir(), err)
	}
	ps.people.saved = sum
	return nil
}

// historyWindow is people.history before the start of today up to the
// pass's window: what the one history read covers.
func (s *Syncer) historyWindow(w pipeline.Window, now time.Time) pipeline.Window {
	loc := s.cfg.Location
	y, m, d := now.In(loc).Date()
	days := int((s.cfg.People.History.D() + 24*time.Hour - 1) / (24 * time.Hour))
	return pipeline.Window{From: event.DayStart(y, m, d-days, loc), To: w.From}
}

// withPeople readies the people ledger for the pass's decision: it reads
// people.history once when there is none, and gives core the ledger. A
// Syncer withoutPeople decides without one.
func (s *Syncer) withPeople(ctx context.Context, p *pass) error {
	if s.withoutPeople {
		return nil
	}
	ps := s.ps
	if !ps.people.known {
		if err := s.learnHistory(ctx, ps, p.srcs, p.in.Sources, p.window, p.started); err != nil {
			return err
		}
	}
	l := ps.people.ledger
	p.in.People = &l
	return nil
}
