package core

import (
	"slices"

	"github.com/netsyncd/netsyncd/internal/reconcile"
)

// keepUnread turns into keeps the deletes of entries made from a source
// event that this pass could not read whole: a component that could not be
// read (a DTSTART that is no date, say), or a series over a budget, whose
// occurrences past the budget were left out. The entries made from it
// before stay as they are, neither deleted nor rewritten; once the event
// reads whole again, the pass after plans it as before. A problem that
// names no UID (an object that is no iCalendar at all), or a budget of the
// whole pass (budgets.entries_per_pass), keeps every unplanned entry, as
// keepUnplanned does for an object the fetch skipped.
func keepUnread(d *Decision) {
	uids := map[string]bool{}
	all := false
	for _, p := range d.Analysis.Problems {
		if p.Read {
			continue // read whole: its entries are planned as any others
		}
		uids[p.UID] = true
		all = all || p.UID == ""
	}
	for _, f := range d.Analysis.Capped() {
		uids[f.UID] = true
		all = all || f.UID == "" // a budget of the pass: any event past it
	}
	if len(uids) == 0 {
		return
	}
	var kept []string
	for i := range d.Changes {
		c := &d.Changes[i]
		if c.Action != reconcile.Delete || c.Entry != nil || c.Owned == nil || (!all && !uids[c.Owned.SourceUID]) {
			continue
		}
		c.Action, c.Reason = reconcile.Keep, "kept: its source event could not be read whole this pass"
		if !slices.Contains(kept, c.Owned.SourceUID) {
			kept = append(kept, c.Owned.SourceUID)
		}
	}
	if len(kept) > 0 {
		d.warn("kept the entries of source events that could not be read whole this pass (an unreadable component, a budget); they are planned again once the events read whole",
			Field{"sources", kept})
	}
}
