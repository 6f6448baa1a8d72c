package caldav

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
	"time"
)

const maxRedirects = 5

// transport is the one path of every request, raw or from go-webdav (it is
// a webdav.HTTPClient): credentials, redirects by hand, status errors.
type transport struct{ c *Client }

// Do sends req and returns a 2xx answer, or an error: a *StatusError for
// any other status, which go-webdav passes through unchanged.
func (t transport) Do(req *http.Request) (*http.Response, error) {
	c := t.c
	reauthorized := false
	for hop := 0; ; hop++ {
		if err := c.prepare(req); err != nil {
			return nil, &requestError{err}
		}
		start := time.Now()
		resp, err := c.hc.Do(req)
		if err != nil {
			return nil, &requestError{fmt.Errorf("caldav: %s %s: %w", req.Method, req.URL.Redacted(), &noAnswer{redactURLError(err)})}
		}
		c.noteServer(req, resp)
		c.logWhenRead(req, resp, start)
		switch resp.StatusCode {
		case http.StatusMovedPermanently, http.StatusFound, http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
			if req, err = c.redirect(req, resp, hop); err != nil {
				return nil, &requestError{err}
			}
			continue
		}
		if resp.StatusCode == http.StatusUnauthorized && !reauthorized {
			if next := c.reauthorize(req, resp); next != nil {
				req, reauthorized = next, true
				continue
			}
		}
		if resp.StatusCode/100 != 2 {
			return nil, c.statusError(req, resp)
		}
		if err := notDAV(req, resp); err != nil {
			return nil, err
		}
		if err := decodeContent(req, resp); err != nil {
			return nil, err
		}
		return resp, nil
	}
}

// notDAV recognizes a web page answering PROPFIND or REPORT with 2xx: a
// login page, a proxy's or a router's front page. It is a *StatusError
// with the status the server sent, so that discovery tries its next
// candidate URL and the message says what came back.
func notDAV(req *http.Request, resp *http.Response) error {
	if (req.Method != "PROPFIND" && req.Method != "REPORT") || resp.StatusCode == http.StatusMultiStatus {
		return nil // a 207 is decoded whatever its Content-Type says
	}
	mt, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	if mt != "text/html" && mt != "application/xhtml+xml" {
		return nil
	}
	resp.Body.Close()
	return &StatusError{Method: req.Method, URL: req.URL.Redacted(), Status: resp.StatusCode,
		Body: "the server sent an HTML page, not a WebDAV answer: set caldav.url to the CalDAV address (docs/caldav.md)"}
}

// prepare adds the user agent and, only for the configured host (and the
// calendar home's host, see hosts.go), the credentials.
func (c *Client) prepare(req *http.Request) error {
	req.Header.Set("User-Agent", c.ua)
	req.Header.Del("Authorization")
	if c.mayAuthenticate(req.URL) {
		return c.authorize(req)
	}
	return nil
}

// redirect builds the next request for a 301/302/307/308, keeping method,
// headers and body: WebDAV clients must (RFC 4918 gives PROPFIND no
// "change to GET" rule, and RFC 6764 section 5 has /.well-known/caldav
// redirect to the context path). A redirect to another origin (scheme,
// host or port) is refused (the calendar home's origin aside).
func (c *Client) redirect(req *http.Request, resp *http.Response, hop int) (*http.Request, error) {
	resp.Body.Close()
	where := resp.Header.Get("Location")
	loc, err := req.URL.Parse(where)
	if where == "" || err != nil {
		return nil, fmt.Errorf("caldav: %s %s: %d without a usable Location", req.Method, req.URL.Redacted(), resp.StatusCode)
	}
	loc.User = nil
	if !c.mayAuthenticate(loc) {
		return nil, fmt.Errorf("caldav: %s %s redirects to %s: credentials are only sent to the configured scheme, host and port, so set the caldav url to that address",
			req.Method, req.URL.Redacted(), loc.Redacted())
	}
	if hop >= maxRedirects {
		return nil, fmt.Errorf("caldav: %s %s: more than %d redirects", req.Method, req.URL.Redacted(), maxRedirects)
	}
	next := req.Clone(req.Context())
	next.URL, next.Host = loc, ""
	if req.Body != nil && req.Body != http.NoBody {
		if req.GetBody == nil {
			return nil, fmt.Errorf("caldav: %s %s: cannot resend the body to %s", req.Method, req.URL.Redacted(), loc.Redacted())
		}
		if next.Body, err = req.GetBody(); err != nil {
			return nil, fmt.Errorf("caldav: %s %s: %w", req.Method, req.URL.Redacted(), err)
		}
	}
	return next, nil
}

// maxErrorBody caps the bytes of an error answer read for its message
// (after inflating it, when it came compressed).
const maxErrorBody = 16 << 10

// statusError reads a non-2xx answer into a *StatusError.
func (c *Client) statusError(req *http.Request, resp *http.Response) error {
	defer resp.Body.Close()
	// An error answer may be compressed unasked as a success may; its
	// message is read inflated, within the same cap. An encoding that
	// cannot be read leaves the status with no message.
	var b []byte
	if decodeContent(req, resp) == nil {
		b, _ = io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	}
	se := &StatusError{
		Method:     req.Method,
		URL:        req.URL.Redacted(),
		Status:     resp.StatusCode,
		RetryAfter: parseRetryAfter(resp.Header.Get("Retry-After"), c.now()),
	}
	se.Condition, se.Body = summarize(resp.Header.Get("Content-Type"), b)
	if se.Condition == "" && se.Body == "" {
		se.Condition, se.Body = sogoError(resp.StatusCode, b)
	}
	if se.Body == "" && se.Condition != "" {
		se.Body = conditionDetail(se.Condition, b)
	}
	return se
}

// summarize finds the DAV:error condition of an XML body, or the first line
// of a plain text body; HTML pages and the like say nothing useful.
func summarize(contentType string, body []byte) (condition, text string) {
	mt, _, _ := mime.ParseMediaType(contentType)
	switch {
	case mt == "application/xml" || mt == "text/xml" || bytes.HasPrefix(bytes.TrimSpace(body), []byte("<?xml")):
		var e davError
		if xml.Unmarshal(body, &e) == nil {
			return e.condition(), ""
		}
		var ms multistatus
		if xml.Unmarshal(body, &ms) == nil && len(ms.Responses) > 0 {
			r := ms.Responses[0]
			return r.Error.condition(), firstLine(r.Description)
		}
	case mt == "text/plain" || mt == "":
		return "", firstLine(string(body))
	}
	return "", ""
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	s = strings.TrimSpace(s)
	if len(s) > 200 {
		s = s[:200] + "..."
	}
	return s
}

// requestError is a request that got no answer to report: a network
// failure or a refused redirect. Callers of go-webdav tell it apart from
// go-webdav's own errors with errors.As.
type requestError struct{ err error }

func (e *requestError) Error() string { return e.err.Error() }
func (e *requestError) Unwrap() error { return e.err }

// noAnswer is a request the server did not answer whole: the connection
// failed, timed out, or broke before a whole status line and headers came
// back. Go's client does not always say so with a net.Error ("malformed
// HTTP status code" when a connection breaks mid-line), so the transport
// marks it: it is a network failure, and retryable.
type noAnswer struct{ err error }

func (e *noAnswer) Error() string { return e.err.Error() }
func (e *noAnswer) Unwrap() error { return e.err }
