package daemon

import (
	"go.uber.org/zap"

	"github.com/netsyncd/netsyncd/internal/milestone"
	"github.com/netsyncd/netsyncd/internal/pipeline"
)

// planInput is what the plan's milestones and open slots start from: the
// record of counted occurrences (plan.json, read once per Syncer), the
// plan's start and now. The people due come from the pass's people ledger
// (pipeline.AnalyzeWith gives it to the plan).
func (s *Syncer) planInput(p *pass) *pipeline.PlanInput {
	if s.planRec == nil {
		rec := milestone.Record{}
		if s.store != nil {
			var err error
			if rec, err = milestone.Load(s.store); err != nil {
				s.log.Warn("could not read the plan's record; counting the milestones again from the calendar", zap.Error(err))
			}
		}
		s.planRec = &rec
	}
	return &pipeline.PlanInput{Record: *s.planRec, Start: milestone.StartOf(s.cfg, s.cfg.StateDir, p.started), Now: p.started}
}

// savePlan keeps the record the pass learned (plan.json, 0600).
func (s *Syncer) savePlan(p *pass) error {
	rec := p.d.Analysis.Plan.Record
	s.planRec = &rec
	if s.store == nil {
		return nil
	}
	return milestone.Save(s.store, rec)
}
