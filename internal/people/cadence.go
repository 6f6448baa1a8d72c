package people

import (
	"slices"
	"strings"
	"time"

	"github.com/netsyncd/netsyncd/internal/config"
	"github.com/netsyncd/netsyncd/internal/event"
	"github.com/netsyncd/netsyncd/internal/limits"
	"github.com/netsyncd/netsyncd/internal/mailaddr"
)

// Status says where a person stands with the user.
type Status string

// The statuses of `netsyncd people`.
const (
	Due       Status = "due"       // their last meeting plus their cadence is within output.reconnect.lead
	Scheduled Status = "scheduled" // a future event with them is on the calendar
	OK        Status = "ok"        // not due yet
	Never     Status = "never"     // a rule says never
)

// Standing is a person's cadence and status at now.
type Standing struct {
	Person
	Cadence config.Cadence
	// NextDue is the last meeting plus the cadence; zero for never.
	NextDue time.Time
	Status  Status
	// Overdue is how far now is past NextDue (negative when not yet).
	Overdue time.Duration
}

// CadenceOf is the person's cadence: the first people.rules entry that
// matches them, else people.reconnect_after.
func CadenceOf(p Person, cfg *config.Config) config.Cadence {
	for _, r := range cfg.People.Rules {
		if r.ReconnectAfter != nil && ruleMatches(r.Match, p) {
			return *r.ReconnectAfter
		}
	}
	return cfg.People.ReconnectAfter
}

func ruleMatches(m config.PeopleMatch, p Person) bool {
	email := mailaddr.Norm(p.Email)
	for _, e := range m.Email {
		if email != "" && mailaddr.Norm(e) == email {
			return true
		}
	}
	for _, d := range m.Domain {
		if d = mailaddr.NormDomain(d); d != "" && inAny(email, []string{d}) {
			return true
		}
	}
	words := strings.Fields(NormName(p.Name))
	for _, n := range m.Name {
		want := strings.Fields(NormName(n))
		if len(want) > 0 && !slices.ContainsFunc(want, func(w string) bool { return !slices.Contains(words, w) }) {
			return true
		}
	}
	return false
}

// Standings is every person's standing at now, most overdue first, then by
// key. future is what the calendar holds from now on: a person with a
// meeting there is scheduled, not due.
func Standings(l Ledger, future []limits.Item, cfg *config.Config, now time.Time) []Standing {
	return StandingsNames(l, future, cfg, now, nil)
}

// StandingsNames is Standings reading future summaries' names through
// names (nil: its own), which the pass's other readers share.
func StandingsNames(l Ledger, future []limits.Item, cfg *config.Config, now time.Time, names *Names) []Standing {
	if len(l.People) == 0 {
		return []Standing{} // no one to stand: the future is not read
	}
	ahead := upcoming(future, newFilterNames(cfg, names), now)
	lead := cfg.Output.Reconnect.Lead.D()
	out := make([]Standing, 0, len(l.People))
	for _, p := range l.People {
		s := Standing{Person: p, Cadence: CadenceOf(p, cfg)}
		switch {
		case s.Cadence.Never:
			s.Status = Never
		default:
			s.NextDue = p.LastMet().Add(s.Cadence.After)
			s.Overdue = now.Sub(s.NextDue)
			switch {
			case ahead.has(p):
				s.Status = Scheduled
			case !now.Before(s.NextDue.Add(-lead)):
				s.Status = Due
			default:
				s.Status = OK
			}
		}
		out = append(out, s)
	}
	slices.SortFunc(out, func(a, b Standing) int {
		if a.Overdue != b.Overdue {
			if a.Overdue > b.Overdue {
				return -1
			}
			return 1
		}
		return strings.Compare(a.Key, b.Key)
	})
	return out
}

// DueNow is who to propose a reconnect with this week: the people due,
// most overdue first, at most people.max_reconnects_per_week.
func DueNow(l Ledger, future []limits.Item, cfg *config.Config, now time.Time) []Standing {
	return DueOf(Standings(l, future, cfg, now), cfg)
}

// DueOf is DueNow of the standings Standings gave.
func DueOf(standings []Standing, cfg *config.Config) []Standing {
	var out []Standing
	for _, s := range standings {
		if s.Status == Due && len(out) < cfg.People.MaxReconnectsPerWeek {
			out = append(out, s)
		}
	}
	return out
}

// booked is who the calendar shows a future meeting with.
type booked struct{ emails, names map[string]bool }

func upcoming(items []limits.Item, f filter, now time.Time) booked {
	b := booked{emails: map[string]bool{}, names: map[string]bool{}}
	for i := range items {
		o := &items[i].Occ
		if o.Owned || o.Cancelled() || o.Start.Before(now) || declinedByMe(o, f) {
			continue
		}
		for _, a := range o.Attendees {
			if a.PartStat != "DECLINED" {
				b.emails[a.Email] = true
			}
		}
		b.emails[o.Organizer] = true
		for _, n := range f.parseNames(o.Summary) {
			b.names[n.Key] = true
		}
	}
	return b
}

func (b booked) has(p Person) bool {
	return (p.Email != "" && b.emails[p.Email]) || (p.Name != "" && b.names[NormName(p.Name)])
}

func declinedByMe(o *event.Occurrence, f filter) bool {
	for _, a := range o.Attendees {
		if f.me[a.Email] && a.PartStat == "DECLINED" {
			return true
		}
	}
	return false
}
