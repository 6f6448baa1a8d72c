package testservers

import (
	"bytes"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// Quirks are the ways a QuirkProxy bends a real server's behaviour into a
// provider's that cannot be reached from a test (Google, iCloud, servers
// behind gzip-ing proxies). The zero value changes nothing.
type Quirks struct {
	// ETags "weak" sends every ETag (the header and DAV:getetag) as W/"x",
	// "bare" as x. An If-Match must come back as RFC 7232 writes an
	// entity-tag, "x" (or, for weak ones, W/"x" as sent); any other form
	// reaches the server as it is and fails with 412.
	ETags string
	// Prefix serves the server under a path, as Nextcloud serves
	// /remote.php/dav: requests outside it answer 404, and Radicale is told
	// with X-Script-Name so that its hrefs carry the prefix.
	Prefix string
	// WellKnown answers /.well-known/caldav with this redirect status to
	// Prefix+"/" (0: the server answers).
	WellKnown int
	// HomeSet replaces the href of every CALDAV:calendar-home-set: a home on
	// another host, as iCloud's pNN-caldav hosts.
	HomeSet string
	// DiscoveryOnly answers 403 to anything but a Depth 0 PROPFIND: a host
	// that knows principals and not calendars.
	DiscoveryOnly bool
	// IgnoreIfNoneMatch drops If-None-Match from every request (Google:
	// "does not support the If* header, except for If-Match").
	IgnoreIfNoneMatch bool
	// MkcalendarStatus answers MKCALENDAR with this status (Google: no
	// MKCALENDAR).
	MkcalendarStatus int
	// SyncCollectionStatus answers a sync-collection REPORT with this status.
	SyncCollectionStatus int
	// StripSyncToken removes DAV:sync-token from PROPFIND answers.
	StripSyncToken bool
	// ExpiredTokenStatus is the status (403 or 409; 0 means 403) of the
	// answer to a sync-collection REPORT that carries a token the test
	// expired with ExpireSyncTokens. The body is the DAV:valid-sync-token
	// precondition, as RFC 6578 section 3.2 says a server answers a token
	// it no longer accepts (one that keeps a limited history of changes).
	ExpiredTokenStatus int
	// PutWithoutETag drops the ETag of every answer to a PUT, as a server
	// that stores other data than was sent is to (RFC 4791 section
	// 5.3.4).
	PutWithoutETag bool
	// Before runs before a request is forwarded: a test makes something
	// happen on the server meanwhile, as another client would.
	Before func(*http.Request)
}

// QuirkProxy is a recording reverse proxy (see Proxy) that plays Quirks.
type QuirkProxy struct {
	*Proxy
	q  Quirks
	rp *httputil.ReverseProxy

	// Guarded by Proxy.mu: the sync tokens the server has given out, the
	// ones ExpireSyncTokens expired, and how many requests were refused.
	issued, expired map[string]bool
	refusedTokens   int
}

// NewQuirkProxy starts a QuirkProxy on 127.0.0.1 in front of upstream;
// t.Cleanup closes it.
func NewQuirkProxy(t testing.TB, upstream string, q Quirks) *QuirkProxy {
	t.Helper()
	p := newQuirkProxy(t, upstream, q)
	srv := httptest.NewServer(p)
	t.Cleanup(srv.Close)
	p.URL = srv.URL
	return p
}

func newQuirkProxy(t testing.TB, upstream string, q Quirks) *QuirkProxy {
	u, err := url.Parse(upstream)
	if err != nil {
		t.Fatalf("testservers: quirk proxy upstream %q: %v", upstream, err)
	}
	q.Prefix = strings.TrimSuffix(q.Prefix, "/")
	p := &QuirkProxy{Proxy: &Proxy{}, q: q, issued: map[string]bool{}, expired: map[string]bool{}}
	p.rp = &httputil.ReverseProxy{
		Rewrite: func(r *httputil.ProxyRequest) {
			r.SetURL(u)
			r.Out.Host = u.Host
			// The answers are rewritten: they must come plain, not gzipped.
			r.Out.Header.Del("Accept-Encoding")
		},
		ModifyResponse: p.rewrite,
	}
	return p
}

func (p *QuirkProxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	p.requests = append(p.requests, r.Method+" "+r.URL.Path)
	p.mu.Unlock()
	if status := p.refusal(r); status != 0 {
		http.Error(w, http.StatusText(status), status)
		return
	}
	if p.tokenExpired(r) {
		p.refuseToken(w)
		return
	}
	if p.q.WellKnown != 0 && r.URL.Path == "/.well-known/caldav" {
		w.Header().Set("Location", p.q.Prefix+"/")
		w.WriteHeader(p.q.WellKnown)
		return
	}
	if p.q.Prefix != "" {
		rest, ok := strings.CutPrefix(r.URL.Path, p.q.Prefix)
		if !ok || (rest != "" && rest[0] != '/') {
			http.NotFound(w, r)
			return
		}
		r.URL.Path, r.URL.RawPath = "/"+strings.TrimPrefix(rest, "/"), ""
		r.Header.Set("X-Script-Name", p.q.Prefix)
	}
	if p.q.IgnoreIfNoneMatch {
		r.Header.Del("If-None-Match")
	}
	if v := r.Header.Get("If-Match"); v != "" && p.q.ETags != "" {
		r.Header.Set("If-Match", p.ifMatch(v))
	}
	if p.q.Before != nil {
		p.q.Before(r)
	}
	p.rp.ServeHTTP(w, r)
}

// refusal is the status of a request the quirks refuse, or 0.
func (p *QuirkProxy) refusal(r *http.Request) int {
	switch {
	case p.q.DiscoveryOnly && (r.Method != "PROPFIND" || r.Header.Get("Depth") != "0"):
		return http.StatusForbidden
	case p.q.MkcalendarStatus != 0 && r.Method == "MKCALENDAR":
		return p.q.MkcalendarStatus
	case p.q.SyncCollectionStatus != 0 && r.Method == "REPORT" && bodyContains(r, "sync-collection"):
		return p.q.SyncCollectionStatus
	}
	return 0
}

// bodyContains peeks at the request body and leaves it readable.
func bodyContains(r *http.Request, s string) bool {
	if r.Body == nil {
		return false
	}
	b, _ := io.ReadAll(r.Body)
	r.Body = io.NopCloser(bytes.NewReader(b))
	return bytes.Contains(b, []byte(s))
}

// ExpireSyncTokens makes the proxy refuse every sync token the server has
// given out so far (see Quirks.ExpiredTokenStatus); the tokens given out
// afterwards are accepted.
func (p *QuirkProxy) ExpireSyncTokens() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for tok := range p.issued {
		p.expired[tok] = true
	}
}

