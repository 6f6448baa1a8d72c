package plan

import (
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/netsyncd/netsyncd/internal/budget"
	"github.com/netsyncd/netsyncd/internal/entry"
	"github.com/netsyncd/netsyncd/internal/limits"
)

// Data is what every template is executed with. Templates reach the facts
// as {{.Event.Summary}}, {{.Week.Hours}}, {{range .Findings}}...
type Data struct {
	Kind         entry.Kind
	Confidential bool       // employer.confidential
	Event        *EventData // prep and followup entries
	Week         *WeekData  // week entries
	// Findings: about the event (prep, followup) or every finding of the week.
	Findings []limits.Finding
}

// EventData are the facts of one networking occurrence, times in local time.
type EventData struct {
	Summary, Location, Calendar string
	Host                        string // organizer's name, else email, else ""
	HostIsMe                    bool   // the organizer is one of me.emails
	Start, End                  time.Time
	AllDay, Recurring           bool
	TravelMinutes               int       // one way; 0 when remote
	LeaveBy                     time.Time // Start minus travel
	NotesBy                     time.Time // End plus 48 hours
	InPerson                    bool
	Mode, Type                  string // active|passive; one_on_one, meal, ...
	ConfidentialRisk            bool
	Reasons                     []string
}

// WeekData is one week's summary plus its networking events.
type WeekData struct {
	Label       string // 2026-W48
	Start, End  time.Time
	LastDay     time.Time // End minus one day, for "Mon 7 Dec to Sun 13 Dec"
	Hours       float64
	BudgetHours float64
	Events      int
	Active      int
	Passive     int
	Remote      int
	ActiveShare float64
	MinActive   int // limits.min_active_per_week
	List        []EventData
}

func (p *planner) eventData(kind entry.Kind, it *limits.Item, findings []limits.Finding) *Data {
	o := &it.Occ
	host := o.OrganizerName
	if host == "" {
		host = o.Organizer
	}
	isMe := o.Organizer != "" && slices.ContainsFunc(p.cfg.Me.Emails, func(e string) bool { return strings.EqualFold(e, o.Organizer) })
	start, end := o.Start.In(p.loc), o.End.In(p.loc)
	reasons := it.Class.Reasons
	if p.cfg.Employer.Confidential {
		own := o.Summary + "\n" + o.Description + "\n" + o.Location
		findings, reasons = discreetFindings(findings, own), discreetReasons(reasons, own)
	}
	return &Data{
		Kind: kind, Confidential: p.cfg.Employer.Confidential, Findings: findings,
		Event: &EventData{
			Summary: o.Summary, Location: o.Location, Calendar: o.Calendar, Host: host, HostIsMe: isMe,
			Start: start, End: end, AllDay: o.AllDay, Recurring: o.Recurring,
			TravelMinutes: it.TravelMinutes,
			LeaveBy:       start.Add(-travel(it)),
			NotesBy:       end.Add(48 * time.Hour),
			InPerson:      it.Class.InPerson, Mode: string(it.Class.Mode), Type: it.Class.Type,
			ConfidentialRisk: it.Class.ConfidentialRisk, Reasons: reasons,
		},
	}
}

func (p *planner) weekData(w *limits.Week, items []limits.Item) *Data {
	wd := &WeekData{
		Label: w.Week, Start: w.Start.In(p.loc), End: w.End.In(p.loc),
		LastDay: w.End.In(p.loc).AddDate(0, 0, -1),
		Hours:   w.Hours, BudgetHours: w.BudgetHours, Events: w.Events,
		Active: w.Active, Passive: w.Passive, Remote: w.Remote, ActiveShare: w.ActiveShare,
		MinActive: p.cfg.Limits.MinActivePerWeek,
	}
	findings := append([]limits.Finding(nil), w.Findings...)
	// p.order is by start: the week's items are one run of it.
	lo := sort.Search(len(p.order), func(k int) bool { return !items[p.order[k]].Occ.Start.Before(w.Start) })
	for _, i := range p.order[lo:] {
		it := &items[i]
		if !it.Occ.Start.Before(w.End) {
			break
		}
		fs := it.Findings
		if p.cfg.Employer.Confidential {
			fs = discreetFindings(fs, it.Occ.Summary+"\n"+it.Occ.Description+"\n"+it.Occ.Location)
		}
		findings = append(findings, fs...)
		if wanted(it) && len(wd.List) < budget.TemplateListItems {
			wd.List = append(wd.List, *p.eventData(entry.KindWeek, it, nil).Event)
		}
	}
	for _, f := range p.findings {
		if f.Start != nil && !f.Start.Before(w.Start) && f.Start.Before(w.End) {
			findings = append(findings, f)
		}
	}
	if p.cfg.Employer.Confidential {
		// Week findings have no event text of their own; item findings
		// were already judged against theirs (and are neutral now).
		for i := range findings[:len(w.Findings)] {
			if telling(findings[i].Message, "") {
				findings[i].Message = neutralMessage(findings[i].Code)
			}
		}
	}
	findings = dedupe(findings)
	if len(findings) > budget.TemplateListItems {
		findings = findings[:budget.TemplateListItems]
	}
	return &Data{Kind: entry.KindWeek, Confidential: p.cfg.Employer.Confidential, Week: wd, Findings: findings}
}

// dedupe drops repeated findings, keeping the first of each: limits may
// copy an event's findings into its week, and the same sentence twice only
// makes the list longer.
func dedupe(fs []limits.Finding) []limits.Finding {
	seen := make(map[string]bool, len(fs))
	out := fs[:0]
	for _, f := range fs {
		k := f.Code + "\x00" + f.Message
		if f.Start != nil {
			k += "\x00" + f.Start.UTC().String()
		}
		if !seen[k] {
			seen[k] = true
			out = append(out, f)
		}
	}
	return out
}

// sampleData is what CheckTemplates runs a user's template on.
func sampleData(kind entry.Kind) *Data {
	start := time.Date(2026, 12, 8, 18, 0, 0, 0, time.UTC)
	ev := &EventData{
		Summary: "Sample evening", Location: "Sample venue", Calendar: "Personal", Host: "Sample host",
		Start: start, End: start.Add(2 * time.Hour), TravelMinutes: 20,
		LeaveBy: start.Add(-20 * time.Minute), NotesBy: start.Add(50 * time.Hour),
		InPerson: true, Mode: "passive", Type: "event", Reasons: []string{"sample reason"},
	}
	d := &Data{Kind: kind, Confidential: true, Findings: []limits.Finding{{Code: limits.OverWeeklyHours, Message: "sample finding"}}}
	if kind == entry.KindWeek {
		ws := time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC)
		d.Week = &WeekData{Label: "2026-W50", Start: ws, End: ws.AddDate(0, 0, 7), LastDay: ws.AddDate(0, 0, 6),
			Hours: 3, BudgetHours: 6, Events: 1, Passive: 1, MinActive: 2, List: []EventData{*ev}}
	} else {
		d.Event = ev
	}
	return d
}
