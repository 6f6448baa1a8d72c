package daemon

import (
	"context"
	"fmt"
	"net/url"
	"path"
	"slices"
	"strings"

	"github.com/netsyncd/netsyncd/internal/caldav"
	"github.com/netsyncd/netsyncd/internal/reconcile"
)

// calendarNames is caldav.sources and caldav.target as caldav.Select takes
// them: a path for each calendar named by URL, path or Google calendar ID,
// the display name otherwise. A calendar may live in another calendar
// home of the same server than the discovered one (Google gives each
// calendar its own; a shared calendar on other servers): homes are those
// homes, each listed with one Depth 1 PROPFIND per pass, which is what an
// idle pass costs per home.
type calendarNames struct {
	sources  []string
	target   string
	homes    []string // homes to list besides the discovered one
	discover bool     // the discovered home is listed too
	// collections are calendars read on their own, with a Depth 0
	// PROPFIND each: Google's, whose home holds that one calendar. This is
	// what Thunderbird sends a Google calendar for its ctag.
	collections []string
}

func (n *calendarNames) addHome(h string) {
	if !slices.Contains(n.homes, h) {
		n.homes = append(n.homes, h)
	}
}

func (n *calendarNames) addCollection(p string) {
	if !slices.Contains(n.collections, p) {
		n.collections = append(n.collections, p)
	}
}

// calendars lists the calendars of every home the config needs: the
// discovered home and the homes of calendars named by path; on Google,
// whose discovery shows one calendar, each calendar on its own. The names
// are resolved at the first pass of a Syncer (on Google through the
// calendar list), so the next passes cost one request per home (on
// Google: per calendar).
func (s *Syncer) calendars(ctx context.Context) ([]caldav.Calendar, error) {
	if s.names == nil {
		n, err := s.resolveNames(ctx)
		if err != nil {
			return nil, err
		}
		s.names = n
	}
	var cals []caldav.Calendar
	if s.names.discover {
		c, err := s.discoveredCalendars(ctx)
		if err != nil {
			return nil, err
		}
		cals = c
	}
	for _, h := range s.names.homes {
		if s.names.discover && trimSlash(reconcile.PathOf(s.home)) == trimSlash(h) {
			continue
		}
		c, err := s.dav.Calendars(ctx, h)
		if err != nil {
			return nil, fmt.Errorf("list the calendar home %s of a calendar named in caldav.sources or caldav.target (%s): %w", h, s.cfg.Path, err)
		}
		for _, cal := range c {
			if !slices.ContainsFunc(cals, func(o caldav.Calendar) bool { return o.Path == cal.Path }) {
				cals = append(cals, cal)
			}
		}
	}
	for _, p := range s.names.collections {
		cal, err := s.dav.Calendar(ctx, p)
		if err != nil {
			return nil, fmt.Errorf("read the calendar %s named in caldav.sources or caldav.target (%s): %w", p, s.cfg.Path, err)
		}
		cals = append(cals, cal)
	}
	return cals, nil
}

// resolveNames reads the config's calendar names: on Google through the
// calendar list, elsewhere by turning URLs into paths and noting their homes.
func (s *Syncer) resolveNames(ctx context.Context) (*calendarNames, error) {
	if s.google != nil {
		return s.resolveGoogle(ctx)
	}
	n := &calendarNames{discover: true, target: s.cfg.CalDAV.Target}
	if p := pathOf(n.target); p != "" {
		n.target = p
		n.addHome(homeOf(p))
	}
	for _, name := range s.cfg.CalDAV.Sources {
		if p := pathOf(name); p != "" {
			name = p
			n.addHome(homeOf(p))
		}
		n.sources = append(n.sources, name)
	}
	return n, nil
}

// pathOf is the path of a calendar named by path or http(s) URL, "" for a
// display name.
func pathOf(name string) string {
	name = strings.TrimSpace(name)
	if strings.HasPrefix(name, "/") {
		return name
	}
	if u, err := url.Parse(name); err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" {
		return u.Path
	}
	return ""
}

// homeOf is the collection a calendar is in: its calendar home.
func homeOf(p string) string {
	return strings.TrimSuffix(path.Dir(strings.TrimSuffix(p, "/")), "/") + "/"
}

func trimSlash(p string) string {
	if len(p) > 1 {
		return strings.TrimSuffix(p, "/")
	}
	return p
}

// ListCalendars lists the calendars of every home the config names
// (`netsyncd calendars` on servers other than Google).
func (s *Syncer) ListCalendars(ctx context.Context) ([]caldav.Calendar, error) {
	return s.calendars(ctx)
}
