package testservers

import (
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"testing"
	"time"
)

// Where Debian's davical package puts DAViCal.
const (
	davicalHTDocs   = "/usr/share/davical/htdocs"
	davicalCreateDB = "/usr/share/davical/dba/create-database.sh"
	davicalPackages = "davical postgresql php-cli php-pgsql php-xml php-curl"
)

// DAViCal starts DAViCal (PHP) under `php -S`, on a PostgreSQL of its own
// that listens only on a Unix socket in a private directory. The user is
// admin:adminpw; the principal and calendar home are /caldav.php/admin/.
//
// DAViCal reads its configuration from /etc/davical/config.php and nowhere
// the test could choose. The packaged file names the database
// ("dbname=davical user=davical_app") but no host, so libpq takes the socket
// directory from PGHOST, which is how each test gets a database of its own.
// A config.php edited to name a host would point the tests at that host's
// database instead: keep the packaged one on a test machine.
func DAViCal(t testing.TB) *Server {
	t.Helper()
	begin := time.Now()
	php := davicalTools(t)
	s := newServer(t, "davical")
	s.Username, s.Password, s.Home = "admin", "adminpw", "/caldav.php/admin/"
	pg := startPostgres(t, s.log)
	pg.createDAViCal(t, s.Password)
	// php -S serves one request at a time unless told to fork workers: a
	// pass and a test's own requests may overlap.
	s.env = []string{"PGHOST=" + pg.sock, "PHP_CLI_SERVER_WORKERS=4"}
	s.wd = davicalHTDocs
	s.start(t, php, func(port int) []string {
		return []string{"-S", "127.0.0.1:" + strconv.Itoa(port), "-t", davicalHTDocs}
	})
	// GET / answers even when DAViCal cannot reach its database: prove the
	// login works before a test relies on it.
	if code, _, b := s.Do(t, "PROPFIND", s.Home, http.Header{"Depth": {"0"}}, nil); code != http.StatusMultiStatus {
		t.Fatalf("testservers: davical answers PROPFIND %s with %d %s\n%s", s.Home, code, trimLines(b), s.logTail())
	}
	t.Logf("testservers: davical ready in %v", time.Since(begin).Round(time.Millisecond))
	return s
}

// davicalTools checks that DAViCal, PHP and PostgreSQL are installed and
// returns the php binary.
func davicalTools(t testing.TB) string {
	t.Helper()
	php, err := exec.LookPath("php")
	for _, f := range []string{davicalHTDocs + "/caldav.php", davicalCreateDB} {
		if err == nil {
			_, err = os.Stat(f)
		}
	}
	if err == nil {
		_, err = postgresBin()
	}
	if err != nil {
		unavailable(t, "testservers: DAViCal not installed (apt-get install "+davicalPackages+"): "+err.Error())
	}
	return php
}
