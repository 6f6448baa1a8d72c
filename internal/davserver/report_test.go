package davserver

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-webdav/caldav"
)

// queryServer holds events whose overlaps with a range are easy to tell.
func queryServer(t *testing.T) (*Server, string) {
	t.Helper()
	s := New("jane")
	s.AddCalendar("personal", "Personal")
	objects := map[string]string{
		"nine":   event("nine", "20261207T090000Z", "20261207T100000Z", "Nine to ten"),
		"ten":    event("ten", "20261207T100000Z", "20261207T110000Z", "Ten to eleven"),
		"allday": strings.Replace(event("allday", "X", "Y", "All day"), "DTSTART:X\r\nDTEND:Y", "DTSTART;VALUE=DATE:20261209", 1),
		"daily": strings.Replace(event("daily", "20261207T080000Z", "20261207T090000Z", "Daily standup"),
			"SUMMARY", "RRULE:FREQ=DAILY;COUNT=5\r\nSUMMARY", 1),
		"ny": strings.Replace(event("ny", "X", "Y", "New York lunch"), "DTSTART:X\r\nDTEND:Y",
			"DTSTART;TZID=America/New_York:20261208T120000\r\nDTEND;TZID=America/New_York:20261208T130000", 1),
	}
	for name, data := range objects {
		if err := s.PutObject("personal/"+name+".ics", []byte(data)); err != nil {
			t.Fatalf("PutObject(%s): %v", name, err)
		}
	}
	return s, newTest(t, s)
}

