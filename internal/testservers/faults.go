package testservers

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Fault is one kind of failure a Faults proxy injects.
type Fault string

const (
	Fault500      Fault = "500"      // 500 Internal Server Error
	Fault502      Fault = "502"      // 502 Bad Gateway
	Fault503      Fault = "503"      // 503 Service Unavailable, with Retry-After
	Fault429      Fault = "429"      // 429 Too Many Requests, with Retry-After
	FaultTimeout  Fault = "timeout"  // no answer until the client gives up
	FaultReset    Fault = "reset"    // the connection closes in the middle of the answer
	FaultTruncate Fault = "truncate" // a 207 Multi-Status whose XML is cut short
	FaultSlow     Fault = "slow"     // the right answer, late
	// FaultConflict changes a netsyncd entry on the server (as the user
	// editing it in their app) just before forwarding a PUT or DELETE with
	// If-Match on it, so that the write gets 412.
	FaultConflict Fault = "conflict"
)

// AllFaults is every Fault, in a fixed order.
var AllFaults = []Fault{Fault500, Fault502, Fault503, Fault429, FaultTimeout, FaultReset, FaultTruncate, FaultSlow, FaultConflict}

// FaultOptions configures a Faults proxy.
type FaultOptions struct {
	Rate  float64 // share of requests faulted, 0 to 1
	Seed  uint64  // the same seed and requests give the same faults
	Kinds []Fault // the faults to draw from; nil: AllFaults
	// Hold is how long a timeout holds a request at most (it ends earlier
	// when the client gives up): set it above the client's timeout.
	Hold time.Duration
	Slow time.Duration // how late a slow answer is; below the client's timeout
	// RetryAfter is the Retry-After of 429 and 503 answers, in seconds.
	RetryAfter int
	// Only, when set, limits the faults to the requests it accepts.
	Only func(*http.Request) bool
	// NeverReached makes every injected failure happen before the request
	// reaches the server (by default half of them happen after).
	NeverReached bool
}

// Faults is a reverse proxy in front of a real server that fails a share of
// the requests, drawn with a seeded RNG. A failure of the server (5xx, a
// timeout, a reset, a cut body) is injected, half the time, after the
// request reached the server: a write may have happened although the client
// saw it fail, as with a real gateway.
type Faults struct {
	URL string

	srv *Server
	opt FaultOptions
	rp  *httputil.ReverseProxy

	mu       sync.Mutex
	rng      *rand.Rand
	rate     float64
	requests int
	counts   map[Fault]int
	statuses map[int]int       // answers that reached the client unfaulted, by status
	edited   map[string]string // path -> the text the conflict edits added
}

// NewFaults starts a Faults proxy on 127.0.0.1 in front of srv; t.Cleanup
// closes it.
func NewFaults(t testing.TB, srv *Server, opt FaultOptions) *Faults {
	t.Helper()
	u, err := url.Parse(srv.URL)
	if err != nil {
		t.Fatalf("testservers: faults upstream %q: %v", srv.URL, err)
	}
	if opt.Kinds == nil {
		opt.Kinds = AllFaults
	}
	if opt.Hold <= 0 {
		opt.Hold = 5 * time.Second
	}
	if opt.Slow <= 0 {
		opt.Slow = 200 * time.Millisecond
	}
	if opt.RetryAfter <= 0 {
		opt.RetryAfter = 1
	}
	f := &Faults{
		srv: srv, opt: opt, rate: opt.Rate,
		rng:    rand.New(rand.NewPCG(opt.Seed, opt.Seed^0x9e3779b97f4a7c15)),
		counts: map[Fault]int{}, statuses: map[int]int{}, edited: map[string]string{},
	}
	f.rp = &httputil.ReverseProxy{Rewrite: func(r *httputil.ProxyRequest) {
		r.SetURL(u)
		r.Out.Host = u.Host
		r.Out.Header.Del("Accept-Encoding") // answers are cut by byte counts
	}}
	hs := httptest.NewServer(f)
	t.Cleanup(hs.Close)
	f.URL = hs.URL
	return f
}

