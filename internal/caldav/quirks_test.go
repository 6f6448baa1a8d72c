package caldav

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/zap"
	"go.uber.org/zap/zaptest/observer"
)

const testPassword = "hunter2-s3cret"

// fake is an httptest server whose requests are recorded.
type fake struct {
	*httptest.Server
	mu   sync.Mutex
	seen []seenRequest
}

type seenRequest struct {
	Method, Path, Auth, Body string
	Header                   http.Header
}

func newFake(t *testing.T, h http.HandlerFunc) *fake {
	f := &fake{}
	f.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		f.mu.Lock()
		f.seen = append(f.seen, seenRequest{r.Method, r.URL.Path, r.Header.Get("Authorization"), string(b), r.Header.Clone()})
		f.mu.Unlock()
		r.Body = io.NopCloser(strings.NewReader(string(b)))
		h(w, r)
	}))
	t.Cleanup(f.Close)
	return f
}

func (f *fake) requests() []seenRequest {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]seenRequest(nil), f.seen...)
}

// fakeClient is a client of f as alice, with its log observed.
func fakeClient(t *testing.T, url string) (*Client, *observer.ObservedLogs) {
	core, logs := observer.New(zap.DebugLevel)
	c, err := New(Options{URL: url, Username: "alice", Password: testPassword}, zap.New(core))
	if err != nil {
		t.Fatal(err)
	}
	return c, logs
}

func multistatusXML(responses ...string) string {
	return `<?xml version="1.0" encoding="utf-8"?><d:multistatus xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav">` +
		strings.Join(responses, "") + `</d:multistatus>`
}

func objectXML(href, etag, data string) string {
	return `<d:response><d:href>` + href + `</d:href><d:propstat><d:prop><d:getetag>` + etag + `</d:getetag>` +
		`<c:calendar-data>` + data + `</c:calendar-data></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>`
}

func write207(w http.ResponseWriter, body string) {
	w.Header().Set("Content-Type", "application/xml; charset=utf-8")
	w.WriteHeader(http.StatusMultiStatus)
	io.WriteString(w, body)
}

const tinyCal = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:u\r\nDTSTAMP:20261101T000000Z\r\nDTSTART:20261208T100000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"

func TestWeakAndUnquotedETags(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case "REPORT":
			write207(w, multistatusXML(
				objectXML("/cal/weak.ics", `W/"weak-1"`, tinyCal),
				objectXML("/cal/bare.ics", `bare-2`, tinyCal),
				objectXML("/cal/quoted.ics", `"quoted-3"`, tinyCal)))
		case "PUT":
			w.Header().Set("ETag", `W/"after-put"`)
			w.WriteHeader(http.StatusNoContent)
		case "DELETE":
			w.WriteHeader(http.StatusNoContent)
		}
	})
	c, _ := fakeClient(t, f.URL)
	objs, skipped, err := c.Fetch(context.Background(), "/cal/", time.Time{}, time.Time{})
	if err != nil || len(skipped) != 0 {
		t.Fatalf("Fetch = %v, skipped %v", err, skipped)
	}
	want := map[string]string{"/cal/weak.ics": "weak-1", "/cal/bare.ics": "bare-2", "/cal/quoted.ics": "quoted-3"}
	for _, o := range objs {
		if o.ETag != want[o.Path] {
			t.Errorf("Fetch etag of %s = %q; want %q", o.Path, o.ETag, want[o.Path])
		}
	}
	etag, err := c.Put(context.Background(), "/cal/weak.ics", []byte(tinyCal), Precondition{IfMatch: "weak-1"})
	if err != nil || etag != "after-put" {
		t.Errorf("Put = %q, %v; want after-put", etag, err)
	}
	if err := c.Delete(context.Background(), "/cal/bare.ics", "bare-2"); err != nil {
		t.Fatal(err)
	}
	reqs := f.requests()
	if got := reqs[1].Header.Get("If-Match"); got != `"weak-1"` {
		t.Errorf("PUT sent If-Match %s; want \"weak-1\"", got)
	}
	if got := reqs[2].Header.Get("If-Match"); got != `"bare-2"` {
		t.Errorf("DELETE sent If-Match %s; want \"bare-2\"", got)
	}
}

