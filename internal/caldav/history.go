package caldav

import (
	"context"
	"time"
)

// FetchRange returns the VEVENT objects of cal that overlap [from, to), with
// their ETags, by one calendar-query with a time-range (RFC 4791 section
// 7.8, section 9.9). Unlike Fetch it does not ask for every recurring
// series as well: the people ledger's history read (people.history) uses
// it for the months before the window, whose series the window's Fetch
// already holds (Xandikos tests a range against a series' first instance
// only, so a series begun before from may be missing here). Objects the
// server answers badly for are returned as Skipped, and logged.
func (c *Client) FetchRange(ctx context.Context, cal string, from, to time.Time) ([]Object, []Skipped, error) {
	ms, err := c.query(ctx, cal, timeRange(from, to))
	if err != nil {
		return nil, nil, err
	}
	objs, skipped := c.objects(ms, cal)
	return objs, skipped, nil
}
