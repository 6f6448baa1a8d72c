package hostile

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/netsyncd/netsyncd/internal/davserver"
)

// rewriter wraps the in-process server: each answer is passed through edit
// (when set) before it is sent, and refuse (when it returns a status)
// answers instead of the server. Writes to the target other than the
// shared ledger are counted.
type rewriter struct {
	h      http.Handler
	mu     sync.Mutex
	edit   func(r *http.Request, reqBody, body []byte, hdr http.Header) []byte
	refuse func(r *http.Request, reqBody []byte) (int, string)
	writes atomic.Int64
	hits   atomic.Int64 // answers edited or refused
}

func (rw *rewriter) set(edit func(r *http.Request, reqBody, body []byte, hdr http.Header) []byte, refuse func(r *http.Request, reqBody []byte) (int, string)) {
	rw.mu.Lock()
	rw.edit, rw.refuse = edit, refuse
	rw.mu.Unlock()
	rw.writes.Store(0)
	rw.hits.Store(0)
}

func (rw *rewriter) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	r.Body = io.NopCloser(bytes.NewReader(body))
	rw.mu.Lock()
	edit, refuse := rw.edit, rw.refuse
	rw.mu.Unlock()
	if (r.Method == "PUT" || r.Method == "DELETE") && !strings.Contains(r.URL.Path, "netsyncd-ledger") {
		rw.writes.Add(1)
	}
	if refuse != nil {
		if code, msg := refuse(r, body); code != 0 {
			rw.hits.Add(1)
			w.Header().Set("Content-Type", "application/xml; charset=utf-8")
			w.WriteHeader(code)
			io.WriteString(w, msg)
			return
		}
	}
	if edit == nil {
		rw.h.ServeHTTP(w, r)
		return
	}
	rec := httptest.NewRecorder()
	rw.h.ServeHTTP(rec, r)
	hdr := rec.Header().Clone()
	out := edit(r, body, rec.Body.Bytes(), hdr)
	if !bytes.Equal(out, rec.Body.Bytes()) || !equalHeaders(hdr, rec.Header()) {
		rw.hits.Add(1)
	}
	for k, v := range hdr {
		w.Header()[k] = v
	}
	w.Header().Del("Content-Length")
	w.WriteHeader(rec.Code)
	w.Write(out)
}

func equalHeaders(a, b http.Header) bool {
	return fmt.Sprint(a) == fmt.Sprint(b)
}

// targetUIDs counts each UID of the objects in the target calendar
// "netsyncd", and returns their hrefs.
func targetUIDs(t *testing.T, srv *davserver.Server) (map[string]int, []string) {
	t.Helper()
	uids := map[string]int{}
	var hrefs []string
	uidRe := regexp.MustCompile(`(?m)^UID:(.*?)\r?$`)
	for href, data := range srv.Objects(srv.Home() + "netsyncd/") {
		hrefs = append(hrefs, href)
		seen := map[string]bool{}
		for _, m := range uidRe.FindAllSubmatch(data, -1) {
			if u := string(m[1]); !seen[u] {
				seen[u] = true
				uids[u]++
			}
		}
	}
	sort.Strings(hrefs)
	return uids, hrefs
}

// wantNoUIDTwice fails when a UID is in two objects of the target.
func wantNoUIDTwice(t *testing.T, srv *davserver.Server) {
	t.Helper()
	uids, hrefs := targetUIDs(t, srv)
	for u, n := range uids {
		if n > 1 {
			t.Errorf("UID %s is in %d objects of the target: %v", u, n, hrefs)
		}
	}
}

var hrefRe = regexp.MustCompile(`<d:href>([^<]*)</d:href>`)

// editHrefs rewrites every href of an answer under the target calendar.
func editHrefs(enc func(dir, name string) string) func(r *http.Request, _, body []byte, _ http.Header) []byte {
	return func(r *http.Request, _, body []byte, _ http.Header) []byte {
		return hrefRe.ReplaceAllFunc(body, func(m []byte) []byte {
			h := string(hrefRe.FindSubmatch(m)[1])
			i := strings.Index(h, "/netsyncd/")
			if i < 0 || strings.HasSuffix(h, "/netsyncd/") {
				return m
			}
			dir, name := h[:i+len("/netsyncd/")], h[i+len("/netsyncd/"):]
			return []byte("<d:href>" + enc(dir, name) + "</d:href>")
		})
	}
}

