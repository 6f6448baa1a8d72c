package caldav

import (
	"net/url"
	"strings"
	"testing"

	"go.uber.org/zap"
)

// TestStatusCode: a status line's code is three digits; anything else is
// no status (0), an absent one 200.
func TestStatusCode(t *testing.T) {
	for s, want := range map[string]int{
		"HTTP/1.1 200 OK": 200, "HTTP/1.1 404 Not Found": 404, "": 200, "HTTP/1.1": 200,
		"HTTP/1.1 +200 OK": 0, "HTTP/1.1 2000 OK": 0, "HTTP/1.1 20 OK": 0, "HTTP/1.1 2x0 OK": 0, "HTTP/1.1 -20 OK": 0,
		" HTTP/1.1\t207\u00a0Multi-Status": 207, "HTTP/1.1  503": 503, "HTTP/1.1 200": 200, "200": 200,
	} {
		if got := statusCode(s); got != want {
			t.Errorf("statusCode(%q) = %d; want %d", s, got, want)
		}
	}
	if n := testing.AllocsPerRun(100, func() { statusCode("HTTP/1.1 200 OK") }); n != 0 {
		t.Errorf("statusCode allocates %v times a call; want none (every response has a status)", n)
	}
}

// TestRelativeHrefs: a relative href is resolved against the request's
// collection; one with dot segments, or with a host, is left for parseHref.
func TestRelativeHrefs(t *testing.T) {
	base, _ := url.Parse("http://127.0.0.1:5232/cal/")
	r := &response{Hrefs: []string{"a.ics", "a%20b.ics", "/cal/c.ics", "../work/x.ics", "http://h/cal/d.ics", " e.ics "}}
	resolveHrefs(r, base)
	want := []string{"/cal/a.ics", "/cal/a%20b.ics", "/cal/c.ics", "../work/x.ics", "http://h/cal/d.ics", "/cal/e.ics"}
	if strings.Join(r.Hrefs, " ") != strings.Join(want, " ") {
		t.Errorf("resolved %q; want %q", r.Hrefs, want)
	}
}

// TestSyncSeveralHrefsOneStatus: a sync-collection response naming two
// members with one 404 (RFC 4918 section 14.24) deletes both.
func TestSyncSeveralHrefsOneStatus(t *testing.T) {
	c, _ := New(Options{URL: "http://127.0.0.1:1/", Username: "u", Password: "p"}, zap.NewNop())
	ms := &multistatus{Responses: []response{
		{Hrefs: []string{"/cal/b.ics", "/cal/c.ics"}, Status: "HTTP/1.1 404 Not Found"},
		{Hrefs: []string{"/cal/a.ics"}, Propstats: []propstat{{Status: "HTTP/1.1 200 OK"}}},
	}}
	state := map[string]bool{}
	c.syncApply(ms, "/cal/", state)
	if len(state) != 3 || state["/cal/b.ics"] || state["/cal/c.ics"] || !state["/cal/a.ics"] {
		t.Errorf("state %v; want b and c deleted, a changed", state)
	}
}

// TestBeginsVCalendar: the test on an object's first characters is the
// one strings.ToUpper of the whole object made.
func TestBeginsVCalendar(t *testing.T) {
	for _, s := range []string{"BEGIN:VCALENDAR\r\n", "begin:vcalendar", "BEGıN:VCALENDAR", "BEGIN:VCALENDA", "BEGIN:VEVENT", "", "\xffBEGIN:VCALENDAR", "Begin:VCalendar" + strings.Repeat("é", 40)} {
		if got, want := beginsVCalendar(s), strings.HasPrefix(strings.ToUpper(s), "BEGIN:VCALENDAR"); got != want {
			t.Errorf("beginsVCalendar(%q) = %v; want %v", s, got, want)
		}
	}
}
