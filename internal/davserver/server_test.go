package davserver

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
)

func TestDiscovery(t *testing.T) {
	s := New("jane")
	s.AddCalendar("personal", "Personal")
	s.AddCalendar("/jane/calendars/work/", "Work", "VEVENT")
	url := newTest(t, s)
	c := newClient(t, url+"/.well-known/caldav")
	ctx := context.Background()

	principal, err := c.FindCurrentUserPrincipal(ctx)
	if err != nil || principal != "/jane/" {
		t.Fatalf("FindCurrentUserPrincipal = %q, %v; want /jane/", principal, err)
	}
	home, err := c.FindCalendarHomeSet(ctx, principal)
	if err != nil || home != "/jane/calendars/" {
		t.Fatalf("FindCalendarHomeSet = %q, %v; want /jane/calendars/", home, err)
	}
	cals, err := c.FindCalendars(ctx, home)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, cal := range cals {
		got = append(got, cal.Path+" "+cal.Name+" "+strings.Join(cal.SupportedComponentSet, ","))
	}
	want := []string{"/jane/calendars/personal/ Personal VEVENT,VTODO", "/jane/calendars/work/ Work VEVENT"}
	if !slices.Equal(got, want) {
		t.Errorf("FindCalendars = %q; want %q", got, want)
	}
}

func TestWellKnownRedirects(t *testing.T) {
	url := newTest(t, New("jane"))
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Get(url + "/.well-known/caldav")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode/100 != 3 || resp.Header.Get("Location") != "/jane/" {
		t.Errorf("GET /.well-known/caldav = %d Location %q; want a redirect to /jane/", resp.StatusCode, resp.Header.Get("Location"))
	}
}

func TestMkcalendar(t *testing.T) {
	s := New("jane")
	url := newTest(t, s)
	body := `<?xml version="1.0" encoding="utf-8"?>
<C:mkcalendar xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:set><D:prop>
<D:displayname>Networking</D:displayname>
<C:supported-calendar-component-set><C:comp name="VEVENT"/><C:comp name="VTODO"/></C:supported-calendar-component-set>
</D:prop></D:set></C:mkcalendar>`
	tests := []struct {
		name, path string
		want       int
	}{
		{"creates", "/jane/calendars/networking/", http.StatusCreated},
		{"refuses an existing calendar", "/jane/calendars/networking/", http.StatusMethodNotAllowed},
		{"refuses a calendar outside the home", "/elsewhere/cal/", http.StatusForbidden},
		{"refuses a nested calendar", "/jane/calendars/networking/sub/", http.StatusForbidden},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := do(t, "MKCALENDAR", url+tt.path, body, "Content-Type", "application/xml")
			if r.status != tt.want {
				t.Errorf("MKCALENDAR %s = %d; want %d (%s)", tt.path, r.status, tt.want, r.body)
			}
		})
	}
	cal, err := newClient(t, url).FindCalendar(context.Background(), "/jane/calendars/networking/")
	if err != nil {
		t.Fatal(err)
	}
	if cal.Name != "Networking" || !slices.Equal(cal.SupportedComponentSet, []string{"VEVENT", "VTODO"}) {
		t.Errorf("FindCalendar = %+v; want Networking with VEVENT, VTODO", cal)
	}
}

func TestConditionalPut(t *testing.T) {
	s := New("jane")
	s.AddCalendar("personal", "Personal")
	url := newTest(t, s)
	obj := url + "/jane/calendars/personal/a.ics"
	v1 := event("a", "20261207T090000Z", "20261207T100000Z", "First")
	v2 := event("a", "20261207T090000Z", "20261207T100000Z", "Second")

	created := put(t, obj, v1, "If-None-Match", "*")
	if created.status != http.StatusCreated || created.header.Get("ETag") != `"`+etagOf([]byte(v1))+`"` {
		t.Fatalf("PUT If-None-Match: * = %d ETag %s; want 201 with the hash of the bytes", created.status, created.header.Get("ETag"))
	}
	etag := created.header.Get("ETag")
	tests := []struct {
		name    string
		headers []string
		want    int
	}{
		{"If-None-Match * on an existing object", []string{"If-None-Match", "*"}, http.StatusPreconditionFailed},
		{"If-None-Match with the current ETag", []string{"If-None-Match", etag}, http.StatusPreconditionFailed},
		{"If-Match with a wrong ETag", []string{"If-Match", `"nope"`}, http.StatusPreconditionFailed},
		{"If-Match with a weak form of the ETag", []string{"If-Match", "W/" + etag}, http.StatusPreconditionFailed},
		{"If-Match with the current ETag", []string{"If-Match", etag}, http.StatusCreated},
		{"If-Match with the ETag that was just replaced", []string{"If-Match", etag}, http.StatusPreconditionFailed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if r := put(t, obj, v2, tt.headers...); r.status != tt.want {
				t.Errorf("PUT %v = %d; want %d (%s)", tt.headers, r.status, tt.want, r.body)
			}
		})
	}
	if got := string(s.Objects("personal")["/jane/calendars/personal/a.ics"]); got != v2 {
		t.Errorf("stored object = %q; want the second version", got)
	}
	if r := put(t, url+"/jane/calendars/personal/new.ics", event("new", "20261207T090000Z", "20261207T100000Z", "New"), "If-Match", etag); r.status != http.StatusPreconditionFailed {
		t.Errorf("PUT If-Match on a missing object = %d; want 412", r.status)
	}
}

