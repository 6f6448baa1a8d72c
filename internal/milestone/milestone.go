package milestone

import (
	"math"
	"time"

	"github.com/netsyncd/netsyncd/internal/config"
	"github.com/netsyncd/netsyncd/internal/people"
)

// Status is where a milestone stands.
type Status string

// The statuses of `report --json`.
const (
	OnTrack Status = "on_track"
	Behind  Status = "behind"
	Met     Status = "met"
	Missed  Status = "missed"
)

// Counts are the four things a milestone counts. In a target, a nil field
// is no target; in done, planned and expected every field is set for the
// targets and nil for the others.
type Counts struct {
	ActiveMeetings *float64 `json:"active_meetings,omitempty"`
	NewContacts    *float64 `json:"new_contacts,omitempty"`
	Reconnects     *float64 `json:"reconnects,omitempty"`
	InPersonHours  *float64 `json:"in_person_hours,omitempty"`
}

// Progress is one milestone at now.
type Progress struct {
	Name string
	// From and End are the span counted: [From, End), End the midnight
	// after the by day.
	From, End time.Time
	By        config.Date
	Target    Counts
	Done      Counts
	Planned   Counts // done plus what the calendar holds for the rest of the span
	Expected  Counts // the pro-rata pace at now
	Status    Status
	// Elapsed is the share of the span gone by at now, 0..1.
	Elapsed float64
}

// Input is what Compute measures.
type Input struct {
	Config *config.Config
	// Start is the plan's start: plan.start, else the day the state
	// directory was made.
	Start  time.Time
	Record Record
	Ledger people.Ledger
	Now    time.Time
}

// Compute returns the progress of every milestone, in the config's order.
func Compute(in Input) []Progress {
	loc := in.Config.Location
	if loc == nil {
		loc = time.UTC
	}
	from := in.Start
	var out []Progress
	for _, m := range in.Config.Plan.Milestones {
		end := m.By.In(loc).AddDate(0, 0, 1)
		p := Progress{Name: m.Name, From: from, End: end, By: m.By, Target: target(m)}
		p.measure(in)
		out = append(out, p)
		from = end
	}
	return out
}

func target(m config.Milestone) Counts {
	f := func(n *int) *float64 {
		if n == nil {
			return nil
		}
		v := float64(*n)
		return &v
	}
	var h *float64
	if m.InPersonHours != nil {
		v := *m.InPersonHours
		h = &v
	}
	return Counts{ActiveMeetings: f(m.ActiveMeetings), NewContacts: f(m.NewContacts), Reconnects: f(m.Reconnects), InPersonHours: h}
}

// tally is the raw numbers of one span up to a time.
type tally struct{ active, contacts, reconnects, hours float64 }

func (p *Progress) measure(in Input) {
	done := count(in.Record, in.Ledger, p.From, minTime(p.End, in.Now))
	planned := count(in.Record, in.Ledger, p.From, p.End)
	planned.contacts = done.contacts // nobody is first met in the future yet
	span := p.End.Sub(p.From).Seconds()
	if span > 0 {
		p.Elapsed = math.Min(math.Max(in.Now.Sub(p.From).Seconds()/span, 0), 1)
	}
	p.Done, p.Planned, p.Expected = p.Target.with(done), p.Target.with(planned), p.Target.scaled(p.Elapsed)
	p.Status = p.status(in.Now)
}

func (p *Progress) status(now time.Time) Status {
	reached, behind := true, false
	for _, m := range p.Measures() {
		reached = reached && m.Done >= m.Target
		behind = behind || behindOn(m)
	}
	switch {
	case reached && !now.Before(p.From):
		return Met
	case !now.Before(p.End):
		return Missed
	case behind:
		return Behind
	}
	return OnTrack
}

// count tallies [from, to).
func count(rec Record, l people.Ledger, from, to time.Time) tally {
	var t tally
	if !from.Before(to) {
		return t
	}
	for _, o := range rec.Occurrences {
		if o.Start.Before(from) || !o.Start.Before(to) {
			continue
		}
		if o.Active {
			t.active++
		}
		t.hours += o.InPersonHours
	}
	seen := map[string]bool{}
	for _, p := range l.People {
		for i, m := range p.Meetings {
			if m.Start.Before(from) || !m.Start.Before(to) {
				continue
			}
			if i == 0 {
				t.contacts++
			} else if m.Networking && !seen[m.Occ] {
				seen[m.Occ] = true
				t.reconnects++
			}
		}
	}
	return t
}

// with keeps the fields of t's targets.
func (c Counts) with(t tally) Counts {
	return c.mapped(func(_ float64, field int) float64 {
		return [...]float64{t.active, t.contacts, t.reconnects, round2(t.hours)}[field]
	})
}

// scaled is the pro-rata pace: every target times share.
func (c Counts) scaled(share float64) Counts {
	return c.mapped(func(v float64, _ int) float64 { return round2(v * share) })
}

func (c Counts) fields() [4]*float64 {
	return [4]*float64{c.ActiveMeetings, c.NewContacts, c.Reconnects, c.InPersonHours}
}

func (c Counts) mapped(f func(v float64, field int) float64) Counts {
	var out [4]*float64
	for i, p := range c.fields() {
		if p != nil {
			v := f(*p, i)
			out[i] = &v
		}
	}
	return Counts{ActiveMeetings: out[0], NewContacts: out[1], Reconnects: out[2], InPersonHours: out[3]}
}

func round2(f float64) float64 { return math.Round(f*100) / 100 }

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
