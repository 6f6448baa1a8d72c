package plan

import (
	"strings"
	"time"

	"github.com/netsyncd/netsyncd/internal/entry"
	"github.com/netsyncd/netsyncd/internal/limits"
	"github.com/netsyncd/netsyncd/internal/people"
)

// ReconnectUID is the UID of the reconnect entry of the person with key
// for the cycle that began at their last meeting lastMet: the cycle is the
// entry's X-NETSYNCD-SOURCE-RECURRENCE-ID. A new meeting starts a new
// cycle, so an entry the user deleted stays deleted until they meet again,
// and the next time they are due they get a new one.
func ReconnectUID(key string, lastMet time.Time) string {
	return entry.UID(entry.KindReconnect, entry.PersonPrefix+key, cycle(lastMet))
}

func cycle(lastMet time.Time) string { return lastMet.UTC().Format(time.RFC3339) }

// ReconnectData is the person of a reconnect entry, for the templates.
type ReconnectData struct {
	Name, First, Email, Organization string
	LastMet                          time.Time // local time
	LastEvent, LastPlace             string    // of the last meeting
	Times, InPerson                  int       // meetings, and of those in person
	Hosts                            []string  // at whose events you met
	Cadence                          string    // "8w"
	NextDue                          time.Time
	OneOnOne                         bool // you have met one on one
	LastInPerson                     bool
}

// reconnects plans the reconnect entries: for each person due (most
// overdue first) whose cycle has no entry over or deleted by the user, one
// entry of output.reconnect.duration in a free allowed slot, this week or
// next, at most people.max_reconnects_per_week in either (entries over
// count). An entry already in the calendar keeps its time while that time
// stays free and allowed; the others take the first free slot after now.
// A person with a meeting ahead is not due, so their entry is no longer
// planned and reconcile deletes it.
func (p *planner) reconnects(items []limits.Item) {
	limit := p.cfg.People.MaxReconnectsPerWeek
	if limit <= 0 {
		return
	}
	now := p.ppl.Now
	week := func(t time.Time) time.Time {
		return limits.WeekStart(t, p.loc, time.Weekday(p.cfg.Limits.WeekStart))
	}
	this := week(now)
	next := week(this.AddDate(0, 0, 7).Add(12 * time.Hour))
	end := week(next.AddDate(0, 0, 7).Add(12 * time.Hour))
	existing := map[string]*entry.Owned{}
	used := map[time.Time]int{}
	for i := range p.ppl.Reconnects {
		o := &p.ppl.Reconnects[i]
		existing[o.UID] = o
		if !o.End.After(now) {
			used[week(o.Start)]++ // a reminder shown this week counts toward its cap
		}
	}
	d := p.cfg.Output.Reconnect.Duration.D()
	var fresh []people.Standing
	standings := p.ppl.Standings
	if standings == nil {
		standings = people.StandingsNames(p.ppl.Ledger, items, p.cfg, now, p.ppl.Names)
	}
	for _, s := range standings {
		if s.Status != people.Due {
			continue
		}
		uid := ReconnectUID(s.Key, s.LastMet())
		o := existing[uid]
		switch {
		case o == nil && p.ppl.Dismissed != nil && p.ppl.Dismissed(uid), o != nil && !o.End.After(now):
			continue // deleted by the user, or shown: this cycle is done
		case o != nil:
			start, stop := o.PlannedStart, o.PlannedEnd
			if start.IsZero() {
				start, stop = o.Start, o.End
			}
			if w := week(start); stop.After(now) && start.Before(end) && used[w] < limit &&
				!p.busy.overlaps(start, stop) && allowed(p.cfg.Limits.AllowedTimes, start, stop, p.loc) {
				used[w]++
				p.addReconnect(s, uid, start, stop)
				continue
			}
		}
		fresh = append(fresh, s)
	}
	for _, s := range fresh {
		for w := this; w.Before(end); w = week(w.AddDate(0, 0, 7).Add(12 * time.Hour)) {
			if used[w] >= limit {
				continue
			}
			// From the next grid time: an entry is a reminder to come, not one
			// already under way.
			from, until := maxTime(ceilStep(now.Add(time.Minute), p.loc), w), week(w.AddDate(0, 0, 7).Add(12*time.Hour))
			if start, ok := p.freeSlot(from, until.Add(-d), d); ok {
				used[w]++
				p.addReconnect(s, ReconnectUID(s.Key, s.LastMet()), start, start.Add(d))
				break
			}
		}
	}
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// addReconnect renders one reconnect entry and takes its time.
func (p *planner) addReconnect(s people.Standing, uid string, start, end time.Time) {
	p.busy.add(start, end)
	summary, description := p.texts.render(entry.KindReconnect, p.reconnectData(s))
	p.caps.took(entry.PersonPrefix+s.Key, len(summary)+len(description))
	p.entries = append(p.entries, entry.Entry{
		Kind: entry.KindReconnect, UID: uid, SourceUID: entry.PersonPrefix + s.Key, SourceRecurrenceID: cycle(s.LastMet()),
		Summary: summary, Description: description,
		Start: start.In(p.loc), End: end.In(p.loc), Alarm: p.cfg.Output.Reconnect.Alarm.D(),
		SourceStart: s.NextDue.In(p.loc), Until: end,
	})
}

func (p *planner) reconnectData(s people.Standing) *Data {
	last := s.Meetings[len(s.Meetings)-1]
	name := s.Name
	if name == "" {
		name = s.Email
	}
	r := &ReconnectData{
		Name: name, First: strings.Fields(name + " ")[0], Email: s.Email, Organization: s.Organization,
		LastMet: last.Start.In(p.loc), LastEvent: p.discreet(last.Summary), LastPlace: p.discreet(last.Location),
		Times: len(s.Meetings), Hosts: s.Person.Hosts(), Cadence: s.Cadence.String(),
		NextDue: s.NextDue.In(p.loc), LastInPerson: last.InPerson,
	}
	for _, m := range s.Meetings {
		if m.InPerson {
			r.InPerson++
		}
		r.OneOnOne = r.OneOnOne || m.OneOnOne
	}
	return &Data{Kind: entry.KindReconnect, Confidential: p.cfg.Employer.Confidential, Person: r}
}
