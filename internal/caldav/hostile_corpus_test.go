package caldav

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"sort"
	"strings"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"

	"go.uber.org/zap"
	"go.uber.org/zap/zaptest/observer"
)

// The hostile multistatus corpus: testdata/multistatus-hostile holds answers
// written from the specs by someone who had not read the decoder, and
// hostile_corpus_cases_test.go (written by gen.py there) says what a correct
// client must get from each. Every file is served as a 207 to the client's
// own request (the REPORT or PROPFIND of FetchAll, SyncCollection, ListETags
// or MultiGet), so the decoder is tried as the package uses it.

// hcObj is an object a correct client returns: its data is the bytes whose
// SHA-256 is sum, or, when holes is set, those parts with a short repair
// between each two (the bytes XML forbids, replaced or dropped).
type hcObj struct {
	path, etag string
	size       int
	sum        string
	holes      []string
}

// hcOutcome is one acceptable result: exactly objs, with each of skip named
// by a Skipped (a substring of its path); or, with fail, an error naming
// the calendar. A sync outcome is changed, deleted and token instead; a
// ListETags outcome is etags.
type hcOutcome struct {
	fail             bool
	objs             []hcObj
	skip             []string
	sync             bool
	changed, deleted []string
	token            string
	etags            map[string]string // a ListETags outcome
}

type hcCase struct {
	file  string
	kind  string // "query": FetchAll; "sync": SyncCollection; "etags": ListETags; "multiget P|P": MultiGet of those paths
	size  int    // bytes of the file, to catch a file changed without gen.py
	ctype string // the Content-Type served; application/xml; charset=utf-8 when empty
	ok    []hcOutcome
}

// knownWrong lists the files today's decoder gets wrong by the specs, with
// what is wrong. The test requires them to stay wrong, so that a fix has to
// remove its entry (and so the expectation then holds), and logs each.
var knownWrong = map[string]string{
	"053-href-other-origin.xml":                 "an absolute href on another host (http://evil.invalid/cal/x.ics) is read as /cal/x.ics of this calendar: its host is dropped",
	"090-two-roots.xml":                         "a body with two root elements is read as one answer holding both roots' objects, not refused (XML 1.0: one root)",
	"091-text-before-root.xml":                  "text before the root element is passed over: a body that is not XML is read as an answer",
	"119-duplicate-attribute.xml":               "an attribute given twice (not well-formed) is accepted, and b read as an object",
	"159-sync-members-of-other-collections.xml": "sync-collection members outside /cal/ come back: deleted /other/x.ics and /cal/z.ics (of http://evil.invalid), changed /other/w.ics",
	"161-control-char-in-href.xml":              "a U+000B in an href is repaired to a space: the object comes back as /cal/b .ics, another resource's path",
	"162-sync-control-char-in-href.xml":         "a U+000B in a deleted member's href is repaired to a space: /cal/b .ics, another resource, is reported deleted",
	"179-etags-two-roots.xml":                   "a PROPFIND listing as two root elements is read as one listing, not refused (XML 1.0: one root)",
	"182-etags-other-origin-and-outside.xml":    "a listed member on another host (http://evil.invalid/cal/x.ics) comes back as this calendar's /cal/x.ics",
	"194-header-iso-8859-1.xml":                 "a body in ISO-8859-1, so labelled by Content-Type and declaration, is read as UTF-8: Zürich becomes Z\uFFFDrich",
	"206-href-network-path.xml":                 "the network-path href //evil.invalid/cal/x.ics comes back as this calendar's /cal/x.ics: its host is dropped",
	"207-href-encoded-slash.xml":                "the href /cal/b%2Fc.ics comes back as /cal/b/c.ics, another resource (in a collection b)",
	"208-sync-encoded-slash.xml":                "a sync 404 for /cal/b%2Fc.ics is reported as /cal/b/c.ics deleted, another resource",
}

// knownWrongShort lists the files the decoder gets wrong only when the body
// comes in short reads (TestHostileCorpusShortReads), as knownWrong does.
var knownWrongShort = map[string]string{}

// Bounds every file must keep, whatever it holds.
const (
	hcDeadline = 30 * time.Second // per file, under -race on a loaded machine
	hcHeapBase = 64 << 20         // heap growth allowed besides ...
	hcHeapPer  = 16               // ... this many times the body's size
	hcMaxGap   = 64               // bytes a repair may leave where bad ones were
	hcShortMax = 256 << 10        // the largest file read in short reads
)

