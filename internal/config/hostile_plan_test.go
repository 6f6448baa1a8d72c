package config

import (
	"strings"
	"testing"
)

// TestHostilePlanConfig feeds the keys the planner reads (allowed times,
// slot times, milestones, reconnect cadence and cap) the odd values a user
// may write. An impossible value is an error naming file, line and key; a
// value that works but can never place an entry is a warning; a value that
// is odd but harmless (a day listed twice) is neither.
func TestHostilePlanConfig(t *testing.T) {
	pinZone(t)
	const head = "caldav: {url: https://dav.example.com/}\nemployer: {domains: [acme-corp.com]}\n"
	for _, tc := range []struct {
		name, yaml string
		err        string // "file:line: key: words", "" for none
		warn       string // the one warning, "" for none
	}{
		{"any time", "limits: {allowed_times: []}\n", "", ""},
		{"the whole day", "limits:\n  allowed_times:\n    - {days: [mon, tue, wed, thu, fri, sat, sun], from: \"00:00\", to: \"24:00\"}\n", "", ""},
		{"a day twice", "limits:\n  allowed_times:\n    - {days: [mon, mon, Monday, tue, wed, thu, fri], from: \"07:00\", to: \"21:00\"}\n", "", ""},
		{"no days", "limits:\n  allowed_times:\n    - {days: [], from: \"07:00\", to: \"21:00\"}\n", "h.yaml:5: limits.allowed_times[0].days: is empty", ""},
		{"unknown day", "limits:\n  allowed_times:\n    - {days: [mon, funday], from: \"07:00\", to: \"21:00\"}\n", "h.yaml:5: limits.allowed_times[0].days[1]: \"funday\" is not a day", ""},
		{"zero length", "limits:\n  allowed_times:\n    - {days: [mon], from: \"09:00\", to: \"09:00\"}\n", "h.yaml:5: limits.allowed_times[0].from: 09:00 is not before to 09:00: write a window within one day", ""},
		{"past midnight", "limits:\n  allowed_times:\n    - {days: [fri], from: \"22:00\", to: \"02:00\"}\n", "h.yaml:5: limits.allowed_times[0].from: 22:00 is not before to 02:00: a window cannot run past midnight; write it as two, {from: \"22:00\", to: \"24:00\"} and {from: \"00:00\", to: \"02:00\"}", ""},
		{"to midnight written 00:00", "limits:\n  allowed_times:\n    - {days: [fri], from: \"18:00\", to: \"00:00\"}\n", "h.yaml:5: limits.allowed_times[0].from: 18:00 is not before to 00:00: write to: \"24:00\"", ""},
		{"past 24:00", "limits:\n  allowed_times:\n    - {days: [fri], from: \"18:00\", to: \"24:30\"}\n", "h.yaml:5: limits.allowed_times[0].to: \"24:30\" is not a time of day", ""},
		{"slot outside the allowed times", "plan:\n  slot_times:\n    - {days: [mon, sat], from: \"06:00\", to: \"07:00\"}\n", "", "h.yaml:5: plan.slot_times[0]: 06:00-07:00 on mon, sat is not inside one window of limits.allowed_times"},
		{"slot on a day without allowed time", "plan:\n  slot_times:\n    - {days: [sat, sun], from: \"10:00\", to: \"11:00\"}\n", "", "h.yaml:5: plan.slot_times[0]: 10:00-11:00 on sun is not inside"},
		{"slot across two allowed windows", "limits:\n  allowed_times:\n    - {days: [mon], from: \"07:00\", to: \"12:00\"}\n    - {days: [mon], from: \"12:00\", to: \"21:00\"}\nplan:\n  slot_times:\n    - {days: [mon], from: \"11:30\", to: \"12:30\"}\n", "", "h.yaml:9: plan.slot_times[0]: 11:30-12:30 on mon is not inside one window"},
		{"no slot times", "plan: {slot_times: []}\n", "", ""},
		{"prep longer than every window", "limits:\n  allowed_times:\n    - {days: [mon], from: \"07:00\", to: \"08:00\"}\noutput:\n  prep: {duration: 2h}\nplan: {slot_times: []}\n", "", "h.yaml:7: output.prep.duration: 2h is longer than every window of limits.allowed_times (the longest is 1h)"},
		{"follow-up longer than every window", "limits:\n  allowed_times:\n    - {days: [mon], from: \"07:00\", to: \"08:00\"}\noutput:\n  followup: {duration: 90m}\nplan: {slot_times: []}\n", "", "h.yaml:7: output.followup.duration: 1h30m is longer than every window"},
		{"reconnect longer than every window", "limits:\n  allowed_times:\n    - {days: [mon], from: \"07:00\", to: \"07:15\"}\noutput:\n  prep: {duration: 15m}\n  followup: {duration: 15m}\n  reconnect: {duration: 20m}\nplan: {slot_times: []}\n", "", "h.yaml:9: output.reconnect.duration: 20m is longer than every window"},
		{"milestone on 29 Feb of a common year", "plan:\n  milestones:\n    - {name: leap, by: 2027-02-29, active_meetings: 1}\n", "h.yaml:5: plan.milestones[0].by: \"2027-02-29\" is not a date", ""},
		{"milestones in year 1 and 9999", "plan:\n  start: 0001-01-01\n  milestones:\n    - {name: first, by: 0001-01-02, active_meetings: 1}\n    - {name: last, by: 9999-12-31, active_meetings: 1}\n", "", ""},
		{"milestone in year 10000", "plan:\n  milestones:\n    - {name: far, by: 10000-01-01, active_meetings: 1}\n", "h.yaml:5: plan.milestones[0].by: \"10000-01-01\" is not a date", ""},
		{"duplicate milestones", "plan:\n  milestones:\n    - {name: Q1, by: 2027-03-31, active_meetings: 1}\n    - {name: q1, by: 2027-03-31, active_meetings: 1}\n", "h.yaml:6: plan.milestones[1].name: \"q1\" is already the name of plan.milestones[0]", ""},
		{"milestone with an empty name", "plan:\n  milestones:\n    - {name: \" \", by: 2027-03-31, active_meetings: 1}\n", "h.yaml:5: plan.milestones[0].name: is required", ""},
		{"travel past a day", "limits: {default_travel_minutes: 2000000000}\n", "h.yaml:3: limits.default_travel_minutes: 2000000000 minutes is more than a day", ""},
		{"zone travel past a day", "limits:\n  zones: [{name: Moon, match: [moon], travel_minutes: 1441}]\n", "h.yaml:4: limits.zones[0].travel_minutes: 1441 minutes is more than a day", ""},
		{"travel of a day", "limits: {max_travel_minutes: 1440, default_travel_minutes: 1440}\n", "", ""},
		{"speed below walking", "limits: {travel_speed_kmh: 1e-300}\n", "h.yaml:3: limits.travel_speed_kmh: 1e-300 is not a speed", ""},
		{"cadence 0", "people: {reconnect_after: 0}\n", "h.yaml:3: people.reconnect_after: must be more than 0", ""},
		{"cadence negative", "people: {reconnect_after: -1w}\n", "h.yaml:3: people.reconnect_after: \"-1w\" is not a period", ""},
		{"cadence over ten years", "people: {reconnect_after: 522w}\n", "h.yaml:3: people.reconnect_after: \"522w\" is more than 3650 days", ""},
		{"cadence over ten years in two units", "people: {reconnect_after: 520w3650d}\n", "h.yaml:3: people.reconnect_after: \"520w3650d\" is more than 3650 days", ""},
		{"cadence of 521 weeks, under ten years", "people: {reconnect_after: 521w}\n", "", ""},
		{"cadence never", "people: {reconnect_after: Never}\n", "", ""},
		{"weekly cap 0", "people: {max_reconnects_per_week: 0}\n", "", ""},
		{"weekly cap negative", "people: {max_reconnects_per_week: -1}\n", "h.yaml:3: people.max_reconnects_per_week: -1 is negative", ""},
		{"weekly cap past int64", "people: {max_reconnects_per_week: 99999999999999999999}\n", "h.yaml:3: people.max_reconnects_per_week: \"99999999999999999999\" is not a whole number", ""},
		{"lead of 292 years in hours", "output:\n  prep: {lead: 2562047h}\n", "h.yaml:4: output.prep.lead: \"2562047h\" is more than 3650 days", ""},
		{"lead that would overflow", "output:\n  followup: {after: 3650d2562047h}\n", "h.yaml:4: output.followup.after: \"3650d2562047h\" is more than 3650 days", ""},
		{"ten years exactly", "output:\n  prep: {lead: 3649d24h}\n", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, warns, err := Parse([]byte(head+tc.yaml), "h.yaml")
			switch {
			case tc.err == "" && err != nil:
				t.Fatalf("Parse:\n%s= %v; want no error", tc.yaml, err)
			case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
				t.Fatalf("Parse:\n%s= %v; want an error containing %q", tc.yaml, err, tc.err)
			}
			if tc.err != "" {
				return // warnings of a config refused are not shown
			}
			if tc.warn == "" && len(warns) != 0 {
				t.Errorf("warnings = %v; want none", warns)
			}
			if tc.warn != "" && (len(warns) != 1 || !hasWarning(warns, tc.warn)) {
				t.Errorf("warnings = %v; want one containing %q", warns, tc.warn)
			}
		})
	}
}
