package entry

import (
	"sort"
	"strings"

	"github.com/emersion/go-ical"
)

// PropAlarm records the TRIGGER netsyncd planned for the entry's alarm
// when it last wrote it. Like X-NETSYNCD-PLANNED for the times, it tells a
// user's change from netsyncd's: when the entry's alarms are no longer the
// one alarm it records, the user changed them, and they are kept.
const PropAlarm = "X-NETSYNCD-ALARM"

// AlarmTrigger is the TRIGGER value of the alarm netsyncd writes for e.
func AlarmTrigger(e *Entry) string { return durationValue(-e.Alarm) }

// readAlarms sets o.PlannedAlarm, o.Alarms and o.AlarmsEdited from the
// entry's component c.
func readAlarms(c *ical.Component, o *Owned) {
	o.PlannedAlarm = strings.TrimSpace(text(c, PropAlarm))
	var triggers []*ical.Prop
	for _, ch := range c.Children {
		if ch.Name != ical.CompAlarm {
			continue
		}
		o.Alarms = append(o.Alarms, contentLines(ch)...)
		triggers = append(triggers, ch.Props.Get(ical.PropTrigger))
	}
	// An entry written before X-NETSYNCD-ALARM existed cannot tell; its
	// alarms are taken as netsyncd's.
	o.AlarmsEdited = o.PlannedAlarm != "" && !sameTrigger(triggers, o.PlannedAlarm)
}

// sameTrigger reports whether triggers are exactly one alarm that fires
// planned (a duration before the start) as netsyncd wrote it. Apps that
// add their own properties to the alarm (Apple's X-WR-ALARMUID and
// ACKNOWLEDGED) or write the duration another way (-P0DT0H15M0S) have not
// changed when it fires.
func sameTrigger(triggers []*ical.Prop, planned string) bool {
	if len(triggers) != 1 || triggers[0] == nil {
		return false
	}
	t := triggers[0]
	if r := t.Params.Get("RELATED"); r != "" && !strings.EqualFold(r, "START") {
		return false
	}
	got, err := t.Duration() // fails for an absolute DATE-TIME trigger
	if err != nil {
		return false
	}
	want, err := (&ical.Prop{Name: ical.PropTrigger, Params: ical.Params{}, Value: planned}).Duration()
	return err == nil && got == want
}

// contentLines writes c back as unfolded content lines, BEGIN to END: its
// ACTION and TRIGGER first, then its other properties by name, then its
// children. Values are kept as they were read (still escaped).
func contentLines(c *ical.Component) []string {
	lines := []string{"BEGIN:" + c.Name}
	names := make([]string, 0, len(c.Props))
	for name := range c.Props {
		names = append(names, name)
	}
	rank := func(n string) int {
		switch n {
		case ical.PropAction:
			return 0
		case ical.PropTrigger:
			return 1
		}
		return 2
	}
	sort.Slice(names, func(i, j int) bool {
		if ri, rj := rank(names[i]), rank(names[j]); ri != rj {
			return ri < rj
		}
		return names[i] < names[j]
	})
	for _, name := range names {
		for _, p := range c.Props[name] {
			lines = append(lines, contentLine(&p))
		}
	}
	for _, ch := range c.Children {
		lines = append(lines, contentLines(ch)...)
	}
	return append(lines, "END:"+c.Name)
}

// contentLine is RFC 5545's contentline for p, its parameters by name; a
// parameter value with a ":", ";" or "," is quoted.
func contentLine(p *ical.Prop) string {
	var b strings.Builder
	b.WriteString(p.Name)
	params := make([]string, 0, len(p.Params))
	for name := range p.Params {
		params = append(params, name)
	}
	sort.Strings(params)
	for _, name := range params {
		b.WriteString(";" + name + "=")
		for i, v := range p.Params[name] {
			if i > 0 {
				b.WriteByte(',')
			}
			if strings.ContainsAny(v, ":;,") {
				v = `"` + v + `"`
			}
			b.WriteString(v)
		}
	}
	b.WriteString(":" + p.Value)
	return b.String()
}