const hcOrigin = "127.0.0.1:5232"

// hcGot is what the client returned for one file.
type hcGot struct {
	objs             []Object
	skipped          []Skipped
	changed, deleted []string
	token            string
	etags            map[string]string
	err              error
	panicked         any
	logs             []observer.LoggedEntry
}

func TestHostileCorpus(t *testing.T) { hcCorpus(t, false) }

// TestHostileCorpusShortReads serves the same files, but every Read of the
// body returns 1 to 17 bytes, so that each entity, CDATA end, comment end,
// CRLF, UTF-8 sequence and name is cut between two reads somewhere. Files
// over hcShortMax are left out: they are about size, the small ones about
// boundaries, and under -race the big ones double the test's time.
func TestHostileCorpusShortReads(t *testing.T) { hcCorpus(t, true) }

func hcCorpus(t *testing.T, short bool) {
	dir := filepath.Join("testdata", "multistatus-hostile")
	files, err := filepath.Glob(filepath.Join(dir, "*.xml"))
	if err != nil {
		t.Fatal(err)
	}
	cases := map[string]hcCase{}
	for _, c := range hcCases {
		cases[c.file] = c
	}
	if len(files) != len(hcCases) {
		t.Errorf("%d files in %s, %d cases in hostile_corpus_cases_test.go: run gen.py there", len(files), dir, len(hcCases))
	}
	for f := range knownWrong {
		if _, ok := cases[f]; !ok {
			t.Errorf("knownWrong names %s, which is no case", f)
		}
	}
	var total time.Duration
	var maxHeap uint64
	var maxHeapFile string
	wrong, ran := 0, 0
	for _, path := range files {
		name := filepath.Base(path)
		c, ok := cases[name]
		if !ok {
			t.Errorf("%s: no case in hostile_corpus_cases_test.go: run gen.py", name)
			continue
		}
		body, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if len(body) != c.size {
			t.Errorf("%s: %d bytes, the table says %d: run gen.py", name, len(body), c.size)
			continue
		}
		if short && len(body) > hcShortMax {
			continue
		}
		ran++
		got, took, heap, hung := hcRun(t, c, body, short)
		total += took
		if heap > maxHeap {
			maxHeap, maxHeapFile = heap, name
		}
		var problems []string
		if hung {
			problems = append(problems, fmt.Sprintf("no answer within %v", hcDeadline))
		}
		if got.panicked != nil {
			problems = append(problems, fmt.Sprintf("panic: %v", got.panicked))
		}
		if bound := uint64(hcHeapBase + hcHeapPer*len(body)); heap > bound {
			problems = append(problems, fmt.Sprintf("heap grew by %d MiB, over the bound of %d MiB", heap>>20, bound>>20))
		}
		if !hung && got.panicked == nil {
			why, matched := hcJudge(c, got)
			if why != "" {
				problems = append(problems, why)
			} else if matched > 0 {
				t.Logf("%s: outcome %d of %d allowed (not the first): %s", name, matched+1, len(c.ok), hcDescribe(got))
			}
		}
		known, isKnown := knownWrong[name]
		if k, ok := knownWrongShort[name]; ok && short {
			known, isKnown = k, true
		}
		if isKnown {
			if len(problems) == 0 {
				t.Errorf("%s: the decoder now gets it right: remove it from knownWrong (%s)", name, known)
			} else {
				wrong++
				t.Logf("known wrong: %s: %s\n\t%s", name, known, strings.Join(problems, "\n\t"))
			}
			continue
		}
		for _, p := range problems {
			t.Errorf("%s: %s", name, p)
		}
	}
	t.Logf("hostile corpus (short reads %v): %d files, %d known wrong, %v in all, largest heap growth %d MiB (%s)",
		short, ran, wrong, total.Round(time.Millisecond), maxHeap>>20, maxHeapFile)
}

