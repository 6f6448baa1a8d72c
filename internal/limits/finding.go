package limits

import "time"

// Finding codes, as SPEC.md names them.
const (
	OverWeeklyHours     = "over_weekly_hours"
	OverWeeklyEvents    = "over_weekly_events"
	BelowActiveShare    = "below_active_share"
	OverTypeCap         = "over_type_cap"
	BelowWeeklyTarget   = "below_weekly_target"
	OutsideAllowedTimes = "outside_allowed_times"
	TravelTooLong       = "travel_too_long"
	LocationBlocked     = "location_blocked"
	LocationUnknown     = "location_unknown"
	OverlapsBusyTime    = "overlaps_busy_time"
	ConfidentialRisk    = "confidential_risk"
	NoPrepSlot          = "no_prep_slot"
	// BudgetExceeded: an event or the pass hit one of the budgets (package
	// budget): some of it was not read, checked or planned.
	BudgetExceeded = "budget_exceeded"
)

// Finding is one thing the user should know about an occurrence or a week.
// Message is a sentence a person can act on.
type Finding struct {
	Code    string     `json:"code"`
	Message string     `json:"message"`
	UID     string     `json:"uid,omitempty"`
	Start   *time.Time `json:"start,omitempty"`
}
