package main

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/netsyncd/netsyncd/internal/testservers"
)

// TestKilledPassesConverge kills `netsyncd once` with SIGKILL at random
// moments of write-heavy passes (the sources move before each, so every
// pass has entries to create, update or delete). After each kill: the
// state directory is usable (its files decode, none was found corrupt), a
// clean pass exits 0 and finds no unreadable entry of its own, the pass
// after it changes nothing, no UID is duplicated and every entry in the
// target is whole (nothing half-written). NETSYNCD_CRASH_KILLS sets the number of kills (default 20);
// docs/reliability.md has the results of the full-size run.
func TestKilledPassesConverge(t *testing.T) {
	kills := 20
	if n, err := strconv.Atoi(os.Getenv("NETSYNCD_CRASH_KILLS")); err == nil && n > 0 {
		kills = n
	}
	for _, srv := range []*testservers.Server{testservers.Radicale(t), testservers.Xandikos(t), testservers.Cyrus(t), testservers.SOGo(t)} {
		t.Run(srv.Name, func(t *testing.T) { testKilledPassesConverge(t, srv, kills) })
	}
}

func testKilledPassesConverge(t *testing.T, srv *testservers.Server, kills int) {
	s := newSetup(t, srv, srv.URL, 30, "@every 10m")
	stateDir := filepath.Join(s.dir, "state")
	began := time.Now()
	first := s.once(t)
	full := time.Since(began)
	if num(first, "created") == 0 {
		t.Fatalf("first pass created nothing: %v", first)
	}
	seed := uint64(time.Now().UnixNano())
	rng := rand.New(rand.NewPCG(1, seed))
	midPass, redone := 0, 0
	for i := 0; i < kills; i++ {
		s.putEvents(t, 30, time.Duration(i%2+1)*15*time.Minute*time.Duration(1-2*(i%2)))
		cmd := s.command(context.Background(), "once", "--config", s.configPath)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(rng.Int64N(int64(full) + 1)))
		_ = cmd.Process.Signal(syscall.SIGKILL)
		_ = cmd.Wait()
		if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			midPass++ // else the pass had finished before the signal
		}
		checkStateDir(t, stateDir)
		clean := s.once(t) // exits 0 on the state the kill left
		redone += num(clean, "created") + num(clean, "updated") + num(clean, "deleted")
		if n := num(clean, "skipped_invalid"); n != 0 {
			t.Errorf("kill %d: the pass after the kill found %d unreadable entries of netsyncd's: the kill left a half-written entry", i+1, n)
		}
		converged(t, fmt.Sprintf("kill %d: after a clean pass, the next pass", i+1), s.once(t))
		// Fails on a duplicate UID and on any entry that is not whole.
		if uids := s.targetUIDs(t); len(uids) < num(first, "created") {
			t.Errorf("kill %d: target holds %d entries; the first pass created %d", i+1, len(uids), num(first, "created"))
		}
	}
	uids := s.targetUIDs(t)
	t.Logf("%d kills (seed %d), %d of them mid-pass (a full pass took %v); each followed by a clean pass that wrote %d changes in all and converged; "+
		"target holds %d entries, no duplicate; all took %v",
		kills, seed, midPass, full.Round(time.Millisecond), redone, len(uids), time.Since(began).Round(time.Millisecond))
}

// checkStateDir: every state file decodes, none was set aside as corrupt
// (writes are atomic, so a kill leaves the old file or the new one), and
// the temporary files of writes a kill interrupted are few.
func checkStateDir(t *testing.T, dir string) {
	t.Helper()
	files, err := os.ReadDir(dir)
	if err != nil {
		t.Fatalf("state directory: %v", err)
	}
	var tmp []string
	for _, f := range files {
		name := f.Name()
		switch {
		case strings.HasSuffix(name, ".corrupt"):
			t.Errorf("state file %s was found corrupt after the kills", name)
		case strings.Contains(name, ".tmp-"):
			tmp = append(tmp, name)
		case strings.HasSuffix(name, ".json"):
			b, err := os.ReadFile(filepath.Join(dir, name))
			if err != nil || !json.Valid(b) {
				t.Errorf("state file %s does not decode (%v): %.200q", name, err, b)
			}
		}
	}
	if len(tmp) > 0 {
		t.Logf("state directory: %d temporary files left by interrupted writes: %v", len(tmp), tmp)
	}
}
