package caldav

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"go.uber.org/zap"
)

// Object is one calendar object resource.
type Object struct {
	Path string // unescaped, as in the server's href
	ETag string // opaque value: no quotes, no W/
	Data []byte // the iCalendar text as served
}

// Skipped is an object a fetch could not return, and why.
type Skipped struct {
	Path string // the href as the server wrote it when it had no usable path
	Err  error
}

// calendarData asks for every component a VEVENT or VTODO object holds,
// by name. Xandikos answers <allcomp/> with components stripped of all
// their properties; naming them works on every server tried.
// RFC 4791 section 9.6.1.
const calendarData = `<C:calendar-data><C:comp name="VCALENDAR"><C:allprop/>` +
	`<C:comp name="VEVENT"><C:allprop/><C:comp name="VALARM"><C:allprop/></C:comp></C:comp>` +
	`<C:comp name="VTODO"><C:allprop/><C:comp name="VALARM"><C:allprop/></C:comp></C:comp>` +
	`<C:comp name="VTIMEZONE"><C:allprop/><C:comp name="STANDARD"><C:allprop/></C:comp><C:comp name="DAYLIGHT"><C:allprop/></C:comp></C:comp>` +
	`</C:comp></C:calendar-data>`

const calNS = `xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"`

// Fetch returns the VEVENT objects of cal that overlap [from, to), with
// their ETags, by a calendar-query (RFC 4791 section 7.8), together with
// every recurring VEVENT object of cal (with an RRULE or RDATE) that begins
// before the window (seriesFilter), wherever its later occurrences fall:
// Xandikos 0.2.8 (and other servers) test a time range
// against a series' first instance only, so a weekly event that began
// before the window would be lost. Expanding and filtering is the caller's
// job anyway. When the window's answer proves the server expands series
// (expandsRecurrences), the second query is skipped: it holds every series
// overlapping the window already (a client that needed them for cal
// before sends them with the window's query, and drops them then:
// series.go). A zero from or to leaves that end open. Objects the server
// answers badly for are returned as Skipped, and logged; they never fail
// the fetch.
func (c *Client) Fetch(ctx context.Context, cal string, from, to time.Time) ([]Object, []Skipped, error) {
	windowed := !from.IsZero() || !to.IsZero()
	var series *seriesQueries // series.go
	if windowed && c.seriesNeeded(cal) {
		sctx, cancel := context.WithCancel(ctx)
		series = c.startSeries(sctx, cal, from)
		early := series
		// Dropped, and ended, when the window's answer proves them needless.
		defer func() { cancel(); early.wait() }()
	}
	ms, err := c.query(ctx, cal, timeRange(from, to))
	if err != nil {
		return nil, nil, err
	}
	if windowed {
		needed := !expandsRecurrences(ms.Responses, from)
		c.noteSeries(cal, needed)
		if needed {
			if series == nil {
				series = c.startSeries(ctx, cal, from)
			}
			rs, err := series.wait()
			if err != nil {
				return nil, nil, err
			}
			ms.Responses = append(ms.Responses, rs...)
		}
	}
	objs, skipped := c.objects(ms, cal)
	return objs, skipped, nil
}

// FetchAll returns every object of cal, events and tasks alike, whenever
// they happen: what reconciling the target calendar needs. On SOGo, every
// VEVENT and VTODO object (sogoFetchAll).
func (c *Client) FetchAll(ctx context.Context, cal string) ([]Object, []Skipped, error) {
	var ms *multistatus
	var err error
	if c.isSOGo() {
		ms, err = c.sogoFetchAll(ctx, cal)
	} else {
		ms, err = c.calendarQuery(ctx, cal, `<C:comp-filter name="VCALENDAR"/>`)
		if err == nil && len(ms.Responses) == 0 && c.isSOGo() {
			// This answer was the first to say the server is SOGo.
			ms, err = c.sogoFetchAll(ctx, cal)
		}
	}
	if err != nil {
		return nil, nil, err
	}
	objs, skipped := c.objects(ms, cal)
	return objs, skipped, nil
}

// query is a calendar-query for VEVENT objects matching filter.
func (c *Client) query(ctx context.Context, cal, filter string) (*multistatus, error) {
	return c.calendarQuery(ctx, cal, `<C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT">`+filter+`</C:comp-filter></C:comp-filter>`)
}

