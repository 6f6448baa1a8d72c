// Package gcal is netsyncd's adapter to the two Google Calendar API v3
// calls Google's CalDAV cannot stand in for: calendarList.list (which
// calendars the account has, with their IDs and names; CalDAV discovery
// shows only those ticked at calendar.google.com/calendar/syncselect) and
// calendars.insert (Google's CalDAV has no MKCALENDAR).
//
// Rules this package keeps:
//   - Requests carry the same OAuth access token as CalDAV's, and only go
//     to the configured API base; a 401 drops the token and tries once
//     more with a refreshed one.
//   - Errors name the method, the URL and the status with Google's
//     message, never a token.
package gcal

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/netsyncd/netsyncd/internal/servermsg"
)

// TokenSource is internal/oauth's Source as this package uses it.
type TokenSource interface {
	Token(ctx context.Context) (string, error)
	Invalidate(stale string)
}

// Client calls the Calendar API at one base URL.
type Client struct {
	base   string // e.g. https://www.googleapis.com/calendar/v3
	tokens TokenSource
	hc     *http.Client
}

// New returns a client for the API at base; a nil hc is a client with a
// 30 s timeout.
func New(base string, tokens TokenSource, hc *http.Client) *Client {
	if hc == nil {
		hc = &http.Client{Timeout: 30 * time.Second}
	}
	return &Client{base: strings.TrimSuffix(base, "/"), tokens: tokens, hc: hc}
}

// Calendar is one entry of the user's calendar list.
type Calendar struct {
	ID         string `json:"id"`
	Summary    string `json:"summary"`
	TimeZone   string `json:"timeZone,omitempty"`
	AccessRole string `json:"accessRole,omitempty"` // owner, writer, reader, freeBusyReader
	Primary    bool   `json:"primary,omitempty"`
}

// CalDAVPath is the CalDAV collection of a calendar ID, as a path (not
// escaped): /caldav/v2/<id>/events/.
func CalDAVPath(id string) string { return "/caldav/v2/" + id + "/events/" }

// IDOf is the calendar ID of a CalDAV path (or URL) of the form
// /caldav/v2/<id>/events/, "" for any other.
func IDOf(p string) string {
	if u, err := url.Parse(p); err == nil && u.IsAbs() {
		p = u.Path
	}
	rest, ok := strings.CutPrefix(p, "/caldav/v2/")
	if !ok {
		return ""
	}
	id, tail, _ := strings.Cut(rest, "/")
	if tail != "events" && tail != "events/" {
		return ""
	}
	return id
}

// List returns every calendar of the user's calendar list, following
// nextPageToken.
func (c *Client) List(ctx context.Context) ([]Calendar, error) {
	var out []Calendar
	page := ""
	for range 100 {
		q := url.Values{"maxResults": {"250"}}
		if page != "" {
			q.Set("pageToken", page)
		}
		var ans struct {
			Items         []Calendar `json:"items"`
			NextPageToken string     `json:"nextPageToken"`
		}
		if err := c.call(ctx, http.MethodGet, "/users/me/calendarList?"+q.Encode(), nil, &ans); err != nil {
			return nil, err
		}
		out = append(out, ans.Items...)
		if page = ans.NextPageToken; page == "" {
			return out, nil
		}
	}
	return nil, fmt.Errorf("gcal: calendarList: more than 100 pages")
}

// Insert creates a secondary calendar named summary in time zone tz (an
// IANA name) and returns it.
func (c *Client) Insert(ctx context.Context, summary, tz string) (Calendar, error) {
	var cal Calendar
	err := c.call(ctx, http.MethodPost, "/calendars", map[string]string{"summary": summary, "timeZone": tz}, &cal)
	if err == nil && cal.ID == "" {
		err = fmt.Errorf("gcal: POST %s/calendars: the answer has no calendar ID", c.base)
	}
	return cal, err
}

// call sends one request, retried once with a new token after a 401, and
// decodes the JSON answer into out.
func (c *Client) call(ctx context.Context, method, path string, in, out any) error {
	var body []byte
	if in != nil {
		var err error
		if body, err = json.Marshal(in); err != nil {
			return err
		}
	}
	for try := 0; ; try++ {
		resp, tok, err := c.send(ctx, method, c.base+path, body)
		if err != nil {
			return err
		}
		if resp.StatusCode == http.StatusUnauthorized && try == 0 {
			resp.Body.Close()
			c.tokens.Invalidate(tok)
			continue
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(io.LimitReader(resp.Body, 4<<20))
		if err != nil {
			return fmt.Errorf("gcal: %s %s: %w", method, c.base+path, err)
		}
		if resp.StatusCode/100 != 2 {
			return apiError(method, c.base+path, resp.StatusCode, b, tok)
		}
		if err := json.Unmarshal(b, out); err != nil {
			return fmt.Errorf("gcal: %s %s: the answer is not the JSON expected: %w", method, c.base+path, err)
		}
		return nil
	}
}

func (c *Client) send(ctx context.Context, method, u string, body []byte) (*http.Response, string, error) {
	tok, err := c.tokens.Token(ctx)
	if err != nil {
		return nil, "", err
	}
	req, err := http.NewRequestWithContext(ctx, method, u, bytes.NewReader(body))
	if err != nil {
		return nil, "", fmt.Errorf("gcal: %s %s: %w", method, u, err)
	}
	req.Header.Set("Authorization", "Bearer "+tok)
	req.Header.Set("User-Agent", "netsyncd")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // the URL is in the message already
		}
		return nil, "", fmt.Errorf("gcal: %s %s: %w", method, u, err)
	}
	return resp, tok, nil
}

// apiError reads Google's error body ({"error": {"code", "message"}}). The
// request's access token tok is taken out of the message, which a server
// may repeat it in ("the token ya29... lacks the scope"); the message is
// kept printable and short.
func apiError(method, u string, status int, body []byte, tok string) error {
	var e struct {
		Error struct {
			Message string `json:"message"`
		} `json:"error"`
	}
	msg := fmt.Sprintf("gcal: %s %s: %d %s", method, u, status, http.StatusText(status))
	if json.Unmarshal(body, &e) == nil && e.Error.Message != "" {
		msg += " (" + servermsg.Clean(e.Error.Message, tok) + ")"
	}
	switch status {
	case http.StatusForbidden:
		msg += ": enable the Google Calendar API in your Cloud project, and sign in with the calendar scope (netsyncd login)"
	case http.StatusNotFound:
		msg += ": check caldav.oauth.api_url"
	}
	return fmt.Errorf("%s", msg)
}
