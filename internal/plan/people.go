package plan

import (
	"context"
	"strings"
	"time"

	"github.com/netsyncd/netsyncd/internal/config"
	"github.com/netsyncd/netsyncd/internal/entry"
	"github.com/netsyncd/netsyncd/internal/limits"
	"github.com/netsyncd/netsyncd/internal/people"
)

// People is what the planner is told of the people ledger (internal/people).
// With it, prep entries say who you will see and how you know them,
// follow-up entries who you met, new and known, a passive event's prep its
// host's track record, and the people due get reconnect entries.
type People struct {
	Ledger people.Ledger
	// Now is the pass's time: who is due, and where a reconnect may go.
	Now time.Time
	// Reconnects are the reconnect entries in the target calendar. One still
	// to come keeps its time while that time stays free and allowed; one
	// that is over counts toward its week's cap and ends its person's
	// reminder for the cycle.
	Reconnects []entry.Owned
	// Dismissed reports whether netsyncd made the entry with this UID before
	// (it is asked only of UIDs not in Reconnects): the user deleted it, and
	// it is not made again. nil: none.
	Dismissed func(uid string) bool
	// Standings are people.Standings of Ledger, the items planned and Now
	// when the caller has them already (pipeline.AnalyzeWith, from the
	// Extras of that same ledger: each parses the names of every summary
	// ahead). nil: the planner computes them.
	Standings []people.Standing
	// Names parses the summaries' names for the planner (the prep and
	// follow-up entries' people, the standings it computes), shared with
	// the pass's other readers of the same summaries (pipeline.AnalyzeWith
	// hands it Learn's). nil: the planner's own.
	Names *people.Names
}

// PersonData is one person at a networking event, for the templates.
type PersonData struct {
	Name, Organization string
	Known              bool      // met before this event; else a first meeting
	Times              int       // meetings before this event
	LastMet            time.Time // the last of those, local time
	LastEvent          string    // its summary ("" under employer.confidential when it would tell)
	LastPlace          string
}

// HostData is a host's track record before an event, for the templates.
type HostData struct {
	Host          string
	Known         bool // the user attended the host's events before
	Events        int  // their events attended
	PeopleMet     int  // people met at them
	LaterOneOnOne int  // of those, met one on one afterwards
}

// PlanPeople is PlanWith with the people ledger: what People says above.
// ppl nil plans as PlanWith does.
func PlanPeople(ctx context.Context, cfg *config.Config, res limits.Result, ppl *People) ([]entry.Entry, []limits.Finding, error) {
	return planAll(ctx, cfg, res, ppl, Extras{})
}

// peoplePlan is the planner's view of People for one pass.
type peoplePlan struct {
	*People
	ctx *people.Context
}

func newPeoplePlan(ppl *People, cfg *config.Config, items []limits.Item) *peoplePlan {
	if ppl == nil {
		return nil
	}
	return &peoplePlan{People: ppl, ctx: people.NewContextNames(ppl.Ledger, items, cfg, ppl.Names)}
}

// addPeople fills in an event's people and its host's record.
func (p *planner) addPeople(kind entry.Kind, it *limits.Item, ev *EventData) {
	if p.ppl == nil || (kind != entry.KindPrep && kind != entry.KindFollowup) {
		return
	}
	for _, a := range p.ppl.ctx.At(&it.Occ) {
		pd := PersonData{Name: a.Name, Organization: a.Organization, Known: a.Known, Times: a.Times,
			LastEvent: p.discreet(a.LastSummary), LastPlace: p.discreet(a.LastLocation)}
		if a.Known {
			pd.LastMet = a.LastMet.In(p.loc)
		}
		ev.People = append(ev.People, pd)
	}
	if kind == entry.KindPrep && !ev.HostIsMe && ev.Mode == "passive" {
		if host, rec, known := p.ppl.ctx.HostRecord(&it.Occ); host != "" {
			ev.HostRecord = &HostData{Host: host, Known: known, Events: rec.Events, PeopleMet: rec.PeopleMet, LaterOneOnOne: rec.LaterOneOnOne}
		}
	}
}

// discreet is s, or "" when employer.confidential is on and s, another
// event's text, has a word of a job search in it.
func (p *planner) discreet(s string) string {
	if p.cfg.Employer.Confidential && telling(s, "") {
		return ""
	}
	return strings.TrimSpace(s)
}
