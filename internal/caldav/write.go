package caldav

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strings"

	"go.uber.org/zap"
)

// Precondition makes a PUT conditional (RFC 7232 section 3): IfNoneMatch
// creates only (If-None-Match: *), IfMatch updates only the version with
// that ETag. Both zero: an unconditional write.
type Precondition struct {
	IfNoneMatch bool
	IfMatch     string // opaque ETag value, as returned by this package
}

const maxObject = 16 << 20

// Get returns the object at path.
func (c *Client) Get(ctx context.Context, path string) (Object, error) {
	resp, err := c.send(ctx, http.MethodGet, path, nil, nil)
	if err != nil {
		return Object{}, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxObject))
	if err != nil {
		return Object{}, fmt.Errorf("caldav: GET %s: %w", c.resolve(path).Redacted(), err)
	}
	return Object{Path: path, ETag: normalizeETag(resp.Header.Get("ETag")), Data: b}, nil
}

// Put stores data at path and returns the new ETag. A 412 (see
// IsPreconditionFailed) means the precondition failed; on a server that
// ignores If-None-Match (Options.IgnoresIfNoneMatch) a create is checked
// with a GET first, and an object found there gives the same 412. The answer is
// trusted only when it is a 2xx with an ETag: a 207 is read for the failure
// it carries (Xandikos refuses writes that way), and an answer without an
// ETag is checked with a GET; data the server does not hold gives an
// error that errors.Is ErrWriteLost.
func (c *Client) Put(ctx context.Context, path string, data []byte, pre Precondition) (string, error) {
	h := http.Header{"Content-Type": {"text/calendar; charset=utf-8"}}
	if pre.IfNoneMatch {
		if err := c.checkAbsent(ctx, path); err != nil {
			return "", err
		}
		h.Set("If-None-Match", "*")
	}
	if pre.IfMatch != "" {
		h.Set("If-Match", quoteETag(pre.IfMatch))
	}
	resp, err := c.send(ctx, http.MethodPut, path, h, data)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	if pre.IfNoneMatch && resp.StatusCode == http.StatusNoContent && c.isSOGo() {
		// 204, not 201: SOGo replaced an object that appeared at path
		// between checkAbsent's GET and this PUT.
		c.log.Warn("SOGo replaced an object another client created at this href a moment before netsyncd's create",
			zap.String("href", c.resolve(path).Redacted()))
	}
	if resp.StatusCode == http.StatusMultiStatus {
		if err := c.multiStatusFailure(resp, http.MethodPut, path); err != nil {
			return "", err
		}
	} else if etag := resp.Header.Get("ETag"); etag != "" {
		return normalizeETag(etag), nil
	}
	return c.verify(ctx, path, data, resp.StatusCode)
}

// checkAbsent plays If-None-Match: * for a server that ignores it (Google,
// SOGo):
// an object at path gives the 412 the server should have answered. An
// object created between the GET and the PUT is still overwritten; the
// header alone, on such a server, would overwrite any object at path.
func (c *Client) checkAbsent(ctx context.Context, path string) error {
	if !c.getBeforeCreate && !c.isSOGo() {
		return nil
	}
	_, err := c.Get(ctx, path)
	switch {
	case IsNotFound(err):
		return nil
	case err != nil:
		return err
	}
	return &StatusError{Method: http.MethodPut, URL: c.resolve(path).Redacted(), Status: http.StatusPreconditionFailed,
		Body: "an object is already there (checked with a GET: the server ignores If-None-Match)"}
}

// verify reads back what a PUT stored. Servers may reorder properties
// (Radicale does) or change line endings, so the comparison is of the
// unfolded content lines as a multiset.
func (c *Client) verify(ctx context.Context, path string, data []byte, status int) (string, error) {
	got, err := c.Get(ctx, path)
	if IsNotFound(err) {
		return "", fmt.Errorf("%w: PUT %s answered %d, and a GET finds nothing", ErrWriteLost, c.resolve(path).Redacted(), status)
	}
	if err != nil {
		return "", err
	}
	if !sameContent(got.Data, data) {
		return "", &StoredOtherError{URL: c.resolve(path).Redacted(), Status: status, Stored: got}
	}
	return got.ETag, nil
}

// sameContent compares two iCalendar texts line by line, ignoring order,
// folding and line endings.
func sameContent(a, b []byte) bool {
	la, lb := contentLines(a), contentLines(b)
	if len(la) != len(lb) {
		return false
	}
	for i := range la {
		if la[i] != lb[i] {
			return false
		}
	}
	return true
}

func contentLines(b []byte) []string {
	s := strings.ReplaceAll(string(b), "\r\n", "\n")
	s = strings.NewReplacer("\n ", "", "\n\t", "").Replace(s) // RFC 5545 section 3.1 unfolding
	var lines []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimRight(l, "\r"); strings.TrimSpace(l) != "" {
			lines = append(lines, l)
		}
	}
	sort.Strings(lines)
	return lines
}

