package caldav

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
)

// An answer over a bound says what to do about the cause: one object too
// big is named and the window is not blamed; a few objects holding most of
// the data are named; many objects get the window hint; attachments that
// made most of the body are said to be attachments.
func TestSizeHintFitsTheCause(t *testing.T) {
	bodyCap, keptCap, skipCap = 16<<20, 4<<20, 12<<20
	defer func() { bodyCap, keptCap, skipCap = MaxBody, MaxKept, MaxSkip }()
	open := `<?xml version="1.0"?><d:multistatus xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav">`
	small := eventWith("small", "DESCRIPTION:"+strings.Repeat("s", 2000)+"\r\n")
	for _, tc := range []struct {
		name      string
		handler   http.HandlerFunc
		want, not []string
	}{
		{"one object over MaxObject*2", func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusMultiStatus)
			io.WriteString(w, open+objectXML("/cal/a.ics", "1", tinyCal)+`<d:response><d:href>/cal/whole-export.ics</d:href><d:propstat><d:prop><c:calendar-data>`)
			io.Copy(w, io.LimitReader(endless{}, bodyCap+1<<20))
		}, []string{"the response for /cal/whole-export.ics", "delete or split it", "a shorter window does not help"}, []string{"shorten window.past"}},
		{"text between responses that never ends", func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusMultiStatus)
			io.WriteString(w, open+objectXML("/cal/a.ics", "1", tinyCal))
			io.Copy(w, io.LimitReader(endless{}, respCap+1<<20))
		}, []string{"after /cal/a.ics", "sent a broken answer"}, []string{"shorten window.past"}},
		{"one object holds most", func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusMultiStatus)
			io.WriteString(w, open+objectXML("/cal/agenda.ics", "1", eventWith("big", "DESCRIPTION:"+strings.Repeat("z", MaxObject-1000)+"\r\n")))
			for i := range 400 {
				io.WriteString(w, objectXML(fmt.Sprintf("/cal/%d.ics", i), "1", small))
			}
			io.WriteString(w, `</d:multistatus>`)
		}, []string{"most of it is /cal/agenda.ics (", "delete or shorten those objects"}, []string{"shorten window.past"}},
		{"many objects", func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusMultiStatus)
			io.WriteString(w, open)
			for i := range 3000 {
				io.WriteString(w, objectXML(fmt.Sprintf("/cal/%d.ics", i), "1", small))
			}
			io.WriteString(w, `</d:multistatus>`)
		}, []string{"objects read", "KiB an object", "shorten window.past and window.future"}, []string{"most of it is"}},
		{"attachments", func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusMultiStatus)
			io.WriteString(w, open)
			att := "ATTACH;VALUE=BINARY;ENCODING=BASE64:" + strings.Repeat("QUJD", 25000) + "\r\n"
			for i := range 200 {
				io.WriteString(w, objectXML(fmt.Sprintf("/cal/%d.ics", i), "1", eventWith(fmt.Sprint(i), att)))
			}
			io.WriteString(w, `</d:multistatus>`)
		}, []string{"larger than the body cap of 16 MiB", "are inline attachments", "remove the attachments"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFake(t, tc.handler)
			c, _ := fakeClient(t, f.URL)
			_, _, err := c.FetchAll(context.Background(), "/cal/")
			if err == nil {
				t.Fatal("FetchAll succeeded; want an answer over a bound")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q; want it to say %q", err, w)
				}
			}
			for _, n := range tc.not {
				if strings.Contains(err.Error(), n) {
					t.Errorf("error %q; want it not to say %q", err, n)
				}
			}
		})
	}
}
