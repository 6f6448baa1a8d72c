package event

import (
	"errors"
	"slices"
	"time"
)

// ErrLeanDiffers is ExpandSome's error when reading a source in full did
// not give the occurrences its lean reading gave (a series whose
// expansion failed one way only): the caller expands in full instead.
var ErrLeanDiffers = errors.New("event: the full reading of an object differs from its lean reading")

// ExpandSome is ExpandWith for a caller that needs all of only some
// occurrences. It reads every source leanly (Options.Lean), hands pick the
// occurrences sorted as ExpandWith sorts them, and reads again in full only
// the sources of those pick marks: each of those is then the occurrence
// ExpandWith gives at that place, the others stay lean. The problems are
// the lean reading's. Zone names are looked up once for both readings, so
// budget.ZoneNames refuses the same names as in one ExpandWith.
func ExpandSome(srcs []Source, from, to time.Time, loc *time.Location, opt Options, pick func([]Occurrence) []bool) ([]Occurrence, []Problem, error) {
	names := nameCache{}
	lean := opt
	lean.Lean = true
	parts, n, probs, err := expandEach(srcs, nil, from, to, loc, names, newBounds(lean))
	if err != nil {
		return nil, probs, err
	}
	type at struct{ src, pos int }
	occs := make([]Occurrence, 0, n)
	ats := make([]at, 0, n)
	for i, o := range parts {
		occs = append(occs, o...)
		for j := range o {
			ats = append(ats, at{i, j})
		}
		parts[i] = nil
	}
	idx := sortedOrder(occs)
	permute(ats, slices.Clone(idx))
	permute(occs, idx)
	picked := pick(occs)
	again := make([]bool, len(srcs))
	some := false
	for k, p := range picked {
		if p {
			again[ats[k].src], some = true, true
		}
	}
	if !some {
		return occs, probs, nil
	}
	opt.Lean, opt.Events = false, true // the occurrences of a full reading, for less
	b := newBounds(opt)
	full, _, _, err := expandEach(srcs, again, from, to, loc, names, b)
	if err != nil {
		return nil, probs, err
	}
	for k, p := range picked {
		if !p {
			continue
		}
		// A full reading keeps at least what the lean one kept of each
		// source (its pass's budget counts fewer sources), in the same order.
		got := full[ats[k].src]
		if j := ats[k].pos; j >= len(got) || got[j].Key() != occs[k].Key() || !got[j].Start.Equal(occs[k].Start) {
			return nil, probs, ErrLeanDiffers
		}
		occs[k] = got[ats[k].pos]
	}
	return occs, probs, nil
}
