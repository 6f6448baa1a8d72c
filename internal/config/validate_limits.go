package config

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"text/template"

	"github.com/netsyncd/netsyncd/internal/budget"
)

func (v *validator) limits() {
	l := v.c.Limits
	if l.HoursPerWeek < 0 || l.HoursPerWeek > 168 {
		v.errorf("limits.hours_per_week", "%v is not a weekly budget: write hours between 0 and 168, like 6", l.HoursPerWeek)
	}
	v.count("limits.max_events_per_week", l.MaxEventsPerWeek)
	v.count("limits.min_active_per_week", l.MinActivePerWeek)
	v.share("limits.min_active_share", l.MinActiveShare)
	v.share("limits.min_in_person_share", l.MinInPersonShare)
	v.typeLimits(l.Types)
	for i, at := range l.AllowedTimes {
		v.allowedTime(fmt.Sprintf("limits.allowed_times[%d]", i), at)
	}
	v.travelMinutes("limits.max_travel_minutes", l.MaxTravelMinutes)
	v.travelMinutes("limits.default_travel_minutes", l.DefaultTravelMinutes)
	v.zones(l.Zones)
	v.nonEmpty("limits.blocked_locations", l.BlockedLocations, "words of a place to avoid, like \"1 acme plaza\"")
	if l.AllDayHours < 0 || l.AllDayHours > 24 {
		v.errorf("limits.all_day_hours", "%v is not hours in a day: write a number between 0 and 24, like 8", l.AllDayHours)
	}
	if !(l.TravelSpeedKmh >= 1) {
		// Below walking pace a distance turns into days of travel, and
		// near 0 into more minutes than a time.Duration holds.
		v.errorf("limits.travel_speed_kmh", "%v is not a speed: write average door-to-door km/h, at least 1, like 25", l.TravelSpeedKmh)
	}
	v.contradictions(l)
}

// contradictions warns about limits that cannot all hold in any week.
func (v *validator) contradictions(l Limits) {
	if l.HoursPerWeek == 0 && (l.MinActivePerWeek > 0 || l.MinActiveShare > 0) {
		v.warnf("limits.hours_per_week", "is 0, so every in-person event is over budget, yet min_active_per_week is %d and min_active_share is %v: raise hours_per_week, or set both to 0", l.MinActivePerWeek, l.MinActiveShare)
	}
	if l.MaxEventsPerWeek < l.MinActivePerWeek {
		v.warnf("limits.max_events_per_week", "%d is less than min_active_per_week %d: no week can meet both; raise max_events_per_week or lower min_active_per_week", l.MaxEventsPerWeek, l.MinActivePerWeek)
	}
}

// maxTravelMinutes bounds a one-way travel time: a day. The planner
// places prep and follow-up entries around the travel, and two billion
// minutes (which a whole number reads) overflows a time.Duration into a
// follow-up in 1737.
const maxTravelMinutes = 24 * 60

func (v *validator) travelMinutes(key string, n int) {
	if n > maxTravelMinutes {
		v.errorf(key, "%d minutes is more than a day: write one-way travel in minutes, like 30", n)
		return
	}
	v.count(key, n)
}

func (v *validator) count(key string, n int) {
	if n < 0 {
		v.errorf(key, "%d is negative: write 0 or more", n)
	}
}

func (v *validator) share(key string, f float64) {
	switch {
	case f > 1 && f <= 100:
		v.errorf(key, "%v is not a share: write a fraction between 0 and 1, like %v for %v%%", f, f/100, f)
	case f < 0 || f > 1:
		v.errorf(key, "%v is not a share: write a fraction between 0 and 1, like 0.5 for half", f)
	}
}

func (v *validator) typeLimits(types map[string]TypeLimit) {
	names := make([]string, 0, len(types))
	for name := range types {
		names = append(names, name)
	}
	sort.Strings(names) // messages in a stable order
	for _, name := range names {
		key := "limits.types." + name
		if !slices.Contains(Types, name) {
			v.errorf(key, "unknown type%s: write one of %s", orMaybe(name, Types), strings.Join(Types, ", "))
			continue
		}
		t := types[name]
		if t.MaxPerWeek != nil {
			v.count(key+".max_per_week", *t.MaxPerWeek)
		}
		if t.MaxHoursPerWeek != nil && (*t.MaxHoursPerWeek < 0 || *t.MaxHoursPerWeek > 168) {
			v.errorf(key+".max_hours_per_week", "%v is not a weekly budget: write hours between 0 and 168", *t.MaxHoursPerWeek)
		}
	}
}

