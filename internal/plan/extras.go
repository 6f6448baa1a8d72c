package plan

import (
	"time"

	"github.com/netsyncd/netsyncd/internal/budget"
	"github.com/netsyncd/netsyncd/internal/limits"
	"github.com/netsyncd/netsyncd/internal/milestone"
)

// Extras are what the plan needs beyond the checked window: the
// milestones' progress, the people due for a reconnect and now. The zero
// value plans no slot and shows no milestone.
type Extras struct {
	Milestones []milestone.Progress
	Due        []Suggestion
	Now        time.Time
}

// SlotData is one open slot as the week entry lists it.
type SlotData struct {
	Start, End time.Time
	Who        string // a name, or "someone new"
}

// OpportunityData is one chance to network in the week entry.
type OpportunityData struct {
	Summary    string
	Start, End time.Time
	AllDay     bool
	Reason     string
}

// extras adds the behind_milestone findings and the open slots (placed
// after the prep and follow-up entries, in the time they left free).
func (p *planner) extras(res limits.Result) {
	if p.ex.Now.IsZero() {
		return
	}
	p.findings = append(p.findings, milestone.Findings(p.ex.Milestones, p.ex.Now, p.loc)...)
	var behind []string
	for _, m := range p.ex.Milestones {
		if m.Status == milestone.Behind {
			behind = append(behind, m.Name)
		}
	}
	p.slots = planSlots(SlotInput{Config: p.cfg, Weeks: res.Weeks, Due: p.ex.Due, Shortfall: milestone.Shortfall(p.ex.Milestones), Behind: behind, Now: p.ex.Now}, &p.busy)
	p.entries = append(p.entries, SlotEntries(p.cfg, p.slots)...)
}

func (p *planner) hasSlots(week string) bool {
	for _, s := range p.slots {
		if s.Week == week {
			return true
		}
	}
	return false
}

// weekExtras fills the week entry's slots, opportunities and milestones.
func (p *planner) weekExtras(wd *WeekData, w *limits.Week) {
	for i := range p.slots {
		if s := &p.slots[i]; s.Week == w.Week {
			wd.Slots = append(wd.Slots, SlotData{Start: s.Start.In(p.loc), End: s.End.In(p.loc), Who: s.who()})
		}
	}
	for i := range p.ex.Milestones {
		wd.Milestones = append(wd.Milestones, p.ex.Milestones[i].Summary(p.loc))
	}
}

// opportunity lists it in the week entry when it is a chance to network.
func (p *planner) opportunity(wd *WeekData, it *limits.Item) {
	if it.Opportunity != "" && len(wd.Opportunities) < budget.TemplateListItems {
		wd.Opportunities = append(wd.Opportunities, OpportunityData{Summary: it.Occ.Summary,
			Start: it.Occ.Start.In(p.loc), End: it.Occ.End.In(p.loc), AllDay: it.Occ.AllDay, Reason: it.Opportunity})
	}
}
