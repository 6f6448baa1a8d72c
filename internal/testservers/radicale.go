package testservers

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// Radicale starts Radicale with htpasswd authentication (plain text, user
// alice:secret) and owner-only rights. Its calendar home is /alice/, which
// Radicale creates on the first authenticated request. A second user,
// bob:secret (home /bob/, no access to /alice/), is there for tests that
// change the user: see AsUser.
func Radicale(t testing.TB) *Server {
	t.Helper()
	bin := lookBinary(t, "radicale")
	s := newServer(t, "radicale")
	s.Username, s.Password, s.Home = "alice", "secret", "/alice/"
	users := filepath.Join(s.dir, "users")
	if err := os.WriteFile(users, []byte("alice:secret\nbob:secret\n"), 0o600); err != nil {
		t.Fatalf("testservers: %v", err)
	}
	cfg := filepath.Join(s.dir, "radicale.conf")
	s.start(t, bin, func(port int) []string {
		// The packaged /etc/radicale/config uses remote_user auth: always
		// pass a config of our own.
		conf := "[server]\nhosts = 127.0.0.1:" + strconv.Itoa(port) + "\n" +
			"[auth]\ntype = htpasswd\nhtpasswd_filename = " + users + "\nhtpasswd_encryption = plain\n" +
			"[storage]\nfilesystem_folder = " + filepath.Join(s.dir, "collections") + "\n" +
			"[rights]\ntype = owner_only\n[web]\ntype = none\n[logging]\nlevel = warning\n"
		if err := os.WriteFile(cfg, []byte(conf), 0o600); err != nil {
			t.Fatalf("testservers: %v", err)
		}
		return []string{"--config", cfg}
	})
	return s
}

// AsUser is the server as another of its users (Radicale: "bob"), whose
// home is /NAME/ and whose password is the same.
func (s *Server) AsUser(name string) *Server {
	o := *s
	o.Username, o.Home, o.Default = name, "/"+name+"/", ""
	return &o
}
