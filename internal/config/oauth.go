package config

import (
	"net/url"
	"path"
	"strings"
)

// OAuth is caldav.oauth: the user's own OAuth client (for Google, a
// "Desktop app" client made in Google Cloud console) that `netsyncd login`
// signs in with. The refresh token it gets is kept in the state directory,
// never in the config. The endpoints default to Google's; tests and other
// providers override them.
type OAuth struct {
	ClientID         string `yaml:"client_id"`
	ClientSecretFile string `yaml:"client_secret_file"`
	AuthURL          string `yaml:"auth_url"`
	TokenURL         string `yaml:"token_url"`
	RevokeURL        string `yaml:"revoke_url"`
	// APIURL is Google Calendar API v3's base, used to list calendars and
	// create the target (Google's CalDAV has no MKCALENDAR).
	APIURL string   `yaml:"api_url"`
	Scopes []string `yaml:"scopes"`
}

// OAuthTokenFileName is the token file's name in the state directory.
const OAuthTokenFileName = "oauth-token.json"

// Google's endpoints, filled in by Validate when caldav.oauth leaves them out.
const (
	GoogleAuthURL   = "https://accounts.google.com/o/oauth2/v2/auth"
	GoogleTokenURL  = "https://oauth2.googleapis.com/token"
	GoogleRevokeURL = "https://oauth2.googleapis.com/revoke"
	GoogleAPIURL    = "https://www.googleapis.com/calendar/v3"
	GoogleScope     = "https://www.googleapis.com/auth/calendar"
	// GoogleCalDAVURL is what caldav.url is for a Google account.
	GoogleCalDAVURL = "https://apidata.googleusercontent.com/caldav/v2/"
)

// IsGoogle tells whether caldav.url is Google's CalDAV API (or a stand-in
// serving its paths): each calendar is then a home of its own, calendars
// are listed and created through the Calendar API, and a calendar may be
// named by its Google calendar ID.
func (c *Config) IsGoogle() bool {
	u, err := url.Parse(strings.TrimSpace(c.CalDAV.URL))
	if err != nil {
		return false
	}
	return strings.HasPrefix(path.Clean(u.Path)+"/", "/caldav/v2/")
}

// OAuthClientSecret reads caldav.oauth.client_secret_file ("" when none is
// set: a client without a secret). Errors never quote the content.
func (c *Config) OAuthClientSecret() (string, error) {
	o := c.CalDAV.OAuth
	if o == nil || o.ClientSecretFile == "" {
		return "", nil
	}
	return readSecretFile("caldav.oauth.client_secret_file", o.ClientSecretFile)
}

func (v *validator) oauth() {
	o := v.c.CalDAV.OAuth
	d := v.c.CalDAV
	if o == nil {
		if v.c.IsGoogle() && d.BearerTokenFile == "" && d.BearerTokenEnv == "" {
			v.errorf("caldav.url", "is Google's CalDAV, which takes OAuth sign-in only: add caldav.oauth with your client_id and client_secret_file, then run netsyncd login (docs/google.md)")
		}
		return
	}
	if strings.TrimSpace(o.ClientID) == "" {
		v.errorf("caldav.oauth.client_id", "is required: write the client ID of your OAuth client (for Google: Google Cloud console, APIs & Services, Credentials, a Desktop app client), like 1234-abc.apps.googleusercontent.com")
	}
	if d.PasswordFile != "" || d.PasswordEnv != "" || d.Username != "" || d.BearerTokenFile != "" || d.BearerTokenEnv != "" {
		v.errorf("caldav.oauth", "cannot be used with caldav.username, a password or a bearer token: netsyncd signs in with OAuth alone; remove the others")
	}
	v.secretFile("caldav.oauth.client_secret_file", o.ClientSecretFile)
	for key, p := range map[string]*string{"caldav.oauth.auth_url": &o.AuthURL, "caldav.oauth.token_url": &o.TokenURL, "caldav.oauth.revoke_url": &o.RevokeURL, "caldav.oauth.api_url": &o.APIURL} {
		v.endpoint(key, *p)
	}
	if o.AuthURL == "" {
		o.AuthURL = GoogleAuthURL
	}
	if o.TokenURL == "" {
		o.TokenURL = GoogleTokenURL
	}
	if o.RevokeURL == "" {
		o.RevokeURL = GoogleRevokeURL
	}
	if o.APIURL == "" && v.c.IsGoogle() {
		o.APIURL = GoogleAPIURL
	}
	if len(o.Scopes) == 0 {
		o.Scopes = []string{GoogleScope}
	}
}

func (v *validator) endpoint(key, raw string) {
	if raw == "" {
		return
	}
	u, err := url.Parse(raw)
	switch {
	case err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http"):
		v.errorf(key, "is not an http(s) URL: write it like https://oauth2.googleapis.com/token, or leave it out for Google's")
	case u.Scheme == "http" && !isLoopback(u):
		v.errorf(key, "%q is plain http: tokens must not cross the network unencrypted; use https://", u.Redacted())
	}
}