// SetRate changes the share of requests faulted from now on (0: none).
func (f *Faults) SetRate(rate float64) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.rate = rate
}

// Counts returns how many faults of each kind were injected so far.
func (f *Faults) Counts() map[Fault]int {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make(map[Fault]int, len(f.counts))
	for k, v := range f.counts {
		out[k] = v
	}
	return out
}

// Injected is the number of faults injected so far, of every kind.
func (f *Faults) Injected() int {
	n := 0
	for _, v := range f.Counts() {
		n += v
	}
	return n
}

// Requests is the number of requests received so far.
func (f *Faults) Requests() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.requests
}

// Status returns how many unfaulted answers had the given status: a
// conflict fault's 412 is the server's own answer, so it counts here.
func (f *Faults) Status(code int) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.statuses[code]
}

// Edited returns the objects the conflict faults changed, by path, with
// the text each edit added to them (the latest edit of each).
func (f *Faults) Edited() map[string]string {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make(map[string]string, len(f.edited))
	for k, v := range f.edited {
		out[k] = v
	}
	return out
}

// String lists the faults injected, as "500=3 502=1 ...".
func (f *Faults) String() string {
	c := f.Counts()
	keys := make([]string, 0, len(c))
	for _, k := range AllFaults {
		keys = append(keys, fmt.Sprintf("%s=%d", k, c[k]))
	}
	return strings.Join(keys, " ")
}

// draw decides the fault for r, if any, and whether a failure happens after
// the request reached the server.
func (f *Faults) draw(r *http.Request) (fault Fault, after bool, cut float64) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.requests++
	if f.rate <= 0 || (f.opt.Only != nil && !f.opt.Only(r)) || f.rng.Float64() >= f.rate {
		return "", false, 0
	}
	var kinds []Fault
	for _, k := range f.opt.Kinds {
		if applies(k, r) {
			kinds = append(kinds, k)
		}
	}
	if len(kinds) == 0 {
		return "", false, 0
	}
	fault = kinds[f.rng.IntN(len(kinds))]
	f.counts[fault]++
	after = f.rng.IntN(2) == 0 && !f.opt.NeverReached
	return fault, after, 0.1 + 0.8*f.rng.Float64()
}

// applies says whether a fault makes sense for the request: bodies are cut
// only from the answers that are XML listings, and conflicts are made only
// for conditional writes to a calendar object.
func applies(k Fault, r *http.Request) bool {
	switch k {
	case FaultTruncate:
		return r.Method == "PROPFIND" || r.Method == "REPORT"
	case FaultConflict:
		return (r.Method == http.MethodPut || r.Method == http.MethodDelete) &&
			r.Header.Get("If-Match") != "" && strings.HasSuffix(r.URL.Path, ".ics")
	}
	return true
}

func (f *Faults) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	fault, after, cut := f.draw(r)
	switch fault {
	case "":
		f.forward(w, r)
	case Fault500, Fault502, Fault503, Fault429:
		if after {
			f.discard(r)
		}
		code, _ := strconv.Atoi(string(fault))
		if fault == Fault503 || fault == Fault429 {
			w.Header().Set("Retry-After", strconv.Itoa(f.opt.RetryAfter))
		}
		http.Error(w, http.StatusText(code)+" (injected)", code)
	case FaultTimeout:
		if after {
			f.discard(r)
		}
		select {
		case <-r.Context().Done():
		case <-time.After(f.opt.Hold):
		}
		http.Error(w, "gateway timeout (injected)", http.StatusGatewayTimeout)
	case FaultReset:
		f.reset(w, r, cut)
	case FaultTruncate:
		f.truncate(w, r, cut)
	case FaultSlow:
		select {
		case <-r.Context().Done():
			return
		case <-time.After(f.opt.Slow):
		}
		f.forward(w, r)
	case FaultConflict:
		f.editUpstream(r)
		f.forward(w, r)
	}
}

// forward sends r to the server and its answer to the client.
func (f *Faults) forward(w http.ResponseWriter, r *http.Request) {
	rec := f.record(r)
	f.mu.Lock()
	f.statuses[rec.Code]++
	f.mu.Unlock()
	for k, v := range rec.Header() {
		w.Header()[k] = v
	}
	w.WriteHeader(rec.Code)
	_, _ = w.Write(rec.Body.Bytes())
}

