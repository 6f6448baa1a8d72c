package caldav

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/netsyncd/netsyncd/internal/testservers"
)

// TestSeriesQueriesBusyFailTheFetch: when the window's answer cannot prove
// the server expands series, and the server answers the series queries
// with a 503 and Retry-After (or a 429), Fetch fails: a window read
// without the series begun before it, cached under the calendar's ctag,
// would lose their occurrences until the calendar next changed, and the
// unbounded query is not sent at once to a server that said it is busy. A
// refusal (400, or a 500 with no Retry-After) is still asked without the
// bound, and then only warned about.
func TestSeriesQueriesBusyFailTheFetch(t *testing.T) {
	obj := "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:one\r\nDTSTART:20260301T100000Z\r\nDTEND:20260301T110000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
	for _, tc := range []struct {
		status  int
		fails   bool
		queries int64 // series queries sent in all
	}{
		{http.StatusServiceUnavailable, true, 2},
		{http.StatusTooManyRequests, true, 2},
		{http.StatusInternalServerError, false, 4},
		{http.StatusBadRequest, false, 4},
	} {
		var series atomic.Int64
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			body, _ := io.ReadAll(r.Body)
			if bytes.Contains(body, []byte("prop-filter")) {
				series.Add(1)
				if tc.status == http.StatusServiceUnavailable {
					w.Header().Set("Retry-After", "120")
				}
				http.Error(w, "no", tc.status)
				return
			}
			w.Header().Set("Content-Type", "application/xml")
			w.WriteHeader(http.StatusMultiStatus)
			io.WriteString(w, `<D:multistatus xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:response><D:href>/cal/one.ics</D:href><D:propstat><D:prop><D:getetag>"1"</D:getetag><C:calendar-data>`+obj+`</C:calendar-data></D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response></D:multistatus>`)
		}))
		c := clientFor(t, &testservers.Server{}, srv.URL)
		from := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
		_, _, err := c.Fetch(context.Background(), "/cal/", from, from.AddDate(0, 0, 30))
		srv.Close()
		if got := err != nil; got != tc.fails {
			t.Errorf("series queries answered %d: Fetch error %v; want an error: %v", tc.status, err, tc.fails)
		}
		if n := series.Load(); n != tc.queries {
			t.Errorf("series queries answered %d: %d sent; want %d", tc.status, n, tc.queries)
		}
	}
}
