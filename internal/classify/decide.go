package classify

import "strings"

// decision is the value of one field and what decided it.
type decision struct {
	done   bool
	value  any    // bool or string
	why    string // the signal: `"mixer" in summary`
	origin string // the rule: `default rule event-words`; "" for a fallback
	user   bool   // decided by a user rule
	moot   bool   // not needed: the event is not networking
}

type decisions [nFields]decision

func (ds *decisions) decide(f field, v any, why, origin string, user bool) {
	ds[f] = decision{done: true, value: v, why: why, origin: origin, user: user}
	if f == fNetworking && v == false {
		// Mode, type and risk mean nothing for an event that is not
		// networking: stop looking for rules that set them.
		for _, g := range []field{fMode, fType, fConfidential} {
			if !ds[g].done {
				ds[g] = decision{done: true, moot: true}
			}
		}
	}
}

// wants reports whether r sets a field that is still open.
func (ds *decisions) wants(r *rule) bool {
	for f := range nFields {
		if r.sets[f] && !ds[f].done {
			return true
		}
	}
	return false
}

func (ds *decisions) all() bool {
	for f := range nFields {
		if !ds[f].done {
			return false
		}
	}
	return true
}

func (ds *decisions) bool(f field) bool { v, _ := ds[f].value.(bool); return v }

func (ds *decisions) str(f field) string { v, _ := ds[f].value.(string); return v }

// fallbacks decides the fields no rule decided.
func (c *Classifier) fallbacks(d *doc, ds *decisions) {
	if !ds[fNetworking].done {
		ds.decide(fNetworking, false, "no rule found a networking signal", "", false)
	}
	if !ds[fInPerson].done {
		if strings.TrimSpace(d.o.Location) != "" || d.o.Geo != nil {
			ds.decide(fInPerson, true, "has a physical location", "", false)
		} else {
			ds.decide(fInPerson, true, "no video link, phone number or online marker", "", false)
		}
	}
	if !ds[fMode].done {
		org := d.o.Organizer
		switch {
		case org != "" && !c.isMe(org):
			ds.decide(fMode, string(Passive), "organised by someone else ("+org+")", "", false)
		case org != "":
			ds.decide(fMode, string(Active), "organizer "+org+" is me", "", false)
		default:
			ds.decide(fMode, string(Active), "no organizer: I put it in my calendar", "", false)
		}
	}
	if !ds[fType].done {
		if n := len(d.otherPeople()); ds.str(fMode) == string(Passive) {
			// Someone else's gathering that no word names: the generic kind.
			ds.decide(fType, "event", "passive, and no word names its kind", "", false)
		} else if n <= 1 {
			ds.decide(fType, "one_on_one", people(n), "", false)
		} else {
			ds.decide(fType, "event", people(n), "", false)
		}
	}
	if !ds[fConfidential].done {
		ds.decide(fConfidential, false, "no one from the employer, no employer name, not a shared calendar", "", false)
	}
}

// class builds the Class and its reasons from the decisions.
func (c *Classifier) class(d *doc, ds *decisions) Class {
	cl := Class{Networking: ds.bool(fNetworking), InPerson: ds.bool(fInPerson)}
	cl.Reasons = make([]string, 0, 6)
	cl.Reasons = append(cl.Reasons, reason(fNetworking, ds[fNetworking]))
	if cl.Networking {
		cl.Mode = Mode(ds.str(fMode))
		cl.Type = ds.str(fType)
		cl.Reasons = append(cl.Reasons, reason(fMode, ds[fMode]))
		in := ds[fInPerson]
		if !cl.InPerson && in.origin != "" && cl.Type != "remote" && !ds[fType].user {
			// Decided remote by a rule: the kind of meeting matters less
			// than that it happens on a screen.
			ds[fType] = decision{done: true, value: "remote", why: in.why, origin: in.origin}
			cl.Type = "remote"
		}
		cl.Reasons = append(cl.Reasons, reason(fType, ds[fType]))
	}
	cl.Reasons = append(cl.Reasons, reason(fInPerson, ds[fInPerson]))
	conf := ds[fConfidential]
	switch {
	case cl.Networking:
		cl.ConfidentialRisk = ds.bool(fConfidential)
	case !conf.moot && conf.origin == "" && conf.why != "":
		// A fallback that holds whatever the event (confidential is off).
	default:
		conf = decision{done: true, value: false, why: "not networking"}
	}
	cl.Reasons = append(cl.Reasons, reason(fConfidential, conf))
	if why, ok := c.declined(d); ok {
		cl.Declined = true
		cl.Reasons = append(cl.Reasons, "declined: "+why)
	}
	return cl
}

// declined says whether the user will not be there: the event is cancelled
// or the user's own PARTSTAT is DECLINED.
func (c *Classifier) declined(d *doc) (string, bool) {
	if d.o.Cancelled() {
		return "the event is cancelled", true
	}
	if ps, email := c.myPartStat(d); ps == "DECLINED" {
		return "I declined (" + email + ")", true
	}
	return "", false
}

// reason writes one line: `mode=active: organizer jane@home.example is me`,
// with the rule in parentheses when a rule decided it. It is one string
// concatenation, so one allocation.
func reason(f field, dc decision) string {
	eq, v := "", ""
	switch x := dc.value.(type) {
	case bool:
		if !x {
			eq, v = "=", "false"
		}
	case string:
		eq, v = "=", x
	}
	if dc.origin == "" {
		return fieldNames[f] + eq + v + ": " + dc.why
	}
	return fieldNames[f] + eq + v + ": " + dc.why + " (" + dc.origin + ")"
}
