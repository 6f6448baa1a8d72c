package hostile

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/netsyncd/netsyncd/internal/app"
	"github.com/netsyncd/netsyncd/internal/davserver"
)

// stuck wraps the in-process server: with frozen, every PROPFIND answer
// gives the same getctag and sync-token whatever changed; with paging,
// every sync-collection REPORT is answered "507, more to come" with the
// very token it was sent.
type stuck struct {
	h               http.Handler
	frozen, paging  bool
	syncs, requests atomic.Int64
	targetReads     atomic.Int64 // REPORTs on the target calendar, netsyncd/
}

var (
	ctagRe  = regexp.MustCompile(`<cs:getctag>[^<]*</cs:getctag>`)
	tokenRe = regexp.MustCompile(`<d:sync-token>[^<]*</d:sync-token>`)
	sentRe  = regexp.MustCompile(`<D:sync-token>([^<]*)</D:sync-token>`)
)

func (s *stuck) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.requests.Add(1)
	if r.Method == "REPORT" && strings.HasSuffix(r.URL.Path, "/netsyncd/") {
		s.targetReads.Add(1)
	}
	body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	r.Body = io.NopCloser(bytes.NewReader(body))
	if r.Method == "REPORT" && bytes.Contains(body, []byte("sync-collection")) && s.paging {
		s.syncs.Add(1)
		sent := ""
		if m := sentRe.FindSubmatch(body); m != nil {
			sent = string(m[1])
		}
		w.WriteHeader(http.StatusMultiStatus)
		io.WriteString(w, `<?xml version="1.0"?><d:multistatus xmlns:d="DAV:"><d:response><d:href>`+r.URL.Path+`</d:href>`+
			`<d:status>HTTP/1.1 507 Insufficient Storage</d:status></d:response><d:sync-token>`+sent+`</d:sync-token></d:multistatus>`)
		return
	}
	if r.Method != "PROPFIND" || !s.frozen {
		s.h.ServeHTTP(w, r)
		return
	}
	rec := httptest.NewRecorder()
	s.h.ServeHTTP(rec, r)
	out := ctagRe.ReplaceAll(rec.Body.Bytes(), []byte("<cs:getctag>frozen</cs:getctag>"))
	out = tokenRe.ReplaceAll(out, []byte("<d:sync-token>urn:frozen</d:sync-token>"))
	for k, v := range rec.Header() {
		w.Header()[k] = v
	}
	w.Header().Del("Content-Length")
	w.WriteHeader(rec.Code)
	w.Write(out)
}

// onceAt runs `netsyncd once --json` at the given time.
func onceAt(t *testing.T, at time.Time, config string) (int, summary, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := app.Run(context.Background(), app.Env{
		Args: []string{"once", "--config", config, "--json"}, Stdout: &out, Stderr: &errb,
		Getenv: func(k string) string { return map[string]string{"NETSYNCD_TEST_PASSWORD": "secret"}[k] },
		Now:    func() time.Time { return at },
	})
	var s summary
	if err := json.Unmarshal(out.Bytes(), &s); err != nil {
		t.Fatalf("once --json printed no summary (%v):\n%.2000s\n%s", err, out.String(), tail(errb.String()))
	}
	return code, s, errb.String()
}

// servedBy starts h on 127.0.0.1 for the test.
func servedBy(t *testing.T, h http.Handler) string {
	hs := httptest.NewServer(h)
	t.Cleanup(hs.Close)
	return hs.URL + "/"
}

func movedCoffee(srv *davserver.Server, t *testing.T) {
	t.Helper()
	if err := srv.PutObject(srv.Home()+"personal/obj-0.ics", []byte(calendar(vevent("coffee", "20261203T150000Z")))); err != nil {
		t.Fatal(err)
	}
}

// A server whose getctag and sync-token never move, whatever changes: the
// pass trusts them for a day, then reads the calendar whole, so a change
// is seen within a day. The source calendars were (their window moves
// each day); the target, read without a window, was never read again
// while the cache lived, so a user's deletion there stayed unseen.
func TestFrozenCtagAndToken(t *testing.T) {
	Case(t, passBounds, "once: getctag and sync-token that never move", func(t *testing.T) {
		srv, _ := davServer(t, calendar(vevent("coffee", "20261202T150000Z")))
		st := &stuck{h: srv.Handler(), frozen: true}
		cfg := passConfig(t, servedBy(t, st), "")
		if code, s, log := onceAt(t, now, cfg); code != 0 || s.Created == 0 {
			t.Fatalf("first pass = %d, %+v\n%s", code, s, tail(log))
		}
		st.targetReads.Store(0)
		if code, s, log := onceAt(t, now.Add(time.Hour), cfg); code != 0 {
			t.Fatalf("a pass an hour later = %d, %+v\n%s", code, s, tail(log))
		}
		if n := st.targetReads.Load(); n != 0 {
			t.Errorf("an hour later the target was read %d times; want its cache trusted", n)
		}
		movedCoffee(srv, t)
		code, s, log := onceAt(t, now.Add(25*time.Hour), cfg)
		if code != 0 || len(s.Changes) == 0 {
			t.Errorf("a pass a day later = %d, %+v; want the moved coffee's entries changed\n%s", code, s, tail(log))
		}
		if n := st.targetReads.Load(); n == 0 {
			t.Errorf("a day later the target was not read again; want it read whole once a day whatever its ctag says")
		}
	})
}

// A server whose sync-collection answers "507, more to come" with the
// token it was sent, forever: one answer shows it made no progress, and
// the calendar is read whole (before: asked 100 times a pass).
func TestSyncTokenThatNeverMoves(t *testing.T) {
	Case(t, passBounds, "once: sync-collection that pages without moving its token", func(t *testing.T) {
		srv, _ := davServer(t, calendar(vevent("coffee", "20261202T150000Z")))
		st := &stuck{h: srv.Handler(), paging: true}
		cfg := passConfig(t, servedBy(t, st), "")
		if code, s, log := onceAt(t, now, cfg); code != 0 || s.Created == 0 {
			t.Fatalf("first pass = %d, %+v\n%s", code, s, tail(log))
		}
		movedCoffee(srv, t)
		st.syncs.Store(0)
		code, s, log := onceAt(t, now.Add(time.Hour), cfg)
		if code != 0 || len(s.Changes) == 0 {
			t.Errorf("second pass = %d, %+v; want the moved coffee's entries changed\n%s", code, s, tail(log))
		}
		if n := st.syncs.Load(); n == 0 || n > 2 {
			t.Errorf("%d sync-collection REPORTs in the pass; want one per calendar that changed, not a loop", n)
		}
		if !strings.Contains(log, "without moving its sync-token") {
			t.Errorf("the log does not say the token did not move:\n%s", tail(log))
		}
	})
}
