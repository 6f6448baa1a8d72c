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
	"sync"
	"testing"
	"time"

	"github.com/netsyncd/netsyncd/internal/testservers"
)

// On Xandikos, whose window answers never prove it expands series, a
// client's second Fetch of a calendar sends the RRULE and RDATE queries
// with the window's query (the first sends them after its answer), and
// returns the same objects. On Radicale, whose answer proves it, neither
// Fetch sends them.
func TestFetchSendsSeriesQueriesWithTheWindow(t *testing.T) {
	for _, tc := range []struct {
		srv    *testservers.Server
		series bool
	}{{testservers.Xandikos(t), true}, {testservers.Radicale(t), false}} {
		t.Run(tc.srv.Name, func(t *testing.T) {
			ctx := context.Background()
			cal := tc.srv.MakeCalendar(t, "series")
			for _, name := range fixtures {
				tc.srv.Put(t, cal+name, fixture(t, name))
			}
			p := testservers.NewProxy(t, tc.srv.URL)
			g := holdWindow(t, p.URL)
			c := clientFor(t, tc.srv, g.URL)
			var got [][]string
			for i := range 2 {
				before := p.Count()
				g.reset()
				objs, _, err := c.Fetch(ctx, cal, windowFrom, windowTo)
				if err != nil {
					t.Fatal(err)
				}
				paths := make([]string, len(objs))
				for j, o := range objs {
					paths[j] = o.Path
				}
				got = append(got, paths)
				want := 1
				if tc.series {
					want = 3
				}
				if n := p.Count() - before; n != want {
					t.Errorf("Fetch %d: %d requests, want %d: %v", i+1, n, want, p.Requests()[before:])
				}
				if held := g.together(); held != (tc.series && i == 1) {
					t.Errorf("Fetch %d: series queries sent before the window was answered: %v, want %v", i+1, held, tc.series && i == 1)
				}
			}
			if !slices.Equal(got[0], got[1]) {
				t.Errorf("the two Fetches differ: %v and %v", got[0], got[1])
			}
		})
	}
}

// windowGate holds each window query (a time-range filter) back until a
// series query (a prop-filter) comes in, 2 s at most, and says whether
// one did for the last window query.
type windowGate struct {
	URL    string
	mu     sync.Mutex
	series chan struct{}
	held   bool
}

func holdWindow(t *testing.T, upstream string) *windowGate {
	u, err := url.Parse(upstream)
	if err != nil {
		t.Fatal(err)
	}
	g := &windowGate{series: make(chan struct{}, 8)}
	rp := httputil.NewSingleHostReverseProxy(u)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		switch {
		case bytes.Contains(body, []byte("prop-filter")):
			g.mu.Lock()
			ch := g.series
			g.mu.Unlock()
			select {
			case ch <- struct{}{}:
			default:
			}
		case bytes.Contains(body, []byte("time-range")):
			held := false
			g.mu.Lock()
			ch := g.series
			g.mu.Unlock()
			select {
			case <-ch:
				held = true
			case <-time.After(2 * time.Second):
			}
			g.mu.Lock()
			g.held = held
			g.mu.Unlock()
		}
		rp.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	g.URL = srv.URL
	return g
}

// reset forgets the series queries seen so far.
func (g *windowGate) reset() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.series, g.held = make(chan struct{}, 8), false
}

func (g *windowGate) together() bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.held
}
