// Package memlimit keeps the Go runtime's soft memory limit
// (runtime/debug.SetMemoryLimit) a little above what the process holds
// live.
//
// A fixed soft limit below the live heap makes the collector start a
// cycle at once after each one ends: every allocation past the end of a
// cycle starts another, each marking the whole live heap, and the
// runtime's GC CPU limiter lets those cycles have half of the wall time,
// waiting included. A first pass at 50,000 events holds more than 32 MiB
// live while it writes its entries, one request at a time, so each write
// cost a collection of the whole heap (18 ms of CPU per entry on Radicale
// against 2.8 ms at 20,000 events, issue 17). Tune raises the limit after
// each collection to the live heap plus an eighth, and never below the
// base: below the base nothing changes, above it the collector runs once
// per eighth of the live heap allocated, as with GOGC=12, whatever the
// wall time. (A quarter cost 5 MB more RSS at 50,000 events for 13% less
// CPU; an eighth keeps the RSS of the fixed limit.)
package memlimit

import (
	"math"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync/atomic"
)

// Headroom is the share of the live heap (1/Headroom) that may be
// allocated above it before the next collection once the live heap has
// outgrown the base limit.
const Headroom = 8

// Limit is the soft limit for a live heap of live bytes with other
// bytes of runtime memory besides the heap's objects (stacks, metadata,
// the unused parts of spans): base, or live plus live/Headroom plus other when that is
// more.
func Limit(base, live, other uint64) int64 {
	const most = math.MaxInt64
	live, other = min(live, most), min(other, most)
	want := min(live+live/Headroom, most)
	want = min(want+other, most) // no wrap: each is at most MaxInt64
	return int64(max(want, min(base, most)))
}

var samples = []metrics.Sample{
	{Name: "/gc/heap/live:bytes"},
	{Name: "/memory/classes/total:bytes"},
	{Name: "/memory/classes/heap/released:bytes"},
	{Name: "/memory/classes/heap/objects:bytes"},
	{Name: "/memory/classes/heap/free:bytes"},
}

// Tune sets the soft memory limit to base and then, after each garbage
// collection, to Limit of what is live then. It returns a function that
// stops the tuning and leaves the limit at base. One Tune at a time per
// process.
func Tune(base int64) (stop func()) {
	debug.SetMemoryLimit(base)
	var stopped atomic.Bool
	s := make([]metrics.Sample, len(samples))
	copy(s, samples)
	var arm func()
	arm = func() {
		// A sentinel the collector finds unreachable at its next cycle; its
		// finalizer runs after that cycle, adjusts the limit and re-arms.
		sentinel := new([16]byte)
		runtime.SetFinalizer(sentinel, func(*[16]byte) {
			if stopped.Load() {
				return
			}
			debug.SetMemoryLimit(limitNow(uint64(base), s))
			arm()
		})
	}
	arm()
	return func() {
		stopped.Store(true)
		debug.SetMemoryLimit(base)
	}
}

// limitNow reads the runtime's figures into s (used by one goroutine at
// a time: the finalizers run one after the other) and returns Limit.
func limitNow(base uint64, s []metrics.Sample) int64 {
	metrics.Read(s)
	var v [5]uint64
	for i := range s {
		if s[i].Value.Kind() == metrics.KindUint64 {
			v[i] = s[i].Value.Uint64()
		}
	}
	// other is what the runtime holds besides the heap's objects and its
	// free spans (those the scavenger may give back): stacks, metadata,
	// the unused parts of spans.
	live, total, released, objects, free := v[0], v[1], v[2], v[3], v[4]
	var other uint64
	if used := total - min(total, released); used > objects+free {
		other = used - objects - free
	}
	return Limit(base, live, other)
}
