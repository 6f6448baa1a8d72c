package plan

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/netsyncd/netsyncd/internal/budget"
	"github.com/netsyncd/netsyncd/internal/config"
	"github.com/netsyncd/netsyncd/internal/entry"
	"github.com/netsyncd/netsyncd/internal/limits"
)

// Week entries sit at 08:00 local time on the week's first day, for 30 minutes.
const (
	weekEntryHour = 8
	weekEntryLen  = 30 * time.Minute
)

// Plan returns the entries netsyncd wants in the target calendar for the
// checked window res, in start order, and the no_prep_slot findings it made
// while placing them.
func Plan(cfg *config.Config, res limits.Result) ([]entry.Entry, []limits.Finding) {
	entries, found, _ := PlanWith(nil, cfg, res)
	return entries, found
}

// PlanWith is Plan that ends early when ctx is done (returning its error)
// and keeps to cfg's budgets: entries per source series, entries and bytes
// of text per pass. What a budget leaves out gets a BudgetExceeded finding
// naming the series (see caps).
func PlanWith(ctx context.Context, cfg *config.Config, res limits.Result) ([]entry.Entry, []limits.Finding, error) {
	p := &planner{cfg: cfg, loc: location(cfg), texts: newTexts(cfg.Output.Templates), busy: newBusy(res.Items), seen: map[string]bool{}}
	p.caps = newCaps(cfg.Budgets.Limits())
	tick := budget.NewTicker(ctx)
	p.order = byStart(res.Items)
	for _, i := range p.order {
		if err := tick.Tick(); err != nil {
			return nil, nil, err
		}
		if it := &res.Items[i]; wanted(it) && p.caps.admit(it) {
			p.item(it)
		}
	}
	if cfg.Output.WeeklyPlan {
		for i := range res.Weeks {
			if res.Weeks[i].Events > 0 {
				p.week(&res.Weeks[i], res.Items)
			}
		}
	}
	sort.SliceStable(p.entries, func(i, j int) bool {
		a, b := &p.entries[i], &p.entries[j]
		if !a.Start.Equal(b.Start) {
			return a.Start.Before(b.Start)
		}
		return a.UID < b.UID
	})
	return p.entries, append(p.findings, p.caps.findings(p.loc)...), nil
}

// byStart returns the indexes of items in start order: entries are placed
// event by event, so the order decides who gets a contested slot.
func byStart(items []limits.Item) []int {
	idx := make([]int, len(items))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return items[idx[a]].Occ.Start.Before(items[idx[b]].Occ.Start) })
	return idx
}

// location is cfg.Location, or UTC for a config that was never validated.
func location(cfg *config.Config) *time.Location {
	if cfg.Location != nil {
		return cfg.Location
	}
	return time.UTC
}

// wanted reports whether an occurrence gets prep and follow-up entries.
func wanted(it *limits.Item) bool {
	return it.Class.Networking && !it.Class.Declined && !it.Occ.Cancelled() && !it.Occ.Owned
}

type planner struct {
	cfg      *config.Config
	loc      *time.Location
	texts    *texts
	busy     busy
	entries  []entry.Entry
	findings []limits.Finding // no_prep_slot
	seen     map[string]bool  // occurrence keys already planned
	order    []int            // indexes of the items in start order
	caps     *caps
}

// item plans the prep and follow-up entries of one networking occurrence.
func (p *planner) item(it *limits.Item) {
	key := it.Occ.Key()
	if p.seen[key] {
		return
	}
	p.seen[key] = true
	findings := append([]limits.Finding(nil), it.Findings...)
	out := p.cfg.Output
	if it.Class.InPerson || out.Prep.Remote {
		start, ok := p.prepSlot(it)
		if !ok {
			f := p.noPrepSlot(it, start)
			findings = append(findings, f)
			p.findings = append(p.findings, f)
		}
		p.add(entry.KindPrep, it, start, out.Prep.Duration.D(), out.Prep.Alarm.D(), findings)
	}
	start := p.followupSlot(it)
	p.add(entry.KindFollowup, it, start, out.Followup.Duration.D(), out.Followup.Alarm.D(), findings)
}

// add renders one entry for it and takes its time.
func (p *planner) add(kind entry.Kind, it *limits.Item, start time.Time, d, alarm time.Duration, findings []limits.Finding) {
	end := start.Add(d)
	p.busy.add(start, end)
	data := p.eventData(kind, it, findings)
	summary, description := p.texts.render(kind, data)
	p.caps.took(it.Occ.UID, len(summary)+len(description))
	rid := it.Occ.RecurrenceIDString()
	p.entries = append(p.entries, entry.Entry{
		Kind: kind, UID: entry.UID(kind, it.Occ.UID, rid),
		SourceUID: it.Occ.UID, SourceRecurrenceID: rid,
		Summary: summary, Description: description,
		Start: start, End: end, Alarm: alarm,
		SourceStart: it.Occ.Start.In(p.loc), Until: end,
	})
}

func (p *planner) noPrepSlot(it *limits.Item, at time.Time) limits.Finding {
	start := it.Occ.Start.In(p.loc)
	return limits.Finding{
		Code: limits.NoPrepSlot,
		Message: fmt.Sprintf("No free %s slot within %s before %q: its prep is placed right before you leave, at %s.",
			human(p.cfg.Output.Prep.Duration.D()), human(p.cfg.Output.Prep.Lead.D()), it.Occ.Summary, at.In(p.loc).Format("Mon 2 Jan 15:04")),
		UID:   it.Occ.UID,
		Start: &start,
	}
}

// week plans the week entry of w.
func (p *planner) week(w *limits.Week, items []limits.Item) {
	ws := w.Start.In(p.loc)
	y, m, d := ws.Date()
	start := time.Date(y, m, d, weekEntryHour, 0, 0, 0, p.loc)
	data := p.weekData(w, items)
	summary, description := p.texts.render(entry.KindWeek, data)
	p.entries = append(p.entries, entry.Entry{
		Kind: entry.KindWeek, UID: entry.WeekUID(w.Week), Week: w.Week, SourceUID: w.Week,
		Summary: summary, Description: description,
		Start: start, End: start.Add(weekEntryLen),
		SourceStart: ws, Until: w.End.In(p.loc),
	})
}

// human writes a duration for a sentence: "30 min", "1 day", "1 h 30 min".
func human(d time.Duration) string {
	var parts []string
	if days := d / (24 * time.Hour); days > 0 {
		parts = append(parts, fmt.Sprintf("%d day", days)+map[bool]string{true: "s"}[days > 1])
		d -= days * 24 * time.Hour
	}
	if h := d / time.Hour; h > 0 {
		parts = append(parts, fmt.Sprintf("%d h", h))
		d -= h * time.Hour
	}
	if m := d / time.Minute; m > 0 || len(parts) == 0 {
		parts = append(parts, fmt.Sprintf("%d min", m))
	}
	return strings.Join(parts, " ")
}
