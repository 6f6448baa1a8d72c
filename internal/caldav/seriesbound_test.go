package caldav

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/netsyncd/netsyncd/internal/testservers"
)

// The series objects of TestSeriesQueriesAreBounded: a yearly series begun
// in 1960 with an instance in the window, an RDATE series begun in 2020
// with a date in the window (both begin before the window: a server
// testing only first instances leaves them out of the window's answer),
// and a weekly series that begins after the window.
var boundedSeries = map[string]string{
	"yearly-1960.ics": "BEGIN:VEVENT\r\nUID:yearly-1960@netsyncd.test\r\nDTSTAMP:20261101T000000Z\r\n" +
		"DTSTART;VALUE=DATE:19601210\r\nDTEND;VALUE=DATE:19601211\r\nRRULE:FREQ=YEARLY\r\nSUMMARY:Founders' dinner\r\nEND:VEVENT\r\n",
	"rdate-2020.ics": "BEGIN:VEVENT\r\nUID:rdate-2020@netsyncd.test\r\nDTSTAMP:20261101T000000Z\r\n" +
		"DTSTART:20200105T170000Z\r\nDTEND:20200105T180000Z\r\nRDATE:20261209T170000Z\r\nSUMMARY:Alumni drinks\r\nEND:VEVENT\r\n",
	"weekly-later.ics": "BEGIN:VEVENT\r\nUID:weekly-later@netsyncd.test\r\nDTSTAMP:20261101T000000Z\r\n" +
		"DTSTART:20270104T170000Z\r\nDTEND:20270104T180000Z\r\nRRULE:FREQ=WEEKLY\r\nSUMMARY:Next year's weekly call\r\nEND:VEVENT\r\n",
	"single.ics": "BEGIN:VEVENT\r\nUID:single-bounded@netsyncd.test\r\nDTSTAMP:20261101T000000Z\r\n" +
		"DTSTART:20261208T170000Z\r\nDTEND:20261208T180000Z\r\nSUMMARY:Coffee\r\nEND:VEVENT\r\n",
}

// The RRULE and RDATE queries carry a time-range ending two days after the
// window's start, without a start, and every server tried reads it as
// RFC 4791 section 9.9 says: a series begun in 1960 is in their answer,
// one that begins after the bound is not (seriesBesides, for the history
// read, and startSeries, for Fetch). FetchHistory and Fetch return both
// old series everywhere, on Xandikos (which tests a range against a
// series' first instance only) by these queries.
func TestSeriesQueriesAreBounded(t *testing.T) {
	srvs := []*testservers.Server{testservers.Radicale(t), testservers.Xandikos(t), testservers.DAViCal(t)}
	for _, srv := range srvs {
		t.Run(srv.Name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			cal := srv.MakeCalendar(t, "bounded")
			for name, ev := range boundedSeries {
				srv.Put(t, cal+name, []byte("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//netsyncd//test//EN\r\n"+ev+"END:VCALENDAR\r\n"))
			}
			rec := recordBodies(t, srv.URL)
			c := clientFor(t, srv, rec.URL)
			// DAViCal 1.1.12 reads a time-range without a start as the
			// year before its end (caldav-REPORT-calquery.php), so its
			// answer lacks rdate-2020, whose one later date is after the
			// bound; it expands series in the window's query, which holds
			// it.
			want := []string{"rdate-2020.ics", "yearly-1960.ics"}
			if srv.Name == "davical" {
				want = []string{"yearly-1960.ics"}
			}
			series := func(objs []Object) []string {
				var names []string
				for _, name := range basenames(objs) {
					if name != "single.ics" { // DAViCal's RRULE query answers it too; FetchHistory drops it
						names = append(names, name)
					}
				}
				return names
			}

			more, skipped, err := c.seriesBesides(ctx, cal, windowFrom, nil, nil)
			if err != nil || len(skipped) != 0 {
				t.Fatalf("seriesBesides = %v, skipped %v", err, skipped)
			}
			if got := series(more); !slices.Equal(got, want) {
				t.Errorf("seriesBesides(from %s) = %q; want %q", windowFrom.Format("2006-01-02"), got, want)
			}
			checkBound(t, rec.take(), 2)

			rs, err := c.startSeries(ctx, cal, windowFrom).wait()
			if err != nil {
				t.Fatal(err)
			}
			objs, _ := c.objects(&multistatus{Responses: rs}, cal)
			if got := series(objs); !slices.Equal(got, want) {
				t.Errorf("startSeries(from %s) = %q; want %q", windowFrom.Format("2006-01-02"), got, want)
			}
			checkBound(t, rec.take(), 2)

			win, _, _, err := c.FetchHistory(ctx, cal, windowFrom.AddDate(0, -3, 0), windowFrom, windowTo)
			if err != nil {
				t.Fatal(err)
			}
			objs, _, err = c.Fetch(ctx, cal, windowFrom, windowTo)
			if err != nil {
				t.Fatal(err)
			}
			for _, got := range [][]string{basenames(win), basenames(objs)} {
				for _, name := range []string{"rdate-2020.ics", "single.ics", "yearly-1960.ics"} {
					if !slices.Contains(got, name) {
						t.Errorf("the window's read = %q; want %s in it", got, name)
					}
				}
			}
		})
	}
}