func TestQueryTimeRange(t *testing.T) {
	_, url := queryServer(t)
	c := newClient(t, url)
	at := func(s string) time.Time {
		v, err := time.Parse("2006-01-02 15:04", s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	tests := []struct {
		name, start, end string
		want             []string
	}{
		{"exactly one event", "2026-12-07 09:00", "2026-12-07 10:00", []string{"nine"}},
		{"inside one event", "2026-12-07 09:15", "2026-12-07 09:45", []string{"nine"}},
		{"touching ends do not overlap", "2026-12-07 11:00", "2026-12-07 12:00", nil},
		{"an occurrence started before the range", "2026-12-09 08:30", "2026-12-09 08:45", []string{"allday", "daily"}},
		{"after the series ended", "2026-12-12 08:00", "2026-12-12 09:00", nil},
		{"all-day event by date", "2026-12-09 20:00", "2026-12-09 21:00", []string{"allday"}},
		{"TZID times in UTC", "2026-12-08 17:00", "2026-12-08 17:30", []string{"ny"}},
		{"the whole week", "2026-12-07 00:00", "2026-12-14 00:00", []string{"allday", "daily", "nine", "ny", "ten"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := &caldav.CalendarQuery{CompFilter: caldav.CompFilter{Name: "VCALENDAR", Comps: []caldav.CompFilter{
				{Name: "VEVENT", Start: at(tt.start), End: at(tt.end)},
			}}}
			objs, err := c.QueryCalendar(context.Background(), "/jane/calendars/personal/", q)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, o := range objs {
				got = append(got, strings.TrimSuffix(strings.TrimPrefix(o.Path, "/jane/calendars/personal/"), ".ics"))
				if o.ETag == "" || o.Data == nil {
					t.Errorf("%s came back without ETag or data", o.Path)
				}
			}
			slices.Sort(got)
			if !slices.Equal(got, tt.want) {
				t.Errorf("query [%s, %s) = %q; want %q", tt.start, tt.end, got, tt.want)
			}
		})
	}
}

func TestQueryPropFilter(t *testing.T) {
	_, url := queryServer(t)
	body := `<C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:prop><D:getetag/></D:prop>
<C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT">
<C:prop-filter name="SUMMARY"><C:text-match>STANDUP</C:text-match></C:prop-filter>
</C:comp-filter></C:comp-filter></C:filter></C:calendar-query>`
	ms := parseMultistatus(t, do(t, "REPORT", url+"/jane/calendars/personal/", body, "Depth", "1", "Content-Type", "application/xml"))
	if len(ms.Responses) != 1 || ms.Responses[0].Href != "/jane/calendars/personal/daily.ics" {
		t.Errorf("text-match STANDUP matched %+v; want only daily.ics (case-insensitive by default)", ms.Responses)
	}
}

func TestMultiget(t *testing.T) {
	_, url := queryServer(t)
	c := newClient(t, url)
	objs, err := c.MultiGetCalendar(context.Background(), "/jane/calendars/personal/", &caldav.CalendarMultiGet{
		Paths: []string{"/jane/calendars/personal/ten.ics", "/jane/calendars/personal/nine.ics"},
	})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, o := range objs {
		summary, _ := o.Data.Events()[0].Props.Text("SUMMARY")
		got = append(got, o.Path+" "+summary)
	}
	want := []string{"/jane/calendars/personal/ten.ics Ten to eleven", "/jane/calendars/personal/nine.ics Nine to ten"}
	if !slices.Equal(got, want) {
		t.Errorf("MultiGetCalendar = %q; want %q", got, want)
	}

	body := `<C:calendar-multiget xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:prop><D:getetag/></D:prop>
<D:href>` + url + `/jane/calendars/personal/nine.ics</D:href><D:href>/jane/calendars/personal/gone.ics</D:href></C:calendar-multiget>`
	ms := parseMultistatus(t, do(t, "REPORT", url+"/jane/calendars/personal/", body, "Depth", "1", "Content-Type", "application/xml"))
	if len(ms.Responses) != 2 || !strings.Contains(ms.Responses[1].Status, "404") {
		t.Fatalf("multiget with a full URL and a missing href = %+v; want two responses, the second 404", ms.Responses)
	}
	if etag, ok := ms.Responses[0].prop(nsDAV, "getetag"); !ok || !strings.HasPrefix(etag, `"`) {
		t.Errorf("getetag = %q; want a quoted strong ETag", etag)
	}
}

func TestSyncCollection(t *testing.T) {
	s, url := queryServer(t)
	c := newClient(t, url)
	ctx := context.Background()
	const cal = "/jane/calendars/personal/"
	first, err := c.SyncCollection(ctx, cal, &caldav.SyncQuery{})
	if err != nil {
		t.Fatal(err)
	}
	if len(first.Updated) != 5 || len(first.Deleted) != 0 || first.SyncToken == "" {
		t.Fatalf("initial sync = %d updated, %d deleted, token %q; want 5, 0, a token", len(first.Updated), len(first.Deleted), first.SyncToken)
	}
	if idle, err := c.SyncCollection(ctx, cal, &caldav.SyncQuery{SyncToken: first.SyncToken}); err != nil || len(idle.Updated)+len(idle.Deleted) != 0 || idle.SyncToken != first.SyncToken {
		t.Fatalf("sync with no change = %+v, %v; want nothing and the same token", idle, err)
	}

	put(t, url+cal+"new.ics", event("new", "20261207T090000Z", "20261207T100000Z", "New"))
	do(t, http.MethodDelete, url+cal+"ten.ics", "")
	next, err := c.SyncCollection(ctx, cal, &caldav.SyncQuery{SyncToken: first.SyncToken})
	if err != nil {
		t.Fatal(err)
	}
	if len(next.Updated) != 1 || next.Updated[0].Path != cal+"new.ics" || next.Updated[0].ETag != etagOf(s.Objects("personal")[cal+"new.ics"]) {
		t.Errorf("sync Updated = %+v; want new.ics with its ETag", next.Updated)
	}
	if !slices.Equal(next.Deleted, []string{cal + "ten.ics"}) {
		t.Errorf("sync Deleted = %q; want ten.ics", next.Deleted)
	}

	bogus := `<d:sync-collection xmlns:d="DAV:"><d:sync-token>urn:elsewhere:1</d:sync-token><d:sync-level>1</d:sync-level><d:prop><d:getetag/></d:prop></d:sync-collection>`
	if r := do(t, "REPORT", url+cal, bogus, "Content-Type", "application/xml"); r.status != http.StatusForbidden || !strings.Contains(r.body, "valid-sync-token") {
		t.Errorf("sync with a foreign token = %d %s; want 403 valid-sync-token", r.status, r.body)
	}
}

func TestUnknownReport(t *testing.T) {
	_, url := queryServer(t)
	r := do(t, "REPORT", url+"/jane/calendars/personal/", `<x:bogus xmlns:x="urn:x"/>`, "Content-Type", "application/xml")
	if r.status != http.StatusForbidden {
		t.Errorf("unknown REPORT = %d; want 403", r.status)
	}
}
