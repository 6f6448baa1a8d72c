package pipeline

import (
	"context"

	"github.com/netsyncd/netsyncd/internal/classify"
	"github.com/netsyncd/netsyncd/internal/config"
	"github.com/netsyncd/netsyncd/internal/event"
	"github.com/netsyncd/netsyncd/internal/limits"
)

// Classified expands srcs over w and classifies every occurrence once (an
// event in two calendars is one; netsyncd's own entries are left out),
// without the limits and the planner: what the people ledger learns from
// (`netsyncd people`, and the daemon's one read of people.history). It
// keeps to cfg's budgets and ends soon after ctx is done, with its error.
func Classified(ctx context.Context, cfg *config.Config, cl *classify.Classifier, srcs []event.Source, w Window) ([]limits.Item, []event.Problem, error) {
	occs, problems, err := event.ExpandWith(srcs, w.From, w.To, cfg.Location, event.Options{Ctx: ctx, Limits: cfg.Budgets.Limits()})
	if err != nil {
		return nil, nil, err
	}
	items := make([]limits.Item, 0, len(occs))
	seen := make(map[string]bool, len(occs))
	for i := range occs {
		if k := occs[i].Key(); occs[i].Owned || seen[k] {
			continue
		} else {
			seen[k] = true
		}
		items = append(items, limits.Item{Occ: occs[i], Class: cl.Classify(&occs[i])})
	}
	return items, problems, nil
}
