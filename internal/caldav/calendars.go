package caldav

import (
	"context"
	"fmt"
	"path"
	"sort"
	"strings"

	"go.uber.org/zap"

	"github.com/netsyncd/netsyncd/internal/budget"
)

// Calendar is one calendar collection of the user's home.
type Calendar struct {
	Path       string   // with a trailing slash, as the server lists it
	Name       string   // displayname, else the last path segment
	Components []string // supported-calendar-component-set, e.g. VEVENT, VTODO; empty: any
	CTag       string   // CalendarServer getctag, "" when the server has none
	SyncToken  string   // RFC 6578 sync-token, "" when the server has none
}

// Supports tells whether the calendar takes comp ("VEVENT", "VTODO").
// RFC 4791 section 5.2.3: without the property, any component is allowed.
func (cal Calendar) Supports(comp string) bool {
	if len(cal.Components) == 0 {
		return true
	}
	for _, c := range cal.Components {
		if strings.EqualFold(c, comp) {
			return true
		}
	}
	return false
}

// The one request of an idle pass: every calendar's ctag and sync-token.
const calendarsBody = xmlHeader + `<D:propfind xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav" xmlns:CS="http://calendarserver.org/ns/">` +
	`<D:prop><D:displayname/><D:resourcetype/><C:supported-calendar-component-set/><CS:getctag/><D:sync-token/></D:prop>` +
	`</D:propfind>`

// Calendars lists the calendar collections of home with one Depth 1
// PROPFIND, which is all an idle pass costs. Other collections (the home
// itself, address books, inbox/outbox) are left out; an unreadable entry is
// logged and left out. A home given as an absolute URL on another host of
// the same domain (as Discover returns iCloud's) makes that host the one
// every path of this client goes to.
func (c *Client) Calendars(ctx context.Context, home string) ([]Calendar, error) {
	if err := c.useHome(home); err != nil {
		return nil, err
	}
	ms, err := c.report(ctx, "PROPFIND", home, "1", calendarsBody)
	if err != nil {
		return nil, err
	}
	var cals []Calendar
	for i := range ms.Responses {
		r := &ms.Responses[i]
		p, err := r.path()
		if err == nil {
			err = r.err(c, "PROPFIND", p)
		}
		if err != nil {
			c.log.Warn("skipping collection", zap.String("href", hrefs(r)), zap.Error(err))
			continue
		}
		if cal, ok := calendarFrom(p, r.prop()); ok {
			c.settleCalendar(&cal, ms.date)
			cals = append(cals, cal)
		}
	}
	sort.Slice(cals, func(i, j int) bool { return cals[i].Path < cals[j].Path })
	return cals, nil
}

// calendarFrom converts one response; ok is false unless it is a calendar
// (RFC 4791 section 4.2: its resourcetype has CALDAV:calendar).
func calendarFrom(p string, pr prop) (Calendar, bool) {
	if pr.ResourceType == nil || !pr.ResourceType.has("urn:ietf:params:xml:ns:caldav", "calendar") {
		return Calendar{}, false
	}
	cal := Calendar{Path: p, Name: path.Base(strings.TrimSuffix(p, "/"))}
	if pr.DisplayName != nil && strings.TrimSpace(*pr.DisplayName) != "" {
		cal.Name = strings.TrimSpace(*pr.DisplayName)
	}
	if pr.Components != nil {
		for _, comp := range pr.Components.Comps {
			cal.Components = append(cal.Components, strings.ToUpper(comp.Name))
		}
	}
	if pr.CTag != nil {
		cal.CTag = strings.TrimSpace(*pr.CTag)
	}
	if pr.SyncToken != nil {
		cal.SyncToken = strings.TrimSpace(*pr.SyncToken)
	}
	return cal, true
}

// Select picks the source calendars and the target from cals. A name is a
// path (with or without its trailing slash, or a full URL) or a display
// name, compared without case. No sources named: every calendar that takes
// VEVENT, except the target. The target is nil when no calendar matches
// it; a named source that matches none is an error listing the calendars
// that exist. A calendar cannot be both a source and the target: netsyncd
// would read its own entries back as events.
func Select(cals []Calendar, sources []string, target string) ([]Calendar, *Calendar, error) {
	var tgt *Calendar
	if strings.TrimSpace(target) != "" {
		t, err := find(cals, target)
		if err != nil && err != errNoMatch {
			return nil, nil, err
		}
		tgt = t
	}
	var src []Calendar
	seen := map[string]bool{}
	add := func(cal Calendar) {
		if !seen[cal.Path] {
			seen[cal.Path] = true
			src = append(src, cal)
		}
	}
	for _, name := range sources {
		cal, err := find(cals, name)
		if err == errNoMatch {
			return nil, nil, fmt.Errorf("caldav: no calendar %q; the calendars are: %s", name, listCalendars(cals))
		}
		if err != nil {
			return nil, nil, err
		}
		if tgt != nil && cal.Path == tgt.Path {
			return nil, nil, fmt.Errorf("caldav: calendar %q is both a source and the target; choose another target", name)
		}
		add(*cal)
	}
	if len(sources) == 0 {
		for _, cal := range cals {
			if cal.Supports("VEVENT") && (tgt == nil || cal.Path != tgt.Path) {
				add(cal)
			}
		}
		if len(src) > budget.SourceCalendars {
			return nil, nil, fmt.Errorf("caldav: the server lists %d calendars that hold events, more than the %d netsyncd reads when caldav.sources names none: list the calendars to read in caldav.sources (netsyncd calendars shows them)", len(src), budget.SourceCalendars)
		}
	}
	return src, tgt, nil
}
