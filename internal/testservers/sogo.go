package testservers

import (
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Where Debian's sogo and memcached packages put them.
const (
	sogoBin      = "/usr/sbin/sogod"
	sogoPackages = "sogo memcached postgresql"
)

// SOGo starts SOGo's sogod on 127.0.0.1 with its users, profiles and
// calendars in a PostgreSQL of its own (listening on a free loopback port:
// SOGo's database adaptor takes host:port URLs) and its cache in a
// memcached of its own. The user is alice:secret, from an SQL user source
// (table sogo_users, plain-text password). The principal is
// /SOGo/dav/alice/, the calendar home /SOGo/dav/alice/Calendar/ holding
// "personal", made on alice's first request. URL is the web server in
// front of sogod (frontProxy), Direct sogod itself.
//
// SOGo reads /etc/sogo/sogo.conf, whose Debian defaults name a database
// and an SMTP server on the standard ports: every setting that matters is
// given on sogod's command line instead, which takes precedence
// (SOGoSystemDefaults.m), and mail notifications are off.
//
// As root (CI), sogod and memcached run as the sogo system user, in a
// directory under /tmp that user owns; PostgreSQL runs as postgres.
func SOGo(t testing.TB) *Server {
	t.Helper()
	begin := time.Now()
	memcached := sogoTools(t)
	s := newServer(t, "sogo")
	s.Username, s.Password = "alice", "secret"
	s.Home, s.Default = "/SOGo/dav/alice/Calendar/", "/SOGo/dav/alice/Calendar/personal/"

	pgAddr := "127.0.0.1:" + strconv.Itoa(freePort(t))
	pg := startPostgresOn(t, s.log, pgAddr)
	_, pgPort, _ := net.SplitHostPort(pgAddr)
	pg.run(t, "psql", "-h", pg.sock, "-p", pgPort, "-U", "postgres", "-v", "ON_ERROR_STOP=1",
		"-c", "CREATE USER sogo PASSWORD 'sogo'", "-c", "CREATE DATABASE sogo OWNER sogo")
	pg.run(t, "psql", "-h", pg.sock, "-p", pgPort, "-U", "sogo", "-v", "ON_ERROR_STOP=1", "sogo",
		"-c", "CREATE TABLE sogo_users (c_uid varchar(255) PRIMARY KEY, c_name varchar(255), "+
			"c_password varchar(255), c_cn varchar(255), mail varchar(255))",
		"-c", "INSERT INTO sogo_users VALUES ('alice', 'alice', '"+s.Password+"', 'Alice Test', 'alice@example.test')")

	_, cred := serviceUser(t, "sogo")
	dir := serviceDir(t, "netsyncd-sogo-", cred, "home", "run")
	chownAll(t, dir, cred)
	s.wd, s.cred = dir, cred
	// sogod's watchdog waits for its workers for 10 s and more after
	// SIGTERM; every write is committed to PostgreSQL already.
	s.stopGrace = time.Second
	// GNUstep looks for its user defaults under HOME.
	s.env = []string{"HOME=" + filepath.Join(dir, "home")}

	mc := &Server{Name: "memcached", dir: dir, log: s.log, wd: dir, cred: cred, tcpOnly: true}
	mcPort := 0
	mc.start(t, memcached, func(port int) []string {
		mcPort = port
		return []string{"-l", "127.0.0.1", "-p", strconv.Itoa(port), "-U", "0", "-m", "16"}
	})

	db := "postgresql://sogo:sogo@" + pgAddr + "/sogo/"
	s.start(t, sogoBin, func(port int) []string {
		return []string{
			"-WONoDetach", "YES", "-WOPort", "127.0.0.1:" + strconv.Itoa(port), "-WOLogFile", "-",
			"-WOPidFile", filepath.Join(dir, "run", "sogo.pid"), "-WOWorkersCount", "2",
			"-SOGoProfileURL", db + "sogo_user_profile",
			"-OCSFolderInfoURL", db + "sogo_folder_info",
			"-OCSSessionsFolderURL", db + "sogo_sessions_folder",
			"-OCSEMailAlarmsFolderURL", db + "sogo_alarms_folder",
			"-SOGoMemcachedHost", "127.0.0.1:" + strconv.Itoa(mcPort),
			"-SOGoTimeZone", "UTC",
			"-SOGoAppointmentSendEMailNotifications", "NO",
			"-SOGoEnableEMailAlarms", "NO",
			// Nothing listens there: should SOGo mail anyway, it fails.
			"-SOGoMailingMechanism", "smtp", "-SOGoSMTPServer", "smtp://127.0.0.1:1",
			"-SOGoUserSources", `({type = sql; id = users; canAuthenticate = YES; isAddressBook = NO; ` +
				`viewURL = "` + db + `sogo_users"; userPasswordAlgorithm = plain;})`,
		}
	})
	s.Direct = s.URL
	s.URL = frontProxy(t, s.URL)
	if code, _, b := s.Do(t, "PROPFIND", s.Default, http.Header{"Depth": {"0"}}, nil); code != http.StatusMultiStatus {
		t.Fatalf("testservers: sogo answers PROPFIND %s with %d %s\n%s", s.Default, code, trimLines(b), s.logTail())
	}
	t.Logf("testservers: sogo ready in %v", time.Since(begin).Round(time.Millisecond))
	return s
}

// sogoTools checks that SOGo, memcached and PostgreSQL are installed and
// returns memcached.
func sogoTools(t testing.TB) string {
	t.Helper()
	mc, err := exec.LookPath("memcached")
	if err == nil {
		_, err = os.Stat(sogoBin)
	}
	if err == nil {
		_, err = postgresBin()
	}
	if err != nil {
		unavailable(t, "testservers: SOGo not installed (apt-get install "+sogoPackages+"): "+err.Error())
	}
	return mc
}

// frontProxy starts a reverse proxy on 127.0.0.1 in front of upstream,
// playing the web server SOGo's packaged Apache configuration
// (/usr/share/doc/sogo/apache.conf) sets up, and returns its URL:
// /.well-known/caldav answers 301 to /SOGo/dav, /SOGo... is passed to
// sogod with a new connection for every request ("SetEnv
// proxy-nokeepalive 1"), anything else is 404. sogod (SOPE 4.9) closes a
// kept-alive connection without saying so (no "Connection: close"), so a
// client that reuses one has its next request reset now and then.
func frontProxy(t testing.TB, upstream string) string {
	t.Helper()
	u, err := url.Parse(upstream)
	if err != nil {
		t.Fatalf("testservers: %v", err)
	}
	rp := httputil.NewSingleHostReverseProxy(u)
	rp.Transport = &http.Transport{DisableKeepAlives: true}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch p := r.URL.Path; {
		case p == "/.well-known/caldav" || p == "/.well-known/caldav/":
			http.Redirect(w, r, "/SOGo/dav", http.StatusMovedPermanently)
		case p == "/SOGo" || strings.HasPrefix(p, "/SOGo/"):
			rp.ServeHTTP(w, r)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}