func (v *validator) allowedTime(key string, at AllowedTime) {
	if len(at.Days) == 0 {
		v.errorf(key+".days", "is empty: list the days this window applies to, like [mon, tue, wed, thu, fri]")
	}
	switch {
	case at.From > at.To && at.To > 0:
		// 22:00-02:00 reads as a night out; a window is one day's.
		v.errorf(key+".from", "%s is not before to %s: a window cannot run past midnight; write it as two, {from: \"%s\", to: \"24:00\"} and {from: \"00:00\", to: \"%s\"} on the following days", at.From, at.To, at.From, at.To)
	case at.From > at.To:
		v.errorf(key+".from", "%s is not before to 00:00: write to: \"24:00\" for a window to the end of the day", at.From)
	case at.From >= at.To:
		v.errorf(key+".from", "%s is not before to %s: write a window within one day, like {from: \"07:00\", to: \"21:00\"} (to may be \"24:00\")", at.From, at.To)
	}
}

func (v *validator) zones(zones []Zone) {
	names := map[string]int{}
	for i, z := range zones {
		key := fmt.Sprintf("limits.zones[%d]", i)
		name := strings.TrimSpace(z.Name)
		if name == "" {
			v.errorf(key+".name", "is required: name the zone, like Midtown")
		} else if prev, dup := names[strings.ToLower(name)]; dup {
			v.errorf(key+".name", "%q is already the name of limits.zones[%d]: give each zone its own name", z.Name, prev)
		} else {
			names[strings.ToLower(name)] = i
		}
		if len(z.Match) == 0 {
			v.errorf(key+".match", "is empty: list words that appear in the zone's locations, like [midtown, \"5th ave\"]")
		}
		v.nonEmpty(key+".match", z.Match, "a word of the zone's locations")
		v.travelMinutes(key+".travel_minutes", z.TravelMinutes)
	}
}

var outputs = []string{"event", "todo"}

func (v *validator) output() {
	o := v.c.Output
	if !slices.Contains(outputs, o.As) {
		v.errorf("output.as", "%q is not an entry kind%s: write event (calendar events) or todo (tasks, for task apps)", o.As, orMaybe(o.As, outputs))
	}
	v.positive("output.prep.duration", o.Prep.Duration, "30m")
	v.positive("output.prep.lead", o.Prep.Lead, "1d")
	if o.Prep.Duration > 0 && o.Prep.Duration > o.Prep.Lead {
		v.errorf("output.prep.duration", "%s is longer than output.prep.lead %s: no prep slot would fit before the event; shorten it or raise lead", o.Prep.Duration, o.Prep.Lead)
	}
	v.notNegative("output.prep.alarm", o.Prep.Alarm)
	v.positive("output.followup.after", o.Followup.After, "18h")
	v.positive("output.followup.duration", o.Followup.Duration, "20m")
	v.notNegative("output.followup.alarm", o.Followup.Alarm)
	t := o.Templates
	for _, f := range []struct{ key, text string }{
		{"prep_summary", t.PrepSummary}, {"prep_description", t.PrepDescription},
		{"followup_summary", t.FollowupSummary}, {"followup_description", t.FollowupDescription},
		{"week_summary", t.WeekSummary}, {"week_description", t.WeekDescription},
	} {
		v.template("output.templates."+f.key, f.text)
	}
}

func (v *validator) positive(key string, d Duration, like string) {
	if d <= 0 {
		v.errorf(key, "must be more than 0: write a duration like %s", like)
	}
}

func (v *validator) notNegative(key string, d Duration) {
	if d < 0 {
		v.errorf(key, "is negative: write 0 for an alarm at the start, or a duration before it like 15m")
	}
}

// template checks only that a template parses; which fields it may use is
// the plan package's business, and checked when it runs.
func (v *validator) template(key, text string) {
	if text == "" {
		return
	}
	if _, err := template.New(key).Parse(text); err != nil {
		v.errorf(key, "does not parse (%s): fix it (Go text/template syntax, like \"Prep: {{.Summary}}\"), or remove the key to use the built-in text", strings.TrimPrefix(err.Error(), "template: "))
		return
	}
	if err := budget.CheckTemplateText(text); err != nil {
		v.errorf(key, "%v", err)
	}
}
