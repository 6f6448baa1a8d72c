package core

import (
	"time"

	"github.com/netsyncd/netsyncd/internal/entry"
	"github.com/netsyncd/netsyncd/internal/plan"
)

// peopleInput is what the planner is told of the people ledger
// (Inputs.People): the ledger, the reconnect entries in the target, and
// which reconnect entries the user deleted (netsyncd made them, and they
// are not in the target). nil without a ledger.
func (in *Inputs) peopleInput() *plan.People {
	if in.People == nil {
		return nil
	}
	made := in.made
	return &plan.People{
		Ledger: *in.People, Now: in.Now, Reconnects: in.reconnects,
		Dismissed: func(uid string) bool {
			e, ok := made[uid]
			return ok && e.Deleted.IsZero()
		},
	}
}

// reconnectsOf are the readable reconnect entries among owned.
func reconnectsOf(owned []entry.Owned) []entry.Owned {
	var out []entry.Owned
	for _, o := range owned {
		if o.Kind == entry.KindReconnect && o.Invalid == "" {
			out = append(out, o)
		}
	}
	return out
}

// slotsUnderWay are the readable slot entries among owned that have begun
// and not ended at now.
func slotsUnderWay(owned []entry.Owned, now time.Time) []plan.Span {
	var out []plan.Span
	for _, o := range owned {
		if o.Kind == entry.KindSlot && o.Invalid == "" && !o.Start.After(now) && o.End.After(now) {
			out = append(out, plan.Span{Start: o.Start, End: o.End})
		}
	}
	return out
}
