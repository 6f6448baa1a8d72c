package testservers

import (
	"os"
	"os/user"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
)

// serviceUser is the user a server that refuses root runs as: the current
// user, or, when the test runs as root (CI), the system user name made by
// the server's package, with the credential to switch to it.
func serviceUser(t testing.TB, name string) (*user.User, *syscall.Credential) {
	t.Helper()
	if os.Geteuid() != 0 {
		u, err := user.Current()
		if err != nil {
			t.Fatalf("testservers: %v", err)
		}
		return u, nil
	}
	u, err := user.Lookup(name)
	if err != nil {
		t.Fatalf("testservers: running as root, and there is no %s user to run the server as: %v", name, err)
	}
	uid, err1 := strconv.ParseUint(u.Uid, 10, 32)
	gid, err2 := strconv.ParseUint(u.Gid, 10, 32)
	if err1 != nil || err2 != nil {
		t.Fatalf("testservers: %s user has uid %q gid %q", name, u.Uid, u.Gid)
	}
	return u, &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid), Groups: []uint32{}}
}

// serviceDir makes a directory for a server run with cred: under /tmp
// when cred is set (t.TempDir's parents are root's, mode 0700), with subs
// in it; t.Cleanup removes it. chownAll hands what is in it to cred's user
// once the test has written its files.
func serviceDir(t testing.TB, prefix string, cred *syscall.Credential, subs ...string) string {
	t.Helper()
	base := ""
	if cred != nil {
		base = "/tmp"
	}
	dir, err := os.MkdirTemp(base, prefix)
	if err != nil {
		t.Fatalf("testservers: %v", err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	for _, d := range subs {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o700); err != nil {
			t.Fatalf("testservers: %v", err)
		}
	}
	return dir
}

// chownAll gives dir and everything in it to cred's user (nothing when
// cred is nil).
func chownAll(t testing.TB, dir string, cred *syscall.Credential) {
	t.Helper()
	if cred == nil {
		return
	}
	err := filepath.Walk(dir, func(p string, _ os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		return os.Chown(p, int(cred.Uid), int(cred.Gid))
	})
	if err != nil {
		t.Fatalf("testservers: %v", err)
	}
}
