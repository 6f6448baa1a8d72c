package milestone

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/netsyncd/netsyncd/internal/config"
	"github.com/netsyncd/netsyncd/internal/event"
	"github.com/netsyncd/netsyncd/internal/state"
)

// fileBase is the record's file in the state directory, without ".json".
const fileBase = "plan"

// Load reads the record from the state directory; a missing file is an
// empty record. A corrupt one is moved aside by the store and reported;
// the caller counts again from what the calendar holds.
func Load(s *state.Store) (Record, error) {
	var raw json.RawMessage
	ok, err := s.Load(fileBase, &raw)
	if err != nil || !ok {
		return Record{}, err
	}
	r, err := Decode(raw)
	if err != nil {
		return Record{}, fmt.Errorf("%w (file %s)", err, filepath.Join(s.Dir(), fileBase+".json"))
	}
	return r, nil
}

// Save writes the record atomically, mode 0600.
func Save(s *state.Store, r Record) error {
	data, err := Encode(r)
	if err != nil {
		return fmt.Errorf("milestone: encode: %w", err)
	}
	return s.Save(fileBase, json.RawMessage(data))
}

// StartOf is the plan's start: plan.start; else the day the state
// directory was made (its lock file, created with it and never written,
// keeps that time); else, with no state directory yet, today. Midnight in
// the config's zone.
func StartOf(cfg *config.Config, stateDir string, now time.Time) time.Time {
	loc := cfg.Location
	if loc == nil {
		loc = time.UTC
	}
	if !cfg.Plan.Start.IsZero() {
		return cfg.Plan.Start.In(loc)
	}
	t := now
	if stateDir != "" {
		if fi, err := os.Stat(filepath.Join(stateDir, "lock")); err == nil && fi.ModTime().Before(now) {
			t = fi.ModTime()
		}
	}
	y, m, d := t.In(loc).Date()
	return event.DayStart(y, m, d, loc)
}