// record sends r to the server and returns its whole answer.
func (f *Faults) record(r *http.Request) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	f.rp.ServeHTTP(rec, r)
	return rec
}

// discard sends r to the server and throws the answer away.
func (f *Faults) discard(r *http.Request) { f.record(r) }

// reset forwards r, then writes the status line, the headers (with the
// full Content-Length) and a part of the body, and closes the connection.
func (f *Faults) reset(w http.ResponseWriter, r *http.Request, cut float64) {
	rec := f.record(r)
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic("testservers: the faults proxy cannot hijack connections")
	}
	conn, buf, err := hj.Hijack()
	if err != nil {
		return
	}
	defer conn.Close()
	body := rec.Body.Bytes()
	if len(body) == 0 {
		_, _ = buf.WriteString("HTTP/1.1 20") // not even a whole status line
		_ = buf.Flush()
		return
	}
	writeHead(buf, rec.Code, rec.Header(), len(body))
	_, _ = buf.Write(body[:int(float64(len(body))*cut)])
	_ = buf.Flush()
}

func writeHead(buf *bufio.ReadWriter, code int, h http.Header, length int) {
	fmt.Fprintf(buf, "HTTP/1.1 %d %s\r\n", code, http.StatusText(code))
	h = h.Clone()
	h.Set("Content-Length", strconv.Itoa(length))
	h.Set("Connection", "close")
	_ = h.Write(buf)
	_, _ = buf.WriteString("\r\n")
}

// truncate forwards r and, when the answer is a 207, cuts its XML short
// and sends that as if it were whole (a Content-Length of the cut body).
func (f *Faults) truncate(w http.ResponseWriter, r *http.Request, cut float64) {
	rec := f.record(r)
	body := rec.Body.Bytes()
	if rec.Code == http.StatusMultiStatus {
		body = body[:int(float64(len(body))*cut)]
	}
	for k, v := range rec.Header() {
		w.Header()[k] = v
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(rec.Code)
	_, _ = w.Write(body)
}

var descriptionRE = regexp.MustCompile(`(?m)^(DESCRIPTION|SUMMARY)(;[^:\r\n]*)?:`)

// editUpstream plays the user editing the object r is about to write, in
// another app: it reads the object and stores it again with a note added
// to its DESCRIPTION (or SUMMARY), unconditionally.
func (f *Faults) editUpstream(r *http.Request) {
	code, h, data := f.upstream(http.MethodGet, r.URL.Path, nil, nil)
	if code != http.StatusOK {
		return
	}
	f.mu.Lock()
	note := fmt.Sprintf("User note %d. ", f.counts[FaultConflict])
	f.mu.Unlock()
	loc := descriptionRE.FindIndex(data)
	if loc == nil {
		return
	}
	edited := append(append(append([]byte{}, data[:loc[1]]...), note...), data[loc[1]:]...)
	ct := h.Get("Content-Type")
	if ct == "" {
		ct = "text/calendar; charset=utf-8"
	}
	if code, _, _ := f.upstream(http.MethodPut, r.URL.Path, http.Header{"Content-Type": {ct}}, edited); code/100 == 2 {
		f.mu.Lock()
		f.edited[r.URL.Path] = note
		f.mu.Unlock()
	}
}

// upstream sends one request straight to the server with its credentials.
// It runs on the proxy's goroutines, so it reports no failure to the test:
// a conflict that could not be made is only a request that went through.
func (f *Faults) upstream(method, path string, h http.Header, body []byte) (int, http.Header, []byte) {
	req, err := http.NewRequest(method, f.srv.URL+path, bytes.NewReader(body))
	if err != nil {
		return 0, nil, nil
	}
	for k, v := range h {
		req.Header[k] = v
	}
	if f.srv.Username != "" {
		req.SetBasicAuth(f.srv.Username, f.srv.Password)
	}
	resp, err := (&http.Client{Timeout: 10 * time.Second}).Do(req)
	if err != nil {
		return 0, nil, nil
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, b
}
