package daemon

import (
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/netsyncd/netsyncd/internal/testservers"
)

// gate sits in front of the harness's proxy and holds the home's listing
// back until the source's window query has been answered, then runs
// during (when set) before letting the listing through: proof that the
// two were sent together, and a change the listing sees but the query
// did not.
type gate struct {
	mu       sync.Mutex
	home     string
	source   string
	answered chan struct{} // closed when the source's REPORT was answered
	held     bool          // a listing waited for it
	during   func()
}

func newGate(t *testing.T, h *harness) *gate {
	g := &gate{home: h.srv.Home, source: h.source}
	u, err := url.Parse(h.proxy.URL)
	if err != nil {
		t.Fatal(err)
	}
	rp := httputil.NewSingleHostReverseProxy(u)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		g.mu.Lock()
		answered := g.answered
		g.mu.Unlock()
		switch {
		case answered != nil && r.Method == "PROPFIND" && r.URL.Path == g.home && r.Header.Get("Depth") == "1":
			select {
			case <-answered:
				g.mu.Lock()
				g.held = true
				during := g.during
				g.mu.Unlock()
				if during != nil {
					during()
				}
			case <-time.After(5 * time.Second): // not sent together: the test fails on held
			}
		case answered != nil && r.Method == "REPORT" && r.URL.Path == g.source:
			defer func() {
				g.mu.Lock()
				defer g.mu.Unlock()
				if g.answered != nil {
					close(g.answered)
					g.answered = nil
				}
			}()
		}
		rp.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	h.cfg.CalDAV.URL = srv.URL
	return g
}

// arm makes the next listing wait for the source's window query.
func (g *gate) arm(during func()) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.answered, g.held, g.during = make(chan struct{}), false, during
}

func (g *gate) wasHeld() bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.held
}

// The first pass of a day reads the source's new window together with the
// home's listing; a change the listing sees and the query missed is still
// fetched in that pass, and the next pass is idle: one request.
func TestDayPassReadsWithTheListing(t *testing.T) {
	for _, srv := range []*testservers.Server{testservers.Radicale(t), testservers.Xandikos(t)} {
		t.Run(srv.Name, func(t *testing.T) {
			h := newHarness(t, srv, fixtureEvents())
			g := newGate(t, h)
			h.pass()
			if got := h.pass(); !got.Idle {
				t.Fatalf("second pass not idle: %+v", got)
			}

			// The next day: the window moved, every copy is a day old.
			h.now = h.now.Add(24 * time.Hour)
			g.arm(nil)
			before := h.proxy.Count()
			sum := h.pass()
			if !g.wasHeld() {
				t.Fatalf("the listing was not sent before the window query was answered: %v", h.proxy.Requests()[before:])
			}
			if sum.Created+sum.Updated+sum.Deleted != 0 {
				t.Errorf("a day later with nothing changed, the pass wrote: %+v", sum)
			}
			idleIsOneRequest(t, h)

			// Another day; a networking event is added once the query is
			// answered and before the listing is: the listing's ctag is
			// newer than the query's content.
			h.now = h.now.Add(24 * time.Hour)
			late := fixtureEvent{UID: "coffee-late", Summary: "Coffee with Maria Lopez", Location: "Ralph's Coffee, 888 Madison Ave",
				Start: h.now.Add(26 * time.Hour).Truncate(time.Hour), Length: 45 * time.Minute,
				Extra: "ATTENDEE;PARTSTAT=ACCEPTED:mailto:maria@lopez-advisors.com\r\n"}
			g.arm(func() { h.putSource(late); h.srv.Settle() })
			h.pass()
			if !g.wasHeld() {
				t.Fatal("the listing was not sent before the window query was answered")
			}
			if _, ok := h.owned()[prepUID(late.UID)]; !ok {
				t.Errorf("the event added while the listing was held has no prep entry: %v", keys(h.owned()))
			}
			idleIsOneRequest(t, h)
		})
	}
}

func idleIsOneRequest(t *testing.T, h *harness) {
	t.Helper()
	before := h.proxy.Count()
	if got := h.pass(); !got.Idle {
		t.Fatalf("the pass after is not idle: %+v", got)
	}
	if got := h.proxy.Requests()[before:]; len(got) != 1 || !strings.HasPrefix(got[0], "PROPFIND ") {
		t.Fatalf("the idle pass sent %v, want one PROPFIND", got)
	}
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
