package testservers

import (
	"bufio"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Where Debian's cyrus-imapd and sasl2-bin packages put Cyrus IMAP.
const (
	cyrusMaster   = "/usr/lib/cyrus/bin/master"
	cyrusHTTPD    = "/usr/lib/cyrus/bin/httpd"
	cyrusPackages = "cyrus-imapd cyrus-caldav sasl2-bin"
)

// Cyrus starts Cyrus IMAP's master with two services on 127.0.0.1: imapd
// and httpd with the CalDAV module, the engine Fastmail runs. The user is
// alice:secret, checked by SASL against an sasldb in the server's
// directory (a wrong password gets 401). The principal is
// /dav/principals/user/alice/, the calendar home /dav/calendars/user/alice/,
// and Cyrus makes the calendar Default/ in it (display name "personal").
//
// Implicit scheduling is off (caldav_allowscheduling: off): an object with
// attendees is stored, and no iTIP message is sent or queued.
//
// Cyrus refuses to run as root: as root (CI), master runs as the cyrus
// system user, in a directory under /tmp that user owns. Its logs go to
// syslog only; the log file holds what master prints before that.
func Cyrus(t testing.TB) *Server {
	t.Helper()
	return startCyrus(t, false)
}

// CyrusScheduling starts Cyrus as Fastmail runs it, with implicit
// scheduling on (caldav_allowscheduling: on): storing an object with an
// ORGANIZER and attendees makes Cyrus send each attendee an iTIP message by
// mail (iMIP, RFC 6047). The mail goes to an SMTP sink in the test that
// keeps every message; SentMail returns them.
func CyrusScheduling(t testing.TB) *Server {
	t.Helper()
	return startCyrus(t, true)
}

// SentMail returns every message the server sent so far, oldest first,
// each as its envelope (MAIL and RCPT lines), a blank line and the message.
// Only Cyrus sends mail; for another server it fails the test.
func (s *Server) SentMail(t testing.TB) []string {
	t.Helper()
	if s.mail == nil {
		t.Fatalf("testservers: %s does not send mail", s.Name)
	}
	return s.mail.messages()
}

func startCyrus(t testing.TB, scheduling bool) *Server {
	t.Helper()
	begin := time.Now()
	saslpasswd := cyrusTools(t)
	s := newServer(t, "cyrus")
	s.Username, s.Password = "alice", "secret"
	s.Home, s.Default = "/dav/calendars/user/alice/", "/dav/calendars/user/alice/Default/"

	owner, cred := serviceUser(t, "cyrus")
	dir := serviceDir(t, "netsyncd-cyrus-", cred, "conf", "conf/socket", "spool")
	sasldb := filepath.Join(dir, "sasldb2")
	cmd := exec.Command(saslpasswd, "-p", "-c", "-f", sasldb, "-u", "localhost", s.Username)
	cmd.Stdin = strings.NewReader(s.Password)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("testservers: saslpasswd2: %v\n%s", err, out)
	}
	imapdConf := filepath.Join(dir, "imapd.conf")
	conf := "configdirectory: " + filepath.Join(dir, "conf") + "\n" +
		"partition-default: " + filepath.Join(dir, "spool") + "\n" +
		"defaultpartition: default\n" +
		"cyrus_user: " + owner.Username + "\n" +
		"servername: localhost\n" +
		"sasl_pwcheck_method: auxprop\n" +
		"sasl_auxprop_plugin: sasldb\n" +
		"sasl_sasldb_path: " + sasldb + "\n" +
		"sasl_mech_list: PLAIN LOGIN\n" +
		"allowplaintext: yes\n" +
		"httpmodules: caldav\n" +
		"autocreate_quota: 0\n" +
		"syslog_prefix: netsyncd-test-cyrus\n"
	// Every Cyrus sends its mail to a sink of the test's, never to the
	// system's MTA (Debian's default backend pipes to /usr/sbin/sendmail).
	s.mail = newMailSink(t)
	conf += "smtp_backend: host\nsmtp_host: " + s.mail.addr + "/noauth\n"
	if scheduling {
		conf += "caldav_allowscheduling: on\n"
	} else {
		conf += "caldav_allowscheduling: off\n"
	}
	if err := os.WriteFile(imapdConf, []byte(conf), 0o600); err != nil {
		t.Fatalf("testservers: %v", err)
	}
	chownAll(t, dir, cred)
	s.wd, s.cred = dir, cred
	imapPort := 0
	cyrusConf := filepath.Join(dir, "cyrus.conf")
	s.start(t, cyrusMaster, func(port int) []string {
		imapPort = freePort(t)
		// master's -C is not passed on: every command names the config.
		services := fmt.Sprintf("START {\n  recover cmd=\"ctl_cyrusdb -C %[1]s -r\"\n}\n"+
			"SERVICES {\n  imap cmd=\"imapd -C %[1]s\" listen=\"127.0.0.1:%[2]d\"\n"+
			"  http cmd=\"httpd -C %[1]s\" listen=\"127.0.0.1:%[3]d\"\n}\n", imapdConf, imapPort, port)
		if err := os.WriteFile(cyrusConf, []byte(services), 0o644); err != nil {
			t.Fatalf("testservers: %v", err)
		}
		return []string{"-C", imapdConf, "-M", cyrusConf, "-p", filepath.Join(dir, "master.pid"), "-D"}
	})
	// httpd makes the calendar home on the first CalDAV request only when
	// the user's IMAP INBOX exists (else 500); an IMAP login creates it.
	imapLogin(t, imapPort, s.Username, s.Password)
	if code, _, b := s.Do(t, "PROPFIND", s.Default, http.Header{"Depth": {"0"}}, nil); code != http.StatusMultiStatus {
		t.Fatalf("testservers: cyrus answers PROPFIND %s with %d %s\n%s", s.Default, code, trimLines(b), s.logTail())
	}
	t.Logf("testservers: cyrus ready in %v", time.Since(begin).Round(time.Millisecond))
	return s
}