// RefusedTokens is how many sync-collection REPORTs the proxy refused for
// an expired token.
func (p *QuirkProxy) RefusedTokens() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.refusedTokens
}

// tokenExpired reports whether r is a sync-collection REPORT with an
// expired token, and counts it.
func (p *QuirkProxy) tokenExpired(r *http.Request) bool {
	if r.Method != "REPORT" || !bodyContains(r, "sync-collection") {
		return false
	}
	b, _ := io.ReadAll(r.Body)
	r.Body = io.NopCloser(bytes.NewReader(b))
	m := syncTokenTextRE.FindSubmatch(b)
	if m == nil {
		return false
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.expired[html.UnescapeString(string(m[1]))] {
		return false
	}
	p.refusedTokens++
	return true
}

// refuseToken answers as RFC 6578 section 3.2 says: "DAV:valid-sync-token"
// precondition, 403 (or 409 as some servers send).
func (p *QuirkProxy) refuseToken(w http.ResponseWriter) {
	status := p.q.ExpiredTokenStatus
	if status == 0 {
		status = http.StatusForbidden
	}
	w.Header().Set("Content-Type", "application/xml; charset=utf-8")
	w.WriteHeader(status)
	io.WriteString(w, `<?xml version="1.0" encoding="utf-8"?>`+"\n"+`<D:error xmlns:D="DAV:"><D:valid-sync-token/></D:error>`)
}

// recordTokens remembers the sync tokens in an answer of the server.
func (p *QuirkProxy) recordTokens(b []byte) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, m := range syncTokenTextRE.FindAllSubmatch(b, -1) {
		if tok := html.UnescapeString(string(m[1])); tok != "" {
			p.issued[tok] = true
		}
	}
}

var (
	getetagRE       = regexp.MustCompile(`(<(?:[\w-]+:)?getetag(?:\s[^>]*)?>)([^<]*)(</)`)
	syncTokenRE     = regexp.MustCompile(`<(?:[\w-]+:)?sync-token(?:\s[^>]*)?(?:/>|>[^<]*</(?:[\w-]+:)?sync-token>)`)
	syncTokenTextRE = regexp.MustCompile(`<(?:[\w-]+:)?sync-token(?:\s[^>]*)?>([^<]*)</`)
	homeSetRE       = regexp.MustCompile(`(calendar-home-set(?:\s[^>]*)?>\s*<(?:[\w-]+:)?href(?:\s[^>]*)?>)([^<]*)(<)`)
)

// rewrite bends an answer of the real server per the quirks.
func (p *QuirkProxy) rewrite(resp *http.Response) error {
	if p.q.PutWithoutETag && resp.Request.Method == http.MethodPut {
		resp.Header.Del("ETag")
	}
	if e := resp.Header.Get("ETag"); e != "" && p.q.ETags != "" {
		resp.Header.Set("ETag", p.etag(opaqueETag(e)))
	}
	if !strings.Contains(resp.Header.Get("Content-Type"), "xml") {
		return nil
	}
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return err
	}
	if p.q.ETags != "" {
		b = getetagRE.ReplaceAllFunc(b, func(m []byte) []byte {
			g := getetagRE.FindSubmatch(m)
			v := strings.ReplaceAll(string(g[2]), "&quot;", `"`)
			return []byte(string(g[1]) + xmlText(p.etag(opaqueETag(v))) + string(g[3]))
		})
	}
	p.recordTokens(b)
	if p.q.StripSyncToken && resp.Request.Method == "PROPFIND" {
		b = syncTokenRE.ReplaceAll(b, nil)
	}
	if p.q.HomeSet != "" {
		b = homeSetRE.ReplaceAll(b, []byte("${1}"+xmlText(p.q.HomeSet)+"${3}"))
	}
	resp.Body = io.NopCloser(bytes.NewReader(b))
	resp.ContentLength = int64(len(b))
	resp.Header.Set("Content-Length", strconv.Itoa(len(b)))
	return nil
}

// etag writes an opaque ETag value the way the quirk says.
func (p *QuirkProxy) etag(v string) string {
	switch p.q.ETags {
	case "weak":
		return `W/"` + v + `"`
	case "bare":
		return v
	}
	return `"` + v + `"`
}

// ifMatch is the If-Match the server gets for one a client sent.
func (p *QuirkProxy) ifMatch(v string) string {
	v = strings.TrimSpace(v)
	if p.q.ETags == "weak" {
		v = strings.TrimPrefix(v, "W/")
	}
	if len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' && !strings.Contains(v[1:len(v)-1], `"`) {
		return v
	}
	return "netsyncd-test-bad-etag-" + v
}

func opaqueETag(s string) string {
	s = strings.TrimPrefix(strings.TrimSpace(s), "W/")
	if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' {
		s = s[1 : len(s)-1]
	}
	return s
}

func xmlText(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}
