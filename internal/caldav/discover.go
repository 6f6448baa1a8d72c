package caldav

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/emersion/go-webdav"
	"go.uber.org/zap"
)

// Discover finds the user's calendar home from the configured URL, whatever
// it points at: the server root, the principal, a calendar, or a host whose
// /.well-known/caldav redirects to the real context path.
//
// RFC 6764 section 6: ask the given URL for DAV:current-user-principal
// (RFC 5397); failing that, /.well-known/caldav (redirects followed by hand,
// same host only) and the root. Then RFC 4791 section 6.2.1: the
// principal's CALDAV:calendar-home-set. The home is a path, or an absolute
// URL when it is on another host of the same domain (iCloud); Calendars
// takes either.
func (c *Client) Discover(ctx context.Context) (string, error) {
	principal, err := c.findPrincipal(ctx)
	if err != nil {
		return "", err
	}
	home, err := c.homeSet(ctx, principal)
	if err != nil {
		return "", err
	}
	c.log.Debug("discovered calendar home", zap.String("principal", principal), zap.String("home", home))
	return home, nil
}

func (c *Client) findPrincipal(ctx context.Context) (string, error) {
	var errs []error
	candidates := []string{c.base.Path, "/.well-known/caldav"}
	if c.base.Path != "/" {
		candidates = append(candidates, "/")
	}
	if !strings.HasPrefix(c.base.Path, sogoDAVRoot) {
		// sogod without the web server in front of it answers the root
		// and /.well-known/caldav with its login page (sogo.go).
		candidates = append(candidates, sogoDAVRoot)
	}
	for _, p := range candidates {
		principal, err := c.principalAt(ctx, p)
		if err == nil {
			return principal, nil
		}
		var se *StatusError
		if !errors.As(err, &se) || se.Status == http.StatusUnauthorized {
			// Wrong credentials, a network failure or a redirect to
			// another host: the next candidate would fail the same way.
			return "", err
		}
		errs = append(errs, err)
	}
	return "", fmt.Errorf("caldav: no current-user-principal at %s: %w", c.base.Redacted(), errors.Join(errs...))
}

// principalAt asks one URL for DAV:current-user-principal through
// go-webdav, which does this right; its errors are our transport's.
func (c *Client) principalAt(ctx context.Context, p string) (string, error) {
	wc, err := webdav.NewClient(cappedTransport{transport{c}, maxDiscovery}, c.onBase(p))
	if err != nil {
		return "", fmt.Errorf("caldav: %w", err)
	}
	principal, err := wc.FindCurrentUserPrincipal(ctx)
	if err != nil {
		var se *StatusError
		var re *requestError
		if errors.As(err, &se) || errors.As(err, &re) {
			return "", err
		}
		// The server answered, but without the property.
		return "", &StatusError{Method: "PROPFIND", URL: c.onBase(p), Status: http.StatusNotFound,
			Body: "no current-user-principal"}
	}
	if principal == "" {
		return "", &StatusError{Method: "PROPFIND", URL: c.onBase(p), Status: http.StatusNotFound,
			Body: "empty current-user-principal"}
	}
	return principal, nil
}

// homeSet reads the principal's calendar-home-set raw, not through
// go-webdav, which keeps only the path of the href: a home on another host
// (iCloud) is returned as an absolute URL when it is a sibling host (see
// hosts.go) and refused with a clear message otherwise.
func (c *Client) homeSet(ctx context.Context, principal string) (string, error) {
	const body = xmlHeader + `<D:propfind xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">` +
		`<D:prop><C:calendar-home-set/></D:prop></D:propfind>`
	at := c.onBase(principal)
	ms, err := c.report(ctx, "PROPFIND", at, "0", body)
	if err != nil {
		return "", err
	}
	for _, r := range ms.Responses {
		hs := r.prop().CalendarHomeSet
		if hs == nil || len(hs.Hrefs) == 0 {
			continue
		}
		base, _ := url.Parse(at)
		u, err := base.Parse(strings.TrimSpace(hs.Hrefs[0]))
		if err != nil {
			return "", fmt.Errorf("caldav: principal %s: bad calendar-home-set %q", principal, hs.Hrefs[0])
		}
		u.User, u.RawQuery, u.Fragment = nil, "", ""
		if u.Scheme == c.base.Scheme && strings.EqualFold(u.Host, c.base.Host) {
			return u.Path, nil
		}
		if err := c.useHome(u.String()); err != nil {
			return "", err
		}
		return u.String(), nil
	}
	return "", fmt.Errorf("caldav: principal %s has no calendar-home-set", principal)
}
