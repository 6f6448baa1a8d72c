package hostile

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// A state_dir that cannot be written: under a file, and a directory made
// immutable (chattr +i, as root; without root, one without write
// permission) after a first pass left its files there. Each pass fails at
// once (exit 1) with an error naming the directory and saying what to do,
// and writes nothing to the server: a pass whose ledger cannot be saved
// must not run (before: the immutable one passed and wrote, then failed
// to save, after the writes).
func TestUnwritableStateDir(t *testing.T) {
	t.Run("under a file", func(t *testing.T) {
		Case(t, passBounds, "once: state_dir under a regular file", func(t *testing.T) {
			srv, url := davServer(t, calendar(vevent("coffee", "20261202T150000Z")))
			file := writeFile(t, "not-a-dir", "x")
			cfg := passConfig(t, url, "")
			data, _ := os.ReadFile(cfg)
			conf := strings.Replace(string(data), "state_dir: ", "state_dir: "+file+"/state #", 1)
			if err := os.WriteFile(cfg, []byte(conf), 0o600); err != nil {
				t.Fatal(err)
			}
			code, s, log := onceAt(t, now, cfg)
			wantUnwritable(t, code, s, log, file+"/state")
			if objs := srv.Objects(srv.Home() + "netsyncd/"); len(objs) != 0 {
				t.Errorf("the pass wrote %d objects with no state to record them", len(objs))
			}
		})
	})
	t.Run("immutable", func(t *testing.T) {
		Case(t, passBounds, "once: a state_dir made immutable after a pass", func(t *testing.T) {
			srv, url := davServer(t, calendar(vevent("coffee", "20261202T150000Z")))
			cfg := passConfig(t, url, "")
			if code, s, log := onceAt(t, now, cfg); code != 0 || s.Created == 0 {
				t.Fatalf("first pass = %d, %+v\n%s", code, s, tail(log))
			}
			dir := filepath.Join(filepath.Dir(cfg), "state")
			lockDown(t, dir)
			before := len(srv.Objects(srv.Home() + "netsyncd/"))
			if err := srv.PutObject(srv.Home()+"personal/obj-1.ics", []byte(calendar(vevent("coffee-2", "20261204T150000Z")))); err != nil {
				t.Fatal(err)
			}
			code, s, log := onceAt(t, now.Add(25*60*60*1e9), cfg)
			wantUnwritable(t, code, s, log, dir)
			if after := len(srv.Objects(srv.Home() + "netsyncd/")); after != before {
				t.Errorf("the target went from %d to %d objects in a pass that could not record them", before, after)
			}
		})
	})
}

// lockDown makes dir unwritable for this process until the test ends.
func lockDown(t *testing.T, dir string) {
	t.Helper()
	if os.Geteuid() != 0 {
		if err := os.Chmod(dir, 0o500); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(dir, 0o700) })
		return
	}
	// chattr is e2fsprogs' (Essential in Debian); a file system without the
	// attribute (tmpfs, overlayfs) gets a read-only tmpfs mounted over dir
	out, err := exec.Command("chattr", "+i", dir).CombinedOutput()
	if err == nil {
		t.Cleanup(func() { exec.Command("chattr", "-i", dir).Run() })
		return
	}
	out2, err2 := exec.Command("mount", "-t", "tmpfs", "-o", "ro,size=64k", "tmpfs", dir).CombinedOutput()
	if err2 != nil {
		t.Fatalf("cannot make %s unwritable as root: chattr +i: %v %s; mount -o ro: %v %s", dir, err, out, err2, out2)
	}
	t.Cleanup(func() { exec.Command("umount", dir).Run() })
}

func wantUnwritable(t *testing.T, code int, s summary, log, dir string) {
	t.Helper()
	errs := strings.Join(s.Errors, "\n")
	if code != 1 || !strings.Contains(errs, dir) || !strings.Contains(errs, "cannot be") || !strings.Contains(errs, "set state_dir") {
		t.Errorf("once = exit %d, errors %q; want exit 1 naming %s and saying what to do\n%s", code, errs, dir, tail(log))
	}
}
