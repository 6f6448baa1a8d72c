package testservers

import (
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"sync"
	"testing"
)

// Proxy is a reverse proxy that records every request passing through it,
// so a test can prove how many requests a pass costs.
type Proxy struct {
	URL string

	mu       sync.Mutex
	requests []string // "METHOD /path"
}

// NewProxy starts a recording reverse proxy in front of upstream; t.Cleanup
// closes it.
func NewProxy(t testing.TB, upstream string) *Proxy {
	t.Helper()
	u, err := url.Parse(upstream)
	if err != nil {
		t.Fatalf("testservers: proxy upstream %q: %v", upstream, err)
	}
	p := &Proxy{}
	rp := httputil.NewSingleHostReverseProxy(u)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p.mu.Lock()
		p.requests = append(p.requests, r.Method+" "+r.URL.Path)
		p.mu.Unlock()
		rp.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	p.URL = srv.URL
	return p
}

// Count returns how many requests went through the proxy.
func (p *Proxy) Count() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.requests)
}

// Requests returns the requests so far, as "METHOD /path", oldest first.
func (p *Proxy) Requests() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.requests...)
}

// Writes returns the requests so far that change something on the server.
func (p *Proxy) Writes() []string {
	var w []string
	for _, r := range p.Requests() {
		switch method(r) {
		case "GET", "HEAD", "OPTIONS", "PROPFIND", "REPORT":
		default:
			w = append(w, r)
		}
	}
	return w
}

// Reset forgets the requests recorded so far.
func (p *Proxy) Reset() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.requests = nil
}

// Counter starts a counting reverse proxy in front of upstream and returns
// its URL and a function giving the number of requests so far.
func Counter(t testing.TB, upstream string) (string, func() int) {
	t.Helper()
	p := NewProxy(t, upstream)
	return p.URL, p.Count
}

func method(request string) string {
	for i := 0; i < len(request); i++ {
		if request[i] == ' ' {
			return request[:i]
		}
	}
	return request
}
