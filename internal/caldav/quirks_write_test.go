package caldav

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
)

func TestPutAnswers(t *testing.T) {
	const uidConflict = `<d:response><d:href>http%3A//x/cal/e.ics</d:href><d:status>HTTP/1.1 412 Precondition Failed</d:status>` +
		`<d:error><c:no-uid-conflict/></d:error><d:responsedescription>UID already in use.</d:responsedescription></d:response>`
	const invalid = `<d:response><d:href>/cal/e.ics</d:href><d:status>HTTP/1.1 412 Precondition Failed</d:status>` +
		`<d:error><c:valid-calendar-data/></d:error><d:responsedescription>Not a valid calendar file</d:responsedescription></d:response>`
	const ok = `<d:response><d:href>/cal/e.ics</d:href><d:status>HTTP/1.1 201 Created</d:status></d:response>`
	// stored, when not empty, is what a GET of /cal/e.ics answers.
	for _, tc := range []struct {
		name     string
		put      func(w http.ResponseWriter)
		stored   string
		wantETag string
		check    func(error) bool
	}{
		{"207 uid conflict", func(w http.ResponseWriter) { write207(w, multistatusXML(uidConflict)) }, "", "",
			func(err error) bool { return IsUIDConflict(err) && !IsPreconditionFailed(err) }},
		{"207 invalid data", func(w http.ResponseWriter) { write207(w, multistatusXML(invalid)) }, "", "",
			func(err error) bool {
				var se *StatusError
				return errors.As(err, &se) && se.Status == 412 && se.Condition == "valid-calendar-data" && IsPreconditionFailed(err)
			}},
		{"207 all ok, data stored", func(w http.ResponseWriter) { write207(w, multistatusXML(ok)) }, tinyCal, "from-get", nil},
		{"207 unreadable", func(w http.ResponseWriter) { write207(w, "<html>") }, tinyCal, "",
			func(err error) bool { var se *StatusError; return errors.As(err, &se) && se.Status == 207 }},
		{"201 without etag, data stored reordered", func(w http.ResponseWriter) { w.WriteHeader(201) },
			strings.Replace(tinyCal, "UID:u\r\nDTSTAMP:20261101T000000Z", "DTSTAMP:20261101T000000Z\nUID:u", 1), "from-get", nil},
		{"201 without etag, nothing stored", func(w http.ResponseWriter) { w.WriteHeader(201) }, "", "",
			func(err error) bool { return errors.Is(err, ErrWriteLost) }},
		{"204 without etag, other data stored", func(w http.ResponseWriter) { w.WriteHeader(204) },
			strings.Replace(tinyCal, "UID:u", "UID:other", 1), "",
			func(err error) bool {
				var so *StoredOtherError
				return errors.Is(err, ErrWriteLost) && errors.As(err, &so) && so.Stored.ETag == "from-get" && strings.Contains(string(so.Stored.Data), "UID:other")
			}},
		{"412", func(w http.ResponseWriter) { w.WriteHeader(412) }, "", "", IsPreconditionFailed},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
				switch {
				case r.Method == "PUT":
					tc.put(w)
				case tc.stored == "":
					http.NotFound(w, r)
				default:
					w.Header().Set("ETag", `"from-get"`)
					w.Write([]byte(tc.stored))
				}
			})
			c, _ := fakeClient(t, f.URL)
			etag, err := c.Put(context.Background(), "/cal/e.ics", []byte(tinyCal), Precondition{IfNoneMatch: true})
			if tc.check == nil && (err != nil || etag != tc.wantETag) {
				t.Errorf("Put = %q, %v; want %q", etag, err, tc.wantETag)
			}
			if tc.check != nil && (err == nil || !tc.check(err)) {
				t.Errorf("Put = %q, %v; want the error this case describes", etag, err)
			}
			if got := f.requests()[0].Header.Get("If-None-Match"); got != "*" {
				t.Errorf("Put sent If-None-Match %q; want *", got)
			}
		})
	}
}

func TestMakeCalendarRefused(t *testing.T) {
	for _, status := range []int{http.StatusForbidden, http.StatusMethodNotAllowed, http.StatusNotImplemented} {
		t.Run(http.StatusText(status), func(t *testing.T) {
			f := newFake(t, func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(status) })
			c, _ := fakeClient(t, f.URL)
			err := c.MakeCalendar(context.Background(), "/cal/netsyncd/", "netsyncd", []string{"VEVENT", "VTODO"})
			var se *StatusError
			if !errors.Is(err, ErrCannotCreateCalendar) || !errors.As(err, &se) || se.Status != status ||
				!strings.Contains(err.Error(), `create the calendar "netsyncd"`) {
				t.Errorf("MakeCalendar = %v; want ErrCannotCreateCalendar telling to create it by hand", err)
			}
			body := f.requests()[0].Body
			if !strings.Contains(body, `<C:comp name="VEVENT"/><C:comp name="VTODO"/>`) || !strings.Contains(body, "<D:displayname>netsyncd<") {
				t.Errorf("MKCALENDAR body %s; want the display name and both components", body)
			}
		})
	}
}