// hcRun serves body as the answer to the client's request and runs the
// call of c.kind, with a deadline; it returns what the client gave, how long it
// took, the largest growth of the heap seen meanwhile, and whether the call
// outlived the deadline.
func hcRun(t *testing.T, c hcCase, body []byte, short bool) (got hcGot, took time.Duration, heap uint64, hung bool) {
	t.Helper()
	kind, ctype := c.kind, c.ctype
	if ctype == "" {
		ctype = "application/xml; charset=utf-8"
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", ctype)
		w.WriteHeader(http.StatusMultiStatus)
		w.Write(body)
	}))
	defer srv.Close()
	// The client believes it talks to http://127.0.0.1:5232, the origin the
	// files' absolute hrefs name; every connection goes to srv.
	tr := &http.Transport{DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
		var d net.Dialer
		return d.DialContext(ctx, network, srv.Listener.Addr().String())
	}}
	defer tr.CloseIdleConnections()
	core, logs := observer.New(zap.DebugLevel)
	var rt http.RoundTripper = tr
	if short {
		rt = hcShortTransport{tr}
	}
	cl, err := New(Options{URL: "http://" + hcOrigin + "/cal/", HTTPClient: &http.Client{Transport: rt}}, zap.New(core))
	if err != nil {
		t.Fatal(err)
	}

	runtime.GC()
	base := hcHeapNow()
	var peak atomic.Uint64
	stop := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			if h := hcHeapNow(); h > base && h-base > peak.Load() {
				peak.Store(h - base)
			}
			select {
			case <-stop:
				return
			case <-tick.C:
			}
		}
	}()

	ctx, cancel := context.WithTimeout(context.Background(), hcDeadline)
	defer cancel()
	done := make(chan hcGot, 1)
	start := time.Now()
	go func() {
		var g hcGot
		defer func() {
			g.panicked = recover()
			done <- g
		}()
		switch kind {
		case "sync":
			g.changed, g.deleted, g.token, g.err = cl.SyncCollection(ctx, "/cal/", "")
		case "etags":
			g.etags, g.err = cl.ListETags(ctx, "/cal/")
		case "query":
			g.objs, g.skipped, g.err = cl.FetchAll(ctx, "/cal/")
		default: // "multiget PATH|PATH..."
			paths := strings.Split(strings.TrimPrefix(kind, "multiget "), "|")
			g.objs, g.skipped, g.err = cl.MultiGet(ctx, "/cal/", paths)
		}
	}()
	select {
	case got = <-done:
	case <-time.After(hcDeadline + 5*time.Second):
		hung = true
	}
	took = time.Since(start)
	close(stop)
	<-sampled
	got.logs = logs.All()
	return got, took, peak.Load(), hung
}

// hcShortTransport makes every Read of a response body return 1 to 17
// bytes, in a fixed cycle: what a slow network may do, but every time.
type hcShortTransport struct{ rt http.RoundTripper }

func (s hcShortTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := s.rt.RoundTrip(r)
	if err == nil {
		resp.Body = &hcShortBody{ReadCloser: resp.Body}
	}
	return resp, err
}

type hcShortBody struct {
	io.ReadCloser
	n int
}

func (b *hcShortBody) Read(p []byte) (int, error) {
	b.n = b.n%17 + 1
	return b.ReadCloser.Read(p[:min(len(p), b.n)])
}

