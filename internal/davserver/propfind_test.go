package davserver

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestPropfind(t *testing.T) {
	_, url := queryServer(t)
	const etagAndBogus = `<d:propfind xmlns:d="DAV:" xmlns:x="urn:x"><d:prop><d:getetag/><x:bogus/></d:prop></d:propfind>`
	tests := []struct {
		name, path, depth, body string
		wantStatus, wantResps   int
		wantInBody              []string
	}{
		{"calendar members with their ETags", "/jane/calendars/personal/", "1", etagAndBogus, 207, 6,
			[]string{"<d:getetag>&quot;", "<x:bogus xmlns:x=\"urn:x\"/>", "404 Not Found"}},
		{"calendar without a trailing slash", "/jane/calendars/personal", "0", etagAndBogus, 207, 1, nil},
		{"one object", "/jane/calendars/personal/nine.ics", "0", etagAndBogus, 207, 1, []string{"nine.ics"}},
		{"allprop with no body", "/jane/calendars/personal/", "0", "", 207, 1,
			[]string{"<cs:getctag>", "<d:sync-token>", `<c:comp name="VEVENT"/>`, "<c:calendar/>", "sync-collection"}},
		{"propname", "/jane/calendars/", "0", `<d:propfind xmlns:d="DAV:"><d:propname/></d:propfind>`, 207, 1, []string{"<d:resourcetype/>"}},
		{"Depth infinity on the home", "/jane/calendars/", "infinity", etagAndBogus, 403, 0, []string{"propfind-finite-depth"}},
		{"a missing object", "/jane/calendars/personal/none.ics", "0", etagAndBogus, 404, 0, nil},
		{"the principal, served by go-webdav", "/jane/", "0", `<d:propfind xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav"><d:prop><c:calendar-home-set/></d:prop></d:propfind>`, 207, 1,
			[]string{"/jane/calendars/"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := do(t, "PROPFIND", url+tt.path, tt.body, "Depth", tt.depth, "Content-Type", "application/xml")
			if r.status != tt.wantStatus {
				t.Fatalf("PROPFIND %s = %d; want %d\n%s", tt.path, r.status, tt.wantStatus, r.body)
			}
			if tt.wantStatus == http.StatusMultiStatus {
				if n := len(parseMultistatus(t, r).Responses); n != tt.wantResps {
					t.Errorf("PROPFIND %s gave %d responses; want %d", tt.path, n, tt.wantResps)
				}
			}
			for _, w := range tt.wantInBody {
				if !strings.Contains(r.body, w) {
					t.Errorf("PROPFIND %s body lacks %q:\n%s", tt.path, w, r.body)
				}
			}
		})
	}
}

func TestDeleteCalendar(t *testing.T) {
	s, url := queryServer(t)
	if r := do(t, http.MethodDelete, url+"/jane/calendars/personal/", "", "If-Match", `"x"`); r.status != http.StatusPreconditionFailed {
		t.Errorf("DELETE calendar with If-Match \"x\" = %d; want 412", r.status)
	}
	if r := do(t, http.MethodDelete, url+"/jane/calendars/personal/", ""); r.status != http.StatusNoContent {
		t.Errorf("DELETE calendar = %d; want 204 (%s)", r.status, r.body)
	}
	if s.Objects("personal") != nil {
		t.Error("the calendar is still there after DELETE")
	}
}

func BenchmarkPropfindHome(b *testing.B) {
	s := New("jane")
	loc, _ := time.LoadLocation("America/New_York")
	if err := s.AddSample(time.Date(2026, 12, 9, 10, 0, 0, 0, loc), loc); err != nil {
		b.Fatal(err)
	}
	h := s.Handler()
	body := `<d:propfind xmlns:d="DAV:" xmlns:cs="http://calendarserver.org/ns/"><d:prop><cs:getctag/><d:sync-token/></d:prop></d:propfind>`
	for b.Loop() {
		serveOnce(b, h, "PROPFIND", "/jane/calendars/", body, "1")
	}
}

func BenchmarkQueryWeek(b *testing.B) {
	s := New("jane")
	loc, _ := time.LoadLocation("America/New_York")
	if err := s.AddSample(time.Date(2026, 12, 9, 10, 0, 0, 0, loc), loc); err != nil {
		b.Fatal(err)
	}
	h := s.Handler()
	body := `<C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:prop><D:getetag/><C:calendar-data/></D:prop>
<C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT"><C:time-range start="20261207T050000Z" end="20261214T050000Z"/>
</C:comp-filter></C:comp-filter></C:filter></C:calendar-query>`
	for b.Loop() {
		serveOnce(b, h, "REPORT", "/jane/calendars/personal/", body, "1")
	}
}

func serveOnce(b *testing.B, h http.Handler, method, path, body, depth string) {
	req, _ := http.NewRequest(method, path, strings.NewReader(body))
	req.Header.Set("Depth", depth)
	req.Header.Set("Content-Type", "application/xml")
	w := &discard{header: http.Header{}}
	h.ServeHTTP(w, req)
	if w.code != http.StatusMultiStatus {
		b.Fatalf("%s %s = %d", method, path, w.code)
	}
}

type discard struct {
	header http.Header
	code   int
}

func (d *discard) Header() http.Header         { return d.header }
func (d *discard) Write(p []byte) (int, error) { return len(p), nil }
func (d *discard) WriteHeader(code int)        { d.code = code }
