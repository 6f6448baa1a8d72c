package davserver

import (
	"bytes"
	"context"
	"fmt"
	"net/http"

	"github.com/emersion/go-ical"
	"github.com/emersion/go-webdav/caldav"
)

// backend is the caldav.Backend that go-webdav's handler calls. The handler
// hands PUT only the parsed calendar and DELETE no precondition, so the
// wrapper in handler.go passes the raw body and If-Match through the context.
type backend struct{ s *Server }

var _ caldav.Backend = backend{}

type ctxKey int

const (
	rawBodyKey ctxKey = iota // []byte: the PUT body, exactly as sent
	ifMatchKey               // string: the DELETE If-Match header
)

func (b backend) CurrentUserPrincipal(context.Context) (string, error) { return b.s.principal, nil }

func (b backend) CalendarHomeSetPath(context.Context) (string, error) { return b.s.home, nil }

// CreateCalendar serves MKCOL with a calendar resource type (RFC 5689).
func (b backend) CreateCalendar(_ context.Context, cal *caldav.Calendar) error {
	return toWebDAV(b.s.mkcalendar(cal.Path, cal.Name, cal.Description, cal.SupportedComponentSet))
}

func (b backend) ListCalendars(context.Context) ([]caldav.Calendar, error) {
	var out []caldav.Calendar
	for _, c := range b.s.calendars() {
		out = append(out, c.caldav())
	}
	return out, nil
}

func (b backend) GetCalendar(_ context.Context, p string) (*caldav.Calendar, error) {
	c, ok := b.s.calendar(p, false)
	if !ok {
		return nil, toWebDAV(&davError{code: http.StatusNotFound, msg: fmt.Sprintf("no calendar at %s", p)})
	}
	cal := c.caldav()
	return &cal, nil
}

func (b backend) GetCalendarObject(_ context.Context, p string, _ *caldav.CalendarCompRequest) (*caldav.CalendarObject, error) {
	o := b.s.object(p)
	if o == nil {
		return nil, toWebDAV(&davError{code: http.StatusNotFound, msg: fmt.Sprintf("no object at %s", p)})
	}
	co := o.caldav()
	return &co, nil
}

func (b backend) ListCalendarObjects(_ context.Context, p string, _ *caldav.CalendarCompRequest) ([]caldav.CalendarObject, error) {
	c, ok := b.s.calendar(p, true)
	if !ok {
		return nil, toWebDAV(&davError{code: http.StatusNotFound, msg: fmt.Sprintf("no calendar at %s", p)})
	}
	out := make([]caldav.CalendarObject, 0, len(c.objects))
	for _, o := range c.objects {
		out = append(out, o.caldav())
	}
	return out, nil
}

// QueryCalendarObjects is only reached by callers using the backend
// directly: the handler answers REPORT itself (see report.go).
func (b backend) QueryCalendarObjects(ctx context.Context, p string, q *caldav.CalendarQuery) ([]caldav.CalendarObject, error) {
	all, err := b.ListCalendarObjects(ctx, p, &q.CompRequest)
	if err != nil {
		return nil, err
	}
	return caldav.Filter(q, all)
}

// PutCalendarObject stores the request body exactly as sent; go-webdav's
// handler passes the conditional headers, which answer 412 here.
func (b backend) PutCalendarObject(ctx context.Context, p string, cal *ical.Calendar, opts *caldav.PutCalendarObjectOptions) (*caldav.CalendarObject, error) {
	raw, ok := ctx.Value(rawBodyKey).([]byte)
	if !ok {
		var buf bytes.Buffer
		if err := ical.NewEncoder(&buf).Encode(cal); err != nil {
			return nil, toWebDAV(&davError{code: http.StatusBadRequest, msg: err.Error()})
		}
		raw = buf.Bytes()
	}
	var cond conditions
	if opts != nil {
		cond = conditions{ifMatch: string(opts.IfMatch), ifNoneMatch: string(opts.IfNoneMatch)}
	}
	o, _, err := b.s.put(p, raw, cond)
	if err != nil {
		return nil, toWebDAV(err)
	}
	co := o.caldav()
	return &co, nil
}

func (b backend) DeleteCalendarObject(ctx context.Context, p string) error {
	ifMatch, _ := ctx.Value(ifMatchKey).(string)
	return toWebDAV(b.s.remove(p, ifMatch))
}

func (c calSnap) caldav() caldav.Calendar {
	return caldav.Calendar{Path: c.path, Name: c.name, Description: c.desc, SupportedComponentSet: c.comps}
}

func (o *object) caldav() caldav.CalendarObject {
	return caldav.CalendarObject{
		Path: o.path, ModTime: o.mod, ContentLength: int64(len(o.data)), ETag: o.etag, Data: o.cal,
	}
}
