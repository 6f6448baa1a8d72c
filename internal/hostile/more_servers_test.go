package hostile

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// A server that lists the entries of the target calendar under hrefs with
// a ".." segment (/home/networking/../work/x.ics): they look like members
// of the target, but a server that normalises the path finds them in the
// user's Work calendar. Before, the next pass sent
// DELETE /home/networking/../work/netsyncd-....ics for an entry no longer
// planned, which such a server applies to an object of Work. Now those
// hrefs are skipped and named, and every write stays inside the target.
func TestServerHrefsWithDotSegments(t *testing.T) {
	Case(t, passBounds, "once: the target's entries answered under /home/networking/../work/", func(t *testing.T) {
		var mu sync.Mutex
		made := map[string]string{} // path -> body of each PUT
		var writes []string
		phase := 1
		inner := &liar{report: func(w http.ResponseWriter) {
			if phase == 1 {
				ms(w, goodObject)
			} else { // the good coffee is gone, another came
				ms(w, object("/home/work/other.ics", 40, ""))
			}
		}}
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			defer mu.Unlock()
			switch {
			case r.Method == "PUT":
				b, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
				made[r.URL.Path] = string(b)
				writes = append(writes, "PUT "+r.RequestURI)
				w.Header().Set("ETag", `"1"`)
				w.WriteHeader(http.StatusCreated)
			case r.Method == "DELETE":
				writes = append(writes, "DELETE "+r.RequestURI)
				w.WriteHeader(http.StatusNoContent)
			case r.Method == "REPORT" && strings.HasPrefix(r.URL.Path, "/home/networking/") && phase == 2:
				io.Copy(io.Discard, io.LimitReader(r.Body, 1<<20))
				var b strings.Builder
				for p, body := range made {
					b.WriteString(`<d:response><d:href>` + strings.Replace(p, "/home/networking/", "/home/networking/../work/", 1) +
						`</d:href><d:propstat><d:prop><d:getetag>"1"</d:getetag><c:calendar-data>`)
					xmlEscape(&b, body)
					b.WriteString(`</c:calendar-data></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>`)
				}
				ms(w, b.String())
			default:
				inner.ServeHTTP(w, r)
			}
		}))
		defer srv.Close()
		dir := t.TempDir()
		cfg := filepath.Join(dir, "config.yaml")
		if err := os.WriteFile(cfg, []byte(fmt.Sprintf("timezone: America/New_York\nwindow: {past: 0d, future: 13d}\ncaldav:\n  url: %s/\n  username: jane\n  password_env: PW\n"+
			"  sources: [Work]\nme:\n  emails: [jane@home.example]\nstate_dir: %s\n", srv.URL, filepath.Join(dir, "state"))), 0o600); err != nil {
			t.Fatal(err)
		}
		var log string
		for _, p := range []int{1, 2} {
			mu.Lock()
			phase = p
			mu.Unlock()
			// a fresh state dir each pass, as a second instance would have:
			// what the target holds is all it knows
			if err := os.RemoveAll(filepath.Join(dir, "state")); err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			code, out, errOut := netsyncd(t, ctx, map[string]string{"PW": "x"}, "once", "--json", "--config", cfg, "--log-level", "warn")
			cancel()
			var sum map[string]any
			if err := json.Unmarshal([]byte(out), &sum); err != nil || code != 0 {
				t.Fatalf("pass %d: exit %d (%v), errors %s\n%s", p, code, err, errorsOf(sum), tail(errOut))
			}
			log = errOut
		}
		mu.Lock()
		defer mu.Unlock()
		for _, w := range writes {
			if strings.Contains(w, "..") || !strings.Contains(w, " /home/networking/") {
				t.Errorf("%s: a write outside the target calendar", w)
			}
		}
		if !strings.Contains(log, "/home/networking/../work/") || !strings.Contains(log, "outside the collection") {
			t.Errorf("the log does not name the hrefs with a \"..\" segment:\n%s", tail(log))
		}
	})
}

// An answer of 30,000 members the server says are gone (404), or that
// have no calendar-data, beside one good coffee: the coffee is read, and
// the skipped members are logged 20 by name and then counted (before: one
// warning each; 100,000 of them made 48 MB of log a pass).
func TestServerAnswerOfManySkippedMembers(t *testing.T) {
	for _, c := range []struct{ name, member string }{
		{"404", `<d:response><d:href>/home/work/gone-%d.ics</d:href><d:status>HTTP/1.1 404 Not Found</d:status></d:response>`},
		{"no calendar-data", `<d:response><d:href>/home/work/bare-%d.ics</d:href><d:propstat><d:prop><d:getetag>"b%[1]d"</d:getetag></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>`},
	} {
		n := 30_000 / raceFactor // under -race, 3,750: the race detector makes it 10 times slower
		t.Run(c.name, func(t *testing.T) {
			Case(t, passBounds, fmt.Sprintf("once: a REPORT of %d members that are skipped (%s) and one coffee", n, c.name), func(t *testing.T) {
				l := &liar{report: func(w http.ResponseWriter) {
					w.Header().Set("Content-Type", "application/xml")
					w.WriteHeader(http.StatusMultiStatus)
					io.WriteString(w, msOpen+goodObject)
					for i := range n {
						fmt.Fprintf(w, c.member, i)
					}
					io.WriteString(w, `</d:multistatus>`)
				}}
				code, sum, errOut := onceAgainst(t, l)
				if created, _ := sum["created"].(float64); code != 0 || created < 1 {
					t.Errorf("once = exit %d, created %v, errors %s; want the good coffee's entries", code, sum["created"], errorsOf(sum))
				}
				if want := fmt.Sprintf(`"skipped":%d`, n); len(errOut) > 64<<10 || !strings.Contains(errOut, want) {
					t.Errorf("the log holds %d bytes; want 20 members named and the rest counted (%s):\n%s", len(errOut), want, tail(errOut))
				}
			})
		})
	}
}

// 3,000 objects each with a DTSTART that is no date, beside a good coffee:
// each is skipped, the first 100 are named in the log and the rest
// counted (before: one warning each, every pass; 5,000 made 1 MB of log).
func TestServerCalendarOfBrokenObjects(t *testing.T) {
	Case(t, passBounds, "once: a calendar of 3,000 objects with a broken DTSTART and one coffee", func(t *testing.T) {
		l := &liar{report: func(w http.ResponseWriter) {
			w.Header().Set("Content-Type", "application/xml")
			w.WriteHeader(http.StatusMultiStatus)
			io.WriteString(w, msOpen+goodObject)
			for i := range 3_000 {
				io.WriteString(w, strings.Replace(object(fmt.Sprintf("/home/work/broken-%d.ics", i), i+2, ""), "DTSTART:2026", "DTSTART:2026133", 1))
			}
			io.WriteString(w, `</d:multistatus>`)
		}}
		code, sum, errOut := onceAgainst(t, l)
		if created, _ := sum["created"].(float64); code != 0 || created < 1 {
			t.Errorf("once = exit %d, created %v, errors %s; want the good coffee's entries", code, sum["created"], errorsOf(sum))
		}
		if n := strings.Count(errOut, "\n"); n > 150 || !strings.Contains(errOut, `"more":2900`) || !strings.Contains(errOut, "broken-0.ics") {
			t.Errorf("the log has %d lines; want 100 problems named (broken-0.ics first) and the rest counted (\"more\":2900):\n%s", n, tail(errOut))
		}
	})
}
