package daemon

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"go.uber.org/zap"

	"github.com/netsyncd/netsyncd/internal/caldav"
	"github.com/netsyncd/netsyncd/internal/config"
	"github.com/netsyncd/netsyncd/internal/gcal"
	"github.com/netsyncd/netsyncd/internal/oauth"
)

// OAuthClient is the OAuth client caldav.oauth describes, for `netsyncd
// login` and the Syncer's token source.
func OAuthClient(cfg *config.Config, sec config.Secret) oauth.Client {
	o := cfg.CalDAV.OAuth
	return oauth.Client{ID: o.ClientID, Secret: sec.OAuthClientSecret, AuthURL: o.AuthURL, TokenURL: o.TokenURL,
		Scopes: o.Scopes, HTTPClient: &http.Client{Timeout: cfg.CalDAV.Timeout.D()}}
}

// oauthParts builds the token source of caldav.oauth and, on Google, the
// Calendar API client that shares it; both nil without caldav.oauth.
func oauthParts(cfg *config.Config, sec config.Secret, log *zap.Logger) (*oauth.Source, *gcal.Client) {
	o := cfg.CalDAV.OAuth
	if o == nil {
		return nil, nil
	}
	src := oauth.NewSource(OAuthClient(cfg, sec), sec.OAuthTokenFile)
	src.OnWarning(func(msg string) { log.Warn(msg) })
	if !cfg.IsGoogle() || o.APIURL == "" {
		return src, nil
	}
	return src, gcal.New(o.APIURL, src, &http.Client{Timeout: cfg.CalDAV.Timeout.D()})
}

// GoogleCalendars is the account's calendar list (`netsyncd calendars`);
// ok is false when the server is not Google.
func (s *Syncer) GoogleCalendars(ctx context.Context) (cals []gcal.Calendar, ok bool, err error) {
	if s.google == nil {
		return nil, false, nil
	}
	cals, err = s.google.List(ctx)
	return cals, true, err
}

// resolveGoogle turns caldav.sources and caldav.target into CalDAV paths
// through the calendar list: a calendar is named by its URL or path, its
// calendar ID, or its name. No sources: every calendar of the list whose
// events can be read, except the target. A target that matches nothing
// stays a name: the pass creates it (createGoogleTarget).
func (s *Syncer) resolveGoogle(ctx context.Context) (*calendarNames, error) {
	list, err := s.google.List(ctx)
	if err != nil {
		return nil, fmt.Errorf("list the Google calendars: %w", err)
	}
	n := &calendarNames{target: s.cfg.CalDAV.Target}
	tgt, err := googleFind(list, s.cfg.CalDAV.Target)
	switch {
	case err == errNoCalendar:
	case err != nil:
		return nil, fmt.Errorf("caldav.target in %s: %w", s.cfg.Path, err)
	default:
		n.target = tgt
	}
	for _, name := range s.cfg.CalDAV.Sources {
		p, err := googleFind(list, name)
		if err == errNoCalendar {
			return nil, fmt.Errorf("caldav.sources in %s: no Google calendar %q; yours are: %s", s.cfg.Path, name, googleListing(list))
		}
		if err != nil {
			return nil, fmt.Errorf("caldav.sources in %s: %w", s.cfg.Path, err)
		}
		n.sources = append(n.sources, p)
	}
	if len(s.cfg.CalDAV.Sources) == 0 {
		for _, c := range list {
			if p := gcal.CalDAVPath(c.ID); c.AccessRole != "freeBusyReader" && p != n.target {
				n.sources = append(n.sources, p)
			}
		}
	}
	for _, p := range append(append([]string{}, n.sources...), n.target) {
		if strings.HasPrefix(p, "/") {
			n.addCollection(p)
		}
	}
	return n, nil
}

var errNoCalendar = fmt.Errorf("no such calendar")

// googleFind is the CalDAV path of the calendar name names: a path or URL
// as given, a calendar ID of the list, or the one calendar of that name.
func googleFind(list []gcal.Calendar, name string) (string, error) {
	name = strings.TrimSpace(name)
	if id := gcal.IDOf(name); id != "" {
		return gcal.CalDAVPath(id), nil
	}
	for _, c := range list {
		if c.ID == name {
			return gcal.CalDAVPath(c.ID), nil
		}
	}
	var found []gcal.Calendar
	for _, c := range list {
		if strings.EqualFold(strings.TrimSpace(c.Summary), name) {
			found = append(found, c)
		}
	}
	switch len(found) {
	case 0:
		return "", errNoCalendar
	case 1:
		return gcal.CalDAVPath(found[0].ID), nil
	}
	return "", fmt.Errorf("%d Google calendars are named %q (%s): name one by its calendar ID (netsyncd calendars lists them)", len(found), name, googleListing(found))
}

func googleListing(list []gcal.Calendar) string {
	if len(list) == 0 {
		return "none"
	}
	parts := make([]string, len(list))
	for i, c := range list {
		parts[i] = fmt.Sprintf("%q (%s)", c.Summary, c.ID)
	}
	return strings.Join(parts, ", ")
}

// createGoogleTarget makes the target through the Calendar API
// (calendars.insert): Google's CalDAV has no MKCALENDAR. The new calendar
// takes events only, so output.as: todo falls back to events (Pass warns).
func (s *Syncer) createGoogleTarget(ctx context.Context, dryRun bool) (*caldav.Calendar, error) {
	name := strings.TrimSpace(s.cfg.CalDAV.Target)
	if gcal.IDOf(name) != "" || strings.Contains(name, "@") {
		return nil, fmt.Errorf("caldav.target %q in %s is not in your Google calendar list: write the name of a calendar for netsyncd to create, like Networking, or pick one from netsyncd calendars", name, s.cfg.Path)
	}
	if dryRun {
		s.log.Info("the target calendar is missing; a real pass would create it through the Google Calendar API", zap.String("name", name))
		return &caldav.Calendar{Path: gcal.CalDAVPath("new-calendar"), Name: name, Components: []string{"VEVENT"}}, nil
	}
	tz := s.cfg.Location.String()
	if tz == "Local" {
		tz = "" // Google then uses the account's
	}
	cal, err := s.google.Insert(ctx, name, tz)
	if err != nil {
		return nil, fmt.Errorf("create the target calendar %q: %w", name, err)
	}
	p := gcal.CalDAVPath(cal.ID)
	s.names.target = p
	s.names.addCollection(p)
	s.log.Info("created the target calendar through the Google Calendar API", zap.String("name", name), zap.String("id", cal.ID))
	return &caldav.Calendar{Path: p, Name: name, Components: []string{"VEVENT"}}, nil
}
