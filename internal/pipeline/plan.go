package pipeline

import (
	"time"

	"github.com/netsyncd/netsyncd/internal/config"
	"github.com/netsyncd/netsyncd/internal/limits"
	"github.com/netsyncd/netsyncd/internal/milestone"
	"github.com/netsyncd/netsyncd/internal/people"
	"github.com/netsyncd/netsyncd/internal/plan"
)

// PlanInput is what the plan's milestones and open slots start from: the
// record kept so far (the state directory's, or empty), the people
// ledger to suggest due people from (AnalyzeWith puts the one it learned
// here), the plan's start and now.
type PlanInput struct {
	Record milestone.Record
	Ledger people.Ledger
	Start  time.Time
	Now    time.Time
	// UnderWay are the target's slot entries under way at Now: each stays
	// its day's slot (plan.SlotInput.UnderWay).
	UnderWay []plan.Span
}

// PlanOutput is what the plan's step measured: the record with this
// pass's occurrences learned (for the caller to keep), the milestones'
// input and the extras the planner used.
type PlanOutput struct {
	Record milestone.Record
	Input  milestone.Input
	plan.Extras
}

// extras learns the checked items into the record and measures the plan;
// nil gives none.
func (pi *PlanInput) extras(cfg *config.Config, items []limits.Item, w Window, names *people.Names) PlanOutput {
	if pi == nil {
		return PlanOutput{}
	}
	rec := milestone.Learn(pi.Record, items, w.From, w.To).Prune(pi.Start)
	ex, in := plan.BuildExtras(cfg, items, rec, pi.Ledger, pi.Start, pi.Now, names)
	ex.UnderWay = pi.UnderWay
	return PlanOutput{Record: rec, Input: in, Extras: ex}
}
