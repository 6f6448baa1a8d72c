package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/netsyncd/netsyncd/internal/testservers"
)

// TestCorruptStateOneFullPass damages the state files of the real binary
// between passes (`netsyncd once --json` against Radicale behind a
// counting proxy) in several ways, each time both sync.json and
// ledger.json. After each damage:
//   - the pass exits 0, says so in its log, and reads every calendar in
//     full (each calendar's full_at in the new sync.json is later than the
//     damage);
//   - it creates, updates and deletes nothing, skips no invalid entry, and
//     finds every entry unchanged: nothing is created twice;
//   - the target holds the same UIDs as before, none twice, all whole;
//   - sync.json and ledger.json decode again, the ledger knowing every
//     entry in the target, and the damaged files were set aside as .corrupt;
//   - the pass after it is idle: one PROPFIND, no second full read.
func TestCorruptStateOneFullPass(t *testing.T) {
	srv := testservers.Radicale(t)
	proxy := testservers.NewProxy(t, srv.URL)
	s := newSetup(t, srv, proxy.URL, 12, "@every 10m")
	stateDir := filepath.Join(s.dir, "state")
	first := s.once(t)
	if num(first, "created") == 0 {
		t.Fatalf("first pass created nothing: %v", first)
	}
	converged(t, "the pass after the first", s.once(t))
	want := s.targetUIDs(t)
	if len(want) != num(first, "created") {
		t.Fatalf("the target holds %d entries; the first pass created %d", len(want), num(first, "created"))
	}

	damages := []struct {
		name string
		bad  func(good []byte) []byte
	}{
		{"truncated", func(good []byte) []byte { return good[:len(good)/2] }},
		{"garbage", func([]byte) []byte { return []byte("\x00\xff\xfeNOT JSON {{{\x1b[0m\n") }},
		{"empty", func([]byte) []byte { return nil }},
		{"wrong shape", func([]byte) []byte { return []byte(`[1, "two", {"three": 3}]`) }},
	}
	for _, d := range damages {
		t.Run(d.name, func(t *testing.T) {
			damaged := time.Now()
			for _, name := range []string{"sync.json", "ledger.json"} {
				path := filepath.Join(stateDir, name)
				good, err := os.ReadFile(path)
				if err != nil {
					t.Fatalf("before the damage: %v", err)
				}
				if err := os.WriteFile(path, d.bad(good), 0o600); err != nil {
					t.Fatal(err)
				}
				os.Remove(path + ".corrupt")
			}

			sum, log := s.onceLog(t, "info") // fails the test unless it exits 0
			converged(t, "the pass on damaged state", sum)
			if n := num(sum, "unchanged"); n != len(want) {
				t.Errorf("the pass on damaged state found %d entries unchanged; want all %d", n, len(want))
			}
			for _, said := range []string{"sync state unreadable", "ledger of created entries is corrupt"} {
				if !strings.Contains(log, said) {
					t.Errorf("the pass on damaged state does not say %q; its log:\n%s", said, log)
				}
			}

			sync := readSyncState(t, stateDir)
			fullAt := map[string]time.Time{}
			for path, cal := range sync.Calendars {
				fullAt[path] = cal.FullAt
				if !cal.FullAt.After(damaged) {
					t.Errorf("calendar %s was last read in full at %v, before the damage (%v): the pass did not read everything again", path, cal.FullAt, damaged)
				}
			}
			if len(fullAt) != 2 {
				t.Errorf("sync.json knows calendars %v; want the source and the target", fullAt)
			}
			ledger := readLedger(t, stateDir)
			for uid := range want {
				if _, ok := ledger[uid]; !ok {
					t.Errorf("the new ledger does not know %s, which is in the target", uid)
				}
			}
			for _, name := range []string{"sync.json.corrupt", "ledger.json.corrupt"} {
				if _, err := os.Stat(filepath.Join(stateDir, name)); err != nil {
					t.Errorf("the damaged file was not set aside: %v", err)
				}
			}

			got := s.targetUIDs(t) // fails on a duplicate or a broken entry
			for uid := range want {
				if _, ok := got[uid]; !ok {
					t.Errorf("entry %s is gone from the target", uid)
				}
			}
			if len(got) != len(want) {
				t.Errorf("the target holds %d entries; before the damage %d", len(got), len(want))
			}

			// One full pass, not two: the next is idle.
			proxy.Reset()
			again := s.once(t)
			converged(t, "the pass after the recovery", again)
			if again["idle"] != true {
				t.Errorf("the pass after the recovery is not idle: %v", again)
			}
			if reqs := proxy.Requests(); len(reqs) != 1 || !strings.HasPrefix(reqs[0], "PROPFIND ") {
				t.Errorf("the pass after the recovery sent %v; want one PROPFIND", reqs)
			}
			for path, cal := range readSyncState(t, stateDir).Calendars {
				if !cal.FullAt.Equal(fullAt[path]) {
					t.Errorf("calendar %s was read in full again by the pass after the recovery", path)
				}
			}
		})
	}
}

// syncFile is what this test reads of sync.json.
type syncFile struct {
	Calendars map[string]struct {
		FullAt  time.Time                  `json:"full_at"`
		Objects map[string]json.RawMessage `json:"objects"`
	} `json:"calendars"`
}

func readSyncState(t *testing.T, dir string) syncFile {
	t.Helper()
	var s syncFile
	readStateFile(t, filepath.Join(dir, "sync.json"), &s)
	return s
}

func readLedger(t *testing.T, dir string) map[string]json.RawMessage {
	t.Helper()
	var l map[string]json.RawMessage
	readStateFile(t, filepath.Join(dir, "ledger.json"), &l)
	return l
}

func readStateFile(t *testing.T, path string, v any) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("state file: %v", err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("state file %s does not decode: %v: %.200q", path, err, b)
	}
}
