package config

import (
	"fmt"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// Plan is the networking plan (internal/milestone, the slot planner):
// milestones to reach by given dates, and the times open slots for active
// networking may take.
type Plan struct {
	// Start is the day the plan's first milestone counts from. Zero: the
	// day the state directory was made.
	Start Date `yaml:"start"`
	// Milestones, by date; each one counts from the previous one's By.
	Milestones []Milestone `yaml:"milestones"`
	// SlotTimes are the windows an open slot may take, each slot one whole
	// window (a breakfast, a lunch), inside limits.allowed_times.
	SlotTimes []AllowedTime `yaml:"slot_times"`
	// SlotsBusy writes slot entries as busy time (TRANSP:OPAQUE).
	SlotsBusy bool `yaml:"slots_busy"`
}

// Milestone is a set of counts to reach by a date. A nil count is not a
// target of this milestone.
type Milestone struct {
	Name           string   `yaml:"name"`
	By             Date     `yaml:"by"`
	ActiveMeetings *int     `yaml:"active_meetings,omitempty"`
	NewContacts    *int     `yaml:"new_contacts,omitempty"`
	Reconnects     *int     `yaml:"reconnects,omitempty"`
	InPersonHours  *float64 `yaml:"in_person_hours,omitempty"`
}

func defaultPlan() Plan {
	weekdays := []Weekday{Weekday(time.Monday), Weekday(time.Tuesday), Weekday(time.Wednesday), Weekday(time.Thursday), Weekday(time.Friday)}
	return Plan{
		SlotTimes: []AllowedTime{
			{Days: weekdays, From: ClockTime(7*60 + 30), To: ClockTime(8*60 + 30)},
			{Days: weekdays, From: ClockTime(12 * 60), To: ClockTime(13*60 + 30)},
		},
		SlotsBusy: true,
	}
}

// Date is a calendar day, written 2027-01-31; its zero value is no date.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// ParseDate reads "2027-01-31".
func ParseDate(s string) (Date, error) {
	t, err := time.Parse("2006-01-02", strings.TrimSpace(s))
	if err != nil {
		return Date{}, fmt.Errorf("%q is not a date: write it like 2027-01-31", s)
	}
	return Date{t.Year(), t.Month(), t.Day()}, nil
}

// IsZero reports whether d is no date.
func (d Date) IsZero() bool { return d == Date{} }

// In is the midnight that starts d in loc.
func (d Date) In(loc *time.Location) time.Time {
	t := time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
	if t.Day() != d.Day { // a day that begins at 01:00 (DST at midnight)
		t = time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, loc).Truncate(time.Hour)
	}
	return t
}

// Before reports whether d is an earlier day than e.
func (d Date) Before(e Date) bool {
	return d.In(time.UTC).Before(e.In(time.UTC))
}

// String writes "2027-01-31", or "" for no date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// UnmarshalYAML reads "2027-01-31" (or an empty value: no date).
func (d *Date) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode {
		return fmt.Errorf("is %s, not a date: write it like 2027-01-31", describe(n))
	}
	if n.Tag == "!!null" || strings.TrimSpace(n.Value) == "" {
		*d = Date{}
		return nil
	}
	v, err := ParseDate(n.Value)
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// MarshalYAML writes the date as UnmarshalYAML reads it.
func (d Date) MarshalYAML() (any, error) { return d.String(), nil }
