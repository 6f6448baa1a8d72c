package plan

import (
	"time"

	"github.com/netsyncd/netsyncd/internal/budget"
	"github.com/netsyncd/netsyncd/internal/config"
	"github.com/netsyncd/netsyncd/internal/limits"
	"github.com/netsyncd/netsyncd/internal/milestone"
	"github.com/netsyncd/netsyncd/internal/people"
)

// Extras are what the plan needs beyond the checked window: the
// milestones' progress, the people due for a reconnect and now. The zero
// value plans no slot and shows no milestone.
type Extras struct {
	Milestones []milestone.Progress
	Due        []Suggestion
	Now        time.Time
	// Standings are every person's standing at Now (people.Standings of
	// the ledger and items BuildExtras was given), of which Due are the
	// first due: the planner's reconnect entries need them too
	// (People.Standings).
	Standings []people.Standing
	// UnderWay are the target's slot entries under way at Now
	// (SlotInput.UnderWay).
	UnderWay []Span
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
	p.slots = planSlots(SlotInput{Config: p.cfg, Weeks: res.Weeks, Due: p.ex.Due, Shortfall: milestone.Shortfall(p.ex.Milestones), Behind: behind, Now: p.ex.Now, UnderWay: p.ex.UnderWay}, &p.busy)
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
	for i := range p.ex.Milestones[:min(len(p.ex.Milestones), budget.TemplateListItems)] {
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

// BuildExtras measures the milestones from rec and l (which the caller has
// brought up to date with the pass's items) and picks the people due for
// the open slots, with a practical zone for each. names parses the future
// summaries' names for the standings (nil: their own; see plan.People.Names).
func BuildExtras(cfg *config.Config, items []limits.Item, rec milestone.Record, l people.Ledger, start, now time.Time, names *people.Names) (Extras, milestone.Input) {
	in := milestone.Input{Config: cfg, Start: start, Record: rec, Ledger: l, Now: now}
	ex := Extras{Milestones: milestone.Compute(in), Now: now, Standings: people.StandingsNames(l, items, cfg, now, names)}
	for _, s := range people.DueOf(ex.Standings, cfg) {
		ex.Due = append(ex.Due, suggestion(cfg, s))
	}
	return ex, in
}

func suggestion(cfg *config.Config, s people.Standing) Suggestion {
	out := Suggestion{Name: s.Name, Email: s.Email, Overdue: s.Overdue}
	if out.Name == "" {
		out.Name = s.Email
	}
	if n := len(s.Meetings); n > 0 {
		last := s.Meetings[n-1]
		out.LastMet, out.LastSummary = last.Start, last.Summary
	}
	out.Zone = practicalZone(cfg, s.Meetings)
	return out
}

// practicalZone is the zone of the last in-person meeting with them when
// it is within limits.max_travel_minutes, else the nearest zone, else "".
func practicalZone(cfg *config.Config, ms []people.Meeting) string {
	for i := len(ms) - 1; i >= 0; i-- {
		if !ms[i].InPerson {
			continue
		}
		if name, min, ok := limits.ZoneOf(cfg.Limits.Zones, ms[i].Location); ok && min <= cfg.Limits.MaxTravelMinutes {
			return name
		}
		break
	}
	best, bestMin := "", 0
	for _, z := range cfg.Limits.Zones {
		if z.TravelMinutes <= cfg.Limits.MaxTravelMinutes && (best == "" || z.TravelMinutes < bestMin) {
			best, bestMin = z.Name, z.TravelMinutes
		}
	}
	return best
}