func (c *Client) calendarQuery(ctx context.Context, cal, filter string) (*multistatus, error) {
	body := xmlHeader + `<C:calendar-query ` + calNS + `><D:prop><D:getetag/>` + calendarData + `</D:prop>` +
		`<C:filter>` + filter + `</C:filter></C:calendar-query>`
	return c.report(ctx, "REPORT", cal, "1", body)
}

// timeRange is a CALDAV:time-range in UTC (RFC 4791 section 9.9: "date with
// UTC time" values); go-webdav's older encoders wrote local times with a Z.
func timeRange(from, to time.Time) string {
	if from.IsZero() && to.IsZero() {
		return ""
	}
	const f = "20060102T150405Z"
	s := `<C:time-range`
	if !from.IsZero() {
		s += ` start="` + from.UTC().Format(f) + `"`
	}
	if !to.IsZero() {
		s += ` end="` + to.UTC().Format(f) + `"`
	}
	return s + `/>`
}

// MultiGet returns the objects at paths (RFC 4791 section 7.9), in batches
// of multiGetBatch hrefs, up to multiGetInFlight of them in flight together:
// over a network each batch costs a round trip, and a server answers
// several at once. The prop comes before the hrefs: DAViCal refuses the
// other order. A path the server does not have comes back as Skipped with
// a not-found error. The first batch that fails fails the whole call.
func (c *Client) MultiGet(ctx context.Context, cal string, paths []string) ([]Object, []Skipped, error) {
	type result struct {
		objs    []Object
		skipped []Skipped
		err     error
	}
	n := (len(paths) + multiGetBatch - 1) / multiGetBatch
	results := make([]result, n)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	sem := make(chan struct{}, multiGetInFlight)
	for i := range n {
		part := paths[i*multiGetBatch : min((i+1)*multiGetBatch, len(paths))]
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			r := &results[i]
			r.objs, r.skipped, r.err = c.multiGet(ctx, cal, part)
			if r.err != nil {
				cancel() // the other batches are of no use now
			}
		})
	}
	wg.Wait()
	var objs []Object
	var skipped []Skipped
	for _, r := range results {
		if r.err != nil && !errors.Is(r.err, context.Canceled) {
			return nil, nil, r.err
		}
	}
	for _, r := range results {
		if r.err != nil {
			return nil, nil, r.err // cancelled by the caller
		}
		objs, skipped = append(objs, r.objs...), append(skipped, r.skipped...)
	}
	sort.Slice(objs, func(i, j int) bool { return objs[i].Path < objs[j].Path })
	return objs, skipped, nil
}

// multiGetBatch hrefs go in one calendar-multiget, and multiGetInFlight
// multigets at most are sent together.
const (
	multiGetBatch    = 100
	multiGetInFlight = 4
)

// multiGet is one calendar-multiget of paths.
func (c *Client) multiGet(ctx context.Context, cal string, paths []string) ([]Object, []Skipped, error) {
	var hrefs strings.Builder
	for _, p := range paths {
		hrefs.WriteString("<D:href>" + escape(escapedPath(p)) + "</D:href>")
	}
	body := xmlHeader + `<C:calendar-multiget ` + calNS + `><D:prop><D:getetag/>` + calendarData + `</D:prop>` +
		hrefs.String() + `</C:calendar-multiget>`
	ms, err := c.report(ctx, "REPORT", cal, "1", body)
	if err != nil {
		return nil, nil, err
	}
	o, s := c.objects(ms, cal)
	return o, append(s, c.notReturned(ms, cal, paths)...), nil
}

