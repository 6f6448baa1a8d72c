package oauth

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
)

// Revoke signs out: it asks the server to revoke the saved refresh token
// (RFC 7009; Google: POST token= to its revoke endpoint), which ends the
// access tokens made from it too, then deletes the token file. A token the
// server no longer knows (400 invalid_token) counts as revoked; any other
// failure keeps the file, so the user can try again.
func Revoke(ctx context.Context, c Client, revokeURL, path string) error {
	ft, err := readFile(path, nil)
	if errors.Is(err, ErrLoginNeeded) {
		return os.Remove(path) // nothing usable to revoke; ENOENT: already signed out
	}
	if err != nil {
		return err
	}
	if revokeURL == "" {
		revokeURL = GoogleRevokeURL
	}
	hc := c.HTTPClient
	if hc == nil {
		hc = http.DefaultClient
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, revokeURL, strings.NewReader(url.Values{"token": {ft.RefreshToken}}.Encode()))
	if err != nil {
		return fmt.Errorf("oauth: revoke at %s: %w", revokeURL, err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := hc.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return fmt.Errorf("oauth: revoke at %s: %w", revokeURL, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 4<<10))
	if resp.StatusCode/100 != 2 && !(resp.StatusCode == http.StatusBadRequest && strings.Contains(string(b), "invalid_token")) {
		return fmt.Errorf("oauth: revoke at %s: %d %s: try again, or remove the access at https://myaccount.google.com/permissions", revokeURL, resp.StatusCode, http.StatusText(resp.StatusCode))
	}
	return os.Remove(path)
}
