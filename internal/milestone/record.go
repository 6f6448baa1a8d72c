package milestone

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/netsyncd/netsyncd/internal/classify"
	"github.com/netsyncd/netsyncd/internal/limits"
)

// Record is every counted networking occurrence seen, by occurrence key.
// The zero value is an empty record; functions here never change a record
// they are given.
type Record struct {
	Occurrences map[string]Occurrence
}

// Occurrence is what a milestone needs of one counted networking occurrence.
type Occurrence struct {
	Start         time.Time `json:"start"`
	Summary       string    `json:"summary,omitempty"`
	Active        bool      `json:"active,omitempty"`
	InPerson      bool      `json:"in_person,omitempty"`
	InPersonHours float64   `json:"in_person_hours,omitempty"`
}

// Learn returns rec with the counted occurrences of items, which are
// everything the calendar holds in [from, to): what was recorded in that
// window is replaced (an occurrence since deleted, cancelled or declined is
// dropped); what lies outside it is kept. items must come from
// limits.Check (which sets their hours).
func Learn(rec Record, items []limits.Item, from, to time.Time) Record {
	out := Record{Occurrences: make(map[string]Occurrence, len(rec.Occurrences))}
	for k, o := range rec.Occurrences {
		if o.Start.Before(from) || !o.Start.Before(to) {
			out.Occurrences[k] = o
		}
	}
	for i := range items {
		it := &items[i]
		k := it.Occ.Key()
		if !limits.Counted(it) {
			delete(out.Occurrences, k)
			continue
		}
		o := Occurrence{Start: it.Occ.Start, Summary: it.Occ.Summary, Active: it.Class.Mode == classify.Active, InPerson: it.Class.InPerson}
		if o.InPerson {
			o.InPersonHours = it.Hours
		}
		out.Occurrences[k] = o
	}
	return out
}

// Prune drops occurrences that started before t: nothing before the plan's
// start counts.
func (r Record) Prune(t time.Time) Record {
	out := Record{Occurrences: map[string]Occurrence{}}
	for k, o := range r.Occurrences {
		if !o.Start.Before(t) {
			out.Occurrences[k] = o
		}
	}
	return out
}

// Version is the version of the record's file format.
const Version = 1

type fileRecord struct {
	Version     int                   `json:"version"`
	Occurrences map[string]Occurrence `json:"occurrences"`
}

// Encode writes the record as versioned JSON (keys sorted by encoding/json).
func Encode(r Record) ([]byte, error) {
	f := fileRecord{Version: Version, Occurrences: r.Occurrences}
	if f.Occurrences == nil {
		f.Occurrences = map[string]Occurrence{}
	}
	return json.MarshalIndent(f, "", " ")
}

// Decode reads what Encode wrote; another version is an error (the caller
// starts from an empty record).
func Decode(data []byte) (Record, error) {
	var f fileRecord
	if err := json.Unmarshal(data, &f); err != nil {
		return Record{}, fmt.Errorf("milestone: record: %w", err)
	}
	if f.Version != Version {
		return Record{}, fmt.Errorf("milestone: record is version %d; this netsyncd reads version %d (remove the file to count again from what the calendar holds)", f.Version, Version)
	}
	if f.Occurrences == nil {
		f.Occurrences = map[string]Occurrence{}
	}
	return Record{Occurrences: f.Occurrences}, nil
}

// sorted returns the occurrences by start.
func (r Record) sorted() []Occurrence {
	out := slices.Collect(maps.Values(r.Occurrences))
	slices.SortFunc(out, func(a, b Occurrence) int { return a.Start.Compare(b.Start) })
	return out
}
