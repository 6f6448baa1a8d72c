package hostile

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// onceAgainstWith runs `netsyncd once --json` against l, with extra YAML
// in the caldav section, and returns its exit code, its JSON and its
// stderr.
func onceAgainstWith(t *testing.T, l *liar, caldavExtra string) (int, map[string]any, string) {
	t.Helper()
	srv := httptest.NewServer(l)
	defer srv.Close()
	dir := t.TempDir()
	cfg := fmt.Sprintf("timezone: America/New_York\nwindow: {past: 0d, future: 13d}\ncaldav:\n  url: %s/\n  username: jane\n  password_env: PW\n"+
		"  sources: [Work]\n%sme:\n  emails: [jane@home.example]\nstate_dir: %s\n", srv.URL, caldavExtra, filepath.Join(dir, "state"))
	path := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(path, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	code, out, errOut := netsyncd(t, ctx, map[string]string{"PW": "x"}, "once", "--json", "--config", path, "--log-level", "warn")
	var sum map[string]any
	if err := json.Unmarshal([]byte(out), &sum); err != nil {
		t.Fatalf("once --json printed no JSON (%v), exit %d:\n%.2000s\nstderr:\n%.2000s", err, code, out, errOut)
	}
	return code, sum, errOut
}

// Servers that lie in ways the listed cases did not try: a body that
// stalls after its first bytes, one that trickles a byte a second, and
// responses for objects of other collections. Each ends within the request
// timeout (2 s here) with the URL named, or skips and names what it must.
func TestServersThatStallOrStray(t *testing.T) {
	t.Run("stalled body", func(t *testing.T) {
		Case(t, passBounds, "once: a REPORT body that stops after its first bytes and never ends", func(t *testing.T) {
			l := &liar{stall: func(w http.ResponseWriter, r *http.Request) {
				w.WriteHeader(http.StatusMultiStatus)
				io.WriteString(w, msOpen+goodObject[:200])
				w.(http.Flusher).Flush()
				select {
				case <-r.Context().Done(): // the client gave up
				case <-time.After(time.Minute):
				}
			}}
			began := time.Now()
			code, sum, errOut := onceAgainstWith(t, l, "  timeout: 2s\n")
			errs := errorsOf(sum)
			if code != 1 || !strings.Contains(errs, "/home/work/") || !strings.Contains(errs, "Timeout") {
				t.Errorf("once = exit %d, errors %s; want exit 1 naming the URL and the timeout\n%s", code, errs, tail(errOut))
			}
			if d := time.Since(began); d > 20*time.Second {
				t.Errorf("the pass took %v; want about the 2 s timeout (and its retries)", d)
			}
		})
	})
	t.Run("trickling body", func(t *testing.T) {
		Case(t, passBounds, "once: a REPORT body that sends one byte a second", func(t *testing.T) {
			l := &liar{stall: func(w http.ResponseWriter, r *http.Request) {
				w.WriteHeader(http.StatusMultiStatus)
				body := msOpen + goodObject + `</d:multistatus>`
				for i := range len(body) {
					if _, err := io.WriteString(w, body[i:i+1]); err != nil {
						return
					}
					w.(http.Flusher).Flush()
					select {
					case <-r.Context().Done():
						return
					case <-time.After(time.Second):
					}
				}
			}}
			began := time.Now()
			code, sum, errOut := onceAgainstWith(t, l, "  timeout: 2s\n")
			if errs := errorsOf(sum); code != 1 || !strings.Contains(errs, "/home/work/") {
				t.Errorf("once = exit %d, errors %s; want exit 1 naming the URL\n%s", code, errs, tail(errOut))
			}
			if d := time.Since(began); d > 20*time.Second {
				t.Errorf("the pass took %v; want the request timeout to hold for the whole body", d)
			}
		})
	})
	t.Run("hrefs of other collections", func(t *testing.T) {
		Case(t, passBounds, "once: a REPORT that answers objects of the target and of another user", func(t *testing.T) {
			l := &liar{report: func(w http.ResponseWriter) {
				ms(w, goodObject+object("/home/networking/stray.ics", 2, "")+object("/other-user/cal/x.ics", 3, "")+object("/home/work-archive/y.ics", 4, ""))
			}}
			code, sum, errOut := onceAgainstWith(t, l, "")
			if code != 0 {
				t.Fatalf("once = exit %d, errors %s\n%s", code, errorsOf(sum), tail(errOut))
			}
			for _, href := range []string{"/home/networking/stray.ics", "/other-user/cal/x.ics", "/home/work-archive/y.ics"} {
				if !strings.Contains(errOut, href) || !strings.Contains(errOut, "not in that calendar") {
					t.Errorf("the log does not name %s as not in the calendar:\n%s", href, tail(errOut))
				}
			}
			// What the good coffee alone makes (its follow-up, the plan's
			// week and slot entries) is all the pass may create.
			alone := &liar{report: func(w http.ResponseWriter) { ms(w, goodObject) }}
			_, want, _ := onceAgainstWith(t, alone, "")
			if got, wanted := createdKinds(sum), createdKinds(want); got != wanted || got == "" {
				t.Errorf("created %s; want what the good coffee alone makes, %s (not the strays')", got, wanted)
			}
		})
	})
}

// A server that changes every ETag (and the ctag) on every answer, the
// data the same (a proxy that re-encodes, a server that stamps a time):
// the second pass reads again but writes nothing.
func TestETagsThatChangeAlone(t *testing.T) {
	Case(t, passBounds, "once: every ETag and the ctag new on each pass, the data the same", func(t *testing.T) {
		srv, _ := davServer(t, calendar(vevent("coffee", "20261202T150000Z")), calendar(vevent("coffee-2", "20261204T150000Z")))
		var pass atomic.Int64
		etag := regexp.MustCompile(`<d:getetag>[^<]*</d:getetag>`)
		ctag := regexp.MustCompile(`<cs:getctag>[^<]*</cs:getctag>|<d:sync-token>[^<]*</d:sync-token>`)
		var writes atomic.Int64
		h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == "PUT" || r.Method == "DELETE" {
				if !strings.Contains(r.URL.Path, "netsyncd-ledger") {
					writes.Add(1)
				}
				srv.Handler().ServeHTTP(w, r)
				return
			}
			if r.Method == "REPORT" && strings.Contains(r.URL.Path, "/personal/") {
				body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
				if bytes.Contains(body, []byte("sync-collection")) {
					w.WriteHeader(http.StatusForbidden) // no sync: the ETags are compared
					return
				}
				r.Body = io.NopCloser(bytes.NewReader(body))
			}
			rec := httptest.NewRecorder()
			srv.Handler().ServeHTTP(rec, r)
			n := pass.Load()
			out := etag.ReplaceAllFunc(rec.Body.Bytes(), func(m []byte) []byte {
				return []byte(fmt.Sprintf(`<d:getetag>"pass-%d-%x"</d:getetag>`, n, m))
			})
			if strings.Contains(r.URL.Path, "/personal") || r.Method == "PROPFIND" {
				out = ctag.ReplaceAllFunc(out, func(m []byte) []byte {
					return append(append([]byte{}, m[:bytes.IndexByte(m, '>')+1]...), []byte(fmt.Sprintf("p%d-%x</%s", n, m, m[bytes.LastIndex(m, []byte("</"))+2:]))...)
				})
			}
			for k, v := range rec.Header() {
				w.Header()[k] = v
			}
			w.Header().Del("Content-Length")
			w.WriteHeader(rec.Code)
			w.Write(out)
		})
		cfg := passConfig(t, servedBy(t, h), "")
		if code, s, log := onceAt(t, now, cfg); code != 0 || s.Created == 0 {
			t.Fatalf("first pass = %d, %+v\n%s", code, s, tail(log))
		}
		pass.Store(1)
		writes.Store(0)
		code, s, log := onceAt(t, now.Add(time.Hour), cfg)
		if code != 0 || len(s.Changes) != 0 || writes.Load() != 0 {
			t.Errorf("second pass = %d, %d changes, %d writes; want none\n%+v\n%s", code, len(s.Changes), writes.Load(), s, tail(log))
		}
	})
}

// createdKinds lists the kinds of the entries a pass's JSON summary says
// it created, in order: "followup week slot ...".
func createdKinds(sum map[string]any) string {
	var kinds []string
	changes, _ := sum["changes"].([]any)
	for _, c := range changes {
		if m, _ := c.(map[string]any); m["action"] == "create" {
			kinds = append(kinds, fmt.Sprint(m["kind"]))
		}
	}
	return strings.Join(kinds, " ")
}