// TestMakeCalendarOnSOGoAsksAgain: SOGo's workers can pick a new
// calendar's table name another worker has used and then answer 400 "The
// new folder could not be created" (sogoTableClash); MakeCalendar asks
// again, at most sogoMakeTries times, and only SOGo, and only for that.
func TestMakeCalendarOnSOGoAsksAgain(t *testing.T) {
	const clash = `<?xml version="1.0" encoding="utf-8"?><D:error xmlns:D="DAV">The new folder could not be created</D:error>`
	for _, tc := range []struct {
		name   string
		server string // the Server header: SOGo's is SOPE
		fails  int    // answers of 400 before a 201
		body   string
		sent   int
		ok     bool
	}{
		{"sogo, one clash", "SOPE/4.9", 1, clash, 2, true},
		{"sogo, clashes past the tries", "SOPE/4.9", 5, clash, sogoMakeTries, false},
		{"sogo, another 400", "SOPE/4.9", 1, `<D:error xmlns:D="DAV">Bad name</D:error>`, 1, false},
		{"not sogo", "Radicale", 1, clash, 1, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := 0
			f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Server", tc.server)
				if n++; n <= tc.fails {
					w.Header().Set("Content-Type", "text/xml")
					w.WriteHeader(http.StatusBadRequest)
					w.Write([]byte(tc.body))
					return
				}
				w.WriteHeader(http.StatusCreated)
			})
			c, _ := fakeClient(t, f.URL)
			err := c.MakeCalendar(context.Background(), "/cal/netsyncd/", "netsyncd", []string{"VEVENT"})
			if got := len(f.requests()); got != tc.sent || (err == nil) != tc.ok {
				t.Errorf("MakeCalendar sent %d requests and gave %v; want %d and ok=%v", got, err, tc.sent, tc.ok)
			}
		})
	}
}

func TestSyncAnswers(t *testing.T) {
	page := 0
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		body := r.Header.Get("Depth") + " " + readAll(r)
		switch {
		case strings.Contains(body, "<D:sync-token>refused</D:sync-token>"):
			w.Header().Set("Content-Type", "application/xml")
			w.WriteHeader(http.StatusForbidden)
			w.Write([]byte(`<?xml version="1.0"?><d:error xmlns:d="DAV:"><d:valid-sync-token/></d:error>`))
		case strings.Contains(body, "<D:sync-token>forbidden</D:sync-token>"):
			http.Error(w, "no", http.StatusForbidden)
		case !strings.HasPrefix(body, "0 "):
			http.Error(w, "sync-collection wants Depth 0", http.StatusBadRequest)
		case page == 0:
			page++ // truncated: a 507 on the collection itself
			write207(w, `<d:multistatus xmlns:d="DAV:"><d:sync-token>t1</d:sync-token>`+
				`<d:response><d:href>/cal/a.ics</d:href><d:propstat><d:prop><d:getetag>"1"</d:getetag></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>`+
				`<d:response><d:href>/cal/b.ics</d:href><d:propstat><d:prop><d:getetag>"1"</d:getetag></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>`+
				`<d:response><d:href>/cal/</d:href><d:status>HTTP/1.1 507 Insufficient Storage</d:status></d:response></d:multistatus>`)
		default:
			write207(w, `<d:multistatus xmlns:d="DAV:"><d:sync-token>t2</d:sync-token>`+
				`<d:response><d:href>/cal/b.ics</d:href><d:status>HTTP/1.1 404 Not Found</d:status></d:response>`+
				`<d:response><d:href>/cal/c%20d.ics</d:href><d:propstat><d:prop><d:getetag>W/"2"</d:getetag></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>`+
				`<d:response><d:href>/cal/</d:href><d:propstat><d:prop><d:getetag>"col"</d:getetag></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response></d:multistatus>`)
		}
	})
	c, _ := fakeClient(t, f.URL)
	ctx := context.Background()
	changed, deleted, tok, err := c.SyncCollection(ctx, "/cal/", "t0")
	if err != nil || strings.Join(changed, ",") != "/cal/a.ics,/cal/c d.ics" || strings.Join(deleted, ",") != "/cal/b.ics" || tok != "t2" {
		t.Errorf("SyncCollection over a truncated answer = %q, %q, %q, %v; want a.ics and c d.ics changed, b.ics deleted, t2",
			changed, deleted, tok, err)
	}
	if _, _, _, err := c.SyncCollection(ctx, "/cal/", "refused"); !errors.Is(err, ErrSyncTokenInvalid) {
		t.Errorf("SyncCollection(403 valid-sync-token) = %v; want ErrSyncTokenInvalid", err)
	}
	_, _, _, err = c.SyncCollection(ctx, "/cal/", "forbidden")
	if var403 := (*StatusError)(nil); errors.Is(err, ErrSyncTokenInvalid) || !errors.As(err, &var403) {
		t.Errorf("SyncCollection(403 without valid-sync-token) = %v; want a plain status error", err)
	}
}

func readAll(r *http.Request) string {
	var b strings.Builder
	buf := make([]byte, 4096)
	for {
		n, err := r.Body.Read(buf)
		b.Write(buf[:n])
		if err != nil {
			return b.String()
		}
	}
}