func TestBrokenMultistatusEntries(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		write207(w, multistatusXML(
			objectXML("/cal/good.ics", `"g"`, tinyCal),
			`<d:response><d:href>/cal/gone.ics</d:href><d:status>HTTP/1.1 404 Not Found</d:status></d:response>`,
			`<d:response><d:href>/cal/a.ics</d:href><d:href>/cal/b.ics</d:href><d:status>HTTP/1.1 200 OK</d:status></d:response>`,
			`<d:response><d:href>/cal/nodata.ics</d:href><d:propstat><d:prop><c:calendar-data/></d:prop><d:status>HTTP/1.1 403 Forbidden</d:status></d:propstat></d:response>`,
			objectXML("/cal/html.ics", `"h"`, "&lt;html&gt;oops&lt;/html&gt;"),
			objectXML("/cal/%ZZbad.ics", `"b"`, tinyCal),
			objectXML("/cal/also%20good.ics", `"g2"`, tinyCal)))
	})
	c, logs := fakeClient(t, f.URL)
	objs, skipped, err := c.Fetch(context.Background(), "/cal/", time.Time{}, time.Time{})
	if err != nil {
		t.Fatalf("Fetch = %v; want the good objects", err)
	}
	if got := basenames(objs); strings.Join(got, ",") != "also good.ics,good.ics" {
		t.Errorf("Fetch = %q; want also good.ics, good.ics", got)
	}
	if len(skipped) != 5 {
		t.Errorf("Fetch skipped %d: %+v; want 5", len(skipped), skipped)
	}
	if !IsNotFound(skipped[0].Err) || skipped[0].Path != "/cal/gone.ics" {
		t.Errorf("skipped[0] = %+v; want gone.ics not found", skipped[0])
	}
	warned := map[string]bool{}
	for _, e := range logs.FilterMessage("skipping calendar object").All() {
		warned[e.ContextMap()["href"].(string)] = true
	}
	for _, s := range skipped {
		if !warned[s.Path] {
			t.Errorf("no warning logged for skipped %q (warned: %v)", s.Path, warned)
		}
	}
}

func TestRetryAfter(t *testing.T) {
	date := time.Now().Add(90 * time.Second).UTC().Format(http.TimeFormat)
	for _, tc := range []struct {
		name, header string
		status       int
		wantRetry    bool
		min, max     time.Duration
	}{
		{"503 seconds", "120", 503, true, 120 * time.Second, 120 * time.Second},
		{"429 http date", date, 429, true, 80 * time.Second, 91 * time.Second},
		{"503 without header", "", 503, true, 0, 0},
		{"401", "", 401, false, 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
				if tc.header != "" {
					w.Header().Set("Retry-After", tc.header)
				}
				http.Error(w, "busy", tc.status)
			})
			c, _ := fakeClient(t, f.URL)
			_, err := c.Calendars(context.Background(), "/home/")
			var se *StatusError
			if !errors.As(err, &se) || se.Status != tc.status {
				t.Fatalf("Calendars = %v; want a %d status error", err, tc.status)
			}
			retry, after := Retryable(err)
			if retry != tc.wantRetry || after < tc.min || after > tc.max {
				t.Errorf("Retryable(%v) = %v, %v; want %v, %v..%v", err, retry, after, tc.wantRetry, tc.min, tc.max)
			}
			want := fmt.Sprintf("caldav: PROPFIND %s/home/: %d %s (busy)", f.URL, tc.status, http.StatusText(tc.status))
			if err.Error() != want {
				t.Errorf("error = %q; want %q", err, want)
			}
		})
	}
}
