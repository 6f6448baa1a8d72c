package caldav

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"go.uber.org/zap"
)

func benchServer(b *testing.B, body string) *Client {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		write207(w, body)
	}))
	b.Cleanup(srv.Close)
	c, err := New(Options{URL: srv.URL, Username: "alice", Password: "x"}, zap.NewNop())
	if err != nil {
		b.Fatal(err)
	}
	return c
}

// BenchmarkFetch5000 is a full fetch of a calendar of 5,000 events served
// by an in-process server: request, XML decoding, conversion.
func BenchmarkFetch5000(b *testing.B) {
	var resp strings.Builder
	for i := range 5000 {
		data := strings.Replace(tinyCal, "UID:u", fmt.Sprintf("UID:event-%d@bench", i), 1)
		resp.WriteString(objectXML(fmt.Sprintf("/cal/event-%d.ics", i), fmt.Sprintf(`"etag-%d"`, i), data))
	}
	c := benchServer(b, multistatusXML(resp.String()))
	b.ReportAllocs()
	for b.Loop() {
		objs, _, err := c.Fetch(context.Background(), "/cal/", time.Time{}, time.Time{})
		if err != nil || len(objs) != 5000 {
			b.Fatalf("Fetch = %d objects, %v", len(objs), err)
		}
	}
}

// BenchmarkCalendars is the one request of an idle pass over a home of 20
// calendars.
func BenchmarkCalendars(b *testing.B) {
	var resp strings.Builder
	for i := range 20 {
		resp.WriteString(fmt.Sprintf(`<d:response><d:href>/home/cal-%d/</d:href><d:propstat><d:prop><d:displayname>Calendar %d</d:displayname>`+
			`<d:resourcetype><d:collection/><c:calendar/></d:resourcetype><c:supported-calendar-component-set><c:comp name="VEVENT"/></c:supported-calendar-component-set>`+
			`<cs:getctag xmlns:cs="http://calendarserver.org/ns/">ctag-%d</cs:getctag><d:sync-token>http://example/sync/%d</d:sync-token>`+
			`</d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>`, i, i, i, i))
	}
	c := benchServer(b, multistatusXML(resp.String()))
	b.ReportAllocs()
	for b.Loop() {
		cals, err := c.Calendars(context.Background(), "/home/")
		if err != nil || len(cals) != 20 {
			b.Fatalf("Calendars = %d, %v", len(cals), err)
		}
	}
}
