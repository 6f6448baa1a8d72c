package caldav

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/zap/zaptest"
)

func vevent(lines ...string) string {
	return "BEGIN:VEVENT\r\nUID:x\r\n" + strings.Join(lines, "\r\n") + "\r\nEND:VEVENT\r\n"
}

func vcal(parts ...string) string {
	return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n" + strings.Join(parts, "") + "END:VCALENDAR\r\n"
}

const nyZone = "BEGIN:VTIMEZONE\r\nTZID:America/New_York\r\nBEGIN:STANDARD\r\nDTSTART:19701101T020000\r\n" +
	"RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU\r\nTZOFFSETFROM:-0400\r\nTZOFFSETTO:-0500\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n"

// TestOldSeries: which objects in a window's answer prove that the server
// expands series. The window starts on 7 December 2026.
func TestOldSeries(t *testing.T) {
	limit := time.Date(2026, 12, 5, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		data string
		want bool
	}{
		{"weekly since October", vcal(vevent("DTSTART:20261001T120000Z", "DTEND:20261001T130000Z", "RRULE:FREQ=WEEKLY")), true},
		{"with time zone and alarm", vcal(nyZone, vevent("DTSTART;TZID=America/New_York:20260105T090000",
			"DTEND;TZID=America/New_York:20260105T100000", "RRULE:FREQ=DAILY", "BEGIN:VALARM", "TRIGGER:-PT15M", "END:VALARM")), true},
		{"quoted TZID with a colon", vcal(vevent(`DTSTART;TZID="/mozilla.org/x:y":20260105T090000`, "RRULE:FREQ=DAILY")), true},
		{"all-day series without DTEND", vcal(vevent("DTSTART;VALUE=DATE:20260301", "RRULE:FREQ=MONTHLY")), true},
		{"lower case names, folded rule", vcal(vevent("dtstart:20260105T090000Z", "rrule:FREQ=WEE\r\n KLY")), true},
		{"series starting in the window", vcal(vevent("DTSTART:20261208T120000Z", "RRULE:FREQ=WEEKLY")), false},
		{"series starting the day before the window", vcal(vevent("DTSTART:20261206T120000Z", "RRULE:FREQ=WEEKLY")), false},
		{"first instance lasting into the window", vcal(vevent("DTSTART:20261001T120000Z", "DTEND:20261210T120000Z", "RRULE:FREQ=YEARLY")), false},
		{"override inside the window", vcal(vevent("DTSTART:20261001T120000Z", "RRULE:FREQ=WEEKLY"),
			vevent("RECURRENCE-ID:20261210T120000Z", "DTSTART:20261210T130000Z")), false},
		{"override long ago", vcal(vevent("DTSTART:20261001T120000Z", "RRULE:FREQ=WEEKLY"),
			vevent("RECURRENCE-ID:20261008T120000Z", "DTSTART:20261008T130000Z")), true},
		{"duration is not read", vcal(vevent("DTSTART:20261001T120000Z", "DURATION:P90D", "RRULE:FREQ=YEARLY")), false},
		{"single old event", vcal(vevent("DTSTART:20261001T120000Z")), false},
		{"rule only in the time zone", vcal(nyZone, vevent("DTSTART;TZID=America/New_York:20261001T120000")), false},
		{"no start", vcal(vevent("RRULE:FREQ=WEEKLY")), false},
		{"garbage start", vcal(vevent("DTSTART:soon", "RRULE:FREQ=WEEKLY")), false},
		{"not a calendar", "hello", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := oldSeries(tt.data, limit); got != tt.want {
				t.Errorf("oldSeries(%q) = %v; want %v", tt.data, got, tt.want)
			}
		})
	}
}

// TestFetchSkipsRecurringQuery: a window answer holding a series that
// began months before proves the server expands series, and Fetch sends
// one REPORT; without such proof it asks for the recurring events too.
func TestFetchSkipsRecurringQuery(t *testing.T) {
	old := vcal(vevent("DTSTART:20261001T120000Z", "DTEND:20261001T130000Z", "RRULE:FREQ=WEEKLY"))
	single := vcal(vevent("DTSTART:20261209T120000Z"))
	recent := vcal(vevent("DTSTART:20261208T120000Z", "RRULE:FREQ=WEEKLY"))
	dated := vcal(vevent("DTSTART:20261001T120000Z", "RDATE:20261210T120000Z")) // recurs by RDATE only
	tests := []struct {
		name      string
		window    []string // hrefs answered to the time-range query
		reports   int
		wantPaths string
	}{
		{"server expands series", []string{"old", "single"}, 1, "old.ics single.ics"},
		{"no proof in the answer", []string{"single", "recent"}, 3, "dated.ics old.ics recent.ics single.ics"},
		{"empty window", nil, 3, "dated.ics old.ics recent.ics"},
	}
	data := map[string]string{"old": old, "single": single, "recent": recent, "dated": dated}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var reports atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				reports.Add(1)
				body, _ := io.ReadAll(r.Body)
				var names []string
				switch { // the series queries have a time-range too (seriesFilter)
				case strings.Contains(string(body), `name="RRULE"`):
					names = []string{"old", "recent"}
				case strings.Contains(string(body), `name="RDATE"`):
					names = []string{"dated"}
				case strings.Contains(string(body), "time-range"):
					names = tt.window
				}
				var resp []string
				for _, n := range names {
					resp = append(resp, objectXML("/cal/"+n+".ics", `"e"`, data[n]))
				}
				write207(w, multistatusXML(resp...))
			}))
			defer srv.Close()
			c, err := New(Options{URL: srv.URL}, zaptest.NewLogger(t))
			if err != nil {
				t.Fatal(err)
			}
			objs, _, err := c.Fetch(context.Background(), "/cal/", windowFrom, windowTo)
			if got := strings.Join(basenames(objs), " "); err != nil || got != tt.wantPaths {
				t.Errorf("Fetch = %q, %v; want %q", got, err, tt.wantPaths)
			}
			if got := int(reports.Load()); got != tt.reports {
				t.Errorf("Fetch sent %d REPORTs; want %d", got, tt.reports)
			}
		})
	}
}
