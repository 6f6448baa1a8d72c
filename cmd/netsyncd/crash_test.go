package main

import (
	"context"
	"math/rand/v2"
	"os"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/netsyncd/netsyncd/internal/testservers"
)

// TestKilledPassesConverge kills `netsyncd once` with SIGKILL at random
// moments of write-heavy passes (the sources move between kills, so every
// pass has entries to create, update or delete), then checks that one clean
// pass converges: no duplicate UID, the next pass changes nothing, and the
// state directory is still usable. NETSYNCD_CRASH_KILLS sets the number of
// kills (default 20).
func TestKilledPassesConverge(t *testing.T) {
	kills := 20
	if n, err := strconv.Atoi(os.Getenv("NETSYNCD_CRASH_KILLS")); err == nil && n > 0 {
		kills = n
	}
	srv := testservers.Radicale(t)
	s := newSetup(t, srv, srv.URL, 30, "@every 10m")
	began := time.Now()
	first := s.once(t)
	full := time.Since(began)
	if num(first, "created") == 0 {
		t.Fatalf("first pass created nothing: %v", first)
	}
	rng := rand.New(rand.NewPCG(1, uint64(time.Now().UnixNano())))
	killed := 0
	for i := 0; i < kills; i++ {
		s.putEvents(t, 30, time.Duration(i%2+1)*15*time.Minute*time.Duration(1-2*(i%2)))
		cmd := s.command(context.Background(), "once", "--config", s.configPath)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(rng.Int64N(int64(full) + 1)))
		if cmd.Process.Signal(syscall.SIGKILL) == nil {
			killed++
		}
		cmd.Wait()
	}
	s.once(t) // the clean pass
	again := s.once(t)
	if c, u, d := num(again, "created"), num(again, "updated"), num(again, "deleted"); c+u+d != 0 {
		t.Errorf("after %d kills and a clean pass, the next pass still changed %d/%d/%d (created/updated/deleted): not converged", killed, c, u, d)
	}
	uids := s.targetUIDs(t) // fails on a duplicate
	if len(uids) < num(first, "created") {
		t.Errorf("target holds %d entries after the kills; the first pass created %d", len(uids), num(first, "created"))
	}
	t.Logf("%d kills (a full pass took %v); target holds %d entries, no duplicate", killed, full.Round(time.Millisecond), len(uids))
}
