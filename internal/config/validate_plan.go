package config

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

func (v *validator) plan() {
	p := v.c.Plan
	names := map[string]int{}
	prev, prevKey := p.Start, "plan.start"
	for i, m := range p.Milestones {
		key := fmt.Sprintf("plan.milestones[%d]", i)
		name := strings.TrimSpace(m.Name)
		if name == "" {
			v.errorf(key+".name", "is required: name the milestone, like \"first month\"")
		} else if j, dup := names[strings.ToLower(name)]; dup {
			v.errorf(key+".name", "%q is already the name of plan.milestones[%d]: give each milestone its own name", m.Name, j)
		} else {
			names[strings.ToLower(name)] = i
		}
		if m.By.IsZero() {
			v.errorf(key+".by", "is required: write the day to reach it by, like 2027-01-31")
		} else if !prev.IsZero() && !prev.Before(m.By) {
			v.errorf(key+".by", "%s is not after %s %s: list milestones in date order, each after the plan's start", m.By, prevKey, prev)
		}
		if !m.By.IsZero() {
			prev, prevKey = m.By, key+".by"
		}
		v.milestoneCounts(key, m)
	}
	for i, at := range p.SlotTimes {
		key := fmt.Sprintf("plan.slot_times[%d]", i)
		v.allowedTime(key, at)
		if at.From < at.To && !v.decodeFailedIn(key) {
			v.slotInAllowed(key, at)
		}
	}
	v.entriesFit()
}

// decodeFailedIn reports whether the decoder refused key or any key in it:
// what is left of a list with a bad entry is no base for a warning.
func (v *validator) decodeFailedIn(key string) bool {
	for k := range v.c.failed {
		if strings.HasPrefix(k, key+".") || strings.HasPrefix(k, key+"[") {
			return true
		}
	}
	return v.decodeFailed(key)
}

// slotInAllowed warns about a slot window that lies inside no window of
// limits.allowed_times on some of its days: a slot takes its window whole,
// so on those days no slot is ever planned, and nothing else says why.
func (v *validator) slotInAllowed(key string, slot AllowedTime) {
	allowed := v.c.Limits.AllowedTimes
	if len(allowed) == 0 || v.decodeFailedIn("limits.allowed_times") {
		return // any time is allowed, or the windows are errors already
	}
	var outside []string
	for _, d := range slot.Days {
		in := slices.ContainsFunc(allowed, func(w AllowedTime) bool {
			return slices.Contains(w.Days, d) && w.From <= slot.From && slot.To <= w.To
		})
		if !in && !slices.Contains(outside, d.String()) {
			outside = append(outside, d.String())
		}
	}
	if len(outside) == 0 {
		return
	}
	fix := "move it inside, or widen allowed_times"
	if _, written := v.c.lines["plan.slot_times"]; !written {
		fix = "write plan.slot_times inside your allowed times (this is its default)"
	}
	v.warnf(key, "%s-%s on %s is not inside one window of limits.allowed_times: no open slot is planned there; %s", slot.From, slot.To, strings.Join(outside, ", "), fix)
}

// entriesFit warns about an entry duration longer than every window of
// limits.allowed_times: an entry lies inside one window, so such an entry
// never finds a slot. Preps then all go right before you leave (each with
// a no_prep_slot finding), follow-ups right after the event, outside the
// allowed times, and reconnect entries are never written.
func (v *validator) entriesFit() {
	var longest Duration
	for _, w := range v.c.Limits.AllowedTimes {
		longest = max(longest, Duration(time.Duration(w.To-w.From)*time.Minute))
	}
	if len(v.c.Limits.AllowedTimes) == 0 || longest <= 0 || v.decodeFailedIn("limits.allowed_times") {
		return // any time is allowed, or the windows are errors already
	}
	o := v.c.Output
	for _, e := range []struct {
		key    string
		d      Duration
		result string
	}{
		{"output.prep.duration", o.Prep.Duration, "every prep goes right before you leave"},
		{"output.followup.duration", o.Followup.Duration, "every follow-up goes right after the event, outside the allowed times"},
		{"output.reconnect.duration", o.Reconnect.Duration, "no reconnect entry is written"},
	} {
		if e.d > longest {
			v.warnf(e.key, "%s is longer than every window of limits.allowed_times (the longest is %s): %s; shorten it, or widen allowed_times", e.d, longest, e.result)
		}
	}
}

func (v *validator) milestoneCounts(key string, m Milestone) {
	if m.ActiveMeetings == nil && m.NewContacts == nil && m.Reconnects == nil && m.InPersonHours == nil {
		v.errorf(key, "has no target: write at least one of active_meetings, new_contacts, reconnects, in_person_hours")
	}
	for k, n := range map[string]*int{"active_meetings": m.ActiveMeetings, "new_contacts": m.NewContacts, "reconnects": m.Reconnects} {
		if n != nil {
			v.count(key+"."+k, *n)
		}
	}
	if h := m.InPersonHours; h != nil && (*h < 0 || *h > 10000) {
		v.errorf(key+".in_person_hours", "%v is not a number of hours: write 0 or more, like 20", *h)
	}
}
