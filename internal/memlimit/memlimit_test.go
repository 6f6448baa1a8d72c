package memlimit

import (
	"math"
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

func TestLimit(t *testing.T) {
	const mib = 1 << 20
	for _, c := range []struct {
		base, live, other uint64
		want              int64
	}{
		{32 * mib, 10 * mib, 4 * mib, 32 * mib},                    // below the base: the base
		{32 * mib, 28 * mib, 4 * mib, 35*mib + mib/2},              // near it: live + an eighth + the rest
		{32 * mib, 60 * mib, 6 * mib, 73*mib + mib/2},              // above it
		{0, math.MaxUint64 / 2, math.MaxUint64 / 2, math.MaxInt64}, // no overflow
	} {
		if got := Limit(c.base, c.live, c.other); got != c.want {
			t.Errorf("Limit(%d, %d, %d) = %d; want %d", c.base, c.live, c.other, got, c.want)
		}
	}
}

// collections holds live bytes live, makes writes "writes" (each a small
// allocation, then a pause, as a pass waits for a PUT's answer), and
// returns how many garbage collections ran during the writes.
func collections(t *testing.T, live, writes int) uint32 {
	t.Helper()
	held := make([][]byte, 0, live>>16)
	for n := 0; n < live; n += 1 << 16 {
		held = append(held, make([]byte, 1<<16))
	}
	runtime.GC()
	runtime.GC() // the tuner's finalizer runs after the first
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	var sink []byte
	for i := 0; i < writes; i++ {
		for j := 0; j < 16; j++ {
			sink = make([]byte, 4<<10) // about what reading one answer allocates
		}
		time.Sleep(time.Millisecond)
	}
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(held)
	runtime.KeepAlive(sink)
	return after.NumGC - before.NumGC
}

// TestTuneAboveTheBase: with a live heap twice the base limit, a fixed
// limit at the base makes the collector run for about every write (the
// cost per entry of issue 17's 50,000-event first pass grew with the
// heap), and the tuned limit lets writes through without a collection
// each, at two heap sizes. It counts collections, not time.
func TestTuneAboveTheBase(t *testing.T) {
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	const base, writes = 8 << 20, 200

	debug.SetMemoryLimit(base)
	fixed := collections(t, 2*base, writes)
	if fixed < writes/4 {
		// The setting this test is about: if a fixed limit no longer
		// makes the collector run per write, the test shows nothing.
		t.Fatalf("a fixed limit of %d with %d live: %d collections in %d writes; want at least %d", base, 2*base, fixed, writes, writes/4)
	}

	t.Logf("a fixed limit: %d collections in %d writes", fixed, writes)
	stop := Tune(base)
	defer stop()
	for _, live := range []int{2 * base, 4 * base} {
		// 200 writes of 64 KiB are 12.5 MiB, a few eighths of the heap.
		got := collections(t, live, writes)
		t.Logf("tuned, %d MiB live: %d collections in %d writes", live>>20, got, writes)
		if got > writes/8 {
			t.Errorf("tuned from %d with %d live: %d collections in %d writes (a fixed limit: %d); want at most %d", base, live, got, writes, fixed, writes/8)
		}
	}
}
