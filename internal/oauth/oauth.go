// Package oauth signs netsyncd in to a calendar account with OAuth 2.0 for
// installed apps (RFC 8252), the flow Google prescribes for command-line
// tools: an authorization code with PKCE S256 (RFC 7636) delivered to a
// loopback redirect on 127.0.0.1, and a refresh token kept in a file of the
// state directory.
//
// Rules this package keeps:
//   - No token (access or refresh) and no client secret ever appears in a
//     log line, an error or a printed URL. Token and Secret values print as
//     "[redacted]"; the token endpoint's error bodies are reduced to their
//     error code and description.
//   - The token file is written atomically with mode 0600; a refreshed
//     token is saved at once, so a refresh token rotated by the server is
//     never lost.
//   - A refresh token the server no longer accepts (invalid_grant: revoked,
//     expired, or from an app left in "Testing") is ErrLoginNeeded, whose
//     message says to run `netsyncd login` again. From then on the Source
//     asks the server nothing until the token file changes, so a daemon
//     retrying costs no requests, and picks the new login up by itself.
//   - The protocol is golang.org/x/oauth2's; this package adds the loopback
//     listener, the file and the error messages.
package oauth

import (
	"errors"
	"fmt"
	"net/http"

	"golang.org/x/oauth2"

	"github.com/netsyncd/netsyncd/internal/servermsg"
)

// Google's endpoints (https://accounts.google.com/.well-known/openid-configuration)
// and the scope that serves both CalDAV and the Calendar API.
const (
	GoogleAuthURL   = "https://accounts.google.com/o/oauth2/v2/auth"
	GoogleTokenURL  = "https://oauth2.googleapis.com/token"
	GoogleRevokeURL = "https://oauth2.googleapis.com/revoke"
	CalendarScope   = "https://www.googleapis.com/auth/calendar"
)

// TokenFileName is the token file's name in the state directory.
const TokenFileName = "oauth-token.json"

// Client is the user's own OAuth client (a "Desktop app" client in Google
// Cloud console) and the server's endpoints.
type Client struct {
	ID     string
	Secret string // Desktop clients still send theirs (it is not secret from the user)
	// AuthURL and TokenURL default to Google's.
	AuthURL, TokenURL string
	Scopes            []string // default: CalendarScope
	// HTTPClient makes the token requests; nil: http.DefaultClient.
	HTTPClient *http.Client
}

func (c Client) String() string {
	return fmt.Sprintf("oauth.Client{ID: %q, Secret: %s, AuthURL: %q, TokenURL: %q}", c.ID, mask(c.Secret), c.AuthURL, c.TokenURL)
}

// GoString hides the secret from %#v too.
func (c Client) GoString() string { return c.String() }

func mask(s string) string {
	if s == "" {
		return `""`
	}
	return "[redacted]"
}

func (c Client) config(redirect string) *oauth2.Config {
	auth, tok := c.AuthURL, c.TokenURL
	if auth == "" {
		auth = GoogleAuthURL
	}
	if tok == "" {
		tok = GoogleTokenURL
	}
	scopes := c.Scopes
	if len(scopes) == 0 {
		scopes = []string{CalendarScope}
	}
	return &oauth2.Config{
		ClientID:     c.ID,
		ClientSecret: c.Secret,
		Endpoint:     oauth2.Endpoint{AuthURL: auth, TokenURL: tok, AuthStyle: oauth2.AuthStyleInParams},
		RedirectURL:  redirect,
		Scopes:       scopes,
	}
}

// ErrLoginNeeded means there is no usable refresh token: none was saved
// yet, or the server refused it (invalid_grant). The user must run
// `netsyncd login` again; a daemon keeps retrying and resumes by itself
// once the token file is new.
var ErrLoginNeeded = errors.New("sign-in needed")

// loginNeeded builds the one message a user sees for a dead sign-in.
func loginNeeded(file, why string) error {
	return fmt.Errorf("oauth: %w: %s; run netsyncd login again (the token file is %s)", ErrLoginNeeded, why, file)
}

// cleanError turns an error of x/oauth2 into one that names the endpoint,
// the status and the server's error code, and nothing of the body: a token
// endpoint echoes what it was sent in some error pages. The secrets of the
// request (the client secret, the refresh token or the code and verifier)
// are taken out of what is left: a server's error description ("client
// secret GOCSPX-... is wrong") and x/oauth2's own messages (a JSON error
// quotes the value it could not read) may repeat them.
func cleanError(tokenURL string, err error, secrets ...string) error {
	var re *oauth2.RetrieveError
	if !errors.As(err, &re) {
		if msg := fmt.Sprintf("oauth: token request to %s: %v", tokenURL, err); servermsg.Redact(msg, secrets...) != msg {
			return errors.New(servermsg.Redact(msg, secrets...))
		}
		return fmt.Errorf("oauth: token request to %s: %w", tokenURL, err) // a timeout or a cancel stays one
	}
	status := 0
	if re.Response != nil {
		status = re.Response.StatusCode
	}
	msg := fmt.Sprintf("oauth: token request to %s: %d %s", tokenURL, status, http.StatusText(status))
	if re.ErrorCode != "" {
		msg += ": " + servermsg.Clean(re.ErrorCode, secrets...)
	}
	if re.ErrorDescription != "" {
		msg += " (" + servermsg.Clean(re.ErrorDescription, secrets...) + ")"
	}
	return errors.New(servermsg.Redact(msg, secrets...))
}

// isInvalidGrant tells a refresh token the server refuses for good (RFC
// 6749 section 5.2) from a failure worth retrying.
func isInvalidGrant(err error) bool {
	var re *oauth2.RetrieveError
	return errors.As(err, &re) && re.ErrorCode == "invalid_grant"
}