func TestPutRefusals(t *testing.T) {
	s := New("jane")
	s.AddCalendar("personal", "Personal")
	s.AddCalendar("tasks", "Tasks", "VTODO")
	url := newTest(t, s)
	if r := put(t, url+"/jane/calendars/personal/a.ics", event("a", "20261207T090000Z", "20261207T100000Z", "A")); r.status != http.StatusCreated {
		t.Fatalf("seed PUT = %d", r.status)
	}
	tests := []struct {
		name, path, data string
		want             int
	}{
		{"the same UID at another href", "/jane/calendars/personal/b.ics", event("a", "20261207T090000Z", "20261207T100000Z", "A"), http.StatusConflict},
		{"a VEVENT in a VTODO calendar", "/jane/calendars/tasks/a.ics", event("x", "20261207T090000Z", "20261207T100000Z", "X"), http.StatusConflict},
		{"a missing calendar", "/jane/calendars/nope/a.ics", event("y", "20261207T090000Z", "20261207T100000Z", "Y"), http.StatusConflict},
		{"not iCalendar", "/jane/calendars/personal/c.ics", "hello", http.StatusBadRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if r := put(t, url+tt.path, tt.data); r.status != tt.want {
				t.Errorf("PUT %s = %d; want %d (%s)", tt.path, r.status, tt.want, r.body)
			}
		})
	}
	if n := len(s.Objects("personal")); n != 1 {
		t.Errorf("personal holds %d objects after refused PUTs; want 1", n)
	}
}

func TestConditionalDelete(t *testing.T) {
	s := New("jane")
	s.AddCalendar("personal", "Personal")
	data := event("a", "20261207T090000Z", "20261207T100000Z", "A")
	if err := s.PutObject("personal/a.ics", []byte(data)); err != nil {
		t.Fatal(err)
	}
	url := newTest(t, s)
	obj := url + "/jane/calendars/personal/a.ics"
	etag := `"` + etagOf([]byte(data)) + `"`
	tests := []struct {
		name    string
		headers []string
		want    int
	}{
		{"wrong If-Match", []string{"If-Match", `"stale"`}, http.StatusPreconditionFailed},
		{"current If-Match", []string{"If-Match", etag}, http.StatusNoContent},
		{"already gone", []string{"If-Match", etag}, http.StatusNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if r := do(t, http.MethodDelete, obj, "", tt.headers...); r.status != tt.want {
				t.Errorf("DELETE %v = %d; want %d (%s)", tt.headers, r.status, tt.want, r.body)
			}
		})
	}
	if n := len(s.Objects("personal")); n != 0 {
		t.Errorf("personal holds %d objects; want 0", n)
	}
}

func TestCTagChangesOnWritesOnly(t *testing.T) {
	s := New("jane")
	s.AddCalendar("personal", "Personal")
	s.AddCalendar("work", "Work")
	url := newTest(t, s)
	tags := func() map[string][2]string {
		r := do(t, "PROPFIND", url+"/jane/calendars/", `<d:propfind xmlns:d="DAV:" xmlns:cs="http://calendarserver.org/ns/"><d:prop><cs:getctag/><d:sync-token/></d:prop></d:propfind>`,
			"Depth", "1", "Content-Type", "application/xml")
		out := map[string][2]string{}
		for _, resp := range parseMultistatus(t, r).Responses {
			ctag, _ := resp.prop(nsCalServer, "getctag")
			token, _ := resp.prop(nsDAV, "sync-token")
			out[resp.Href] = [2]string{ctag, token}
		}
		return out
	}
	before := tags()
	if len(before) != 3 || before["/jane/calendars/personal/"][0] == "" || before["/jane/calendars/work/"][1] == "" {
		t.Fatalf("Depth 1 PROPFIND of the home = %v; want the home and two calendars with getctag and sync-token", before)
	}
	requests := s.Requests()
	if again := tags(); !mapsEqual(again, before) || s.Requests() != requests+1 {
		t.Errorf("a second PROPFIND changed tags (%v -> %v) or cost %d requests; want unchanged, 1", before, again, s.Requests()-requests)
	}
	put(t, url+"/jane/calendars/personal/a.ics", event("a", "20261207T090000Z", "20261207T100000Z", "A"))
	after := tags()
	if after["/jane/calendars/personal/"] == before["/jane/calendars/personal/"] {
		t.Errorf("personal getctag/sync-token unchanged after a PUT: %v", after["/jane/calendars/personal/"])
	}
	if after["/jane/calendars/work/"] != before["/jane/calendars/work/"] {
		t.Errorf("work getctag changed after a PUT to personal: %v -> %v", before["/jane/calendars/work/"], after["/jane/calendars/work/"])
	}
	if s.CTag("personal") != after["/jane/calendars/personal/"][0] {
		t.Errorf("CTag() = %q; want the served %q", s.CTag("personal"), after["/jane/calendars/personal/"][0])
	}
}

