package caldav

import (
	"context"
	"sync"
	"time"

	"go.uber.org/zap"
)

// seriesQueries are the two calendar-queries for every recurring VEVENT
// object of a calendar, by RRULE and by RDATE, that Fetch adds where the
// window's answer does not prove the server expands series. A series
// recurs by RRULE, by RDATE, or both; filters cannot say "or" (RFC 4791
// section 9.7), so one query each. RFC 4791 section 9.7.2: a prop-filter
// without children matches when the property is defined. The two are
// sent together: over a network each costs a round trip.
//
// Both are bounded by a time-range that ends two days after the window's
// start and has no start (seriesFilter): the series a server testing only
// a series' first instance leaves out of the window's answer are those
// whose first instance is before the window, and no other. Radicale
// evaluates a prop-filter by parsing every object of the calendar (8 ms
// each); with the bound it parses only those its time index says begin
// before it.
//
// A client that needed them for a calendar once sends them with the
// window's query the next time (a running daemon's next full read of it,
// the first pass of a day): Xandikos never gives the proof, so that is one
// round trip less there. Where the window's answer then proves them
// needless they are dropped, as if never sent.
type seriesQueries struct {
	done chan struct{}
	rs   []response
	err  error
}

// startSeries sends the two queries of cal, for the window starting at from.
func (c *Client) startSeries(ctx context.Context, cal string, from time.Time) *seriesQueries {
	q := &seriesQueries{done: make(chan struct{})}
	go func() {
		defer close(q.done)
		props := []string{"RRULE", "RDATE"}
		recs := make([]*multistatus, len(props))
		errs := make([]error, len(props))
		var wg sync.WaitGroup
		for i, prop := range props {
			wg.Go(func() {
				recs[i], errs[i] = c.seriesQuery(ctx, cal, prop, from, func(filter string) (*multistatus, error) { return c.query(ctx, cal, filter) })
			})
		}
		wg.Wait()
		for i, prop := range props {
			if err := errs[i]; Refused(err) {
				c.log.Warn("recurring events query refused", zap.String("calendar", cal), zap.String("property", prop), zap.Error(err))
			} else if err != nil {
				q.rs, q.err = nil, err
				return
			} else {
				q.rs = append(q.rs, recurringOnly(recs[i].Responses, prop)...)
			}
		}
	}()
	return q
}

// wait is the queries' recurring responses.
func (q *seriesQueries) wait() ([]response, error) {
	<-q.done
	return q.rs, q.err
}

// seriesNeeded tells whether cal's last windowed Fetch by this client
// needed the series queries; noteSeries records it.
func (c *Client) seriesNeeded(cal string) bool {
	v, _ := c.series.Load(cal)
	needed, _ := v.(bool)
	return needed
}

func (c *Client) noteSeries(cal string, needed bool) { c.series.Store(cal, needed) }

// seriesBound is where the series queries for a window starting at from
// end: two days after from, at midnight UTC, as no time zone's wall clock
// is a day away from UTC and floating times may be read in any of them.
// Zero (no bound) when from is.
func seriesBound(from time.Time) time.Time {
	if from.IsZero() {
		return time.Time{}
	}
	return time.Date(from.Year(), from.Month(), from.Day()+2, 0, 0, 0, 0, time.UTC)
}

// seriesFilter is the VEVENT filter for the objects with the property prop
// (RRULE, RDATE) that begin before seriesBound(from): a time-range with an
// end and no start, which RFC 4791 section 9.9 reads as from minus
// infinity, so a series begun in 1960 is in it. It comes before the
// prop-filter, in the order of RFC 4791 section 9.7.1 (Radicale's time
// index reads the first child). A zero from leaves it unbounded.
func seriesFilter(prop string, from time.Time) string {
	return timeRange(time.Time{}, seriesBound(from)) + `<C:prop-filter name="` + prop + `"/>`
}

// seriesQuery sends one series query with send, bounded for the window
// starting at from; a server that refuses the bounded query (Refused) is
// asked once more without the bound, as before the bound: the series may
// only be lost if that is refused too. A server that asks to wait (429,
// Retry-After) or cannot be reached is not asked again now: its error
// ends the read, so that no window is cached without its series.
func (c *Client) seriesQuery(ctx context.Context, cal, prop string, from time.Time, send func(filter string) (*multistatus, error)) (*multistatus, error) {
	ms, err := send(seriesFilter(prop, from))
	if from.IsZero() || !Refused(err) {
		return ms, err
	}
	c.log.Info("bounded recurring events query refused; asking without the bound", zap.String("calendar", cal), zap.String("property", prop), zap.Error(err))
	return send(seriesFilter(prop, time.Time{}))
}
