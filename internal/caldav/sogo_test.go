package caldav

import (
	"context"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/netsyncd/netsyncd/internal/testservers"
)

// TestSOGoDifferences pins down, on a real SOGo 5.8, what it does
// differently from RFC 4791/4918 (each first subtest, with raw requests,
// fails when the behaviour stops), and checks what this package does
// about it (sogo.go). docs/compatibility.md lists them with this test as
// the evidence.
func TestSOGoDifferences(t *testing.T) {
	srv := testservers.SOGo(t)
	ctx := context.Background()
	c := clientFor(t, srv, srv.URL)
	cal := srv.MakeCalendar(t, "Work")
	if _, err := c.Calendars(ctx, srv.Home); err != nil {
		t.Fatal(err)
	}
	if !c.isSOGo() {
		t.Fatal("the client did not recognize SOGo from its answers")
	}
	if !c.SerialWrites() {
		t.Error("SerialWrites is false on SOGo; a pass would send its writes together")
	}
	ics := func(h http.Header) http.Header {
		h.Set("Content-Type", "text/calendar; charset=utf-8")
		return h
	}
	put := func(path, uid, summary string, h http.Header) (int, http.Header) {
		t.Helper()
		code, header, _ := srv.Do(t, http.MethodPut, path, ics(h), entry(uid, summary))
		return code, header
	}

	t.Run("If-None-Match is ignored on PUT", func(t *testing.T) {
		if code, _ := put(cal+"inm.ics", "sogo-inm@netsyncd", "First", http.Header{}); code != http.StatusCreated {
			t.Fatalf("PUT = %d", code)
		}
		code, _ := put(cal+"inm.ics", "sogo-inm@netsyncd", "Second", http.Header{"If-None-Match": {"*"}})
		if code != http.StatusNoContent || !strings.Contains(string(srv.Get(t, cal+"inm.ics")), "SUMMARY:Second") {
			t.Errorf("PUT with If-None-Match: * over an object = %d; SOGo overwrote it with 204 before (RFC 9110 says 412)", code)
		}
		// Handled: a create is checked with a GET first.
		_, err := c.Put(ctx, cal+"inm.ics", entry("sogo-inm@netsyncd", "Third"), Precondition{IfNoneMatch: true})
		if !IsPreconditionFailed(err) || !strings.Contains(string(srv.Get(t, cal+"inm.ics")), "SUMMARY:Second") {
			t.Errorf("Put(create) over an object = %v; want a 412 and the object as it was", err)
		}
	})

	t.Run("If-Match is ignored on DELETE", func(t *testing.T) {
		code, h := put(cal+"im.ics", "sogo-im@netsyncd", "First", http.Header{})
		first := h.Get("ETag")
		if code, _ = put(cal+"im.ics", "sogo-im@netsyncd", "Edited", http.Header{"If-Match": {first}}); code/100 != 2 {
			t.Fatalf("PUT with the right If-Match = %d", code)
		}
		if code, _ = put(cal+"im.ics", "sogo-im@netsyncd", "Stale", http.Header{"If-Match": {first}}); code != http.StatusPreconditionFailed {
			t.Errorf("PUT with a stale If-Match = %d; SOGo answered 412", code)
		}
		// Handled: the ETag is checked with a PROPFIND first.
		if err := c.Delete(ctx, cal+"im.ics", normalizeETag(first)); !IsPreconditionFailed(err) {
			t.Errorf("Delete with a stale ETag = %v; want 412", err)
		}
		if !strings.Contains(string(srv.Get(t, cal+"im.ics")), "SUMMARY:Edited") {
			t.Error("Delete with a stale ETag deleted the edited object")
		}
		code, _, _ = srv.Do(t, http.MethodDelete, cal+"im.ics", http.Header{"If-Match": {first}}, nil)
		if code/100 != 2 {
			t.Errorf("DELETE with a stale If-Match = %d; SOGo deleted the object before (RFC 9110 says 412)", code)
		}
		if err := c.Delete(ctx, cal+"im.ics", normalizeETag(first)); !IsNotFound(err) {
			t.Errorf("Delete of a deleted object = %v; want 404", err)
		}
	})

	t.Run("every new object has the same ETag", func(t *testing.T) {
		_, a := put(cal+"e1.ics", "sogo-e1@netsyncd", "A", http.Header{})
		_, b := put(cal+"e2.ics", "sogo-e2@netsyncd", "B", http.Header{})
		if a.Get("ETag") != `"gcs00000000"` || b.Get("ETag") != a.Get("ETag") {
			t.Errorf("ETags of two new objects = %q, %q; SOGo gave both \"gcs00000000\"", a.Get("ETag"), b.Get("ETag"))
		}
	})

	t.Run("a query naming only VCALENDAR finds nothing", func(t *testing.T) {
		body := xmlHeader + `<C:calendar-query ` + calNS + `><D:prop><D:getetag/></D:prop>` +
			`<C:filter><C:comp-filter name="VCALENDAR"/></C:filter></C:calendar-query>`
		code, _, b := srv.Do(t, "REPORT", cal, http.Header{"Depth": {"1"}, "Content-Type": {"application/xml"}}, []byte(body))
		if code != http.StatusMultiStatus || strings.Contains(string(b), "<D:response>") {
			t.Errorf("calendar-query for VCALENDAR = %d\n%s\nSOGo answered an empty multi-status before", code, b)
		}
		// Handled: one query for VEVENT, one for VTODO.
		srv.Put(t, cal+"task.ics", []byte(strings.NewReplacer("VEVENT", "VTODO", "DTEND:20261209T083000Z", "DUE:20261209T083000Z").
			Replace(string(entry("sogo-task@netsyncd", "Task")))))
		all, skipped, err := c.FetchAll(ctx, cal)
		if got := basenames(all); err != nil || len(skipped) != 0 || !strings.Contains(strings.Join(got, " "), "e1.ics e2.ics inm.ics task.ics") {
			t.Errorf("FetchAll on SOGo = %q, %d skipped, %v; want e1, e2, inm and task", got, len(skipped), err)
		}
		// Also as the first request of a client, before it knows SOGo.
		first, _, err := clientFor(t, srv, srv.URL).FetchAll(ctx, cal)
		if err != nil || len(first) != len(all) {
			t.Errorf("FetchAll as a client's first request = %d objects, %v; want %d", len(first), err, len(all))
		}
	})

	t.Run("ctag and sync token are Unix seconds", func(t *testing.T) {
		const body = xmlHeader + `<D:propfind xmlns:D="DAV:" xmlns:CS="http://calendarserver.org/ns/"><D:prop><CS:getctag/><D:sync-token/></D:prop></D:propfind>`
		// The change and the reads must fall in one second: on a loaded
		// machine they may not, and then it is tried again.
		var m [][]byte
		var work *Calendar
		for attempt := 0; ; attempt++ {
			startOfSecond()
			srv.Put(t, cal+"tick.ics", entry("sogo-tick@netsyncd", "Tick "+strconv.Itoa(attempt)))
			changed := time.Now().Unix()
			code, _, b := srv.Do(t, "PROPFIND", cal, http.Header{"Depth": {"0"}, "Content-Type": {"application/xml"}}, []byte(body))
			m = regexp.MustCompile(`getctag>(\d+)<.*sync-token>(\d+)<`).FindSubmatch(b)
			if code != http.StatusMultiStatus || m == nil || string(m[1]) != string(m[2]) {
				t.Fatalf("PROPFIND getctag, sync-token = %d\n%s\nSOGo gave the Unix second of the last change for both", code, b)
			}
			// Handled: a value of the current second is reported unsettled,
			// the sync token one second earlier; two seconds on, as it is.
			cals, err := c.Calendars(ctx, srv.Home)
			one, oneErr := c.Calendar(ctx, cal) // the daemon's read of the target after its writes
			if time.Now().Unix() != changed && attempt < 4 {
				continue
			}
			if oneErr != nil || !strings.Contains(one.CTag, "~unsettled~") || one.SyncToken != strconv.FormatInt(mustInt(t, m[2])-1, 10) {
				t.Errorf("Calendar() right after a change = %+v, %v; want it settled as Calendars() is", one, oneErr)
			}
			if secs := mustInt(t, m[1]); secs != changed {
				t.Errorf("ctag %d; SOGo gave the second of the last change, %d", secs, changed)
			}
			work = findCal(cals, cal)
			if err != nil || work == nil || !strings.Contains(work.CTag, "~unsettled~") || work.SyncToken != strconv.FormatInt(mustInt(t, m[2])-1, 10) {
				t.Fatalf("Calendars() right after a change = %+v, %v; want the ctag unsettled and the sync token %s - 1", work, err, m[2])
			}
			break
		}
		again, _ := c.Calendars(ctx, srv.Home)
		if w := findCal(again, cal); w == nil || w.CTag == work.CTag {
			t.Errorf("two unsettled ctags are equal: %+v; want them to differ", w)
		}
		srv.Settle()
		cals, err := c.Calendars(ctx, srv.Home)
		if work := findCal(cals, cal); err != nil || work == nil || work.CTag != string(m[1]) || work.SyncToken != string(m[2]) {
			t.Errorf("Calendars() two seconds after the change = %+v, %v; want ctag and sync token %s", work, err, m[1])
		}
	})

	t.Run("a sync token of the current second is the second before", func(t *testing.T) {
		// The change and the report must fall in one second: on a loaded
		// machine they may not, and then it is tried again.
		var token string
		for attempt := 0; ; attempt++ {
			startOfSecond()
			srv.Put(t, cal+"tock.ics", entry("sogo-tock@netsyncd", "Tock "+strconv.Itoa(attempt)))
			changed := time.Now().Unix()
			_, _, tok, err := c.SyncCollection(ctx, cal, "")
			if time.Now().Unix() != changed && attempt < 4 {
				continue
			}
			if token = tok; err != nil || token != strconv.FormatInt(changed-1, 10) {
				t.Errorf("sync-collection in the second of a change gave token %q, %v; SOGo gave the second before, %d", token, err, changed-1)
			}
			break
		}
		// So the changes of that second come again next time.
		srv.Put(t, cal+"tock2.ics", entry("sogo-tock2@netsyncd", "Tock 2"))
		changedPaths, _, _, err := c.SyncCollection(ctx, cal, token)
		if err != nil || !strings.Contains(strings.Join(changedPaths, " "), cal+"tock2.ics") {
			t.Errorf("SyncCollection(%s) = %q, %v; want tock2.ics", token, changedPaths, err)
		}
	})

	t.Run("an unknown sync token gets a full listing", func(t *testing.T) {
		changed, deleted, _, err := c.SyncCollection(ctx, cal, "http://example.invalid/sync/0000")
		if err != nil || len(changed) == 0 || !strings.Contains(strings.Join(deleted, " "), cal+"im.ics") {
			t.Errorf("SyncCollection(bogus token) = %d changed, deleted %q, %v; SOGo answered with a full listing, deletions included, not 403 valid-sync-token",
				len(changed), deleted, err)
		}
	})

	t.Run("a UID at another href is 409 with a sentence", func(t *testing.T) {
		code, _, b := srv.Do(t, http.MethodPut, cal+"dup.ics", ics(http.Header{}), entry("sogo-e1@netsyncd", "Dup"))
		if code != http.StatusConflict || !strings.Contains(string(b), `<D:error xmlns:D="DAV">Event UID already in use.`) {
			t.Errorf("PUT of a UID in use = %d\n%s\nSOGo answered 409 with `<D:error xmlns:D=\"DAV\">Event UID already in use.`", code, b)
		}
		// Handled: read as the UID conflict it is.
		_, err := c.Put(ctx, cal+"dup.ics", entry("sogo-e1@netsyncd", "Dup"), Precondition{IfNoneMatch: true})
		if !IsUIDConflict(err) || IsPreconditionFailed(err) || !strings.Contains(err.Error(), "UID already in use") {
			t.Errorf("Put of a UID in use = %v; want a UID conflict quoting SOGo", err)
		}
		// In another calendar the UID is free: unique per calendar.
		other := srv.MakeCalendar(t, "Other")
		if _, err := c.Put(ctx, other+"dup.ics", entry("sogo-e1@netsyncd", "Dup"), Precondition{IfNoneMatch: true}); err != nil {
			t.Errorf("Put of the UID in another calendar = %v; SOGo took it", err)
		}
	})

	t.Run("sogod answers the root with its login page", func(t *testing.T) {
		// sogod itself, without the web server that redirects
		// /.well-known/caldav (SOGo's packaged apache.conf).
		for _, p := range []string{"/", "/.well-known/caldav"} {
			code, ct, err := directPropfind(srv, p)
			if err != nil || code != http.StatusOK || !strings.HasPrefix(ct, "text/html") {
				t.Errorf("sogod's PROPFIND %s = %d %s, %v; it answered its HTML login page before", p, code, ct, err)
			}
		}
		// Handled: /SOGo/dav/ is tried last.
		direct, err := New(Options{URL: srv.Direct, Username: srv.Username, Password: srv.Password,
			HTTPClient: &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}}, nil)
		if err != nil {
			t.Fatal(err)
		}
		home, err := direct.Discover(ctx)
		for attempt := 0; attempt < 4; attempt++ {
			if retry, _ := Retryable(err); !retry {
				break
			}
			time.Sleep(200 * time.Millisecond) // a reset, as above
			home, err = direct.Discover(ctx)
		}
		if err != nil || home != srv.Home {
			t.Errorf("Discover() from sogod's root = %q, %v; want %s", home, err, srv.Home)
		}
		if home, err := c.Discover(ctx); err != nil || home != srv.Home {
			t.Errorf("Discover() from the web server's root = %q, %v; want %s", home, err, srv.Home)
		}
	})
}

