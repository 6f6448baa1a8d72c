package reconcile

import (
	"sort"
	"time"

	"github.com/netsyncd/netsyncd/internal/entry"
)

// untouchable says why an owned entry must be left as it is, or "".
func untouchable(o *Owned) string {
	switch {
	case o.Invalid != "":
		return "cannot be read (" + o.Invalid + "); left alone"
	case !o.Consistent():
		return "its markers do not match its UID; left alone"
	case o.Completed:
		return "a completed task is never reopened"
	case o.Reshaped != "":
		return "the user " + o.Reshaped + "; left alone"
	}
	return ""
}

// match decides a desired entry that is in the calendar: keep or update.
func (r *run) match(d *entry.Entry, o *Owned) {
	c := Change{Action: Keep, UID: d.UID, Href: o.Href, Entry: d, Owned: o}
	if c.Reason = untouchable(o); c.Reason != "" {
		c.KeptUserEdit = o.Reshaped != ""
		r.add(c)
		return
	}
	if !d.Until.After(r.now) {
		c.Reason = "over: history is left alone"
		r.add(c)
		return
	}
	e := *d
	// An entry an earlier netsyncd wrote from d's very text, cleaned, is
	// not the user's: it is written once more with today's hash (heal.go).
	// Once only: when this netsyncd already wrote it with today's hash,
	// an earlier version sharing the calendar wrote it back with its own,
	// and healing it again would make the two rewrite it every pass.
	healed := o.WrittenEarlierFrom(d) && r.ledger[d.UID].Hash != d.Hash()
	edited, moved := o.Edited() && !healed, o.Moved()
	if edited {
		e.Summary, e.Description, e.Location = o.Summary, o.Description, o.Location
	}
	if moved {
		e.Start, e.End = o.Start, o.End
	}
	textSame := edited || o.StoredHash == d.Hash()
	timesSame := o.Start.Equal(e.Start) && o.End.Equal(e.End)
	// The user's alarms stay as they are; netsyncd's follow the config (an
	// entry that does not record its alarm is left with the one it has).
	alarmSame := o.AlarmsEdited || o.PlannedAlarm == "" || o.PlannedAlarm == entry.AlarmTrigger(d)
	c.KeptUserEdit = edited && o.ContentHash != d.Hash() || moved && !(o.Start.Equal(d.Start) && o.End.Equal(d.End)) || o.AlarmsEdited
	switch {
	case textSame && timesSame && alarmSame && o.As == r.opts.As:
		c.Reason = "unchanged"
	default:
		c.Action, c.IfMatch = Update, o.ETag
		c.Reason = updateReason(textSame || healed, timesSame, alarmSame)
		if healed && timesSame && alarmSame && o.As == r.opts.As {
			c.Reason = "written by an earlier netsyncd from the same text; its hash is brought up to date"
		}
		opts := r.opts
		opts.Sequence = o.Sequence + 1
		opts.GeneratedHash = d.Hash()
		opts.PlannedStart, opts.PlannedEnd = d.Start, d.End
		opts.KeepAlarms, opts.Alarms = o.AlarmsEdited, o.Alarms
		c.Data = entry.Encode(e, opts)
		if !edited {
			c.OwnHash = opts.GeneratedHash
		}
	}
	r.add(c)
}

func updateReason(textSame, timesSame, alarmSame bool) string {
	switch {
	case !timesSame && !textSame:
		return "moved, and its text changed"
	case !timesSame:
		return "moved"
	case !textSame:
		return "its text changed"
	case !alarmSame:
		return "its alarm changed"
	}
	return "output.as changed"
}

// leftovers decides the owned entries no desired entry matched.
func (r *run) leftovers() {
	var rest []*Owned
	for uid, o := range r.byUID {
		if !r.done[uid] {
			rest = append(rest, o)
		}
	}
	sort.Slice(rest, func(i, j int) bool { return rest[i].Href < rest[j].Href })
	for _, o := range rest {
		c := Change{Action: Keep, UID: o.UID, Href: o.Href, Owned: o}
		switch c.Reason = untouchable(o); {
		case c.Reason != "":
			c.KeptUserEdit = o.Reshaped != ""
		case o.Edited():
			c.Reason, c.KeptUserEdit = "no longer planned, but the user edited it; kept", true
		case !o.End.After(r.now):
			c.Reason = "no longer planned, but over: history is left alone"
		default:
			c.Action, c.IfMatch, c.Reason = Delete, o.ETag, "no longer planned"
		}
		r.add(c)
	}
}

// order ranks actions: creates, updates, deletes, then keeps.
var order = map[Action]int{Create: 0, Update: 1, Delete: 2, Keep: 3}

// sorted returns the changes in the order to apply them: by action, then
// by the entry's start (the nearest reminders first), then by UID.
func (r *run) sorted() []Change {
	cs := r.changes
	sort.SliceStable(cs, func(i, j int) bool {
		a, b := &cs[i], &cs[j]
		if order[a.Action] != order[b.Action] {
			return order[a.Action] < order[b.Action]
		}
		if sa, sb := start(a), start(b); !sa.Equal(sb) {
			return sa.Before(sb)
		}
		return a.UID < b.UID
	})
	return cs
}

func start(c *Change) (t time.Time) {
	if c.Entry != nil {
		return c.Entry.Start
	}
	if c.Owned != nil {
		return c.Owned.Start
	}
	return t
}
