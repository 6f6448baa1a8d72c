package caldav

import (
	"bytes"
	"context"
	"encoding/xml"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"go.uber.org/zap"
)

// What SOGo 5.8 does differently, and what this package does about it.
// docs/compatibility.md lists each with the evidence; TestSOGoDifferences
// (sogo_test.go) fails when one stops, and the real-server suites run on
// SOGo with this handling.
//
// The client knows it talks to SOGo from the first answer whose Server
// header is SOPE's ("SOPE 4.9.37/WebDAV"), or from a successful answer
// for a path under /SOGo/dav/ (the only place SOGo serves CalDAV; a web
// server in front may replace the Server header). Discovery and the
// calendar listing come before any write, so every write knows.

// sogoDAVRoot is where SOGo serves CalDAV; discovery tries it last when
// the server root and /.well-known/caldav say nothing (sogod without the
// web server SOGo's guide puts in front of it answers both with its login
// page).
const sogoDAVRoot = "/SOGo/dav/"

// sogoState is what the client learnt about SOGo.
type sogoState struct {
	seen atomic.Bool
	// unsettled numbers the ctags this client reported unsettled; with
	// the time, no two are equal, in this process or the next (see
	// settleCalendar).
	unsettled atomic.Int64
}

// noteServer marks the client as talking to SOGo when an answer says so.
func (c *Client) noteServer(req *http.Request, resp *http.Response) {
	if c.sogo.seen.Load() {
		return
	}
	byPath := resp.StatusCode/100 == 2 && strings.HasPrefix(req.URL.Path, sogoDAVRoot)
	if !byPath && !strings.HasPrefix(resp.Header.Get("Server"), "SOPE") {
		return
	}
	if c.sogo.seen.CompareAndSwap(false, true) {
		c.log.Info("the server is SOGo: it ignores If-None-Match on PUT and If-Match on DELETE, so every create is "+
			"checked with a GET and every delete with a PROPFIND of the ETag first (docs/compatibility.md)",
			zap.String("host", req.URL.Host))
	}
}

// isSOGo tells whether the server is known to be SOGo.
func (c *Client) isSOGo() bool { return c.sogo.seen.Load() }

// SerialWrites tells whether a pass should write one entry at a time.
// On SOGo it does: this package plays If-None-Match and If-Match there
// with a check before each write (checkETag, the GET before a create),
// which writes sent together would race; and SOGo 5.8 answered one of
// eight PUTs in flight with 500 Internal Server Error once, in the kill -9
// convergence test (TestKilledPassesConverge/sogo), never with one.
func (c *Client) SerialWrites() bool { return c.isSOGo() }

// checkETag plays If-Match for a DELETE on SOGo, which deletes whatever
// the ETag: a Depth 0 PROPFIND of the object's getetag, and a 412 when it
// is not ifMatch (the object changed since it was read: the user's edit
// wins), a 404 when the object is gone. SOGo's ETag is a version number
// per object ("gcs00000003"), raised by every change. What is lost: a
// change made between this PROPFIND and the DELETE (milliseconds) is
// deleted with the object.
func (c *Client) checkETag(ctx context.Context, path, ifMatch string) error {
	const body = xmlHeader + `<D:propfind xmlns:D="DAV:"><D:prop><D:getetag/></D:prop></D:propfind>`
	ms, err := c.report(ctx, "PROPFIND", path, "0", body)
	if err != nil {
		return err
	}
	for i := range ms.Responses {
		r := &ms.Responses[i]
		if p, err := r.path(); err != nil || trimSlash(p) != trimSlash(path) {
			continue
		}
		if e := r.prop().ETag; e != nil && normalizeETag(*e) == normalizeETag(ifMatch) {
			return nil
		}
		break
	}
	return &StatusError{Method: http.MethodDelete, URL: c.resolve(path).Redacted(), Status: http.StatusPreconditionFailed,
		Body: "the object changed since it was read (checked with a PROPFIND: SOGo ignores If-Match on DELETE)"}
}

