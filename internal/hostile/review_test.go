package hostile

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Cases found by a hostile review of the issue 12 fixes, beyond the
// issue's list.

// A VEVENT that lost its END:VEVENT line (a client cut off mid-write)
// used to swallow the next VEVENT as a child, so the good coffee after it
// vanished without a word. Now the next VEVENT closes the open one, both
// are read, and the log says a component had no END line.
func TestUnclosedEventBeforeAnother(t *testing.T) {
	Case(t, fileBounds, "explain --ics: VEVENT without END:VEVENT before another", func(t *testing.T) {
		open := "BEGIN:VEVENT\r\nUID:unclosed-coffee\r\nDTSTAMP:20261101T000000Z\r\nDTSTART:20261201T150000Z\r\nDURATION:PT1H\r\nSUMMARY:Coffee w/ Sam Ortiz\r\n"
		code, out, errOut := explainICS(t, open)
		if code != 0 {
			t.Fatalf("explain exited %d: %s", code, tail(errOut))
		}
		wantGood(t, out)
		if n := countUID(decodeExplain(t, out), "unclosed-coffee"); n != 1 {
			t.Errorf("explain lists the unclosed coffee %d times; want 1", n)
		}
		if !strings.Contains(errOut, "hostile.ics") || !strings.Contains(errOut, "no END line") {
			t.Errorf("the log does not name the file and say a component had no END line:\n%s", tail(errOut))
		}
	})
}

// A calendar of 3,000 single coffees (an import) is over
// budgets.entries_per_pass: the pass used to log one "capped by a budget"
// line (and make one finding) per event left out, 2,000 lines every pass.
// Now what a budget of the whole pass leaves out is one finding and one
// line, counting the events.
func TestPassBudgetIsOneLine(t *testing.T) {
	Case(t, fileBounds, "explain --ics: 3,000 single coffees over budgets.entries_per_pass", func(t *testing.T) {
		var parts []string
		for i := range 3000 {
			parts = append(parts, vevent(fmt.Sprintf("import-%04d", i), fmt.Sprintf("202612%02dT%02d%02d00Z", 1+i%12, 8+i/60%10, i%60)))
		}
		code, out, errOut := explainICS(t, parts...)
		if code != 0 {
			t.Fatalf("explain exited %d: %s", code, tail(errOut))
		}
		wantGood(t, out)
		if n := strings.Count(errOut, "capped by a budget"); n > 3 {
			t.Errorf("%d \"capped by a budget\" log lines for one pass; want at most 3 (one per budget)", n)
		}
		if !strings.Contains(errOut, "budgets.entries_per_pass") || !strings.Contains(errOut, "events from") {
			t.Errorf("the log does not say how many events budgets.entries_per_pass left out:\n%s", tail(errOut))
		}
		if n := findings(decodeExplain(t, out), "budget_exceeded"); n > 3 {
			t.Errorf("%d budget_exceeded findings; want one per budget hit", n)
		}
	})
}