// pctEncode writes every byte of s that is in set as %XX, in upper or
// lower hex.
func pctEncode(s, set string, lower bool) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if strings.IndexByte(set, s[i]) >= 0 {
			f := "%%%02X"
			if lower {
				f = "%%%02x"
			}
			fmt.Fprintf(&b, f, s[i])
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// threePasses runs an honest first pass, then the case's server for a
// second pass (which must write nothing) and a third after the coffee
// moved (which must update, never double nor delete a foreign object).
func threePasses(t *testing.T, srv *davserver.Server, rw *rewriter, cfg string, edit func(r *http.Request, reqBody, body []byte, hdr http.Header) []byte, refuse func(r *http.Request, reqBody []byte) (int, string)) {
	t.Helper()
	foreign := srv.Home() + "netsyncd/meeting@jane é.ics"
	if code, s, log := onceAt(t, now, cfg); code != 0 || s.Created == 0 {
		t.Fatalf("first pass = %d, %+v\n%s", code, s, tail(log))
	}
	if err := srv.PutObject(foreign, []byte(calendar(vevent("users-own", "20261203T180000Z")))); err != nil {
		t.Fatal(err)
	}
	_, before := targetUIDs(t, srv)
	rw.set(edit, refuse)
	code, s, log := onceAt(t, now.Add(time.Hour), cfg)
	if code != 0 || len(s.Changes) != 0 || rw.writes.Load() != 0 {
		t.Errorf("second pass = %d, %d changes, %d writes; want none\n%+v\n%s", code, len(s.Changes), rw.writes.Load(), s, tail(log))
	}
	if rw.hits.Load() == 0 {
		t.Errorf("the second pass met no edited or refused answer: the case tried nothing")
	}
	if _, after := targetUIDs(t, srv); strings.Join(after, " ") != strings.Join(before, " ") {
		t.Errorf("the target was %v, is %v after the second pass", before, after)
	}
	movedCoffee(srv, t)
	code, s, log = onceAt(t, now.Add(2*time.Hour), cfg)
	if code != 0 || len(s.Changes) == 0 {
		t.Errorf("third pass (the coffee moved) = %d, %+v; want its entries changed\n%s", code, s, tail(log))
	}
	wantNoUIDTwice(t, srv)
	if srv.Objects(srv.Home() + "netsyncd/")[foreign] == nil {
		t.Errorf("the user's own object %s in the target was deleted", foreign)
	}
	if code, s, log = onceAt(t, now.Add(3*time.Hour), cfg); code != 0 || len(s.Changes) != 0 {
		t.Errorf("fourth pass = %d, %+v; want idle\n%s", code, s, tail(log))
	}
	wantNoUIDTwice(t, srv)
}

// Hrefs of netsyncd's own entries answered percent-encoded otherwise than
// they were PUT: it still knows them as its own.
func TestTargetHrefsEncodedOtherwise(t *testing.T) {
	for _, tc := range []struct {
		name string
		enc  func(dir, name string) string
	}{
		{"hyphens %2D", func(d, n string) string { return d + pctEncode(n, "-", false) }},
		{"letters %6e lower hex", func(d, n string) string { return d + pctEncode(n, "netsyd", true) }},
		{"every byte upper hex", func(d, n string) string { return d + pctEncode(n, n, false) }},
		{"the slash %2F", func(d, n string) string { return strings.TrimSuffix(d, "/") + "%2F" + n }},
		{"the at sign raw, spaces %20, e-acute NFD", func(d, n string) string {
			n = strings.ReplaceAll(strings.ReplaceAll(strings.ReplaceAll(n, "%40", "@"), "%C3%A9", "e%CC%81"), "%c3%a9", "e%cc%81")
			return d + n
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			Case(t, passBounds, "once: the target's hrefs answered "+tc.name, func(t *testing.T) {
				srv, _ := davServer(t, calendar(vevent("coffee", "20261202T150000Z")))
				rw := &rewriter{h: srv.Handler()}
				cfg := passConfig(t, servedBy(t, rw), "")
				threePasses(t, srv, rw, cfg, editHrefs(tc.enc), refuseSync(403))
			})
		})
	}
}

var emptyToken = regexp.MustCompile(`<[A-Za-z]*:?sync-token\s*/>|<([A-Za-z]*:?)sync-token>\s*</`)

// refuseSync answers every sync-collection REPORT that sends a token with
// code and DAV:valid-sync-token, so the calendar is read whole.
func refuseSync(code int) func(r *http.Request, body []byte) (int, string) {
	return func(r *http.Request, body []byte) (int, string) {
		if r.Method == "REPORT" && bytes.Contains(body, []byte("sync-collection")) && !emptyToken.Match(body) {
			return code, `<?xml version="1.0"?><d:error xmlns:d="DAV:"><d:valid-sync-token/></d:error>`
		}
		return 0, ""
	}
}

// A sync token refused after a good pass (RFC 6578 section 3.2): the
// calendar is read whole, nothing is written twice.
func TestSyncTokenRefused(t *testing.T) {
	for _, code := range []int{403, 409} {
		t.Run(fmt.Sprint(code), func(t *testing.T) {
			Case(t, passBounds, fmt.Sprintf("once: every sync token answered %d valid-sync-token after a good pass", code), func(t *testing.T) {
				srv, _ := davServer(t, calendar(vevent("coffee", "20261202T150000Z")))
				rw := &rewriter{h: srv.Handler()}
				cfg := passConfig(t, servedBy(t, rw), "")
				threePasses(t, srv, rw, cfg, nil, refuseSync(code))
			})
		})
	}
}

// The same href twice in one multistatus, with other ETags and bodies.
func TestSameHrefTwice(t *testing.T) {
	resp := regexp.MustCompile(`(?s)<d:response>.*?</d:response>`)
	twice := func(r *http.Request, _, body []byte, _ http.Header) []byte {
		if r.Method != "REPORT" && r.Method != "PROPFIND" {
			return body
		}
		return resp.ReplaceAllFunc(body, func(m []byte) []byte {
			if !bytes.Contains(m, []byte(".ics<")) {
				return m
			}
			other := bytes.Replace(m, []byte("</d:getetag>"), []byte("</d:getetag>"), 1)
			other = regexp.MustCompile(`<d:getetag>"?([^<"]*)"?</d:getetag>`).ReplaceAll(other, []byte(`<d:getetag>"other-$1"</d:getetag>`))
			other = bytes.ReplaceAll(other, []byte("SUMMARY:"), []byte("SUMMARY:Other "))
			return append(append(append([]byte{}, m...), other...), m...)
		})
	}
	Case(t, passBounds, "once: each object's response given twice with another ETag and body", func(t *testing.T) {
		srv, _ := davServer(t, calendar(vevent("coffee", "20261202T150000Z")))
		rw := &rewriter{h: srv.Handler()}
		cfg := passConfig(t, servedBy(t, rw), "")
		threePasses(t, srv, rw, cfg, twice, refuseSync(403))
	})
}
