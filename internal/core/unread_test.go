package core

import (
	"testing"

	"github.com/netsyncd/netsyncd/internal/entry"
	"github.com/netsyncd/netsyncd/internal/event"
	"github.com/netsyncd/netsyncd/internal/reconcile"
)

// keepUnread keeps the unplanned entries of the events that could not be
// read whole, by source UID, and every unplanned entry when a problem
// names no UID; the others are deleted as planned.
func TestKeepUnread(t *testing.T) {
	changes := func() []reconcile.Change {
		return []reconcile.Change{
			{Action: reconcile.Delete, UID: "a", Owned: &entry.Owned{SourceUID: "bad"}},
			{Action: reconcile.Delete, UID: "b", Owned: &entry.Owned{SourceUID: "gone"}},
			{Action: reconcile.Update, UID: "c", Owned: &entry.Owned{SourceUID: "bad"}, Entry: &entry.Entry{}},
		}
	}
	for _, tc := range []struct {
		name     string
		problems []event.Problem
		want     []reconcile.Action
	}{
		{"none", nil, []reconcile.Action{reconcile.Delete, reconcile.Delete, reconcile.Update}},
		{"by UID", []event.Problem{{UID: "bad"}}, []reconcile.Action{reconcile.Keep, reconcile.Delete, reconcile.Update}},
		{"no UID", []event.Problem{{Href: "/cal/x.ics"}}, []reconcile.Action{reconcile.Keep, reconcile.Keep, reconcile.Update}},
		// read all the same (times swapped): planned as any other event
		{"read", []event.Problem{{UID: "bad", Read: true}}, []reconcile.Action{reconcile.Delete, reconcile.Delete, reconcile.Update}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := Decision{Changes: changes()}
			d.Analysis.Problems = tc.problems
			keepUnread(&d)
			for i, c := range d.Changes {
				if c.Action != tc.want[i] {
					t.Errorf("change %s: %s, want %s", c.UID, c.Action, tc.want[i])
				}
			}
			if kept := tc.want[0] == reconcile.Keep; kept != (len(d.Notes) == 1) {
				t.Errorf("notes %v", d.Notes)
			}
		})
	}
}
