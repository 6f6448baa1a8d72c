package plan

import (
	"fmt"
	"sort"
	"time"

	"github.com/netsyncd/netsyncd/internal/budget"
	"github.com/netsyncd/netsyncd/internal/limits"
)

// caps keeps a pass's entries within the budgets: per source series (UID),
// per pass, and bytes of text per pass. An occurrence is planned whole (its
// prep and its follow-up) or not at all, in start order, so the entries
// kept are those of the soonest events.
type caps struct {
	lim     budget.Limits
	series  map[string]int // entries planned per source UID
	entries int
	bytes   int
	skipped map[string]*skip // per source UID
}

// skip is what the budgets left out of one series.
type skip struct {
	uid, summary string
	first        time.Time       // the first occurrence left out
	n            int             // occurrences left out
	why          string          // the budget hit first
	series       map[string]bool // for a pass budget: the UIDs left out
}

// passKey is the key in caps.skipped of what a budget of the whole pass
// (entries or bytes) left out: one finding and one log line for the pass,
// not one per series, since a calendar of 20,000 single events would
// otherwise log 18,000 lines every pass.
const passKey = "\x00pass"

func newCaps(lim budget.Limits) *caps {
	return &caps{lim: lim, series: map[string]int{}, skipped: map[string]*skip{}}
}

// admit reports whether it may be planned, and counts it as skipped if not.
// An occurrence needs at most two entries.
func (c *caps) admit(it *limits.Item) bool {
	why, key := "", passKey
	switch uid := it.Occ.UID; {
	case c.series[uid]+2 > c.lim.EntriesPerSeries:
		why = fmt.Sprintf("more than %d entries for this series (budgets.entries_per_series)", c.lim.EntriesPerSeries)
		key = uid
	case c.entries+2 > c.lim.EntriesPerPass:
		why = fmt.Sprintf("more than %d entries in this pass (budgets.entries_per_pass)", c.lim.EntriesPerPass)
	case c.bytes > c.lim.EntryBytesPerPass:
		why = fmt.Sprintf("more than %d bytes of entry text in this pass (budgets.entry_bytes_per_pass)", c.lim.EntryBytesPerPass)
	default:
		return true
	}
	s := c.skipped[key]
	if s == nil {
		s = &skip{uid: it.Occ.UID, summary: budget.Clip(it.Occ.Summary, 80), first: it.Occ.Start, why: why}
		if key == passKey {
			s.series = map[string]bool{}
		}
		c.skipped[key] = s
	}
	if s.series != nil {
		s.series[it.Occ.UID] = true
	}
	s.n++
	return false
}

// took counts one planned entry of the series uid with n bytes of text.
func (c *caps) took(uid string, n int) {
	c.series[uid]++
	c.entries++
	c.bytes += n
}

// findings are one BudgetExceeded finding per series that lost entries,
// at its first occurrence left out, in UID order.
func (c *caps) findings(loc *time.Location) []limits.Finding {
	uids := make([]string, 0, len(c.skipped))
	for uid := range c.skipped {
		uids = append(uids, uid)
	}
	sort.Strings(uids)
	out := make([]limits.Finding, 0, len(uids))
	for _, uid := range uids {
		s := c.skipped[uid]
		start := s.first
		if uid == passKey {
			out = append(out, limits.Finding{
				Code: limits.BudgetExceeded, UID: s.uid, Start: &start, // shown on the first event left out
				Message: fmt.Sprintf("%d occurrences of %d events from %s on (the first %q, UID %s) get no prep or follow-up entries: %s. The soonest events were planned; a calendar this full is probably a mistake (an import, a series that repeats too often): fix it, or raise the budget.",
					s.n, len(s.series), start.In(loc).Format("Mon 2 Jan 2006 15:04"), s.summary, budget.Clip(s.uid, 80), s.why),
			})
			continue
		}
		out = append(out, limits.Finding{
			Code: limits.BudgetExceeded, UID: uid, Start: &start,
			Message: fmt.Sprintf("%q (UID %s): %d occurrences from %s on get no prep or follow-up entries: %s. An event that repeats this often is probably a mistake: fix its repeat rule, or raise the budget.",
				s.summary, budget.Clip(uid, 80), s.n, start.In(loc).Format("Mon 2 Jan 2006 15:04"), s.why),
		})
	}
	return out
}
