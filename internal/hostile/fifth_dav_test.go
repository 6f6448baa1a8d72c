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
	Case(t, passBounds, "once: each object's response given three times, the middle one with another ETag and body", func(t *testing.T) {
		srv, _ := davServer(t, calendar(vevent("coffee", "20261202T150000Z")))
		rw := &rewriter{h: srv.Handler()}
		cfg := passConfig(t, servedBy(t, rw), "")
		threePasses(t, srv, rw, cfg, twice, refuseSync(403))
	})
}

// A server that gives every answer new ETags (the object's and the
// response header's), the content the same, and takes any ETag it gave for
// the object's current content in If-Match (it stamps each reply, as a
// proxy that re-encodes does): nothing is written twice, an update lands.
func TestETagsNewOnEveryAnswer(t *testing.T) {
	for _, withSync := range []bool{true, false} {
		t.Run(fmt.Sprintf("sync %v", withSync), func(t *testing.T) {
			Case(t, passBounds, fmt.Sprintf("once: every answer's ETags new (sync-collection %v), If-Match taking any of them", withSync), func(t *testing.T) {
				srv, _ := davServer(t, calendar(vevent("coffee", "20261202T150000Z")))
				var mu sync.Mutex
				real := map[string]string{} // stamped ETag -> the server's
				var n atomic.Int64
				stamp := func(e string) string {
					s := fmt.Sprintf(`"stamp-%d"`, n.Add(1))
					mu.Lock()
					real[s] = e
					mu.Unlock()
					return s
				}
				inner := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					if m := r.Header.Get("If-Match"); m != "" {
						mu.Lock()
						if e, ok := real[m]; ok {
							r.Header.Set("If-Match", e)
						}
						mu.Unlock()
					}
					srv.Handler().ServeHTTP(w, r)
				})
				etagRe := regexp.MustCompile(`<d:getetag>([^<]*)</d:getetag>`)
				edit := func(r *http.Request, _, body []byte, hdr http.Header) []byte {
					if e := hdr.Get("ETag"); e != "" {
						hdr.Set("ETag", stamp(e))
					}
					return etagRe.ReplaceAllFunc(body, func(m []byte) []byte {
						return []byte("<d:getetag>" + stamp(string(etagRe.FindSubmatch(m)[1])) + "</d:getetag>")
					})
				}
				rw := &rewriter{h: inner}
				cfg := passConfig(t, servedBy(t, rw), "")
				var refuse func(*http.Request, []byte) (int, string)
				if !withSync {
					refuse = refuseSync(403)
				}
				threePasses(t, srv, rw, cfg, edit, refuse)
			})
		})
	}
}

// A calendar that is gone for a pass (404, and not listed) and then comes
// back as it was: the source's entries are not deleted while it is away,
// the target's are not made again in another calendar, and when it is back
// nothing is doubled.
func TestCalendarGoneForAPass(t *testing.T) {
	for _, which := range []string{"personal", "netsyncd"} {
		t.Run(which, func(t *testing.T) {
			Case(t, passBounds, "once: the calendar "+which+" gone for one pass, then back", func(t *testing.T) {
				srv, _ := davServer(t, calendar(vevent("coffee", "20261202T150000Z")))
				rw := &rewriter{h: srv.Handler()}
				cfg := passConfig(t, servedBy(t, rw), "")
				if code, s, log := onceAt(t, now, cfg); code != 0 || s.Created == 0 {
					t.Fatalf("first pass = %d, %+v\n%s", code, s, tail(log))
				}
				_, before := targetUIDs(t, srv)
				path := "/" + which + "/"
				resp := regexp.MustCompile(`(?s)<d:response>.*?</d:response>`)
				rw.set(func(r *http.Request, _, body []byte, _ http.Header) []byte {
					return resp.ReplaceAllFunc(body, func(m []byte) []byte {
						if bytes.Contains(m, []byte(path+"</d:href>")) {
							return nil
						}
						return m
					})
				}, func(r *http.Request, _ []byte) (int, string) {
					if strings.Contains(r.URL.Path, path) {
						return http.StatusNotFound, ""
					}
					return 0, ""
				})
				code, s, log := onceAt(t, now.Add(time.Hour), cfg)
				t.Logf("with %s gone: exit %d, errors %q", which, code, s.Errors)
				if rw.hits.Load() == 0 {
					t.Errorf("the pass never met the missing calendar")
				}
				if rw.writes.Load() != 0 || s.Created != 0 {
					t.Errorf("with %s gone: exit %d, %d writes, %+v; want nothing written\n%s", which, code, rw.writes.Load(), s, tail(log))
				}
				if _, after := targetUIDs(t, srv); strings.Join(after, " ") != strings.Join(before, " ") {
					t.Errorf("the target was %v, is %v with %s gone", before, after, which)
				}
				rw.set(nil, nil)
				code, s, log = onceAt(t, now.Add(2*time.Hour), cfg)
				if code != 0 || len(s.Changes) != 0 || rw.writes.Load() != 0 {
					t.Errorf("back again: exit %d, %d writes, %+v; want idle\n%s", code, rw.writes.Load(), s, tail(log))
				}
				wantNoUIDTwice(t, srv)
				if _, after := targetUIDs(t, srv); strings.Join(after, " ") != strings.Join(before, " ") {
					t.Errorf("the target was %v, is %v when %s came back", before, after, which)
				}
			})
		})
	}
}

