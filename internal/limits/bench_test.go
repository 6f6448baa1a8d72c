package limits

import (
	"fmt"
	"testing"
	"time"

	"github.com/netsyncd/netsyncd/internal/config"
)

// busyYear builds a year of a busy calendar: n occurrences, every tenth
// networking (in person by zone, by GEO or unknown; remote; all-day), the
// rest meetings that make time busy.
func busyYear(n int) []Item {
	start := at("2026-01-05")
	items := make([]Item, 0, n)
	places := []opt{where("Midtown"), where("Brooklyn"), geo(40.05, -74), where("Cafe Somewhere"), remote}
	for i := 0; i < n; i++ {
		day := start.AddDate(0, 0, i*365/n)
		s := day.Add(time.Duration(7*60+(i*37)%(12*60)) * time.Minute)
		e := s.Add(time.Duration(30+(i%4)*20) * time.Minute)
		name := fmt.Sprintf("event %d", i)
		if i%10 != 0 {
			items = append(items, busy(name, "2026-01-05 00:00", "2026-01-05 00:00", endsAt(e), func(it *Item) { it.Occ.Start = s }))
			continue
		}
		it := meet(name, "2026-01-05 00:00", "2026-01-05 00:00", endsAt(e), func(it *Item) { it.Occ.Start = s }, places[(i/10)%len(places)])
		if i%30 == 0 {
			passive(&it)
		}
		if i%170 == 0 {
			allDay(&it)
			it.Occ.Start, it.Occ.End = day, day.AddDate(0, 0, 2)
		}
		items = append(items, it)
	}
	return items
}

func BenchmarkCheckYear(b *testing.B) {
	cfg := testConfig()
	cfg.Limits.MinActivePerWeek = 2
	cfg.Limits.Types = map[string]config.TypeLimit{"event": {MaxPerWeek: intp(1), MaxHoursPerWeek: floatp(3)}}
	items := busyYear(5000)
	from, to := at("2026-01-05"), at("2027-01-04")
	b.ReportAllocs()
	for b.Loop() {
		r := Check(cfg, items, from, to)
		if len(r.Weeks) != 52 {
			b.Fatalf("Check gave %d weeks; want 52", len(r.Weeks))
		}
	}
}

func TestBusyYearHasFindings(t *testing.T) {
	r := Check(testConfig(), busyYear(5000), at("2026-01-05"), at("2027-01-04"))
	seen := map[string]int{}
	for _, it := range r.Items {
		for _, f := range it.Findings {
			seen[f.Code]++
		}
	}
	for _, code := range []string{TravelTooLong, LocationUnknown, OverlapsBusyTime} {
		if seen[code] == 0 {
			t.Errorf("a busy year has no %s finding; the benchmark would not exercise it (seen %v)", code, seen)
		}
	}
}
