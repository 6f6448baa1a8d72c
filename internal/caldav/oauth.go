package caldav

import (
	"context"
	"io"
	"net/http"
	"strings"
)

// TokenSource gives the OAuth 2.0 access token of each request (RFC 6750
// "Authorization: Bearer"), as internal/oauth's Source does: Token may
// refresh it first; Invalidate drops a token the server answered 401 to,
// so that the next Token refreshes.
type TokenSource interface {
	Token(ctx context.Context) (string, error)
	Invalidate(stale string)
}

// authorize adds the credentials to a request for an allowed host: a
// token from the TokenSource, else the static ones.
func (c *Client) authorize(req *http.Request) error {
	if c.tokens == nil {
		c.auth(req)
		return nil
	}
	tok, err := c.tokens.Token(req.Context())
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+tok)
	return nil
}

// reauthorize handles a 401 to a request that carried an OAuth access
// token: the token died before its announced expiry (revoked, or the
// server's clock), so it is dropped and the request is sent once more,
// with a refreshed one. It returns the request to send, or nil when a 401
// is the answer to give.
func (c *Client) reauthorize(req *http.Request, resp *http.Response) *http.Request {
	stale, ok := strings.CutPrefix(req.Header.Get("Authorization"), "Bearer ")
	if c.tokens == nil || !ok {
		return nil
	}
	next := req.Clone(req.Context())
	if req.Body != nil && req.Body != http.NoBody {
		if req.GetBody == nil {
			return nil
		}
		body, err := req.GetBody()
		if err != nil {
			return nil
		}
		next.Body = body
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	c.tokens.Invalidate(stale)
	c.log.Info("the server refused the access token; refreshing it and trying once more")
	return next
}
