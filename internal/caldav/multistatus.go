package caldav

import (
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// The subset of RFC 4918 section 14 (and RFC 4791, RFC 6578 and the
// CalendarServer getctag extension) this package reads. Every field is a
// string or pointer, so that an odd value in one response cannot fail the
// decoding of the whole multi-status.
type multistatus struct {
	XMLName   xml.Name   `xml:"DAV: multistatus"`
	Responses []response `xml:"DAV: response"`
	SyncToken string     `xml:"DAV: sync-token"`
	// date is the answer's Date header (when it was made; sogo.go).
	date time.Time
}

type response struct {
	Hrefs       []string   `xml:"DAV: href"`
	Status      string     `xml:"DAV: status"`
	Propstats   []propstat `xml:"DAV: propstat"`
	Error       *davError  `xml:"DAV: error"`
	Description string     `xml:"DAV: responsedescription"`

	// Set as the response is decoded (decode.go): how many characters of
	// it XML forbids were replaced, and why its object was left out.
	repaired int
	tooBig   error
}

type propstat struct {
	Prop   prop   `xml:"DAV: prop"`
	Status string `xml:"DAV: status"`
}

type prop struct {
	ETag                 *string    `xml:"DAV: getetag"`
	DisplayName          *string    `xml:"DAV: displayname"`
	ResourceType         *anyNames  `xml:"DAV: resourcetype"`
	SyncToken            *string    `xml:"DAV: sync-token"`
	CTag                 *string    `xml:"http://calendarserver.org/ns/ getctag"`
	Components           *compSet   `xml:"urn:ietf:params:xml:ns:caldav supported-calendar-component-set"`
	CalendarData         *string    `xml:"urn:ietf:params:xml:ns:caldav calendar-data"`
	CurrentUserPrincipal *hrefValue `xml:"DAV: current-user-principal"`
	CalendarHomeSet      *hrefValue `xml:"urn:ietf:params:xml:ns:caldav calendar-home-set"`
}

type anyNames struct {
	Names []struct{ XMLName xml.Name } `xml:",any"`
}

func (a *anyNames) has(space, local string) bool {
	for _, n := range a.Names {
		if n.XMLName.Space == space && n.XMLName.Local == local {
			return true
		}
	}
	return false
}

type compSet struct {
	Comps []struct {
		Name string `xml:"name,attr"`
	} `xml:"urn:ietf:params:xml:ns:caldav comp"`
}

type hrefValue struct {
	Hrefs []string `xml:"DAV: href"`
}

type davError struct {
	XMLName    xml.Name `xml:"DAV: error"`
	Conditions anyNames
}

func (e *davError) UnmarshalXML(d *xml.Decoder, start xml.StartElement) error {
	if start.Name.Space != "DAV:" || start.Name.Local != "error" {
		return fmt.Errorf("not a DAV:error but %s", start.Name.Local)
	}
	e.XMLName = start.Name
	return d.DecodeElement(&e.Conditions, &start)
}

// condition is the local name of the first element inside DAV:error.
func (e *davError) condition() string {
	if e == nil || len(e.Conditions.Names) == 0 {
		return ""
	}
	return e.Conditions.Names[0].XMLName.Local
}

// statusCode reads "HTTP/1.1 404 Not Found"; an absent status is 200. A
// code that is not three digits ("+200", "2000") is 0, no status.
func statusCode(s string) int {
	code, i := "", 0
	for f := range strings.FieldsSeq(s) { // every response has one: none is allocated
		if i++; i == 2 {
			code = f
			break
		}
	}
	if i < 2 {
		return http.StatusOK
	}
	if len(code) != 3 || strings.Trim(code, "0123456789") != "" {
		return 0
	}
	n, _ := strconv.Atoi(code)
	return n
}

// path is the unescaped path of the response's one href.
func (r *response) path() (string, error) {
	if len(r.Hrefs) != 1 {
		return "", fmt.Errorf("%d hrefs in one response, want 1", len(r.Hrefs))
	}
	return parseHref(r.Hrefs[0])
}

// hrefs is the response's hrefs as written, for log lines and errors.
func hrefs(r *response) string { return strings.Join(r.Hrefs, " ") }

// parseHref is the decoded path of an href of a multistatus answer. A path
// with a "." or ".." segment (also percent-encoded) is refused: it passes
// for a member of the collection it starts with while naming another
// (/home/networking/../work/x.ics), and a DELETE of it would reach an
// object netsyncd never made.
func parseHref(href string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(href))
	if err != nil {
		return "", fmt.Errorf("bad href %q", href)
	}
	for seg := range strings.SplitSeq(u.Path, "/") {
		if seg == "." || seg == ".." {
			return "", fmt.Errorf("bad href %q: a %q segment may name a resource outside the collection", shortHref(href), seg)
		}
	}
	return u.Path, nil
}

// resolveHrefs makes the relative references among r's hrefs ("a.ics",
// "a%20b.ics") paths, resolved against base, the request's collection
// (RFC 4918 section 8.3). One with a "." or ".." segment is left as it is,
// for parseHref to refuse.
func resolveHrefs(r *response, base *url.URL) {
	for i, h := range r.Hrefs {
		t := strings.TrimSpace(h)
		if t == "" || t[0] == '/' {
			continue
		}
		u, err := url.Parse(t)
		if err != nil || u.Scheme != "" || u.Host != "" || u.Opaque != "" {
			continue
		}
		dots := false
		for seg := range strings.SplitSeq(u.Path, "/") {
			dots = dots || seg == "." || seg == ".."
		}
		if !dots {
			r.Hrefs[i] = base.ResolveReference(u).EscapedPath()
		}
	}
}

