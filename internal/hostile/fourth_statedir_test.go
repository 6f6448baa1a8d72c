package hostile

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The state directory on a disk that fills up between two passes (a
// 256 KiB tmpfs, mounted as root; anything else cannot make a real
// ENOSPC). The pass fails (exit 1) naming the directory and saying the
// disk is full; before, the message went on "check caldav.url and that
// the server is reachable from here": caldav.Retryable takes a
// syscall.Errno for a network error (Go gives it Timeout and Temporary), so
// the hint for a server out of reach was added. The state files stay as the
// pass before left them, no temporary file is left behind, nothing is
// written to the server; once space is freed the next pass converges and
// the target holds no entry twice.
func TestStateDirOnAFullDisk(t *testing.T) {
	Case(t, passBounds, "once: the state directory's disk full between two passes", func(t *testing.T) {
		if os.Geteuid() != 0 {
			if os.Getenv("CI") != "" {
				t.Fatal("this case mounts a small tmpfs and needs root, which CI has")
			}
			t.Skip("needs root to mount a small tmpfs")
		}
		mnt := t.TempDir()
		if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", mnt).CombinedOutput(); err != nil {
			t.Fatalf("mount a tmpfs on %s: %v %s", mnt, err, out)
		}
		// lazily: a descriptor left open must not fail the cleanup
		t.Cleanup(func() { exec.Command("umount", "-l", mnt).Run() })
		dir := filepath.Join(mnt, "state")
		srv, url := davServer(t, calendar(vevent("coffee", "20261202T150000Z")), calendar(vevent("coffee-2", "20261204T150000Z")))
		cfg := passConfig(t, url, "")
		data, _ := os.ReadFile(cfg)
		if err := os.WriteFile(cfg, []byte(strings.Replace(string(data), "state_dir: ", "state_dir: "+dir+" #", 1)), 0o600); err != nil {
			t.Fatal(err)
		}
		if code, s, log := onceAt(t, now, cfg); code != 0 || s.Created == 0 {
			t.Fatalf("first pass = %d, %+v\n%s", code, s, tail(log))
		}
		before := snapshot(t, dir)
		objects := len(srv.Objects(srv.Home() + "netsyncd/"))
		fill(t, filepath.Join(mnt, "fill"))
		movedCoffee(srv, t)
		code, s, log := onceAt(t, now.Add(time.Hour), cfg)
		errs := strings.Join(s.Errors, "\n")
		if code != 1 || !strings.Contains(errs, dir) || !strings.Contains(errs, "is full: free space there") || strings.Contains(errs, "caldav.url") {
			t.Errorf("once on a full disk = exit %d, errors %q; want exit 1 naming %s and saying the disk is full (not caldav.url)\n%s", code, errs, dir, tail(log))
		}
		if after := snapshot(t, dir); after != before {
			t.Errorf("the state directory changed in the failed pass:\nbefore %s\nafter  %s", before, after)
		}
		if n := len(srv.Objects(srv.Home() + "netsyncd/")); n != objects {
			t.Errorf("the target went from %d to %d objects in a pass that could not record them", objects, n)
		}
		if err := os.Remove(filepath.Join(mnt, "fill")); err != nil {
			t.Fatal(err)
		}
		if code, s, log := onceAt(t, now.Add(2*time.Hour), cfg); code != 0 || len(s.Changes) == 0 {
			t.Errorf("the pass after space was freed = %d, %+v; want the moved coffee's entries updated\n%s", code, s, tail(log))
		}
		if code, s, log := onceAt(t, now.Add(3*time.Hour), cfg); code != 0 || len(s.Changes) != 0 {
			t.Errorf("the pass after = %d, %+v; want nothing to do\n%s", code, s, tail(log))
		}
		uids := map[string]int{}
		for href, body := range srv.Objects(srv.Home() + "netsyncd/") {
			for _, line := range strings.Split(string(body), "\n") {
				if uid, ok := strings.CutPrefix(strings.TrimSpace(line), "UID:"); ok {
					if uids[uid]++; uids[uid] > 1 {
						t.Errorf("UID %s twice in the target (%s)", uid, href)
					}
					break
				}
			}
		}
		if len(uids) != objects {
			t.Errorf("the target holds %d entries; want the %d of the first pass", len(uids), objects)
		}
	})
}

// snapshot lists dir's files with their bytes' digest: equal snapshots,
// nothing changed, added or left behind.
func snapshot(t *testing.T, dir string) string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, e := range ents {
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "%s:%x ", e.Name(), sha256.Sum256(data))
	}
	return b.String()
}

// fill writes path until its file system has no space left.
func fill(t *testing.T, path string) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	buf := make([]byte, 4096)
	for range 1 << 16 {
		if _, err := f.Write(buf); err != nil {
			if !errors.Is(err, syscall.ENOSPC) {
				t.Fatal(err)
			}
			return
		}
	}
	t.Fatal("the tmpfs never filled")
}