// sogoFetchAll is FetchAll on SOGo, which answers a calendar-query whose
// filter names only VCALENDAR with an empty multi-status: one query for
// the VEVENTs and one for the VTODOs, the components netsyncd reads and
// writes. Other objects (VJOURNAL) are not listed; netsyncd never writes
// over one, since creates are checked with a GET on SOGo.
func (c *Client) sogoFetchAll(ctx context.Context, cal string) (*multistatus, error) {
	all := &multistatus{}
	for _, comp := range []string{"VEVENT", "VTODO"} {
		ms, err := c.calendarQuery(ctx, cal, `<C:comp-filter name="VCALENDAR"><C:comp-filter name="`+comp+`"/></C:comp-filter>`)
		if err != nil {
			return nil, err
		}
		all.Responses = append(all.Responses, ms.Responses...)
	}
	return all, nil
}

// SOGo's ctag and sync token are the Unix second of the calendar's last
// change (c_lastmodified). A change made later within that same second
// leaves both as they were, so a ctag read while its second is not over
// could hide the next change until another one comes. A value is settled
// once the answer that carries it was made two seconds after it (its Date
// header): the value was read at least a second after its own second
// ended, so any later change has a later second. (An answer takes well
// under a second to make.)
//
// An unsettled ctag is reported with a suffix that makes it unequal to
// any ctag stored before, in this process or an earlier one
// ("1796135813~unsettled~1796135813200456789.4"): the caller looks for
// changes. An unsettled sync token is reported one second earlier:
// SOGo lists the changes after a token's second, so the next
// sync-collection lists the whole second again, the changes made after
// this read included. Both are settled (plain) again two seconds after the
// last change, when an idle pass is back to one request.
//
// SOGo's own sync-collection answer already does this for its token (it
// answers the second before when the last change is in the current one:
// TestSOGoDifferences), so SyncCollection passes it on as it is.

// unsettledSeconds is v as Unix seconds when it is one SOGo made less than
// two seconds before date.
func unsettledSeconds(v string, date time.Time) (int64, bool) {
	n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	if err != nil || date.IsZero() {
		return 0, false
	}
	return n, n >= date.Unix()-1
}

// settleCalendar applies the rule to a calendar listed in an answer of
// the given Date.
func (c *Client) settleCalendar(cal *Calendar, date time.Time) {
	if !c.isSOGo() {
		return
	}
	_, ctagFresh := unsettledSeconds(cal.CTag, date)
	if ctagFresh {
		cal.CTag += "~unsettled~" + strconv.FormatInt(c.now().UnixNano(), 10) + "." + strconv.FormatInt(c.sogo.unsettled.Add(1), 10)
	}
	if n, fresh := unsettledSeconds(cal.SyncToken, date); fresh && n > 0 {
		cal.SyncToken = strconv.FormatInt(n-1, 10)
	}
}

// answerDate is the Date of an answer, or the time it arrived when it has
// none (RFC 9110 section 6.6.1).
func (c *Client) answerDate(resp *http.Response) time.Time {
	if t, err := http.ParseTime(resp.Header.Get("Date")); err == nil {
		return t
	}
	return c.now()
}

// sogoError reads SOGo's error answers, whose DAV:error element is in the
// namespace "DAV" (no colon) and holds a sentence instead of a condition
// element: `<D:error xmlns:D="DAV">Event UID already in use. (d1)</D:error>`.
// A 409 saying the UID is in use is the UID conflict RFC 4791 section
// 5.3.2.1 calls CALDAV:no-uid-conflict; SOGo keeps a UID unique within one
// calendar.
func sogoError(status int, body []byte) (condition, text string) {
	var e struct {
		XMLName xml.Name
		Text    string `xml:",chardata"`
	}
	if !bytes.Contains(body, []byte(`"DAV"`)) || xml.Unmarshal(body, &e) != nil ||
		e.XMLName.Space != "DAV" || e.XMLName.Local != "error" {
		return "", ""
	}
	text = firstLine(e.Text)
	if status == http.StatusConflict && strings.Contains(text, "UID already in use") {
		return "no-uid-conflict", "no-uid-conflict: SOGo says " + strconv.Quote(text) + ": another object of the " +
			"calendar has this UID (a copy of a netsyncd entry?): delete it, then run netsyncd again"
	}
	return "", text
}