var timeRangeElem = regexp.MustCompile(`<C:time-range[^>]*>`)

// checkBound checks that the n series queries among bodies (those with a
// prop-filter) have a time-range with end two days after windowFrom and
// no start.
func checkBound(t *testing.T, bodies []string, n int) {
	t.Helper()
	want := `<C:time-range end="` + seriesBound(windowFrom).Format("20060102T150405Z") + `"/>`
	seen := 0
	for _, b := range bodies {
		if !strings.Contains(b, "prop-filter") {
			continue
		}
		seen++
		if tr := timeRangeElem.FindAllString(b, -1); len(tr) != 1 || tr[0] != want {
			t.Errorf("series query's time-ranges = %q; want one, %s", tr, want)
		}
	}
	if seen != n {
		t.Errorf("%d series queries sent; want %d", seen, n)
	}
}

// bodyRecorder is a reverse proxy that keeps every REPORT body.
type bodyRecorder struct {
	URL    string
	mu     sync.Mutex
	bodies []string
}

func recordBodies(t *testing.T, upstream string) *bodyRecorder {
	t.Helper()
	u, err := url.Parse(upstream)
	if err != nil {
		t.Fatal(err)
	}
	rec := &bodyRecorder{}
	rp := httputil.NewSingleHostReverseProxy(u)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		if r.Method == "REPORT" {
			rec.mu.Lock()
			rec.bodies = append(rec.bodies, string(body))
			rec.mu.Unlock()
		}
		rp.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	rec.URL = srv.URL
	return rec
}

// take returns the bodies recorded since the last take.
func (rec *bodyRecorder) take() []string {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	b := rec.bodies
	rec.bodies = nil
	return b
}

// A server that refuses the bounded query is asked once more without the
// bound, and its answer is used.
func TestSeriesQueryRefusedBoundedAsksUnbounded(t *testing.T) {
	var mu sync.Mutex
	var filters []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		filters = append(filters, string(body))
		mu.Unlock()
		if bytes.Contains(body, []byte("time-range")) {
			http.Error(w, "time-range not supported here", http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "application/xml; charset=utf-8")
		w.WriteHeader(http.StatusMultiStatus)
		io.WriteString(w, `<?xml version="1.0"?><D:multistatus xmlns:D="DAV:"><D:response><D:href>/cal/a.ics</D:href>`+
			`<D:propstat><D:prop><D:getetag>"1"</D:getetag></D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response></D:multistatus>`)
	}))
	t.Cleanup(srv.Close)
	c := clientFor(t, &testservers.Server{}, srv.URL)
	calls := 0
	ms, err := c.seriesQuery(context.Background(), "/cal/", "RRULE", windowFrom, func(filter string) (*multistatus, error) {
		calls++
		return c.report(context.Background(), "REPORT", "/cal/", "1", xmlHeader+`<C:calendar-query `+calNS+`><D:prop><D:getetag/></D:prop><C:filter>`+
			`<C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT">`+filter+`</C:comp-filter></C:comp-filter></C:filter></C:calendar-query>`)
	})
	if err != nil || len(ms.Responses) != 1 || calls != 2 {
		t.Fatalf("seriesQuery = %v, %d responses, %d requests; want the unbounded answer after the refusal, 2 requests", err, len(ms.Responses), calls)
	}
	if strings.Contains(filters[1], "time-range") || !strings.Contains(filters[1], `prop-filter name="RRULE"`) {
		t.Errorf("second query = %s; want the RRULE prop-filter without a time-range", filters[1])
	}
}
