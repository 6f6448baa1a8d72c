package caldav

import (
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/netsyncd/netsyncd/internal/budget"
)

var errNoMatch = errors.New("no match")

// find matches a path first, then a display name; two calendars with the
// same display name must be told apart by path.
func find(cals []Calendar, name string) (*Calendar, error) {
	name = strings.TrimSpace(name)
	want := trimSlash(name)
	if u, err := url.Parse(name); err == nil && u.IsAbs() {
		want = trimSlash(u.Path)
	}
	for i := range cals {
		if strings.HasPrefix(want, "/") && trimSlash(cals[i].Path) == want {
			return &cals[i], nil
		}
	}
	var found []*Calendar
	for i := range cals {
		if strings.EqualFold(cals[i].Name, name) {
			found = append(found, &cals[i])
		}
	}
	switch len(found) {
	case 0:
		return nil, errNoMatch
	case 1:
		return found[0], nil
	}
	// A few paths are enough to pick one; a server listing 10,000 homonyms
	// must not make a message (and a log line, every pass) of 300 KB.
	const shown = 5
	paths := make([]string, 0, shown+1)
	for _, cal := range found[:min(len(found), shown)] {
		paths = append(paths, cal.Path)
	}
	if len(found) > shown {
		paths = append(paths, fmt.Sprintf("and %d more", len(found)-shown))
	}
	return nil, fmt.Errorf("caldav: %d calendars are named %q (%s): name one by its path", len(found), name, strings.Join(paths, ", "))
}

func trimSlash(p string) string {
	if len(p) > 1 {
		return strings.TrimSuffix(p, "/")
	}
	return p
}

func listCalendars(cals []Calendar) string {
	if len(cals) == 0 {
		return "none"
	}
	parts := make([]string, 0, budget.CalendarsListed+1)
	for _, cal := range cals[:min(len(cals), budget.CalendarsListed)] {
		parts = append(parts, fmt.Sprintf("%q (%s)", cal.Name, cal.Path))
	}
	if len(cals) > budget.CalendarsListed {
		parts = append(parts, fmt.Sprintf("and %d more (netsyncd calendars lists them all)", len(cals)-budget.CalendarsListed))
	}
	return strings.Join(parts, ", ")
}
