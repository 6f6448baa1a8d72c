package config

import (
	"fmt"
	"strings"
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
		v.allowedTime(fmt.Sprintf("plan.slot_times[%d]", i), at)
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
