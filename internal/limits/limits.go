// Package limits checks occurrences and weeks against the user's policy
// (config.Limits, config.Employer) and produces findings.
//
// It is pure: classified occurrences, the config and a window in; travel
// times, per-occurrence findings and weekly summaries out.
//
// Rules this package keeps:
//   - Weeks are calendar weeks in cfg.Location starting on limits.week_start
//     at midnight; they are 7 calendar days (167 or 169 hours across DST).
//     A week is labelled with the ISO 8601 week of its first day.
//   - An occurrence counts in the week where it starts. Only networking
//     that is not declined, not cancelled and not owned by netsyncd counts.
//   - Hours are in-person networking plus travel both ways; remote
//     networking is reported beside them and never counts towards the budget.
//   - Travel: the first zone whose words are in the location, else the
//     straight line from me.home to the event's GEO, else the default with
//     a location_unknown finding.
//   - A limit met exactly is no finding; only going past it is.
//   - Every message names the event or week and says what to do.
package limits

import (
	"time"

	"github.com/netsyncd/netsyncd/internal/classify"
	"github.com/netsyncd/netsyncd/internal/event"
)

// Item is one occurrence with its classification and what this package
// adds to it: travel time, zone and findings.
type Item struct {
	Occ   event.Occurrence
	Class classify.Class
	// TravelMinutes is one way; 0 for remote or non-networking occurrences.
	TravelMinutes int
	// Zone is the name of the zone that matched the location, "" if none.
	Zone string
	// TravelNote says how TravelMinutes was found (zone, distance from
	// me.home, or the default) and, when the location matched more than one
	// zone, which ones and which was taken. "" when there is no travel.
	TravelNote string
	Findings   []Finding
	// Hours is what a counted occurrence adds to its week: in-person
	// networking with travel both ways (InPerson), else remote hours.
	Hours float64
	// Opportunity is why an occurrence that is not networking is a chance
	// to network (classify.Opportunity), "" when it is not one. It counts
	// towards no limit.
	Opportunity string
}

// Week is the summary of one week, as `netsyncd report` shows it; its
// JSON form, with the field names of SPEC.md, is package report's.
type Week struct {
	Week             string // ISO 8601 week of Start's date: 2026-W48 (see WeekLabel)
	Start            time.Time
	End              time.Time
	Hours            float64 // in-person networking, travel both ways included
	BudgetHours      float64
	Events           int // counted networking events (in person and remote)
	Active           int
	Passive          int
	ActiveShare      float64 // by count, 0..1
	ActiveHoursShare float64
	Remote           int
	RemoteHours      float64
	TravelMinutes    int
	Confidential     int
	Findings         []Finding
}

// Result is what Check returns: the items (every occurrence, in start
// order, networking or not) and the weeks of the window.
type Result struct {
	Items []Item
	Weeks []Week
}
