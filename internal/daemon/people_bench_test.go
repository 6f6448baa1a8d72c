package daemon

import (
	"testing"
	"time"
)

// BenchmarkFirstPassPeople5000 is BenchmarkFullPass5000 twice in one run:
// without the people stage (the first pass as it was before the people
// ledger), and with it, which reads people.history (365d) of benchdata's
// two years once, learns it and the window, and plans reconnect entries
// and the people of prep and follow-up entries. The SPEC's bound: the
// second within 1.5x of the first.
func BenchmarkFirstPassPeople5000(b *testing.B) {
	for _, c := range []struct {
		name   string
		people bool
	}{{"without_people", false}, {"with_people_history_365d", true}} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			var cpu time.Duration
			var created int
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				_, ts := scaleServer(b, scaleEvents)
				s := scaleSyncer(b, scaleConfig(b, ts.URL))
				s.withoutPeople = !c.people
				cpu0 := cpuTime(b)
				b.StartTimer()
				created = mustPass(b, s).Created
				b.StopTimer()
				cpu += cpuTime(b) - cpu0
				if c.people && len(s.ps.people.ledger.People) == 0 {
					b.Fatal("the first pass learned no one")
				}
				ts.Close()
			}
			reportCPU(b, cpu, b.N)
			b.ReportMetric(float64(created), "entries")
		})
	}
}
