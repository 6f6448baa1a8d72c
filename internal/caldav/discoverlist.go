package caldav

import (
	"context"
	"strings"
	"sync"

	"go.uber.org/zap"
)

// DiscoverCalendars is Discover, then Calendars of the home it finds, in
// one round trip less where the principal is its own calendar home
// (Radicale, DAViCal): once the principal is known, its Depth 1 listing is
// sent together with the question for its calendar-home-set, and used
// when the answer names the principal. Elsewhere (Xandikos, Cyrus, SOGo:
// the home is a collection under the principal) that listing is one small
// request wasted, and the home is listed after, as Discover and Calendars
// would. A pass makes discovery only without a state directory.
func (c *Client) DiscoverCalendars(ctx context.Context) (string, []Calendar, error) {
	principal, err := c.findPrincipal(ctx)
	if err != nil {
		return "", nil, err
	}
	var guess []Calendar
	var guessErr error
	var wg sync.WaitGroup
	if strings.HasPrefix(principal, "/") {
		wg.Go(func() { guess, guessErr = c.Calendars(ctx, principal) })
	}
	home, err := c.homeSet(ctx, principal)
	wg.Wait()
	if err != nil {
		return "", nil, err
	}
	c.log.Debug("discovered calendar home", zap.String("principal", principal), zap.String("home", home))
	if strings.HasPrefix(principal, "/") && guessErr == nil && strings.TrimSuffix(home, "/") == strings.TrimSuffix(principal, "/") {
		return home, guess, nil
	}
	cals, err := c.Calendars(ctx, home)
	return home, cals, err
}
