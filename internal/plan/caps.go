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
	first        time.Time // the first occurrence left out
	n            int       // occurrences left out
	why          string    // the budget hit first
}

func newCaps(lim budget.Limits) *caps {
	return &caps{lim: lim, series: map[string]int{}, skipped: map[string]*skip{}}
}

// admit reports whether it may be planned, and counts it as skipped if not.
// An occurrence needs at most two entries.
func (c *caps) admit(it *limits.Item) bool {
	why := ""
	switch uid := it.Occ.UID; {
	case c.series[uid]+2 > c.lim.EntriesPerSeries:
		why = fmt.Sprintf("more than %d entries for this series (budgets.entries_per_series)", c.lim.EntriesPerSeries)
	case c.entries+2 > c.lim.EntriesPerPass:
		why = fmt.Sprintf("more than %d entries in this pass (budgets.entries_per_pass)", c.lim.EntriesPerPass)
	case c.bytes > c.lim.EntryBytesPerPass:
		why = fmt.Sprintf("more than %d bytes of entry text in this pass (budgets.entry_bytes_per_pass)", c.lim.EntryBytesPerPass)
	default:
		return true
	}
	s := c.skipped[it.Occ.UID]
	if s == nil {
		s = &skip{uid: it.Occ.UID, summary: budget.Clip(it.Occ.Summary, 80), first: it.Occ.Start, why: why}
		c.skipped[it.Occ.UID] = s
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
		out = append(out, limits.Finding{
			Code: limits.BudgetExceeded, UID: uid, Start: &start,
			Message: fmt.Sprintf("%q (UID %s): %d occurrences from %s on get no prep or follow-up entries: %s. An event that repeats this often is probably a mistake: fix its repeat rule, or raise the budget.",
				s.summary, budget.Clip(uid, 80), s.n, start.In(loc).Format("Mon 2 Jan 2006 15:04"), s.why),
		})
	}
	return out
}
