package hostile

import (
	"os"
	"strings"
	"testing"
	"time"
)

// The harness can fail: a child that grows past its memory bound is killed
// and reported, and so is one that outlives its time bound.
func TestHarnessCatchesRunaways(t *testing.T) {
	if inChild() {
		switch os.Getenv(childEnv) {
		case t.Name():
			var keep [][]byte
			for range 2048 { // up to 2 GB, one touched MB at a time
				b := make([]byte, 1<<20)
				for i := range b {
					b[i] = 1
				}
				keep = append(keep, b)
			}
			t.Logf("kept %d MB", len(keep))
		}
		return
	}
	_, problems, err := runChild(t.Name(), Bounds{Time: time.Minute, RSS: 16 << 20})
	if err != nil {
		t.Fatal(err)
	}
	if all := strings.Join(problems, "\n"); !strings.Contains(all, "resident set passed") && !strings.Contains(all, "peak RSS") {
		t.Errorf("a child growing to 2 GB against a bound of 16 MB gave %q; want it killed for its memory", problems)
	}
	_, problems, err = runChild("TestHarnessSleeper", Bounds{Time: 500 * time.Millisecond, RSS: 100 << 20})
	if err != nil {
		t.Fatal(err)
	}
	if len(problems) == 0 || !strings.Contains(problems[0], "took longer") {
		t.Errorf("a child sleeping 30 s against a bound of 0.5 s gave %q; want it killed for its time", problems)
	}
}

// TestHarnessSleeper is TestHarnessCatchesRunaways' slow child; outside a
// child it does nothing.
func TestHarnessSleeper(t *testing.T) {
	if os.Getenv(childEnv) == t.Name() {
		time.Sleep(30 * time.Second)
	}
}
