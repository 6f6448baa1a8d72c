package caldav

import (
	"context"
	"net/http"
	"strings"

	"github.com/netsyncd/netsyncd/internal/ics"
	"go.uber.org/zap"
)

// What DAViCal 1.1 does differently, and what this package does about it.
// Each is hooked in where the request is made; docs/servers-tested.md
// lists them with the tests that cover them.

// recurringOnly keeps the answers to a "prop is defined" query (RRULE or
// RDATE) whose VEVENT has that property. RFC 4791 section 9.7.2: a
// prop-filter without children matches when the property is defined;
// DAViCal ignores such a filter and returns every event of the calendar.
// Answers without calendar data are kept, to be reported as skipped like
// any other.
func recurringOnly(rs []response, prop string) []response {
	out := rs[:0:0]
	for _, r := range rs {
		if data := r.prop().CalendarData; data == nil || eventHas(*data, prop) {
			out = append(out, r)
		}
	}
	return out
}

// eventHas tells whether a VEVENT of the object has the property prop
// (RRULE, RDATE); the RRULEs and RDATEs of a VTIMEZONE's STANDARD and
// DAYLIGHT parts do not count.
func eventHas(data, prop string) bool {
	var stack []string
	for _, line := range ics.Unfold(data) {
		name, value, _ := strings.Cut(line, ":")
		name, _, _ = strings.Cut(strings.ToUpper(name), ";")
		switch name {
		case "BEGIN":
			stack = append(stack, strings.ToUpper(strings.TrimSpace(value)))
		case "END":
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		case prop:
			if len(stack) > 0 && stack[len(stack)-1] == "VEVENT" {
				return true
			}
		}
	}
	return false
}

// notReturned lists as not found the paths a multiget answer is silent
// about. RFC 4791 section 7.9 wants a DAV:response for every href, with a
// 404 for a missing resource; DAViCal leaves missing ones out.
func (c *Client) notReturned(ms *multistatus, cal string, paths []string) []Skipped {
	answered := map[string]bool{}
	for i := range ms.Responses {
		for _, h := range ms.Responses[i].Hrefs {
			if p, err := parseHref(h); err == nil {
				answered[trimSlash(p)] = true
			}
		}
	}
	var missing []Skipped
	for _, p := range paths {
		if !answered[trimSlash(p)] {
			err := &StatusError{Method: "REPORT", URL: c.resolve(p).Redacted(), Status: http.StatusNotFound,
				Body: "left out of the calendar-multiget answer"}
			c.log.Warn("skipping calendar object", zap.String("calendar", cal), zap.String("href", p), zap.Error(err))
			missing = append(missing, Skipped{Path: p, Err: err})
		}
	}
	return missing
}

// exists tells whether something is at path, by a Depth 0 PROPFIND. It
// tells a 405 to MKCALENDAR because the path is taken (RFC 4918 section
// 9.3.1; DAViCal answers so) from a server that cannot create calendars.
func (c *Client) exists(ctx context.Context, path string) bool {
	const body = xmlHeader + `<D:propfind xmlns:D="DAV:"><D:prop><D:resourcetype/></D:prop></D:propfind>`
	_, err := c.report(ctx, "PROPFIND", path, "0", body)
	return err == nil
}
