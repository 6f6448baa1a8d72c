package core

import (
	"sort"

	"github.com/netsyncd/netsyncd/internal/entry"
	"github.com/netsyncd/netsyncd/internal/limits"
	"github.com/netsyncd/netsyncd/internal/reconcile"
)

// LedgerMissing is the warning for a lost ledger. The daemon gives it when
// the state is loaded and sync.json is there but ledger.json is not; Decide
// gives it when the whole state directory was lost (Inputs.LedgerLost) and
// the target holds entries with netsyncd's marker.
const LedgerMissing = "the ledger of created entries is missing; entries you deleted may be recreated once"

// mergeShared merges the target's shared ledger into d.Ledger, before
// readOwned adopts: what another instance made is known, not adopted.
func mergeShared(in *Inputs, d *Decision) {
	href := reconcile.SharedHref(in.Target.Path)
	for _, o := range in.Target.Objects {
		if o.Href != href {
			continue
		}
		if n := d.Ledger.Merge(reconcile.ReadShared(o.Data)); n > 0 {
			d.info("took records of entries made or deleted elsewhere from the target calendar's ledger object",
				Field{"records", n}, Field{"href", href})
		}
	}
}

// readOwned reads the target's objects that are netsyncd's and adopts into
// d.Ledger those it does not know: an entry whose create succeeded just
// before a crash, or all of them when the ledger was lost.
func readOwned(in *Inputs, d *Decision) {
	shared := reconcile.SharedHref(in.Target.Path)
	for _, o := range in.Target.Objects {
		if o.Href == shared {
			continue // the shared ledger is never an entry (it carries no X-NETSYNCD-KIND), and is large
		}
		own, ours, err := entry.Ours(o.Href, o.ETag, []byte(o.Data))
		if err != nil {
			d.warn("an object with netsyncd's marker could not be read; leaving it alone", Field{"href", o.Href}, Field{"error", err})
			d.SkippedInvalid++
			continue
		}
		if !ours {
			continue // never read further, never touched
		}
		// Reconcile reads the decoded fields: the bytes as read (7 MiB for
		// 1,930 entries at 50,000 events) need not last through the pass.
		own.Data = nil
		if own.Invalid != "" {
			// Reconcile sees it (so its UID is never created again) and leaves it alone.
			d.warn("an entry with netsyncd's marker is damaged; leaving it alone", Field{"href", o.Href}, Field{"why", own.Invalid})
			d.SkippedInvalid++
		}
		d.Owned = append(d.Owned, own)
	}
	if n := d.Ledger.Adopt(d.Owned, in.Now.UTC()); in.LedgerLost && n > 0 {
		d.warn(LedgerMissing, Field{"adopted", n}, Field{"calendar", in.Target.Name})
	}
	// Before Reconcile reads Edited: an entry as the server stored
	// netsyncd's own write is not the user's edit.
	d.Ledger.Learn(d.Owned)
}

// encodeOptions says how entries are written. output.as: todo falls back to
// events when the target calendar's supported-calendar-component-set
// (RFC 4791 section 5.2.3) leaves VTODO out, as Google's calendars do.
func encodeOptions(in *Inputs, d *Decision) entry.EncodeOptions {
	out := in.Config.Output
	as := out.As
	if as == "todo" && !in.Target.TakesTasks {
		as = "event"
		d.warn("the target calendar does not take tasks (VTODO); writing the entries as events",
			Field{"calendar", in.Target.Name}, Field{"components", in.Target.Components})
	}
	return entry.EncodeOptions{As: as, Private: out.Private, Stamp: in.Now.UTC()}
}

// keepUnplanned turns the deletes of entries no source plans any more into
// keeps, when a source calendar or object could not be read this pass:
// the entry's source may be the one that could not be read, and an entry
// the user relies on must not go because of a bad byte or a lying server.
// The next pass that reads everything deletes what is really gone.
func keepUnplanned(in *Inputs, d *Decision) {
	kept := 0
	for i := range d.Changes {
		if c := &d.Changes[i]; c.Action == reconcile.Delete && c.Entry == nil {
			c.Action, c.Reason = reconcile.Keep, "kept: a source could not be read this pass"
			kept++
		}
	}
	if kept > 0 {
		d.warn("kept entries whose source may be one that could not be read", Field{"entries", kept},
			Field{"unreadable_calendars", in.Unreadable}, Field{"skipped_objects", in.SkippedObjects})
	}
}

// allFindings is every finding of the window: each week's holds its own
// and those of its occurrences, the planner's included (pipeline.Analyze).
func allFindings(res limits.Result) []limits.Finding {
	var out []limits.Finding
	for _, w := range res.Weeks {
		out = append(out, w.Findings...)
	}
	return out
}

// NewFindings returns the keys of all, to remember, and the findings whose
// keys are not among those reported at the last pass.
func NewFindings(reported []string, all []limits.Finding) ([]string, []limits.Finding) {
	seen := make(map[string]bool, len(reported))
	for _, k := range reported {
		seen[k] = true
	}
	var fresh []limits.Finding
	keys := make([]string, 0, len(all))
	for _, f := range all {
		k := findingKey(f)
		if !seen[k] {
			fresh = append(fresh, f)
			seen[k] = true
		}
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys, fresh
}

func findingKey(f limits.Finding) string {
	k := f.Code + "|" + f.UID
	if f.Start != nil {
		k += "|" + f.Start.UTC().Format("20060102T150405Z")
	} else {
		k += "|" + f.Message
	}
	return k
}
