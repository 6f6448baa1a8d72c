package caldav

import (
	"context"
	"strings"
	"time"
	"unsafe"

	"go.uber.org/zap"
)

// FetchHistoryEach is FetchHistory with each past object handed to past as
// soon as its response is decoded, never all at once: an object only over
// before split is not kept in the answer at all (the people ledger's
// history read keeps what it needs of it). window and skipped are
// FetchHistory's. An object handed to past was well formed and a member of
// cal; past's error ends the query with it. Objects past saw are handed
// over again only if they are on the edge (in the window too). The Data
// past is handed may be the decoder's own bytes, valid during the call
// only: past reads them, never writes them, and copies what it keeps
// (the objects it does not keep, most of a year of history, are then
// never copied out of the answer).
func (c *Client) FetchHistoryEach(ctx context.Context, cal string, from, split, to time.Time, past func(Object) error) (window []Object, skipped []Skipped, err error) {
	proof := time.Date(from.Year(), from.Month(), from.Day()-2, 0, 0, 0, 0, time.UTC) // as expandsRecurrences
	over := time.Date(split.Year(), split.Month(), split.Day()-2, 0, 0, 0, 0, time.UTC)
	starts := time.Date(split.Year(), split.Month(), split.Day()+2, 0, 0, 0, 0, time.UTC)
	inWindow := func(d *eventDates) bool { return d.open || !d.ok || d.duration || !d.last.Before(over) }
	inPast := func(d *eventDates) bool {
		return !d.ok || (d.recurs && !d.open) || (!d.recurs && d.first.Before(starts))
	}
	expands := false
	seen := map[string]bool{} // every member answered, kept or not
	inside := trimSlash(c.resolve(cal).Path) + "/"
	each := func(r *response) (bool, error) {
		p, _ := r.path()
		if seen[p] {
			return false, nil // the first answer for a member is the one read (as objects())
		}
		if p == "" || trimSlash(p) == trimSlash(cal) {
			return true, nil // objects() skips it, or says why
		}
		o, data, err := c.objectText(r)
		if err != nil || !strings.HasPrefix(o.Path, inside) {
			return true, nil // objects() skips it and says why
		}
		// past reads the bytes and lets them go (the daemon spools them,
		// or copies them without a state directory): they are the
		// decoder's, lent until the next response is read (msDecoder.lent);
		// a response kept for the window is given its own copy then
		// (response.own). Nothing writes them.
		o.Data = unsafe.Slice(unsafe.StringData(data), len(data))
		seen[p] = true
		d := datesOf(o.Data)
		expands = expands || (d.ok && d.rrule && !d.duration && d.end.Before(proof))
		if inPast(&d) {
			if r.repaired > 0 {
				c.log.Warn("repaired a calendar object: characters XML forbids became spaces, bytes that are not UTF-8 became U+FFFD",
					zap.String("calendar", cal), zap.String("href", o.Path), zap.Int("characters", r.repaired))
			}
			if err := past(o); err != nil {
				return false, err
			}
		}
		return inWindow(&d), nil
	}
	ms, err := c.reportEach(ctx, "REPORT", cal, "1", xmlHeader+`<C:calendar-query `+calNS+`><D:prop><D:getetag/>`+calendarData+`</D:prop><C:filter>`+
		`<C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT">`+timeRange(from, to)+`</C:comp-filter></C:comp-filter>`+
		`</C:filter></C:calendar-query>`, each)
	if err != nil {
		return nil, nil, err
	}
	objs, skipped := c.objects(ms, cal)
	if !expands {
		// As Fetch: a server may test the range against a series' first
		// instance only. The series it left out are asked for by href.
		have := make([]Object, 0, len(seen))
		for p := range seen {
			have = append(have, Object{Path: p})
		}
		more, moreSkipped, err := c.seriesBesides(ctx, cal, from, have, skipped)
		if err != nil {
			return nil, nil, err
		}
		skipped = append(skipped, moreSkipped...)
		for _, o := range more {
			if d := datesOf(o.Data); d.recurs || !d.ok {
				if inPast(&d) {
					if err := past(o); err != nil {
						return nil, nil, err
					}
				}
				if inWindow(&d) {
					objs = append(objs, o)
				}
			}
		}
	}
	return objs, skipped, nil
}
