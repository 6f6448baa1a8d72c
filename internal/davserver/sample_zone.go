package davserver

import (
	"fmt"
	"time"

	"github.com/netsyncd/netsyncd/internal/ics"
)

// sampleZone writes the sample's times with TZID=<IANA name> and a VTIMEZONE
// built from Go's own zone data for the years the sample covers (RFC 5545
// section 3.6.5: one STANDARD or DAYLIGHT per transition, without RRULE).
// Time zones Go cannot name (Local, fixed offsets) fall back to UTC times.
type sampleZone struct {
	loc         *time.Location
	tzid        string // "" writes UTC
	transitions []zoneTransition
}

type zoneTransition struct {
	at       time.Time // the instant of the change
	from, to int       // UTC offsets in seconds, before and after
	name     string
	dst      bool
}

func newSampleZone(loc *time.Location, monday time.Time) sampleZone {
	name := loc.String()
	if name == "UTC" || name == "Local" || name == "" {
		return sampleZone{loc: time.UTC}
	}
	z := sampleZone{loc: loc, tzid: name}
	from := time.Date(monday.AddDate(0, 0, -pastDays).Year(), 1, 1, 0, 0, 0, 0, loc) // samplePast too
	until := time.Date(monday.AddDate(0, 0, 14).Year()+1, 1, 1, 0, 0, 0, 0, loc)
	for t := from; t.Before(until); {
		_, end := t.ZoneBounds()
		if end.IsZero() || !end.Before(until) {
			break
		}
		_, fromOff := end.Add(-time.Second).Zone()
		toName, toOff := end.Zone()
		z.transitions = append(z.transitions, zoneTransition{at: end, from: fromOff, to: toOff, name: toName, dst: end.IsDST()})
		t = end
	}
	return z
}

// stamp is ";TZID=...:<local>" or ":<utc>Z", ready to follow a property name.
func (z sampleZone) stamp(t time.Time) string {
	if z.tzid == "" {
		return ":" + t.UTC().Format("20060102T150405Z")
	}
	return ";TZID=" + z.tzid + ":" + t.In(z.loc).Format("20060102T150405")
}

func (z sampleZone) write(b *ics.Writer) {
	if z.tzid == "" {
		return
	}
	b.Line("BEGIN:VTIMEZONE")
	b.Line("TZID:" + z.tzid)
	if len(z.transitions) == 0 {
		name, off := time.Date(2000, 1, 1, 0, 0, 0, 0, z.loc).Zone()
		writeObservance(b, zoneTransition{at: time.Unix(0, 0), from: off, to: off, name: name})
	}
	for _, tr := range z.transitions {
		writeObservance(b, tr)
	}
	b.Line("END:VTIMEZONE")
}

func writeObservance(b *ics.Writer, tr zoneTransition) {
	kind := "STANDARD"
	if tr.dst {
		kind = "DAYLIGHT"
	}
	// DTSTART is the local time of the onset, in the offset before it.
	local := tr.at.In(time.FixedZone("", tr.from))
	b.Line("BEGIN:" + kind)
	b.Line("DTSTART:" + local.Format("20060102T150405"))
	b.Line("TZOFFSETFROM:" + utcOffset(tr.from))
	b.Line("TZOFFSETTO:" + utcOffset(tr.to))
	b.Line("TZNAME:" + tr.name)
	b.Line("END:" + kind)
}

// utcOffset writes seconds east of UTC as "-0500" (RFC 5545 section 3.3.14).
func utcOffset(sec int) string {
	sign := "+"
	if sec < 0 {
		sign, sec = "-", -sec
	}
	return fmt.Sprintf("%s%02d%02d", sign, sec/3600, sec/60%60)
}
