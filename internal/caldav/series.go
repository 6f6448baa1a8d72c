package caldav

import (
	"context"
	"errors"
	"sync"

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

// startSeries sends the two queries of cal.
func (c *Client) startSeries(ctx context.Context, cal string) *seriesQueries {
	q := &seriesQueries{done: make(chan struct{})}
	go func() {
		defer close(q.done)
		props := []string{"RRULE", "RDATE"}
		recs := make([]*multistatus, len(props))
		errs := make([]error, len(props))
		var wg sync.WaitGroup
		for i, prop := range props {
			wg.Go(func() { recs[i], errs[i] = c.query(ctx, cal, `<C:prop-filter name="`+prop+`"/>`) })
		}
		wg.Wait()
		for i, prop := range props {
			var se *StatusError
			if err := errs[i]; errors.As(err, &se) {
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
