package plan

import (
	"fmt"
	"testing"
	"time"

	"github.com/netsyncd/netsyncd/internal/limits"
)

// benchResult is a 60-day window of 5,000 occurrences, one in ten of them
// networking (in person or remote), with the weeks limits would report.
func benchResult() limits.Result {
	var res limits.Result
	base := at(7, 0, 0)
	for i := 0; i < 5000; i++ {
		day := i % 60
		start := base.AddDate(0, 0, day).Add(time.Duration(7*60+(i/60)%13*60+(i%4)*15) * time.Minute)
		uid := fmt.Sprintf("occ-%d", i)
		switch {
		case i%20 == 0:
			res.Items = append(res.Items, netItem(uid, "Evening event", start, 90*time.Minute, 25))
		case i%20 == 10:
			res.Items = append(res.Items, remoteItem(uid, "Video call", start, 30*time.Minute))
		default:
			res.Items = append(res.Items, busyItem(uid, start, start.Add(45*time.Minute)))
		}
	}
	for w := 0; w < 9; w++ {
		res.Weeks = append(res.Weeks, weekOf(fmt.Sprintf("2026-W%02d", 50+w), 7+7*w, 50))
	}
	return res
}

func BenchmarkPlan(b *testing.B) {
	res := benchResult()
	cfg := testConfig()
	b.ReportAllocs()
	for b.Loop() {
		es, _ := Plan(cfg, res)
		if len(es) < 750 {
			b.Fatalf("planned %d entries; want at least 750", len(es))
		}
	}
}

// BenchmarkPlanAllNetworking is the worst case: all 5,000 occurrences of a
// year networking, in person, so every one gets a prep and a follow-up
// (10,000 entries, each placed and rendered) and 53 week entries.
func BenchmarkPlanAllNetworking(b *testing.B) {
	var res limits.Result
	base := at(7, 0, 0)
	for i := 0; i < 5000; i++ {
		start := base.AddDate(0, 0, i%365).Add(time.Duration(7*60+(i/365)%13*60) * time.Minute)
		res.Items = append(res.Items, netItem(fmt.Sprintf("occ-%d", i), "Coffee with a contact", start, 45*time.Minute, 20))
	}
	for w := 0; w < 53; w++ {
		res.Weeks = append(res.Weeks, weekOf(fmt.Sprintf("2026-W%02d", w+1), 7+7*w, 95))
	}
	cfg := testConfig()
	cfg.Budgets.EntriesPerPass = 20000 // past the default 2,000: the worst case is what is measured
	b.ReportAllocs()
	for b.Loop() {
		es, _ := Plan(cfg, res)
		if len(es) < 10000 {
			b.Fatalf("planned %d entries; want at least 10,000", len(es))
		}
	}
}
