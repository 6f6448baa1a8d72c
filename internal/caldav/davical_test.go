package caldav

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"go.uber.org/zap/zaptest"
)

// The DAViCal quirks are also met for real in TestServers/davical; these
// tests pin the handling down without a server.

func TestEventHas(t *testing.T) {
	const tz = "BEGIN:VTIMEZONE\r\nTZID:America/New_York\r\nBEGIN:STANDARD\r\nDTSTART:19701101T020000\r\n" +
		"RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU\r\nTZOFFSETFROM:-0400\r\nTZOFFSETTO:-0500\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n"
	wrap := func(s string) string { return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n" + s + "END:VCALENDAR\r\n" }
	tests := []struct {
		name, data string
		want       bool
	}{
		{"single event", wrap("BEGIN:VEVENT\r\nUID:a\r\nDTSTART:20261209T080000Z\r\nEND:VEVENT\r\n"), false},
		{"weekly event", wrap("BEGIN:VEVENT\r\nUID:a\r\nRRULE:FREQ=WEEKLY\r\nEND:VEVENT\r\n"), true},
		{"rule with parameters, lower case", wrap("begin:vevent\r\nUID:a\r\nrrule;X-A=1:FREQ=DAILY\r\nend:vevent\r\n"), true},
		{"only the time zone recurs", wrap(tz + "BEGIN:VEVENT\r\nUID:a\r\nDTSTART;TZID=America/New_York:20261209T080000\r\nEND:VEVENT\r\n"), false},
		{"time zone and weekly event", wrap(tz + "BEGIN:VEVENT\r\nUID:a\r\nRRULE:FREQ=WEEKLY\r\nEND:VEVENT\r\n"), true},
		{"rule inside an alarm", wrap("BEGIN:VEVENT\r\nUID:a\r\nBEGIN:VALARM\r\nRRULE:FREQ=DAILY\r\nEND:VALARM\r\nEND:VEVENT\r\n"), false},
		{"recurring task", wrap("BEGIN:VTODO\r\nUID:a\r\nRRULE:FREQ=WEEKLY\r\nEND:VTODO\r\n"), false},
		{"bare LF line ends", strings.ReplaceAll(wrap("BEGIN:VEVENT\r\nUID:a\r\nRRULE:FREQ=WEEKLY\r\nEND:VEVENT\r\n"), "\r\n", "\n"), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := eventHas(tt.data, "RRULE"); got != tt.want {
				t.Errorf("eventHas(%q, RRULE) = %v; want %v", tt.data, got, tt.want)
			}
		})
	}
}

// A DAViCal-like server: the "RRULE is defined" query answers every event
// (old.ics is neither recurring nor in the window),
// a multiget leaves out what it does not have, and MKCALENDAR on a taken
// path is 405.
func davicalLike(t *testing.T) *Client {
	const single = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:s\r\nDTSTART:20261209T080000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
	const weekly = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:w\r\nDTSTART:20261001T080000Z\r\nRRULE:FREQ=WEEKLY\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
	resp := func(href, data string) string {
		return `<D:response><D:href>` + href + `</D:href><D:propstat><D:prop><D:getetag>"e"</D:getetag>` +
			`<C:calendar-data>` + data + `</C:calendar-data></D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response>`
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		switch {
		case r.Method == "MKCALENDAR":
			http.Error(w, "A collection already exists at that location.", http.StatusMethodNotAllowed)
			return
		case r.Method == "PROPFIND" && r.URL.Path == "/cal/taken/":
		case r.Method == "PROPFIND":
			http.NotFound(w, r)
			return
		}
		answer := resp("/cal/single.ics", single) + resp("/cal/weekly.ics", weekly)
		if strings.Contains(string(body), "time-range") && !strings.Contains(string(body), "prop-filter") {
			answer = resp("/cal/single.ics", single)
		} else if strings.Contains(string(body), "RRULE") {
			answer = resp("/cal/old.ics", strings.ReplaceAll(single, "UID:s", "UID:old")) + resp("/cal/weekly.ics", weekly)
		}
		w.Header().Set("Content-Type", "application/xml")
		w.WriteHeader(http.StatusMultiStatus)
		w.Write([]byte(`<D:multistatus xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">` + answer + `</D:multistatus>`))
	}))
	t.Cleanup(srv.Close)
	c, err := New(Options{URL: srv.URL}, zaptest.NewLogger(t))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestDAViCalQuirks(t *testing.T) {
	ctx := context.Background()
	c := davicalLike(t)
	t.Run("prop-filter is-defined ignored", func(t *testing.T) {
		// The window query answers single.ics; the RRULE query must add
		// weekly.ics only, once.
		objs, _, err := c.Fetch(ctx, "/cal/", windowFrom, windowTo)
		if got := basenames(objs); err != nil || strings.Join(got, " ") != "single.ics weekly.ics" {
			t.Errorf("Fetch = %q, %v; want single.ics weekly.ics", got, err)
		}
	})
	t.Run("multiget leaves missing hrefs out", func(t *testing.T) {
		objs, skipped, err := c.MultiGet(ctx, "/cal/", []string{"/cal/single.ics", "/cal/gone.ics"})
		if err != nil || len(objs) != 2 || len(skipped) != 1 || skipped[0].Path != "/cal/gone.ics" || !IsNotFound(skipped[0].Err) {
			t.Errorf("MultiGet = %d objects, skipped %+v, %v; want gone.ics skipped as not found", len(objs), skipped, err)
		}
	})
	t.Run("405 to MKCALENDAR on a taken path", func(t *testing.T) {
		err := c.MakeCalendar(ctx, "/cal/taken/", "Taken", []string{"VEVENT"})
		if err == nil || errors.Is(err, ErrCannotCreateCalendar) {
			t.Errorf("MakeCalendar(taken) = %v; want an error that is not ErrCannotCreateCalendar", err)
		}
	})
	t.Run("405 to MKCALENDAR on a free path", func(t *testing.T) {
		err := c.MakeCalendar(ctx, "/cal/new/", "New", []string{"VEVENT"})
		if !errors.Is(err, ErrCannotCreateCalendar) {
			t.Errorf("MakeCalendar(free) = %v; want ErrCannotCreateCalendar", err)
		}
	})
}
