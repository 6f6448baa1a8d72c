package caldav

import (
	"context"
	"fmt"
)

// Calendar reads one calendar collection (its ctag and sync-token) with a
// Depth 0 PROPFIND: what re-reading the target after writing needs.
// Listing the whole home instead makes the server compute every
// calendar's ctag and sync-token; Radicale takes 0.4 to 0.6 s for those of
// a 5,000-event calendar (docs/performance.md). The answer's href may be
// spelt differently from path (escaping, a full URL): the one response of
// a Depth 0 PROPFIND is about path, and the Calendar returned has path.
func (c *Client) Calendar(ctx context.Context, path string) (Calendar, error) {
	ms, err := c.report(ctx, "PROPFIND", path, "0", calendarsBody)
	if err != nil {
		return Calendar{}, err
	}
	var r *response
	for i := range ms.Responses {
		if p, err := ms.Responses[i].path(); err == nil && trimSlash(p) == trimSlash(path) {
			r = &ms.Responses[i]
		}
	}
	if r == nil && len(ms.Responses) == 1 {
		r = &ms.Responses[0]
	}
	if r == nil {
		return Calendar{}, fmt.Errorf("caldav: PROPFIND of %s did not describe it", path)
	}
	if err := r.err(c, "PROPFIND", path); err != nil {
		return Calendar{}, err
	}
	cal, ok := calendarFrom(path, r.prop())
	if !ok {
		return Calendar{}, fmt.Errorf("caldav: %s is not a calendar", path)
	}
	// As in a listing: a SOGo ctag read within its second hides the next
	// change made in that second (sogo.go). The daemon caches what this
	// read of the target after its writes says.
	c.settleCalendar(&cal, ms.date)
	return cal, nil
}
