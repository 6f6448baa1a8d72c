package hostile

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
)

// crowded is a server whose calendar home lists n calendars that take
// events; it counts the REPORTs it is asked.
type crowded struct {
	n       int
	reports atomic.Int64
}

func (c *crowded) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	io.Copy(io.Discard, io.LimitReader(r.Body, 1<<20))
	switch {
	case r.Method == "PROPFIND" && r.URL.Path == liarHome:
		w.Header().Set("Content-Type", "application/xml")
		w.WriteHeader(http.StatusMultiStatus)
		io.WriteString(w, msOpen)
		for i := range c.n {
			fmt.Fprintf(w, `<d:response><d:href>/home/cal-%d/</d:href><d:propstat><d:prop><d:displayname>Shared %d</d:displayname>`+
				`<d:resourcetype><d:collection/><c:calendar/></d:resourcetype><cs:getctag>1</cs:getctag>`+
				`<c:supported-calendar-component-set><c:comp name="VEVENT"/></c:supported-calendar-component-set>`+
				`</d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>`, i, i)
		}
		io.WriteString(w, `</d:multistatus>`)
	case r.Method == "PROPFIND":
		ms(w, `<d:response><d:href>`+r.URL.Path+`</d:href><d:propstat><d:prop>`+
			`<d:current-user-principal><d:href>/p/</d:href></d:current-user-principal>`+
			`<c:calendar-home-set><d:href>/home/</d:href></c:calendar-home-set>`+
			`</d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>`)
	case r.Method == "REPORT":
		c.reports.Add(1)
		ms(w, "")
	default:
		w.WriteHeader(http.StatusCreated)
	}
}

// A home that lists 20,000 calendars (an organisation's shared calendars):
// without caldav.sources the pass would read every one, 20,000 REPORTs a
// pass; now it fails at once saying to list the calendars to read. With a
// source that matches none, the error lists 20 calendars and counts the
// rest (before: all 20,000, 700 KB in every pass's error and log line).
func TestHomeOfTwentyThousandCalendars(t *testing.T) {
	for _, tc := range []struct{ name, sources, want string }{
		{"no sources", "", "more than the 200 netsyncd reads when caldav.sources names none"},
		{"a source that is not there", "  sources: [Missing]\n", "and 19980 more (netsyncd calendars lists them all)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			Case(t, passBounds, "once: a calendar home of 20,000 calendars, "+tc.name, func(t *testing.T) {
				srv := &crowded{n: 20_000}
				url := servedBy(t, srv)
				cfg := writeFile(t, "config.yaml", "caldav:\n  url: "+url+"\n  username: jane\n  password_env: NETSYNCD_TEST_PASSWORD\n"+tc.sources+"state_dir: "+t.TempDir()+"\n")
				code, s, log := onceAt(t, now, cfg)
				errs := strings.Join(s.Errors, "\n")
				if code != 1 || !strings.Contains(errs, tc.want) {
					t.Errorf("once = %d, errors %.2000q; want exit 1 saying %q\n%s", code, errs, tc.want, tail(log))
				}
				if len(errs) > 4000 {
					t.Errorf("the error is %d bytes; want it short", len(errs))
				}
				if n := srv.reports.Load(); n > 2 {
					t.Errorf("the pass asked %d REPORTs; want none of the 20,000 calendars read", n)
				}
			})
		})
	}
}