func hcHeapNow() uint64 {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// hcJudge says how got differs from every outcome c allows, or "" and the
// index of the outcome it is.
func hcJudge(c hcCase, got hcGot) (why string, matched int) {
	var whys []string
	for i, o := range c.ok {
		why := hcMatch(o, got)
		if why == "" {
			return "", i
		}
		whys = append(whys, why)
	}
	return "got " + hcDescribe(got) + "\n\twant " + strings.Join(whys, "\n\tor "), -1
}

func hcMatch(o hcOutcome, got hcGot) string {
	if o.fail {
		if got.err == nil {
			return "a clear failure, not success"
		}
		if !strings.Contains(got.err.Error(), "/cal") {
			return "an error naming the calendar's URL"
		}
		return ""
	}
	if got.err != nil {
		return "no error: " + hcWantObjs(o)
	}
	if o.etags != nil {
		if fmt.Sprint(got.etags) != fmt.Sprint(o.etags) {
			return fmt.Sprintf("ETags %q", o.etags)
		}
		return ""
	}
	if o.sync {
		if !hcSame(got.changed, o.changed) || !hcSame(got.deleted, o.deleted) || got.token != o.token {
			return fmt.Sprintf("changed %q, deleted %q, token %q", o.changed, o.deleted, o.token)
		}
		return ""
	}
	objs := append([]Object(nil), got.objs...)
	sort.Slice(objs, func(i, j int) bool { return objs[i].Path < objs[j].Path })
	if len(objs) != len(o.objs) {
		return hcWantObjs(o)
	}
	for i, w := range o.objs {
		g := objs[i]
		if g.Path != w.path || g.ETag != w.etag {
			return hcWantObjs(o)
		}
		if w.holes != nil {
			if why := hcHoles(g.Data, w.holes); why != "" {
				return fmt.Sprintf("%s repaired: %s", w.path, why)
			}
			if !hcNamed(got.logs, w.path) {
				return fmt.Sprintf("%s repaired and named by a warning", w.path)
			}
			continue
		}
		sum := sha256.Sum256(g.Data)
		if len(g.Data) != w.size || hex.EncodeToString(sum[:]) != w.sum {
			return fmt.Sprintf("%s with its %d bytes of data as the XML holds them (%s...)", w.path, w.size, w.sum[:12])
		}
	}
	for _, s := range o.skip {
		found := false
		for _, k := range got.skipped {
			found = found || strings.Contains(k.Path, s)
		}
		if !found {
			return fmt.Sprintf("%s; %s skipped and named", hcWantObjs(o), s)
		}
	}
	return ""
}

// hcHoles checks that data is parts with at most hcMaxGap bytes between
// each two, and that what stands between them is valid UTF-8 holding no
// character XML forbids.
func hcHoles(data []byte, parts []string) string {
	s := string(data)
	for i, p := range parts {
		var at int
		switch {
		case i == 0:
			if !strings.HasPrefix(s, p) {
				return fmt.Sprintf("data starting %.40q", p)
			}
		case i == len(parts)-1:
			if !strings.HasSuffix(s, p) || len(s) < len(p) {
				return fmt.Sprintf("data ending %.40q", p[max(0, len(p)-40):])
			}
			at = len(s) - len(p)
		default:
			at = strings.Index(s, p)
			if at < 0 {
				return fmt.Sprintf("data holding %.40q", p)
			}
		}
		gap := s[:at]
		if len(gap) > hcMaxGap {
			return fmt.Sprintf("at most %d bytes of repair, not %d", hcMaxGap, len(gap))
		}
		if !utf8.ValidString(gap) {
			return fmt.Sprintf("a repair that is UTF-8, not %q", gap)
		}
		for _, r := range gap {
			if (r < 0x20 && r != '\t' && r != '\n' && r != '\r') || r == 0xFFFE || r == 0xFFFF {
				return fmt.Sprintf("a repair with no character XML forbids, not %q", gap)
			}
		}
		s = s[at+len(p):]
	}
	return ""
}

// hcNamed tells whether a warning (or worse) names href in a field.
func hcNamed(logs []observer.LoggedEntry, href string) bool {
	for _, e := range logs {
		if e.Level < zap.WarnLevel {
			continue
		}
		for k, v := range e.ContextMap() {
			if strings.Contains(fmt.Sprint(v), href) || strings.Contains(k, href) {
				return true
			}
		}
	}
	return false
}

func hcSame(a, b []string) bool {
	a, b = append([]string(nil), a...), append([]string(nil), b...)
	sort.Strings(a)
	sort.Strings(b)
	return strings.Join(a, "\x00") == strings.Join(b, "\x00") && len(a) == len(b)
}

func hcWantObjs(o hcOutcome) string {
	var s []string
	for _, w := range o.objs {
		s = append(s, w.path+" "+w.etag)
	}
	return fmt.Sprintf("objects [%s]", strings.Join(s, ", "))
}

func hcDescribe(g hcGot) string {
	if g.err != nil {
		return fmt.Sprintf("error %.300q", g.err.Error())
	}
	if g.etags != nil {
		return fmt.Sprintf("ETags %.600q", g.etags)
	}
	if g.changed != nil || g.deleted != nil || g.token != "" {
		return fmt.Sprintf("changed %q, deleted %q, token %.80q", g.changed, g.deleted, g.token)
	}
	var s []string
	for _, o := range g.objs {
		sum := sha256.Sum256(o.Data)
		s = append(s, fmt.Sprintf("%.80q %.40q %d bytes %x %.60q", o.Path, o.ETag, len(o.Data), sum[:6], hcAround(o.Data)))
	}
	var k []string
	for _, sk := range g.skipped {
		k = append(k, fmt.Sprintf("%.80q (%.120v)", sk.Path, sk.Err))
	}
	return fmt.Sprintf("objects [%s], skipped [%s]", strings.Join(s, "; "), strings.Join(k, "; "))
}

// hcAround is the part of data a failure should show: its DESCRIPTION or
// LOCATION line when it has one.
func hcAround(data []byte) string {
	s := string(data)
	for _, key := range []string{"DESCRIPTION:", "LOCATION:"} {
		if i := strings.Index(s, key); i >= 0 {
			return s[i:min(len(s), i+60)]
		}
	}
	return ""
}
