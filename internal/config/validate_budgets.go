package config

import (
	"time"

	"github.com/netsyncd/netsyncd/internal/budget"
)

// maxWindowDays is the longest window.past or window.future: ParseDuration
// reads at most that many days, and a pass over more is not a pass over a
// job search.
const maxWindowDays = 3650

func (v *validator) windowSpan() {
	w := v.c.Window
	if w.Past.D()+w.Future.D() > 3*366*24*time.Hour {
		v.warnf("window", "window.past %s plus window.future %s is more than three years: every pass expands and checks all of it; a job search needs weeks (the default is 14d and 60d)", w.Past, w.Future)
	}
}

// budgets checks the budgets: each must be positive, and a budget above
// ten times its default is allowed but warned about (it is the memory the
// daemon may need for one hostile object).
func (v *validator) budgets() {
	b, d := v.c.Budgets, budget.Defaults()
	for _, f := range []struct {
		key      string
		val, def int
	}{
		{"budgets.occurrences_per_object", b.OccurrencesPerObject, d.OccurrencesPerObject},
		{"budgets.findings_per_pass", b.FindingsPerPass, d.FindingsPerPass},
		{"budgets.entries_per_series", b.EntriesPerSeries, d.EntriesPerSeries},
		{"budgets.entries_per_pass", b.EntriesPerPass, d.EntriesPerPass},
		{"budgets.entry_bytes_per_pass", b.EntryBytesPerPass, d.EntryBytesPerPass},
	} {
		switch {
		case f.val <= 0:
			v.errorf(f.key, "must be more than 0: leave it out for the default %d", f.def)
		case f.val > 10*f.def:
			v.warnf(f.key, "%d is more than ten times the default %d: one hostile calendar object may then cost that much more memory and time", f.val, f.def)
		}
	}
}
