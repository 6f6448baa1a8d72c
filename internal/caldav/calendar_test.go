package caldav

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"go.uber.org/zap/zaptest"
)

func calendarXML(href, props string) string {
	return `<d:response><d:href>` + href + `</d:href><d:propstat><d:prop>` + props +
		`</d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>`
}

const targetProps = `<d:displayname>Networking</d:displayname><d:resourcetype><d:collection/><c:calendar/></d:resourcetype>` +
	`<cs:getctag xmlns:cs="http://calendarserver.org/ns/">ctag-7</cs:getctag><d:sync-token>http://x/sync/7</d:sync-token>`

// TestCalendar: one calendar's ctag and sync-token by a Depth 0 PROPFIND.
func TestCalendar(t *testing.T) {
	tests := []struct {
		name    string
		answer  string
		want    Calendar
		wantErr bool
	}{
		{"as listed", multistatusXML(calendarXML("/home/networking/", targetProps)),
			Calendar{Path: "/home/networking/", Name: "Networking", CTag: "ctag-7", SyncToken: "http://x/sync/7"}, false},
		{"href as a full URL without the slash", multistatusXML(calendarXML("http://other.example/home/networking", targetProps)),
			Calendar{Path: "/home/networking/", Name: "Networking", CTag: "ctag-7", SyncToken: "http://x/sync/7"}, false},
		{"a plain collection", multistatusXML(calendarXML("/home/networking/", `<d:resourcetype><d:collection/></d:resourcetype>`)), Calendar{}, true},
		{"nothing about it", multistatusXML(calendarXML("/home/a/", targetProps), calendarXML("/home/b/", targetProps)), Calendar{}, true},
		{"refused inside the answer", multistatusXML(`<d:response><d:href>/home/networking/</d:href><d:status>HTTP/1.1 403 Forbidden</d:status></d:response>`), Calendar{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.Method != "PROPFIND" || r.Header.Get("Depth") != "0" || r.URL.Path != "/home/networking/" {
					t.Errorf("request %s %s Depth %q; want PROPFIND /home/networking/ Depth 0", r.Method, r.URL.Path, r.Header.Get("Depth"))
				}
				write207(w, tt.answer)
			}))
			defer srv.Close()
			c, err := New(Options{URL: srv.URL}, zaptest.NewLogger(t))
			if err != nil {
				t.Fatal(err)
			}
			got, err := c.Calendar(context.Background(), "/home/networking/")
			if (err != nil) != tt.wantErr || got.Path != tt.want.Path || got.Name != tt.want.Name || got.CTag != tt.want.CTag || got.SyncToken != tt.want.SyncToken {
				t.Errorf("Calendar = %+v, %v; want %+v (error: %v)", got, err, tt.want, tt.wantErr)
			}
		})
	}
}
