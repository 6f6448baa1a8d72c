package caldav

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// multigetServer answers calendar-multiget with every href asked for,
// after delay, and counts the requests in flight at once. fail, when set,
// makes the request holding that href answer 500.
func multigetServer(t *testing.T, delay time.Duration, fail string) (*httptest.Server, *atomic.Int32) {
	var inFlight, most atomic.Int32
	href := regexp.MustCompile(`<D:href>([^<]*)</D:href>`)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := inFlight.Add(1)
		defer inFlight.Add(-1)
		for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
		}
		b, _ := io.ReadAll(r.Body)
		time.Sleep(delay)
		var out strings.Builder
		out.WriteString(`<?xml version="1.0"?><D:multistatus xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">`)
		for _, m := range href.FindAllStringSubmatch(string(b), -1) {
			if m[1] == fail {
				http.Error(w, "boom", http.StatusInternalServerError)
				return
			}
			fmt.Fprintf(&out, `<D:response><D:href>%s</D:href><D:propstat><D:prop><D:getetag>"e-%s"</D:getetag>`+
				`<C:calendar-data>BEGIN:VCALENDAR&#13;\nEND:VCALENDAR&#13;\n</C:calendar-data></D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response>`, m[1], m[1])
		}
		out.WriteString(`</D:multistatus>`)
		w.Header().Set("Content-Type", "application/xml")
		w.WriteHeader(http.StatusMultiStatus)
		io.WriteString(w, out.String())
	}))
	t.Cleanup(srv.Close)
	return srv, &most
}

func TestMultiGetSendsBatchesTogether(t *testing.T) {
	srv, most := multigetServer(t, 100*time.Millisecond, "")
	c, err := New(Options{URL: srv.URL}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for i := range 950 { // ten batches
		paths = append(paths, fmt.Sprintf("/cal/%04d.ics", 949-i))
	}
	objs, skipped, err := c.MultiGet(context.Background(), "/cal/", paths)
	if err != nil || len(skipped) != 0 || len(objs) != len(paths) {
		t.Fatalf("MultiGet = %d objects, %d skipped, %v; want %d objects", len(objs), len(skipped), err, len(paths))
	}
	for i, o := range objs {
		if want := fmt.Sprintf("/cal/%04d.ics", i); o.Path != want || o.ETag != "e-"+want {
			t.Fatalf("object %d = %s etag %s; want %s, sorted, with its ETag", i, o.Path, o.ETag, want)
		}
	}
	if m := most.Load(); m < 2 || m > multiGetInFlight {
		t.Errorf("at most %d multigets were in flight together; want 2..%d", m, multiGetInFlight)
	}
}

func TestMultiGetFailsOnAFailedBatch(t *testing.T) {
	srv, _ := multigetServer(t, 10*time.Millisecond, "/cal/0555.ics")
	c, err := New(Options{URL: srv.URL}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for i := range 800 {
		paths = append(paths, fmt.Sprintf("/cal/%04d.ics", i))
	}
	objs, _, err := c.MultiGet(context.Background(), "/cal/", paths)
	if err == nil || !strings.Contains(err.Error(), "500") || objs != nil {
		t.Errorf("MultiGet with a batch answering 500 = %d objects, %v; want no objects and the 500", len(objs), err)
	}
}
