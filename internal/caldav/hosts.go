package caldav

import (
	"fmt"
	"net"
	"net/url"
	"strings"
)

// Which hosts get the credentials, and where paths go.
//
// The credentials go to the configured origin (scheme, host and port, as
// curl does since CVE-2022-27776: another port on the same host may be
// another user's service) and to one more origin: the calendar home's,
// when the principal names a home on another host of the same domain over
// https. iCloud answers discovery at caldav.icloud.com and keeps each
// account's calendars at pNN-caldav.icloud.com, which takes the same Apple
// ID and app-specific password. Redirects to another host are still
// refused: anyone who can place a Location header could name any host,
// while a calendar-home-set comes from the server the user already gave the
// password to, in an answer to an authenticated request.

// sameHost tells whether u has the configured URL's origin: the same
// scheme, host name and port (an absent port is the scheme's default).
func (c *Client) sameHost(u *url.URL) bool { return sameOrigin(u, c.base) }

// sameOrigin compares the origins of two URLs (RFC 6454 section 4).
func sameOrigin(a, b *url.URL) bool {
	return strings.EqualFold(a.Scheme, b.Scheme) && strings.EqualFold(a.Hostname(), b.Hostname()) &&
		portOf(a) == portOf(b)
}

// portOf is u's port, or its scheme's default one.
func portOf(u *url.URL) string {
	if p := u.Port(); p != "" {
		return p
	}
	switch strings.ToLower(u.Scheme) {
	case "https":
		return "443"
	case "http":
		return "80"
	}
	return ""
}

// mayAuthenticate tells whether a request to u carries the credentials.
func (c *Client) mayAuthenticate(u *url.URL) bool {
	return c.sameHost(u) || c.atOrigin(u)
}

// atOrigin tells whether u is on the calendar home's other host.
func (c *Client) atOrigin(u *url.URL) bool {
	o := c.origin.Load()
	return o != nil && sameOrigin(u, o)
}

// siblingHost tells whether u may hold the calendar home although it is
// not the configured host: both https, neither an IP address, and u under
// the configured host's parent domain, which keeps at least two labels
// (caldav.icloud.com admits p42-caldav.icloud.com; dav.example.com never
// admits every .com host). This approximates "same registrable domain"
// without a public suffix list: under a two-label public suffix
// (example.co.uk) it admits the suffix's other domains, and then only
// because the user's own server named them.
func (c *Client) siblingHost(u *url.URL) bool {
	if c.base.Scheme != "https" || u.Scheme != "https" {
		return false
	}
	base, other := strings.ToLower(c.base.Hostname()), strings.ToLower(u.Hostname())
	if net.ParseIP(base) != nil || net.ParseIP(other) != nil {
		return false
	}
	_, parent, ok := strings.Cut(base, ".")
	return ok && strings.Contains(parent, ".") && strings.HasSuffix(other, "."+parent)
}

// useHome makes paths go to the host of home when it is an absolute URL on
// a sibling host, and to the configured host otherwise. Any other host is
// refused.
func (c *Client) useHome(home string) error {
	u, err := url.Parse(home)
	if err != nil || !u.IsAbs() || sameOrigin(u, c.base) {
		c.origin.Store(nil)
		return nil
	}
	if !c.sameHost(u) && !c.siblingHost(u) {
		return fmt.Errorf("caldav: calendar home %s is on another host: credentials are only sent to %s and, over https, its sibling hosts; set the caldav url to %s",
			u.Redacted(), c.base.Hostname(), u.Redacted())
	}
	c.origin.Store(&url.URL{Scheme: u.Scheme, Host: u.Host})
	return nil
}

// onBase is p on the configured host, whatever the home's host: discovery
// always starts there.
func (c *Client) onBase(p string) string {
	u := *c.base
	u.Path, u.RawPath = p, ""
	return u.String()
}

// ignoresIfNoneMatch names the hosts known not to honour If-None-Match.
// Google's CalDAV guide: "Does not support ... the If* header (except for
// If-Match)"; apidata.googleusercontent.com is its endpoint, www.google.com
// its deprecated one.
func ignoresIfNoneMatch(host string) bool {
	switch strings.ToLower(host) {
	case "apidata.googleusercontent.com", "www.google.com":
		return true
	}
	return false
}
