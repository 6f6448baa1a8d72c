package caldav

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/netsyncd/netsyncd/internal/testservers"
)

// DiscoverCalendars finds what Discover and Calendars find; where the
// principal is the home (Radicale, DAViCal) in their three requests, the
// listing sent before the calendar-home-set is answered; elsewhere
// (Xandikos) in four, one a listing of the principal.
func TestDiscoverCalendars(t *testing.T) {
	want := map[string]int{"radicale": 3, "davical": 3, "xandikos": 4}
	for _, srv := range []*testservers.Server{testservers.Radicale(t), testservers.Xandikos(t), testservers.DAViCal(t)} {
		t.Run(srv.Name, func(t *testing.T) {
			ctx := context.Background()
			srv.MakeCalendar(t, "discovered")
			p := testservers.NewProxy(t, srv.URL)
			g := holdHomeSet(t, p.URL)
			c := clientFor(t, srv, g.URL)
			home, cals, err := c.DiscoverCalendars(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if n := p.Count(); n != want[srv.Name] {
				t.Errorf("%d requests, want %d: %v", n, want[srv.Name], p.Requests())
			}
			if !g.together() {
				t.Errorf("the principal's listing was not sent before its calendar-home-set was answered: %v", p.Requests())
			}
			if home != srv.Home {
				t.Errorf("home %q, want %q", home, srv.Home)
			}
			c2 := clientFor(t, srv, srv.URL)
			home2, err := c2.Discover(ctx)
			if err != nil {
				t.Fatal(err)
			}
			cals2, err := c2.Calendars(ctx, home2)
			if err != nil {
				t.Fatal(err)
			}
			if home2 != home || !slices.EqualFunc(cals, cals2, func(a, b Calendar) bool {
				return a.Path == b.Path && a.Name == b.Name && a.CTag == b.CTag && a.SyncToken == b.SyncToken
			}) {
				t.Errorf("DiscoverCalendars: %s %+v\nDiscover, Calendars: %s %+v", home, cals, home2, cals2)
			}
			if !slices.ContainsFunc(cals, func(c Calendar) bool { return strings.HasSuffix(c.Path, "/discovered/") }) {
				t.Errorf("the calendar made is not listed: %+v", cals)
			}
		})
	}
}

// homeSetGate holds the calendar-home-set question back until a Depth 1
// PROPFIND comes in (5 s at most), and says whether one did.
type homeSetGate struct {
	URL    string
	listed chan struct{}
	once   sync.Once
	mu     sync.Mutex
	held   bool
}

func holdHomeSet(t *testing.T, upstream string) *homeSetGate {
	u, err := url.Parse(upstream)
	if err != nil {
		t.Fatal(err)
	}
	g := &homeSetGate{listed: make(chan struct{})}
	rp := httputil.NewSingleHostReverseProxy(u)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		switch {
		case r.Method == "PROPFIND" && r.Header.Get("Depth") == "1":
			g.once.Do(func() { close(g.listed) })
		case r.Method == "PROPFIND" && bytes.Contains(body, []byte("calendar-home-set")):
			select {
			case <-g.listed:
				g.mu.Lock()
				g.held = true
				g.mu.Unlock()
			case <-time.After(5 * time.Second):
			}
		}
		rp.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	g.URL = srv.URL
	return g
}

func (g *homeSetGate) together() bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.held
}
