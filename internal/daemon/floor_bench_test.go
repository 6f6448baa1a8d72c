package daemon

import (
	"os"
	"testing"
	"time"
)

// BenchmarkFullReadPass5000 is the stateless full pass of
// docs/performance.md ("full-read"): the entries written by a first pass
// (untimed), then passes each with a fresh state directory, which
// discover, list, read the window, the target and the history, plan and
// write nothing.
func BenchmarkFullReadPass5000(b *testing.B) {
	b.ReportAllocs()
	_, ts := scaleServer(b, scaleEvents)
	cfg := scaleConfig(b, ts.URL)
	mustPass(b, scaleSyncer(b, cfg))
	var cpu time.Duration
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		if err := os.RemoveAll(cfg.StateDir); err != nil {
			b.Fatal(err)
		}
		s := scaleSyncer(b, cfg)
		cpu0 := cpuTime(b)
		b.StartTimer()
		sum := mustPass(b, s)
		b.StopTimer()
		cpu += cpuTime(b) - cpu0
		if sum.Created+sum.Updated+sum.Deleted != 0 || sum.Idle {
			b.Fatalf("a stateless pass over written entries: %+v", sum)
		}
	}
	reportCPU(b, cpu, b.N)
}
