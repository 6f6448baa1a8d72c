package pipeline

import (
	"context"
	"errors"

	"github.com/netsyncd/netsyncd/internal/classify"
	"github.com/netsyncd/netsyncd/internal/config"
	"github.com/netsyncd/netsyncd/internal/event"
	"github.com/netsyncd/netsyncd/internal/limits"
)

// ClassifiedSome is Classified for a caller that needs the class of only
// some occurrences: the daemon's one read of people.history, where most
// past events bring no one into the people ledger. need is handed the
// items Classified gives, read leanly (event.Options.Lean) and not
// classified, and says which it needs (one bool each); only the objects
// of those are read in full (event.ExpandSome), and only those items
// classified. Each item need marks is then the one Classified gives; the
// others keep their lean occurrence and a zero Class.
func ClassifiedSome(ctx context.Context, cfg *config.Config, cl *classify.Classifier, srcs []event.Source, w Window, need func([]limits.Item) []bool) ([]limits.Item, error) {
	items, _, err := ClassifiedSomeCounted(ctx, cfg, cl, srcs, w, need)
	return items, err
}

// ClassifiedSomeCounted is ClassifiedSome that also says how many
// occurrences the expansion gave, owned ones and those of one event in
// two calendars included (what budget.OccurrencesPerPass counts); -1 when
// it fell back to Classified, which does not say.
func ClassifiedSomeCounted(ctx context.Context, cfg *config.Config, cl *classify.Classifier, srcs []event.Source, w Window, need func([]limits.Item) []bool) ([]limits.Item, int, error) {
	var pickErr error
	var want []bool // by occurrence
	occs, _, err := event.ExpandSome(srcs, w.From, w.To, cfg.Zone(), event.Options{Ctx: ctx, Limits: cfg.Budgets.Limits()},
		func(occs []event.Occurrence) []bool {
			items, at, err := classifyEach(ctx, cfg, nil, occs, func(int) bool { return false })
			if err != nil {
				pickErr = err
				return nil
			}
			want = make([]bool, len(occs))
			for i, ok := range need(items) {
				if ok && i < len(at) {
					want[at[i]] = true
				}
			}
			return want
		})
	if errors.Is(err, event.ErrLeanDiffers) {
		items, _, err := Classified(ctx, cfg, cl, srcs, w)
		return items, -1, err
	}
	if err == nil {
		err = pickErr
	}
	if err != nil {
		return nil, 0, err
	}
	items, _, err := classifyEach(ctx, cfg, cl, occs, func(i int) bool { return want[i] })
	return items, len(occs), err
}

// ClassifiedNeededCounted is ClassifiedSomeCounted for sources most of
// whose objects need marks (the history's objects the screen kept, which
// name someone): it reads each object once, in full but for its alarms
// (event.Options.Events), and hands need the items of those readings, not
// of lean ones. need reads no field a lean reading leaves out
// (people.Needed: times, status, attendees, organiser, summary, URL), so
// it marks what it marks there, and the items it marks are Classified's;
// the others are Classified's occurrences with a zero Class. Reading the
// kept objects leanly first, then again those marked, read most of them
// twice. The count is the expansion's, as ClassifiedSomeCounted's.
func ClassifiedNeededCounted(ctx context.Context, cfg *config.Config, cl *classify.Classifier, srcs []event.Source, w Window, need func([]limits.Item) []bool) ([]limits.Item, int, error) {
	occs, _, err := event.ExpandWith(srcs, w.From, w.To, cfg.Zone(), event.Options{Ctx: ctx, Limits: cfg.Budgets.Limits(), Events: true})
	if err != nil {
		return nil, 0, err
	}
	items, at, err := classifyEach(ctx, cfg, nil, occs, func(int) bool { return false })
	if err != nil {
		return nil, 0, err
	}
	want := make([]bool, len(occs))
	for i, ok := range need(items) {
		if ok && i < len(at) {
			want[at[i]] = true
		}
	}
	items, _, err = classifyEach(ctx, cfg, cl, occs, func(i int) bool { return want[i] })
	return items, len(occs), err
}