// folded is name:value with value of n bytes of base64-like text, folded
// at 75 octets as RFC 5545 asks.
func folded(name string, n int) []byte {
	blob := strings.Repeat("QUJD", n/4)
	var b bytes.Buffer
	b.WriteString(name)
	line := 75 - len(name)
	for i := 0; i < len(blob); {
		j := min(i+line, len(blob))
		b.WriteString(blob[i:j])
		if j < len(blob) {
			b.WriteString("\r\n ")
		}
		i, line = j, 74
	}
	return b.Bytes()
}

// bigEvents answers the source calendar with the ordinary coffees and, in
// between, n dentist appointments (no networking: they make no entry)
// that alternate a 1 MB X- property and a 5 MB inline binary attachment.
// The answer is written as it is sent.
func bigEvents(n int, ordinary []string, attachMB int) *liar {
	xprop := folded("X-VENDOR-BLOB:", 1<<20)
	attach := folded("ATTACH;FMTTYPE=application/pdf;ENCODING=BASE64;VALUE=BINARY:", attachMB<<20)
	pre, post, _ := strings.Cut(object("/home/work/big-%d.ics", 1000, "X-AT:here"), "X-AT:here")
	pre = strings.Replace(strings.Replace(pre, "UID:ev-1000", "UID:big-%d", 1), "Coffee w/ Dana Whitfield", "Dentist", 1)
	return &liar{report: func(w http.ResponseWriter) {
		w.Header().Set("Content-Type", "application/xml")
		w.WriteHeader(http.StatusMultiStatus)
		io.WriteString(w, msOpen)
		for i := 0; i < max(n, len(ordinary)); i++ {
			if i < len(ordinary) {
				io.WriteString(w, ordinary[i])
			}
			if i < n {
				fmt.Fprintf(w, pre, i, i)
				if i%2 == 0 || attachMB == 0 {
					w.Write(xprop)
				} else {
					w.Write(attach)
				}
				io.WriteString(w, post)
			}
		}
		io.WriteString(w, `</d:multistatus>`)
	}}
}

// Objects of a 1 MB X- property and of a 5 MB inline attachment beside
// ordinary coffees: the coffees are all read and planned, in bounded
// memory; and a calendar of 200 such objects: of 1 MB X- properties, read
// (before: over MaxKept after 50, the calendar failed); with 5 MB
// attachments too, 600 MB, over the body cap, failed with what to do.
func TestBigPropertiesBesideOrdinaryEvents(t *testing.T) {
	var ordinary []string
	for i := range 3 {
		ordinary = append(ordinary, object(fmt.Sprintf("/home/work/coffee-%d.ics", i), 10+i*30, ""))
	}
	alone := &liar{report: func(w http.ResponseWriter) { ms(w, strings.Join(ordinary, "")) }}
	for _, tc := range []struct{ n, attachMB int }{{2, 5}, {200 / raceFactor, 0}, {200 / raceFactor, 5}} {
		n := tc.n
		t.Run(fmt.Sprintf("%d objects, attachments of %d MB", n, tc.attachMB), func(t *testing.T) {
			Case(t, Bounds{Time: 3 * time.Minute, RSS: 256 << 20}, fmt.Sprintf("once: %d objects of a 1 MB X- property or a %d MB attachment beside 3 coffees", n, tc.attachMB), func(t *testing.T) {
				code, sum, errOut := onceAgainst(t, bigEvents(n, ordinary, tc.attachMB))
				if n*tc.attachMB/2 > 256 {
					// Over the body cap (MaxBody, 256 MiB), attachments or
					// not: the calendar fails, saying what made it large.
					if errs := errorsOf(sum); code != 1 || !strings.Contains(errs, "inline attachments") || !strings.Contains(errs, "attach a link instead") {
						t.Errorf("once = exit %d, errors %s; want the calendar failed naming its attachments\n%s", code, errs, tail(errOut))
					}
					return
				}
				_, want, _ := onceAgainst(t, alone)
				if got, wanted := createdKinds(sum), createdKinds(want); code != 0 || got != wanted || got == "" {
					t.Errorf("once = exit %d, created %s, errors %s; want what the coffees alone make, %s\n%s", code, got, errorsOf(sum), wanted, tail(errOut))
				}
			})
		})
	}
}
