package caldav

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strings"

	"go.uber.org/zap"
)

// maxSyncRounds bounds how often SyncCollection follows truncated answers.
const maxSyncRounds = 100

// SyncCollection asks cal what changed since token (RFC 6578); an empty
// token asks for everything. It returns the paths of changed (new or
// modified) and deleted objects and the token for next time. A token the
// server refuses gives an error that errors.Is ErrSyncTokenInvalid: the
// caller should then do a full Fetch and start again from an empty token.
// A server that refuses the report itself gives an error that errors.Is
// ErrSyncUnsupported: the caller should compare ETags (ListETags) instead.
//
// RFC 6578 section 3.6: a 507 on the collection's own href means the answer
// was truncated; the request is repeated from the token that came with it
// (Google pages this way).
func (c *Client) SyncCollection(ctx context.Context, cal, token string) (changed, deleted []string, newToken string, err error) {
	state := map[string]bool{} // path: true changed, false deleted
	for round := 0; ; round++ {
		ms, err := c.syncRound(ctx, cal, token)
		if err != nil {
			return nil, nil, "", err
		}
		truncated := c.syncApply(ms, cal, state)
		if ms.SyncToken == "" {
			return nil, nil, "", fmt.Errorf("caldav: REPORT %s: sync-collection answer without a sync-token", c.resolve(cal).Redacted())
		}
		sent := token
		token = strings.TrimSpace(ms.SyncToken)
		if truncated && token == sent {
			// Asking again from the same token gets the same page: a
			// server that never moves it would be asked maxSyncRounds
			// times a pass, for nothing. A full read is bounded.
			return nil, nil, "", fmt.Errorf("%w: caldav: REPORT %s: the server answered 507 (more to come) without moving its sync-token past %q; reading the calendar whole instead", ErrSyncTokenInvalid, c.resolve(cal).Redacted(), shortToken(token))
		}
		if !truncated || round >= maxSyncRounds {
			break
		}
	}
	for p, ch := range state {
		if ch {
			changed = append(changed, p)
		} else {
			deleted = append(deleted, p)
		}
	}
	sort.Strings(changed)
	sort.Strings(deleted)
	return changed, deleted, token, nil
}

// syncRound sends one sync-collection REPORT. RFC 6578 section 3.3: Depth
// is 0; the scope is the sync-level.
func (c *Client) syncRound(ctx context.Context, cal, token string) (*multistatus, error) {
	body := xmlHeader + `<D:sync-collection xmlns:D="DAV:"><D:sync-token>` + escape(token) + `</D:sync-token>` +
		`<D:sync-level>1</D:sync-level><D:prop><D:getetag/></D:prop></D:sync-collection>`
	ms, err := c.report(ctx, "REPORT", cal, "0", body)
	switch {
	case err == nil:
	case tokenRefused(err, token):
		return nil, fmt.Errorf("%w: %w", ErrSyncTokenInvalid, err)
	case reportRefused(err):
		return nil, fmt.Errorf("%w: %w", ErrSyncUnsupported, err)
	}
	return ms, err
}

// reportRefused recognizes a server that lists a sync-token but does not
// do the report: 403 without DAV:valid-sync-token, 405, or 501 (RFC 6578
// section 3.3 lists the report in DAV:supported-report-set; a server
// behind a proxy that filters REPORT, or a partial implementation, may
// advertise the token all the same).
func reportRefused(err error) bool {
	var se *StatusError
	if !errors.As(err, &se) || se.Condition == "valid-sync-token" {
		return false
	}
	switch se.Status {
	case http.StatusForbidden, http.StatusMethodNotAllowed, http.StatusNotImplemented:
		return true
	}
	return false
}

// tokenRefused recognizes the answers servers give to a token they no
// longer accept: 403 (or 409) with DAV:valid-sync-token as RFC 6578
// section 3.2 says (Radicale), 410 Gone, and Xandikos's 500 to a token it
// does not know. A 500 to a real token costs one full fetch, which fails
// the same way if the server is truly broken.
func tokenRefused(err error, token string) bool {
	var se *StatusError
	if !errors.As(err, &se) || token == "" {
		return false
	}
	switch {
	case se.Condition == "valid-sync-token", se.Status == http.StatusGone:
		return true
	case se.Status == http.StatusInternalServerError:
		return true
	}
	return false
}

// syncApply records one answer's members into state and tells whether the
// answer was truncated.
func (c *Client) syncApply(ms *multistatus, cal string, state map[string]bool) (truncated bool) {
	logged := c.skipLog("skipping sync entry", cal)
	defer logged.done()
	for i := range ms.Responses {
		r := &ms.Responses[i]
		var paths []string
		if len(r.Hrefs) > 1 && len(r.Propstats) == 0 {
			// Several hrefs sharing one status (RFC 4918 section 14.24).
			for _, h := range r.Hrefs {
				p, err := parseHref(h)
				if err != nil {
					logged.skip(h, zap.Error(err))
					continue
				}
				paths = append(paths, p)
			}
		} else {
			p, err := r.path()
			if err != nil {
				logged.skip(hrefs(r), zap.Error(err))
				continue
			}
			paths = append(paths, p)
		}
		code := statusCode(r.Status)
		for _, p := range paths {
			switch {
			case strings.HasSuffix(p, "/") || trimSlash(p) == trimSlash(cal):
				// The collection itself (iCloud lists it), or a truncation mark.
				truncated = truncated || code == http.StatusInsufficientStorage
			case code == http.StatusNotFound || code == http.StatusGone:
				state[p] = false
			case code/100 == 2:
				state[p] = true
			default:
				logged.skip(p, zap.Int("status", code))
			}
		}
	}
	return truncated
}

// shortToken is a sync-token for a message: tokens are URLs of a few
// dozen bytes, but a server that lies may send anything.
func shortToken(t string) string {
	if len(t) > 80 {
		return t[:80] + "..."
	}
	return t
}