// objects converts the responses of a query or multiget, sorted by path.
func (c *Client) objects(ms *multistatus, cal string) ([]Object, []Skipped) {
	var objs []Object
	var skipped []Skipped
	seen := map[string]bool{}
	inside := trimSlash(c.resolve(cal).Path) + "/"
	logged := c.skipLog("skipping calendar object", cal)
	defer logged.done()
	for i := range ms.Responses {
		r := &ms.Responses[i]
		p, _ := r.path()
		if p != "" && (trimSlash(p) == trimSlash(cal) || seen[p]) {
			continue // the collection itself (some servers list it), or seen
		}
		seen[p] = p != ""
		o, err := c.object(r)
		r.Propstats = nil // its calendar-data is copied into o: let it go as the loop goes on
		if err == nil && !strings.HasPrefix(o.Path, inside) {
			// A member of another collection (the target, another user's
			// calendar) is not this calendar's to read, whatever the
			// server says (RFC 4791 section 7.8: the members of the
			// Request-URI's collection).
			err = fmt.Errorf("the server answered it for %s, but it is not in that calendar: %w", inside, ErrOtherCollection)
		}
		if err != nil {
			s := Skipped{Path: p, Err: err}
			if s.Path == "" {
				s.Path = hrefs(r)
			}
			logged.skip(s.Path, zap.Error(err))
			skipped = append(skipped, s)
			continue
		}
		if r.repaired > 0 {
			c.log.Warn("repaired a calendar object: characters XML forbids became spaces, bytes that are not UTF-8 became U+FFFD",
				zap.String("calendar", cal), zap.String("href", o.Path), zap.Int("characters", r.repaired))
		}
		objs = append(objs, o)
	}
	sort.Slice(objs, func(i, j int) bool { return objs[i].Path < objs[j].Path })
	return objs, skipped
}

var errNotICalendar = errors.New("calendar-data is not an iCalendar object")

// beginsVCalendar tells whether data begins BEGIN:VCALENDAR, in any case:
// strings.ToUpper of its first 15 characters, not of the whole object.
func beginsVCalendar(data string) bool {
	n := 0
	for i := range data {
		if n == len("BEGIN:VCALENDAR") {
			data = data[:i]
			break
		}
		n++
	}
	return strings.HasPrefix(strings.ToUpper(data), "BEGIN:VCALENDAR")
}

// ErrOtherCollection marks a member a server answered for a calendar it
// is not in: it is skipped, and nothing of that calendar is lost with it.
var ErrOtherCollection = errors.New("a member of another collection")

func (c *Client) object(r *response) (Object, error) {
	o, data, err := c.objectText(r)
	if err != nil {
		return Object{}, err
	}
	o.Data = []byte(data)
	return o, nil
}

// objectText is object with the calendar data as the response holds it,
// not yet copied into Data.
func (c *Client) objectText(r *response) (Object, string, error) {
	p, err := r.path()
	if err != nil {
		return Object{}, "", err
	}
	if err := r.err(c, "REPORT", p); err != nil {
		return Object{}, "", err
	}
	if r.tooBig != nil {
		return Object{}, "", r.tooBig
	}
	pr := r.prop()
	if pr.CalendarData == nil {
		if code := r.failedStatus(); code != 0 {
			return Object{}, "", fmt.Errorf("no calendar-data (status %d)", code)
		}
		return Object{}, "", errors.New("no calendar-data")
	}
	if !beginsVCalendar(strings.TrimPrefix(strings.TrimSpace(*pr.CalendarData), "\uFEFF")) {
		return Object{}, "", errNotICalendar
	}
	o := Object{Path: p}
	if pr.ETag != nil {
		o.ETag = normalizeETag(*pr.ETag)
	}
	return o, *pr.CalendarData, nil
}

// ListETags maps every object of cal to its ETag, with one Depth 1
// PROPFIND: the fallback to see what changed when a server has no
// sync-collection. Sub-collections are left out.
func (c *Client) ListETags(ctx context.Context, cal string) (map[string]string, error) {
	const body = xmlHeader + `<D:propfind xmlns:D="DAV:"><D:prop><D:getetag/><D:resourcetype/></D:prop></D:propfind>`
	ms, err := c.report(ctx, "PROPFIND", cal, "1", body)
	if err != nil {
		return nil, err
	}
	etags := make(map[string]string, len(ms.Responses))
	logged := c.skipLog("skipping calendar object", cal)
	defer logged.done()
	for i := range ms.Responses {
		r := &ms.Responses[i]
		p, err := r.path()
		if err == nil {
			err = r.err(c, "PROPFIND", p)
		}
		if err != nil {
			logged.skip(hrefs(r), zap.Error(err))
			continue
		}
		pr := r.prop()
		if trimSlash(p) == trimSlash(cal) || (pr.ResourceType != nil && pr.ResourceType.has("DAV:", "collection")) {
			continue
		}
		if pr.ETag == nil {
			logged.skip(p, zap.Error(errors.New("no getetag")))
			continue
		}
		etags[p] = normalizeETag(*pr.ETag)
	}
	return etags, nil
}
