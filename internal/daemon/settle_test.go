package daemon

import (
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/netsyncd/netsyncd/internal/testservers"
)

// TestSettleTriesOnceMore: the re-read of the target after a pass's
// writes is cut in the middle of its answer once (a server busy with the
// writes, a connection reset). The pass tries it once more, so the next
// pass is idle, one request, instead of reading the target again.
func TestSettleTriesOnceMore(t *testing.T) {
	h := newHarness(t, testservers.Radicale(t), fixtureEvents())
	up, err := url.Parse(h.proxy.URL)
	if err != nil {
		t.Fatal(err)
	}
	rp := httputil.NewSingleHostReverseProxy(up)
	var mu sync.Mutex
	wrote, cut := false, 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		if r.Method == "PUT" {
			wrote = true
		}
		cutThis := wrote && cut == 0 && r.Method == "REPORT" && strings.HasSuffix(r.URL.Path, "/networking/")
		if cutThis {
			cut++
		}
		mu.Unlock()
		if !cutThis {
			rp.ServeHTTP(w, r)
			return
		}
		conn, buf, err := w.(http.Hijacker).Hijack()
		if err != nil {
			t.Error(err)
			return
		}
		buf.WriteString("HTTP/1.1 207 Multi-Status\r\nContent-Type: application/xml\r\nContent-Length: 4000\r\n\r\n<?xml version=\"1.0\"?><multistatus xmlns=\"DAV:\"><response><href>")
		buf.Flush()
		conn.Close()
	}))
	t.Cleanup(srv.Close)
	h.cfg.CalDAV.URL = srv.URL

	if sum := h.pass(); sum.Created == 0 {
		t.Fatalf("first pass created nothing: %s", sum.Short())
	}
	if cut != 1 {
		t.Fatalf("the re-read of the target was cut %d times; want 1 (the test did not see it)", cut)
	}
	h.proxy.Reset()
	if sum := h.pass(); !sum.Idle || h.proxy.Count() != 1 {
		t.Errorf("pass after the cut re-read: idle %v, %d requests %v; want an idle pass of one request", sum.Idle, h.proxy.Count(), h.proxy.Requests())
	}
}
