package testservers

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// postgres is a private PostgreSQL cluster: data and socket in one
// directory, no TCP listener, stopped and removed by t.Cleanup.
type postgres struct {
	bin  string // directory of initdb, pg_ctl and psql
	dir  string
	sock string // the directory of the Unix socket: PGHOST
	log  string // where create-database.sh writes
	cred *syscall.Credential
}

// postgresBin finds the newest /usr/lib/postgresql/VERSION/bin (Debian's
// layout; the tools are not on PATH).
func postgresBin() (string, error) {
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	var found []string
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "initdb")); err == nil {
			found = append(found, d)
		}
	}
	if len(found) == 0 {
		return "", errors.New("no /usr/lib/postgresql/*/bin/initdb")
	}
	version := func(d string) int {
		n, _ := strconv.Atoi(filepath.Base(filepath.Dir(d)))
		return n
	}
	sort.Slice(found, func(i, j int) bool { return version(found[i]) > version(found[j]) })
	return found[0], nil
}

// startPostgres creates and starts a cluster whose superuser is postgres,
// trusting every local connection.
//
// initdb and the server refuse to run as root, and tests run as root in CI:
// then both run as the postgres user, in a directory under /tmp that user
// can reach (t.TempDir's parents are root's, mode 0700). The path is short
// too: a Unix socket path holds at most 107 bytes.
func startPostgres(t testing.TB, log string) *postgres {
	t.Helper()
	return startPostgresOn(t, log, "")
}

// startPostgresOn is startPostgres, also listening on TCP at listen
// (host:port) when it is not empty: for servers that cannot reach a Unix
// socket (SOGo).
func startPostgresOn(t testing.TB, log, listen string) *postgres {
	t.Helper()
	bin, err := postgresBin()
	if err != nil {
		t.Fatalf("testservers: %v", err)
	}
	pg := &postgres{bin: bin, log: log}
	base := ""
	if os.Geteuid() == 0 {
		_, pg.cred = serviceUser(t, "postgres")
		base = "/tmp"
	}
	if pg.dir, err = os.MkdirTemp(base, "netsyncd-pg-"); err != nil {
		t.Fatalf("testservers: %v", err)
	}
	t.Cleanup(func() { os.RemoveAll(pg.dir) })
	pg.sock = filepath.Join(pg.dir, "sock")
	if err := os.Mkdir(pg.sock, 0o700); err != nil {
		t.Fatalf("testservers: %v", err)
	}
	if pg.cred != nil {
		for _, d := range []string{pg.dir, pg.sock} {
			if err := os.Chown(d, int(pg.cred.Uid), int(pg.cred.Gid)); err != nil {
				t.Fatalf("testservers: %v", err)
			}
		}
	}
	data := filepath.Join(pg.dir, "data")
	// -N and fsync=off: a test database need not survive a power cut, and
	// syncing costs seconds on a slow CI disk.
	pg.run(t, "initdb", "-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C.UTF-8", "-N")
	tcp := "-c listen_addresses="
	if listen != "" {
		host, port, _ := strings.Cut(listen, ":")
		tcp = "-c listen_addresses=" + host + " -p " + port
	}
	pg.run(t, "pg_ctl", "-D", data, "-l", filepath.Join(pg.dir, "postgres.log"), "-w", "-t", "60",
		"-o", "-k "+pg.sock+" "+tcp+" -c fsync=off -c synchronous_commit=off -c full_page_writes=off", "start")
	t.Cleanup(func() {
		if out, err := pg.command("pg_ctl", "-D", data, "-m", "fast", "-w", "stop").CombinedOutput(); err != nil {
			t.Logf("testservers: pg_ctl stop: %v\n%s", err, out)
		}
	})
	return pg
}

// command is a PostgreSQL tool run as the cluster's owner.
func (pg *postgres) command(tool string, args ...string) *exec.Cmd {
	cmd := exec.Command(filepath.Join(pg.bin, tool), args...)
	cmd.Dir = pg.dir
	cmd.Env = append(os.Environ(), "LC_ALL=C.UTF-8")
	if pg.cred != nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: pg.cred}
	}
	return cmd
}

func (pg *postgres) run(t testing.TB, tool string, args ...string) {
	t.Helper()
	start := time.Now()
	if out, err := pg.command(tool, args...).CombinedOutput(); err != nil {
		logs, _ := os.ReadFile(filepath.Join(pg.dir, "postgres.log"))
		t.Fatalf("testservers: %s: %v\n%s\n%s", tool, err, out, logs)
	}
	t.Logf("testservers: %s took %v", tool, time.Since(start).Round(time.Millisecond))
}

// createDAViCal runs DAViCal's create-database.sh: roles davical_dba and
// davical_app, the schema, and the admin user with password adminpw. It
// connects as the superuser (trusted), from whichever user the test is.
func (pg *postgres) createDAViCal(t testing.TB, adminPassword string) {
	t.Helper()
	start := time.Now()
	cmd := exec.Command(davicalCreateDB, "davical", adminPassword)
	cmd.Dir = pg.dir
	cmd.Env = append(os.Environ(), "PGHOST="+pg.sock, "PGUSER=postgres",
		"PATH="+pg.bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	out, err := cmd.CombinedOutput()
	out = []byte(strings.ReplaceAll(string(out), "'"+adminPassword+"'", "'***'"))
	os.WriteFile(pg.log, out, 0o600)
	// The script goes on after some failures; the admin line comes last.
	if err != nil || !strings.Contains(string(out), "password for the 'admin' user has been set") {
		t.Fatalf("testservers: %s: %v\n%s", davicalCreateDB, err, tail(out))
	}
	t.Logf("testservers: create-database.sh took %v", time.Since(start).Round(time.Millisecond))
}

func tail(b []byte) string {
	if len(b) > 4000 {
		b = b[len(b)-4000:]
	}
	return string(b)
}