// directPropfind sends a Depth 0 PROPFIND to sogod itself and returns the
// status and Content-Type. sogod resets a connection now and then right
// after serving its login page (the reason SOGo's guide and
// testservers.SOGo put a web server in front of it): a reset is tried
// again, up to five times.
func directPropfind(srv *testservers.Server, path string) (int, string, error) {
	hc := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	var err error
	for attempt := 0; attempt < 5; attempt++ {
		req, _ := http.NewRequest("PROPFIND", srv.Direct+path, nil)
		req.Header.Set("Depth", "0")
		req.SetBasicAuth(srv.Username, srv.Password)
		var resp *http.Response
		if resp, err = hc.Do(req); err == nil {
			resp.Body.Close()
			return resp.StatusCode, resp.Header.Get("Content-Type"), nil
		}
		time.Sleep(200 * time.Millisecond)
	}
	return 0, "", err
}

// startOfSecond waits for the next second of the clock to begin, so that
// what follows (a few requests to a server on loopback) happens within
// one second.
func startOfSecond() {
	now := time.Now()
	time.Sleep(now.Truncate(time.Second).Add(time.Second + 20*time.Millisecond).Sub(now))
}

func mustInt(t *testing.T, b []byte) int64 {
	t.Helper()
	n, err := strconv.ParseInt(string(b), 10, 64)
	if err != nil {
		t.Fatalf("not a number: %q", b)
	}
	return n
}