// shortHref is href cut for a message.
func shortHref(href string) string {
	if len(href) > 200 {
		return href[:200] + "..."
	}
	return href
}

// err is the failure the response reports for its whole resource, if any.
func (r *response) err(c *Client, method, path string) error {
	code := statusCode(r.Status)
	if code/100 == 2 {
		return nil
	}
	return &StatusError{Method: method, URL: c.resolve(path).Redacted(), Status: code,
		Condition: r.Error.condition(), Body: firstLine(r.Description)}
}

// prop merges the properties of the response's 2xx propstats; the others
// name properties the server does not have.
func (r *response) prop() prop {
	var p prop
	for _, ps := range r.Propstats {
		if statusCode(ps.Status)/100 == 2 {
			p.merge(ps.Prop)
		}
	}
	return p
}

func (p *prop) merge(o prop) {
	pick(&p.ETag, o.ETag)
	pick(&p.DisplayName, o.DisplayName)
	pick(&p.ResourceType, o.ResourceType)
	pick(&p.SyncToken, o.SyncToken)
	pick(&p.CTag, o.CTag)
	pick(&p.Components, o.Components)
	pick(&p.CalendarData, o.CalendarData)
	pick(&p.CurrentUserPrincipal, o.CurrentUserPrincipal)
	pick(&p.CalendarHomeSet, o.CalendarHomeSet)
}

func pick[T any](dst **T, src *T) {
	if *dst == nil {
		*dst = src
	}
}

// failedStatus is the status of the first non-2xx propstat, or 0.
func (r *response) failedStatus() int {
	for _, ps := range r.Propstats {
		if code := statusCode(ps.Status); code/100 != 2 {
			return code
		}
	}
	return 0
}

// report sends a PROPFIND or REPORT with an XML body and decodes the 207
// as it arrives (decode.go). Xandikos answers 415 to a body without an
// XML Content-Type.
func (c *Client) report(ctx context.Context, method, path, depth, body string) (*multistatus, error) {
	return c.reportEach(ctx, method, path, depth, body, nil)
}

// reportEach is report handing each response to each as it is decoded
// (decodeMultistatusEach): the responses each does not keep are not in
// the multistatus returned. An error of each is returned as it is.
func (c *Client) reportEach(ctx context.Context, method, path, depth, body string, each func(*response) (keep bool, err error)) (*multistatus, error) {
	req, err := http.NewRequestWithContext(ctx, method, c.resolve(path).String(), strings.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("caldav: %s %s: %w", method, path, err)
	}
	req.Header.Set("Content-Type", "application/xml; charset=utf-8")
	if depth != "" {
		req.Header.Set("Depth", depth)
	}
	resp, err := transport{c}.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusMultiStatus {
		return nil, fmt.Errorf("caldav: %s %s: answered %d, want 207 Multi-Status", method, req.URL.Redacted(), resp.StatusCode)
	}
	if resp.ContentLength > bodyCap {
		return nil, fmt.Errorf("caldav: %s %s: %w (Content-Length %d MiB): %s", method, req.URL.Redacted(), bodyTooLarge(), resp.ContentLength>>20, windowHint)
	}
	var eachErr error
	base := *req.URL
	if !strings.HasSuffix(base.Path, "/") { // the collection the request is on
		base.Path, base.RawPath = base.Path+"/", ""
	}
	ms, err := decodeMultistatusEach(resp.Body, func(r *response) (bool, error) {
		resolveHrefs(r, &base)
		if each == nil {
			return true, nil
		}
		keep, err := each(r)
		eachErr = err
		return keep, err
	})
	if err != nil && err == eachErr {
		return nil, err
	}
	var bad *badXML
	var syn *xml.SyntaxError
	switch {
	case errors.Is(err, ErrBodyTooLarge), errors.Is(err, ErrTooMuchData), errors.Is(err, ErrResponseTooLarge):
		return nil, fmt.Errorf("caldav: %s %s: %w", method, req.URL.Redacted(), withHint(err))
	case errors.As(err, &syn) && strings.Contains(syn.Msg, "unexpected EOF"):
		return nil, fmt.Errorf("caldav: %s %s: the answer ended in the middle of its XML: %w", method, req.URL.Redacted(), io.ErrUnexpectedEOF)
	case errors.As(err, &bad):
		return nil, fmt.Errorf("caldav: %s %s: bad multi-status: %w", method, req.URL.Redacted(), err)
	case err != nil: // the body broke off: retryable
		return nil, fmt.Errorf("caldav: %s %s: reading answer: %w", method, req.URL.Redacted(), err)
	}
	ms.date = c.answerDate(resp)
	return ms, nil
}

// escape is XML character data for hrefs and tokens in request bodies.
func escape(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

// escapedPath is the href form of a path (RFC 4918 section 8.3).
func escapedPath(p string) string {
	return (&url.URL{Path: p}).EscapedPath()
}

const xmlHeader = `<?xml version="1.0" encoding="utf-8"?>` + "\n"