// A config path that names a device, a FIFO or a huge file: on main
// `check-config --config /dev/zero` read until it ran out of memory (2.8 GB,
// "fatal error: out of memory"), a FIFO waited forever for a writer, and a
// 50 MB comment cost 350 MB. Now only a regular file of at most 4 MB is
// read, and the message names the path and says what to pass.
func TestConfigFileThatIsNot(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "config.fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	big := filepath.Join(dir, "big.yaml")
	if err := os.WriteFile(big, []byte("timezone: UTC\n# "+strings.Repeat("x", 50<<20)+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ name, path, want string }{
		{"device", "/dev/zero", "/dev/zero is a device"},
		{"FIFO", fifo, "config.fifo is a FIFO"},
		{"50 MB", big, "big.yaml holds 52428817 bytes"},
	} {
		t.Run(c.name, func(t *testing.T) {
			Case(t, Bounds{Time: 20 * time.Second, RSS: 150 << 20}, "check-config --config: a "+c.name, func(t *testing.T) {
				code, _, errOut := netsyncd(t, context.Background(), nil, "check-config", "--config", c.path)
				if code != 2 || !strings.Contains(errOut, c.want) || !strings.Contains(errOut, "regular file") {
					t.Errorf("check-config = %d, %s\nwant exit 2 and %q, and what to pass", code, tail(errOut), c.want)
				}
			})
		})
	}
}

// A server that answers discovery's PROPFIND with a gzip bomb (256 MiB of
// one display name in 256 KiB, Content-Encoding: gzip, which Go's client
// inflates): go-webdav decoded it whole, so a 4 GiB bomb took `once` to
// 2.5 GB. Discovery's answers are now capped at 1 MiB and the error names
// the URL. A body that trickles until the timeout is called a timeout, not
// "404 Not Found (no current-user-principal)" as on main.
func TestDiscoveryGzipBomb(t *testing.T) {
	Case(t, Bounds{Time: 60 * time.Second, RSS: 150 << 20}, "once: PROPFIND answered with a 256 MiB gzip bomb", func(t *testing.T) {
		var bomb bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&bomb, gzip.BestSpeed)
		zw.Write([]byte(`<?xml version="1.0"?><d:multistatus xmlns:d="DAV:"><d:response><d:href>/</d:href><d:propstat><d:prop><d:displayname>`))
		chunk := bytes.Repeat([]byte("A"), 1<<20)
		for range 256 {
			zw.Write(chunk)
		}
		zw.Close()
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Encoding", "gzip")
			w.Header().Set("Content-Type", "application/xml")
			w.WriteHeader(http.StatusMultiStatus)
			w.Write(bomb.Bytes())
		}))
		defer srv.Close()
		dir := t.TempDir()
		cfg := writeFile(t, "config.yaml", "caldav:\n  url: "+srv.URL+"/\n  username: jane\n  password_env: P\n  sources: [Personal]\n  target: Networking\nstate_dir: "+dir+"\n")
		code, _, errOut := netsyncd(t, context.Background(), map[string]string{"P": "secret"}, "once", "--config", cfg)
		if code != 1 || !strings.Contains(errOut, srv.URL) || !strings.Contains(errOut, "larger than 1024 KiB") {
			t.Errorf("once = %d, %s\nwant exit 1 and the URL with the answer's cap", code, tail(errOut))
		}
	})
}

// A YEARLY rule with every BYMONTH, BYMONTHDAY, BYHOUR, BYMINUTE and
// BYSECOND value made the recurrence library build 31 million instants
// for one year before any budget counted an occurrence: 1.4 s and 254 MB
// for one object, more with every copy. Such a rule is now refused before
// it is expanded, the series is named, and the rest of the file is read.
func TestRuleWithEverySecondOfTheYear(t *testing.T) {
	Case(t, Bounds{Time: 30 * time.Second, RSS: 64 << 20}, "explain --ics: FREQ=YEARLY with every BYxxx value, 5 copies", func(t *testing.T) {
		data, err := os.ReadFile("testdata/review/yearly-every-second.ics")
		if err != nil {
			t.Fatal(err)
		}
		s := string(data)
		begin, end := strings.Index(s, "BEGIN:VEVENT"), strings.Index(s, "END:VEVENT")+len("END:VEVENT\r\n")
		rule := s[begin:end]
		var copies []string
		for i := range 5 {
			copies = append(copies, strings.Replace(rule, "UID:bysecy", fmt.Sprintf("UID:bysecy-%d", i), 1))
		}
		code, out, errOut := explainICS(t, copies...)
		if code != 0 {
			t.Fatalf("explain exited %d: %s", code, tail(errOut))
		}
		wantGood(t, out)
		if !strings.Contains(errOut, "bysecy-0") || !strings.Contains(errOut, "instants in each period") {
			t.Errorf("the log does not name the series and say its rule makes too many instants:\n%s", tail(errOut))
		}
	})
}
