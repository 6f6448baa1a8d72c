package davserver

import "strings"

// NewAt is New with the principal and the calendar home at the given paths,
// for servers whose layout is not /<user>/calendars/: Google's CalDAV keeps
// each calendar in a home of its own (principal /caldav/v2/<id>/user, home
// /caldav/v2/<id>/, calendar /caldav/v2/<id>/events/). Both paths end in a
// slash.
func NewAt(user, principal, home string) *Server {
	s := New(user)
	s.principal = strings.TrimSuffix(principal, "/") + "/"
	s.home = strings.TrimSuffix(home, "/") + "/"
	return s
}