// Delete removes the object at path; with ifMatch, only that version
// (RFC 7232 section 3.1; on SOGo, which ignores it, checked with a
// PROPFIND first: checkETag). A 404 is returned as an error (IsNotFound):
// the caller knows whether "already gone" is fine.
func (c *Client) Delete(ctx context.Context, path, ifMatch string) error {
	var h http.Header
	if ifMatch != "" {
		if c.isSOGo() {
			if err := c.checkETag(ctx, path, ifMatch); err != nil {
				return err
			}
		}
		h = http.Header{"If-Match": {quoteETag(ifMatch)}}
	}
	resp, err := c.send(ctx, http.MethodDelete, path, h, nil)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusMultiStatus {
		return c.multiStatusFailure(resp, http.MethodDelete, path)
	}
	return nil
}

// send is a raw request through the transport, with a body that can be
// sent again on a redirect.
func (c *Client) send(ctx context.Context, method, path string, h http.Header, body []byte) (*http.Response, error) {
	var r io.Reader
	if body != nil {
		r = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.resolve(path).String(), r)
	if err != nil {
		return nil, fmt.Errorf("caldav: %s %s: %w", method, path, err)
	}
	for k, v := range h {
		req.Header[k] = v
	}
	return transport{c}.Do(req)
}

// multiStatusFailure reads a 207 answer to a single-resource request and
// returns the first non-2xx status inside it as a *StatusError (nil when
// all are 2xx). An unreadable 207 is a failure: nothing says it worked.
func (c *Client) multiStatusFailure(resp *http.Response, method, path string) error {
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	var ms multistatus
	if err := xml.Unmarshal(b, &ms); err != nil {
		return &StatusError{Method: method, URL: c.resolve(path).Redacted(), Status: http.StatusMultiStatus,
			Body: "unreadable multi-status answer"}
	}
	for i := range ms.Responses {
		r := &ms.Responses[i]
		if err := r.err(c, method, path); err != nil {
			return err
		}
		if code := r.failedStatus(); code != 0 {
			return &StatusError{Method: method, URL: c.resolve(path).Redacted(), Status: code}
		}
	}
	return nil
}

// MakeCalendar creates a calendar at path taking components (e.g. VEVENT
// and VTODO), with one MKCALENDAR (RFC 4791 section 5.3.1). A server that
// refuses the method (Google: 403/405/501) gives an error that errors.Is
// ErrCannotCreateCalendar and tells the user to create it by hand.
// Xandikos ignores the component set; Radicale and Xandikos refuse a path
// that exists (409, or 403 inside a 207).
func (c *Client) MakeCalendar(ctx context.Context, path, displayName string, components []string) error {
	var comps strings.Builder
	for _, comp := range components {
		comps.WriteString(`<C:comp name="` + escape(strings.ToUpper(comp)) + `"/>`)
	}
	body := xmlHeader + `<C:mkcalendar ` + calNS + `><D:set><D:prop>` +
		`<D:displayname>` + escape(displayName) + `</D:displayname>` +
		`<C:supported-calendar-component-set>` + comps.String() + `</C:supported-calendar-component-set>` +
		`</D:prop></D:set></C:mkcalendar>`
	var err error
	for try := 1; ; try++ {
		err = c.makeCalendar(ctx, path, body)
		if try == sogoMakeTries || !c.sogoTableClash(err) {
			break
		}
	}
	var se *StatusError
	if errors.As(err, &se) && isRefusal(se) && !(se.Status == http.StatusMethodNotAllowed && c.exists(ctx, path)) {
		return fmt.Errorf("%w: %w; create the calendar %q in the calendar's web interface or app, then run netsyncd again",
			ErrCannotCreateCalendar, err, displayName)
	}
	return err
}

func (c *Client) makeCalendar(ctx context.Context, path, body string) error {
	h := http.Header{"Content-Type": {"application/xml; charset=utf-8"}}
	resp, err := c.send(ctx, "MKCALENDAR", path, h, []byte(body))
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusMultiStatus {
		return c.multiStatusFailure(resp, "MKCALENDAR", path)
	}
	return nil
}

// sogoMakeTries is how many times MakeCalendar asks SOGo (sogoTableClash).
const sogoMakeTries = 3

// sogoTableClash tells SOGo's 400 "The new folder could not be created".
// SOGo names a new calendar's tables from a counter and rand(), both per
// worker process (GCSFolderManager's baseTableNameWithUID); its workers
// are forked with the same state, so the first calendar one worker makes
// can take the table name another worker's first calendar has, and its
// CREATE TABLE fails. SOGo rolls the whole creation back and the worker's
// next name is another, so asking again is safe and succeeds.
func (c *Client) sogoTableClash(err error) bool {
	var se *StatusError
	return c.isSOGo() && errors.As(err, &se) && se.Status == http.StatusBadRequest &&
		strings.Contains(se.Body, "could not be created")
}

// isRefusal tells a server that cannot create calendars from one that
// refuses this path because something is there (DAV:resource-must-be-null,
// RFC 4791 section 5.3.1.1).
func isRefusal(se *StatusError) bool {
	if se.Condition == "resource-must-be-null" {
		return false
	}
	switch se.Status {
	case http.StatusForbidden, http.StatusMethodNotAllowed, http.StatusNotImplemented:
		return true
	}
	return false
}
