package people

import (
	"fmt"
	"testing"
	"time"

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

// BenchmarkLearnOnePerson learns one person met n times (a standing call
// over a year): its cost per meeting must not grow with n. Learn sorted
// the person's meetings again after each one: 2,000 took 76 ms, 20,000
// about 3 s.
func BenchmarkLearnOnePerson(b *testing.B) {
	cfg := testConfig()
	for _, n := range []int{2000, 20000} {
		items := make([]limits.Item, n)
		for i := range items {
			items[i] = meet(fmt.Sprint("e", i), -365, "Coffee", att("pat@firm.example", "Pat Person"))
			items[i].Occ.Start = items[i].Occ.Start.Add(time.Duration(i) * 25 * time.Minute)
		}
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				l := Learn(Ledger{}, items, cfg, now)
				if got := len(l.People["pat@firm.example"].Meetings); got != n {
					b.Fatalf("learned %d meetings; want %d", got, n)
				}
			}
		})
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