func mapsEqual(a, b map[string][2]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func TestBytesPreserved(t *testing.T) {
	s := New("jane")
	s.AddCalendar("personal", "Personal")
	url := newTest(t, s)
	// Unsorted properties, a folded line, an X- property, an escaped comma:
	// go-ical's encoder would sort, unfold and so change every one.
	data := "BEGIN:VCALENDAR\r\nPRODID:-//Apple Inc.//macOS 15.0//EN\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\n" +
		"UID:keep-me\r\nSUMMARY:Lunch\\, with Bob\r\nDTSTART:20261207T120000Z\r\nDTEND:20261207T130000Z\r\n" +
		"DESCRIPTION:A long description that goes past seventy-five octets and so is f\r\n olded here\r\n" +
		"X-APPLE-TRAVEL-ADVISORY-BEHAVIOR:AUTOMATIC\r\nDTSTAMP:20261201T000000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
	obj := url + "/jane/calendars/personal/keep.ics"
	if r := put(t, obj, data); r.status != http.StatusCreated {
		t.Fatalf("PUT = %d: %s", r.status, r.body)
	}
	if got := string(s.Objects("personal")["/jane/calendars/personal/keep.ics"]); got != data {
		t.Errorf("Objects() = %q; want the bytes as PUT", got)
	}
	if r := do(t, http.MethodGet, obj, ""); r.body != data || r.header.Get("ETag") != `"`+etagOf([]byte(data))+`"` {
		t.Errorf("GET = %q, ETag %s; want the bytes as PUT and their hash", r.body, r.header.Get("ETag"))
	}
	report := `<C:calendar-multiget xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:prop><D:getetag/><C:calendar-data/></D:prop><D:href>/jane/calendars/personal/keep.ics</D:href></C:calendar-multiget>`
	ms := parseMultistatus(t, do(t, "REPORT", url+"/jane/calendars/personal/", report, "Depth", "1", "Content-Type", "application/xml"))
	if len(ms.Responses) != 1 {
		t.Fatalf("multiget returned %d responses; want 1", len(ms.Responses))
	}
	if got, _ := ms.Responses[0].prop(nsCalDAV, "calendar-data"); got != data {
		t.Errorf("calendar-data = %q; want the bytes as PUT", got)
	}
}

func TestConcurrentIfMatchHasOneWinner(t *testing.T) {
	s := New("jane")
	s.AddCalendar("personal", "Personal")
	data := event("a", "20261207T090000Z", "20261207T100000Z", "A")
	if err := s.PutObject("personal/a.ics", []byte(data)); err != nil {
		t.Fatal(err)
	}
	url := newTest(t, s)
	etag := `"` + etagOf([]byte(data)) + `"`
	const n = 8
	codes := make(chan int, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v := event("a", "20261207T090000Z", "20261207T100000Z", "writer "+string(rune('A'+i)))
			codes <- put(t, url+"/jane/calendars/personal/a.ics", v, "If-Match", etag).status
		}()
	}
	wg.Wait()
	close(codes)
	won := 0
	for c := range codes {
		if c == http.StatusCreated {
			won++
		} else if c != http.StatusPreconditionFailed {
			t.Errorf("racing PUT = %d; want 201 or 412", c)
		}
	}
	if won != 1 {
		t.Errorf("%d racing PUTs with the same If-Match won; want exactly 1", won)
	}
}

func TestRequestsCounts(t *testing.T) {
	s := New("jane")
	url := newTest(t, s)
	for range 3 {
		do(t, http.MethodOptions, url+"/jane/", "")
	}
	if got := s.Requests(); got != 3 {
		t.Errorf("Requests() = %d after 3 requests; want 3", got)
	}
}
