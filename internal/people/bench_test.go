package people

import (
	"fmt"
	"testing"

	"github.com/netsyncd/netsyncd/internal/benchdata"
	"github.com/netsyncd/netsyncd/internal/limits"
)

// BenchmarkLearnYear learns a year of history at 5,000 events with 500
// people, half of them met by email, half by a name in the summary, then
// learns the same occurrences again (a later pass).
func BenchmarkLearnYear(b *testing.B) {
	cfg := testConfig()
	items := make([]limits.Item, 5000)
	for i := range items {
		n := i % 500
		if n%2 == 0 {
			items[i] = meet(fmt.Sprint("e", i), -1-i%365, "Coffee", att(fmt.Sprintf("p%d@firm%d.example", n, n%40), fmt.Sprintf("Person Number%d", n)))
		} else {
			items[i] = meet(fmt.Sprint("e", i), -1-i%365, fmt.Sprintf("Lunch with Anna Nummer%c%c", 'A'+n%26, 'a'+n/26))
			items[i].Occ.Attendees = items[i].Occ.Attendees[:1]
		}
	}
	for b.Loop() {
		l := Learn(Ledger{}, items, cfg, now)
		l = Learn(l, items[:200], cfg, now)
		if len(l.People) != 500 {
			b.Fatalf("learned %d people; want 500", len(l.People))
		}
	}
}

// BenchmarkNobody screens benchdata's objects as the history read does.
func BenchmarkNobody(b *testing.B) {
	cfg := testConfig()
	objs := benchdata.Calendar(benchdata.Options{Events: 1000, Seed: 1, Now: now})
	sc := NewScreen(cfg)
	b.ReportAllocs()
	for b.Loop() {
		for _, o := range objs {
			sc.Nobody(o.Data)
		}
	}
}

// BenchmarkLook screens benchdata's objects as the history read's fold
// does (people.Screen.Look, with the daemon's UID and zone callbacks'
// work left out).
func BenchmarkLook(b *testing.B) {
	cfg := testConfig()
	objs := benchdata.Calendar(benchdata.Options{Events: 1000, Seed: 1, Now: now})
	sc := NewScreen(cfg)
	var buf LookBuf
	n := 0
	uid, zone := func([]byte) { n++ }, func([]byte) { n++ }
	b.ReportAllocs()
	for b.Loop() {
		for _, o := range objs {
			sc.Look(o.Data, &buf, uid, zone)
		}
	}
}
