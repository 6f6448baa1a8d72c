package people

import (
	"slices"
	"time"

	"github.com/netsyncd/netsyncd/internal/config"
	"github.com/netsyncd/netsyncd/internal/limits"
)

// Report is the ledger as `netsyncd people --json` prints it (the SPEC's
// shape). Dates are YYYY-MM-DD in the config's time zone.
type Report struct {
	People []PersonRow `json:"people"`
	Hosts  []Host      `json:"hosts"`
}

// PersonRow is one person in a Report.
type PersonRow struct {
	Key          string   `json:"key"`
	Name         string   `json:"name"`
	Email        string   `json:"email"`
	Organization string   `json:"organization"`
	FirstMet     string   `json:"first_met"`
	LastMet      string   `json:"last_met"`
	Meetings     int      `json:"meetings"`
	InPerson     int      `json:"in_person"`
	NextDue      string   `json:"next_due"` // "" for never
	Status       Status   `json:"status"`
	Hosts        []string `json:"hosts"`

	// For the table: the last meeting's summary, and the cadence.
	LastSummary string `json:"-"`
	Cadence     string `json:"-"`
}

// View builds the Report: every person, those due first, then scheduled,
// ok and never, each most overdue first (with dueOnly, only those DueNow
// picks), and every host's record.
func View(l Ledger, future []limits.Item, cfg *config.Config, now time.Time, dueOnly bool) Report {
	var st []Standing
	if dueOnly {
		st = DueNow(l, future, cfg, now)
	} else {
		st = Standings(l, future, cfg, now)
		slices.SortStableFunc(st, func(a, b Standing) int { return rank[a.Status] - rank[b.Status] })
	}
	loc := cfg.Zone()
	r := Report{People: make([]PersonRow, 0, len(st)), Hosts: Hosts(l)}
	for _, s := range st {
		row := PersonRow{
			Key: s.Key, Name: s.Name, Email: s.Email, Organization: s.Organization,
			FirstMet: day(s.FirstMet(), loc), LastMet: day(s.LastMet(), loc), Meetings: len(s.Meetings),
			Status: s.Status, Hosts: s.Person.Hosts(), Cadence: s.Cadence.String(),
			LastSummary: s.Meetings[len(s.Meetings)-1].Summary,
		}
		if row.Hosts == nil {
			row.Hosts = []string{}
		}
		for _, m := range s.Meetings {
			if m.InPerson {
				row.InPerson++
			}
		}
		if !s.NextDue.IsZero() {
			row.NextDue = day(s.NextDue, loc)
		}
		r.People = append(r.People, row)
	}
	return r
}

var rank = map[Status]int{Due: 0, Scheduled: 1, OK: 2, Never: 3}

func day(t time.Time, loc *time.Location) string { return t.In(loc).Format("2006-01-02") }
