package limits

import (
	"fmt"
	"strings"
	"time"
)

// itemFindings checks one counted occurrence on its own.
func (c *checker) itemFindings(it *Item, t *tally, busy *busyIndex, self int) []Finding {
	var fs []Finding
	add := func(code, format string, args ...any) {
		start := it.Occ.Start
		fs = append(fs, Finding{Code: code, Message: c.name(it) + " " + fmt.Sprintf(format, args...), UID: it.Occ.UID, Start: &start})
	}
	c.checkAllowed(it, t, add)
	if it.Class.InPerson {
		c.checkPlace(it, t, add)
	}
	if !spans(&it.Occ) {
		c.checkBusy(it, busy, self, add)
	}
	if it.Class.ConfidentialRisk {
		add(ConfidentialRisk, "could expose your search to your employer: %s; keep it off calendars your employer can see and be ready to say how it helps the company.", riskReasons(it.Class.Reasons))
	}
	return fs
}

type addFunc func(code, format string, args ...any)

func (c *checker) checkAllowed(it *Item, t *tally, add addFunc) {
	if spans(&it.Occ) {
		if len(t.closed) > 0 {
			add(OutsideAllowedTimes, "falls on %s, with no allowed networking time in limits.allowed_times: that day counts for nothing; skip it or allow the day.", c.dayList(t.closed))
		}
		return
	}
	if !c.fitsAllowed(&it.Occ) {
		add(OutsideAllowedTimes, "is outside your allowed times (%s): move it or decline it.", c.allowedText(it.Occ.Start.In(c.loc).Weekday()))
	}
}

func (c *checker) checkPlace(it *Item, t *tally, add addFunc) {
	if b := c.blockedBy(it.Occ.Location); b != "" {
		add(LocationBlocked, "is at %q, which matches blocked location %q: move it elsewhere or decline it.", it.Occ.Location, b)
	}
	if t.unknown {
		if strings.TrimSpace(it.Occ.Location) == "" {
			add(LocationUnknown, "has no location: assumed %d min travel each way; add the place to the event.", it.TravelMinutes)
		} else {
			add(LocationUnknown, "is at %q, which matches no zone and has no usable GEO: assumed %d min travel each way; add a zone to limits.zones.", it.Occ.Location, it.TravelMinutes)
		}
		return
	}
	if it.TravelMinutes > c.lim.MaxTravelMinutes {
		add(TravelTooLong, "is %d min away (%s), more than max_travel_minutes %d one way: meet closer or go remote.", it.TravelMinutes, c.via(it), c.lim.MaxTravelMinutes)
	}
}

// via says where a travel time came from, briefly.
func (c *checker) via(it *Item) string {
	if it.Zone != "" {
		return "zone " + it.Zone
	}
	return "straight line from me.home"
}

// checkBusy looks for busy time that the event, with its travel there and
// back, runs into: an overlap, or a gap before or after it too short to travel.
func (c *checker) checkBusy(it *Item, busy *busyIndex, self int, add addFunc) {
	o := &it.Occ
	tr := time.Duration(it.TravelMinutes) * time.Minute
	more := busy.around(self, o.Start.Add(-tr), o.End.Add(tr), func(j int) {
		b := &busy.items[j]
		other := c.name(b) + calendarOf(b)
		switch {
		case b.Occ.Start.Before(o.End) && b.Occ.End.After(o.Start):
			add(OverlapsBusyTime, "overlaps %s%s: move one of them or decline one.", other, c.travelPhrase(it))
		case !b.Occ.End.After(o.Start):
			add(OverlapsBusyTime, "leaves no time to travel after %s: %s between them, travel takes %d min (checked with travel both ways).", other, fmtMinutes(o.Start.Sub(b.Occ.End).Minutes()), it.TravelMinutes)
		default:
			add(OverlapsBusyTime, "leaves no time to travel before %s: %s between them, travel takes %d min (checked with travel both ways).", other, fmtMinutes(b.Occ.Start.Sub(o.End).Minutes()), it.TravelMinutes)
		}
	})
	if more > 0 {
		add(OverlapsBusyTime, "also overlaps, or leaves no time to travel around, %d more busy events (only the first are named): move it or decline it.", more)
	}
}

func (c *checker) travelPhrase(it *Item) string {
	if it.TravelMinutes == 0 {
		return ""
	}
	return fmt.Sprintf(" (even before counting %d min travel each way)", it.TravelMinutes)
}

func calendarOf(it *Item) string {
	if it.Occ.Calendar == "" {
		return ""
	}
	return " in " + it.Occ.Calendar
}

// riskReasons picks the classifier's confidential_risk reasons: the lines
// of Class.Reasons that start with "confidential_risk".
func riskReasons(reasons []string) string {
	var out []string
	for _, r := range reasons {
		if rest, ok := strings.CutPrefix(r, "confidential_risk"); ok {
			if rest = strings.TrimLeft(rest, " :=-"); rest != "" {
				out = append(out, rest)
			}
		}
	}
	if len(out) == 0 {
		return "it is classified as a confidential risk"
	}
	return strings.Join(out, "; ")
}