// cyrusTools checks that Cyrus with its CalDAV module and saslpasswd2 are
// installed and returns saslpasswd2.
func cyrusTools(t testing.TB) string {
	t.Helper()
	p, err := exec.LookPath("saslpasswd2")
	if err != nil {
		p, err = "/usr/sbin/saslpasswd2", nil
	}
	for _, f := range []string{cyrusMaster, cyrusHTTPD, p} {
		if err == nil {
			_, err = os.Stat(f)
		}
	}
	if err != nil {
		unavailable(t, "testservers: Cyrus IMAP not installed (apt-get install "+cyrusPackages+"): "+err.Error())
	}
	return p
}

// imapLogin logs in over IMAP once and logs out (RFC 9051 LOGIN), which
// makes Cyrus create the user's INBOX (autocreate_quota).
func imapLogin(t testing.TB, port int, username, password string) {
	t.Helper()
	conn, err := net.DialTimeout("tcp", "127.0.0.1:"+strconv.Itoa(port), 5*time.Second)
	if err != nil {
		t.Fatalf("testservers: cyrus imap: %v", err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(20 * time.Second))
	r := bufio.NewReader(conn)
	expect := func(tag string) {
		t.Helper()
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				t.Fatalf("testservers: cyrus imap: %v", err)
			}
			if tag == "*" || strings.HasPrefix(line, tag+" ") {
				if !strings.HasPrefix(line, tag+" OK") {
					t.Fatalf("testservers: cyrus imap answered %q", strings.TrimSpace(line))
				}
				return
			}
		}
	}
	expect("*")
	fmt.Fprintf(conn, "a LOGIN %s %s\r\n", imapQuote(username), imapQuote(password))
	expect("a")
	fmt.Fprintf(conn, "b LOGOUT\r\n")
	expect("b")
}

func imapQuote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}
