package hostile

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/oauth2"

	"github.com/netsyncd/netsyncd/internal/app"
	"github.com/netsyncd/netsyncd/internal/gcal"
	"github.com/netsyncd/netsyncd/internal/googlefake"
	"github.com/netsyncd/netsyncd/internal/oauth"
)

// The secrets of the token endpoint cases: none may reach an error.
const (
	sixthRefresh = "1//0refresh-sixth-SECRET"
	sixthClient  = "GOCSPX-sixth-client-SECRET"
	sixthAccess  = "ya29.sixth-access-SECRET"
)

// noSecret fails t when text holds one of secrets.
func noSecret(t *testing.T, what, text string, secrets ...string) {
	t.Helper()
	for _, s := range secrets {
		if s != "" && strings.Contains(text, s) {
			t.Errorf("%s holds the secret %.12s...: %s", what, s, text)
		}
	}
}

// tokenEndpoint answers every token request with status, content type and
// body; it counts the requests.
func tokenEndpoint(t *testing.T, status int, ctype, body string) (string, *atomic.Int32) {
	var n atomic.Int32
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		w.Header().Set("Content-Type", ctype)
		w.WriteHeader(status)
		fmt.Fprint(w, body)
	}))
	t.Cleanup(hs.Close)
	return hs.URL + "/token", &n
}

// A token endpoint that answers oddly: every failure names the endpoint
// (and the status when it is not 200), and no answer puts a secret in an
// error. Found: a description that repeats the client secret, and an
// expires_in that is not a number (x/oauth2's JSON error quotes the value),
// went into the error, and so into the daemon's log, as they were; an
// expires_in of -3600 or 60 (shorter than the two minutes netsyncd renews
// early) made every request of a pass start with a refresh.
func TestSixthTokenEndpointAnswers(t *testing.T) {
	for _, c := range []struct {
		name   string
		status int
		ctype  string
		body   string
		want   string // in the error; "" for no error
		calls  int32  // token requests for three Token calls
	}{
		{"invalid_grant", 400, "application/json", `{"error":"invalid_grant","error_description":"Bad token ` + sixthRefresh + `"}`, "run netsyncd login again", 1},
		{"401 echoing the secret", 401, "application/json", `{"error":"invalid_client","error_description":"client secret ` + sixthClient + ` is wrong"}`, "401 Unauthorized: invalid_client", 3},
		{"500 in HTML", 500, "text/html", `<html><body>oops: ` + sixthRefresh + `</body></html>`, "500 Internal Server Error", 3},
		{"HTML 200", 200, "text/html", `<html><body>sign in</body></html>`, "/token", 3},
		{"empty body", 200, "application/json", ``, "/token", 3},
		{"empty access token", 200, "application/json", `{"access_token":"","token_type":"Bearer","expires_in":3600}`, "missing access_token", 3},
		{"expires_in a word quoting a secret", 200, "application/json", `{"access_token":"` + sixthAccess + `","expires_in":"` + sixthRefresh + `"}`, "/token", 3},
		{"expires_in missing", 200, "application/json", `{"access_token":"` + sixthAccess + `","token_type":"Bearer"}`, "", 1},
		{"expires_in 0", 200, "application/json", `{"access_token":"` + sixthAccess + `","token_type":"Bearer","expires_in":0}`, "", 1},
		{"expires_in negative", 200, "application/json", `{"access_token":"` + sixthAccess + `","token_type":"Bearer","expires_in":-3600}`, "", 1},
		{"expires_in 60", 200, "application/json", `{"access_token":"` + sixthAccess + `","token_type":"Bearer","expires_in":60}`, "", 1},
		{"expires_in huge", 200, "application/json", `{"access_token":"` + sixthAccess + `","token_type":"Bearer","expires_in":99999999999999999}`, "", 1},
		{"expires_in a string", 200, "application/json", `{"access_token":"` + sixthAccess + `","token_type":"Bearer","expires_in":"3600"}`, "", 1},
		{"a new refresh token", 200, "application/json", `{"access_token":"` + sixthAccess + `","token_type":"Bearer","expires_in":3600,"refresh_token":"1//0rotated-SECRET"}`, "", 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			url, calls := tokenEndpoint(t, c.status, c.ctype, c.body)
			path := filepath.Join(t.TempDir(), "oauth-token.json")
			if err := oauth.SaveToken(path, &oauth2.Token{RefreshToken: sixthRefresh}, "cid"); err != nil {
				t.Fatal(err)
			}
			src := oauth.NewSource(oauth.Client{ID: "cid", Secret: sixthClient, TokenURL: url}, path)
			for range 3 {
				tok, err := src.Token(context.Background())
				switch {
				case c.want == "" && (err != nil || tok != sixthAccess):
					t.Errorf("Token() = %.12q, %v; want the access token", tok, err)
				case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "oauth")):
					t.Errorf("Token() = %v; want an error with %q", err, c.want)
				}
				if err != nil {
					noSecret(t, "the error", err.Error(), sixthRefresh, sixthClient, sixthAccess)
					if c.name == "invalid_grant" && !strings.Contains(err.Error(), path) {
						t.Errorf("the error %q does not name the token file", err)
					}
				}
			}
			if got := calls.Load(); got != c.calls {
				t.Errorf("three Token calls made %d token requests; want %d", got, c.calls)
			}
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			wantRT := sixthRefresh
			if strings.Contains(c.body, "rotated") {
				wantRT = "1//0rotated-SECRET"
			}
			if !strings.Contains(string(b), `"refresh_token": "`+wantRT+`"`) {
				t.Errorf("the token file after the refresh keeps no refresh token %.12s...", wantRT)
			}
		})
	}
}

// The token file as something else than netsyncd writes: each read is a
// clear error naming the file, at once, with no secret, and a file open to
// others is made 0600 with a warning in the daemon's log. Found: a FIFO
// (os.ReadFile waited for a writer for ever: SIGTERM cannot end an open)
// and a symlink to /dev/zero (read until memory ran out) hung the pass; a
// directory said "check that the daemon's user can read it"; a file of
// mode 0644 was used as it was until a refresh happened to rewrite it.
func TestSixthTokenFileThatIsNot(t *testing.T) {
	url, _ := tokenEndpoint(t, 200, "application/json", `{"access_token":"`+sixthAccess+`","token_type":"Bearer","expires_in":3600}`)
	for _, c := range []struct {
		name string
		make func(t *testing.T, path string)
		want string // in the error, "" for none
	}{
		{"a FIFO", func(t *testing.T, p string) { must(t, syscall.Mkfifo(p, 0o600)) }, "is a FIFO"},
		{"a symlink to /dev/zero", func(t *testing.T, p string) { must(t, os.Symlink("/dev/zero", p)) }, "is a device"},
		{"a directory", func(t *testing.T, p string) { must(t, os.Mkdir(p, 0o700)) }, "is a directory"},
		{"empty", func(t *testing.T, p string) { must(t, os.WriteFile(p, nil, 0o600)) }, "not valid JSON"},
		{"truncated JSON", func(t *testing.T, p string) {
			must(t, os.WriteFile(p, []byte(`{"refresh_token": "`+sixthRefresh[:10]), 0o600))
		}, "not valid JSON"},
		{"a symlink to a good file", func(t *testing.T, p string) {
			must(t, oauth.SaveToken(p+".real", &oauth2.Token{RefreshToken: sixthRefresh}, "cid"))
			must(t, os.Symlink(p+".real", p))
		}, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "oauth-token.json")
			c.make(t, path)
			src := oauth.NewSource(oauth.Client{ID: "cid", Secret: sixthClient, TokenURL: url}, path)
			done := make(chan error, 1)
			go func() { _, err := src.Token(context.Background()); done <- err }()
			var err error
			select {
			case err = <-done:
			case <-time.After(5 * time.Second):
				t.Fatalf("reading the token file that is %s did not end in 5 s", c.name)
			}
			switch {
			case c.want == "" && err != nil:
				t.Errorf("Token() = %v; want a token", err)
			case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), path)):
				t.Errorf("Token() = %v; want an error naming %s with %q", err, path, c.want)
			}
			if err != nil {
				noSecret(t, "the error", err.Error(), sixthRefresh, sixthClient, sixthAccess)
			}
		})
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// A token file of mode 0644 (copied from a laptop with cp, as docs/google.md
// suggests for a server without a browser) read by `netsyncd once`: made
// 0600, with a warning naming it, and no secret in the output or log.
func TestSixthWorldReadableTokenFile(t *testing.T) {
	f := googlefake.New("c.apps.googleusercontent.com", "GOCSPX-sixth-fake", "jane@home.example")
	t.Cleanup(f.Close)
	dir := t.TempDir()
	stateDir := filepath.Join(dir, "state")
	secretFile := filepath.Join(dir, "client-secret")
	must(t, os.WriteFile(secretFile, []byte(f.ClientSecret+"\n"), 0o600))
	client := oauth.Client{ID: f.ClientID, Secret: f.ClientSecret, AuthURL: f.AuthURL(), TokenURL: f.TokenURL()}
	browser := func(u string) error {
		resp, err := http.Get(u)
		if err == nil {
			resp.Body.Close()
		}
		return err
	}
	tok, err := oauth.Login(context.Background(), client, oauth.LoginOptions{Out: &bytes.Buffer{}, OpenBrowser: browser, Timeout: 10 * time.Second})
	must(t, err)
	tokenFile := filepath.Join(stateDir, oauth.TokenFileName)
	must(t, oauth.SaveToken(tokenFile, tok, f.ClientID))
	must(t, os.Chmod(tokenFile, 0o644))
	cfg := filepath.Join(dir, "config.yaml")
	must(t, os.WriteFile(cfg, []byte(fmt.Sprintf(`timezone: America/New_York
window: {past: 0d, future: 13d}
state_dir: %s
me: {emails: [jane@home.example]}
caldav:
  url: %s
  oauth:
    client_id: %s
    client_secret_file: %s
    auth_url: %s
    token_url: %s
    api_url: %s
  target: Networking
`, stateDir, f.CalDAVURL(), f.ClientID, secretFile, f.AuthURL(), f.TokenURL(), f.APIURL())), 0o600))
	var out, errb bytes.Buffer
	code := app.Run(context.Background(), app.Env{
		Args: []string{"once", "--config", cfg, "--json"}, Stdout: &out, Stderr: &errb,
		Getenv: func(string) string { return "" }, Now: func() time.Time { return now },
	})
	if code != 0 {
		t.Fatalf("once = %d\n%s", code, tail(errb.String()))
	}
	fi, err := os.Stat(tokenFile)
	must(t, err)
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("the token file is mode %04o after the pass; want 0600", fi.Mode().Perm())
	}
	if !strings.Contains(errb.String(), tokenFile) || !strings.Contains(errb.String(), "open to group or others") {
		t.Errorf("the log does not warn that %s was open to others:\n%s", tokenFile, tail(errb.String()))
	}
	noSecret(t, "the output and log", out.String()+errb.String(), f.Secrets()...)
	noSecret(t, "the output and log", out.String()+errb.String(), tok.AccessToken, tok.RefreshToken)
}

// The loopback redirect, hostile: a request to another path, one without
// a code, one with the wrong state, two at once, and a refusal
// (error=access_denied). The wrong ones are turned away and the sign-in
// goes on; the refusal ends it with a clear error; of two good redirects
// the first counts. No code or secret appears in an error or in what
// Login printed.
func TestSixthLoopbackRedirects(t *testing.T) {
	f := googlefake.New("c.apps.googleusercontent.com", "GOCSPX-sixth-loop", "jane@home.example")
	t.Cleanup(f.Close)
	client := oauth.Client{ID: f.ClientID, Secret: f.ClientSecret, AuthURL: f.AuthURL(), TokenURL: f.TokenURL()}
	get := func(u string) int {
		resp, err := http.Get(u)
		if err != nil {
			t.Errorf("GET %s: %v", u, err)
			return 0
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	// loopback is the redirect URI of an authorization URL, and its state.
	loopback := func(authURL string) (string, string) {
		req, err := http.NewRequest(http.MethodGet, authURL, nil)
		must(t, err)
		q := req.URL.Query()
		return q.Get("redirect_uri"), q.Get("state")
	}
	t.Run("strays, then the browser", func(t *testing.T) {
		var out bytes.Buffer
		tok, err := oauth.Login(context.Background(), client, oauth.LoginOptions{Out: &out, Timeout: 10 * time.Second, OpenBrowser: func(u string) error {
			redirect, state := loopback(u)
			for _, c := range []struct {
				url  string
				want int
			}{
				{redirect + "/favicon.ico", 404},
				{redirect + "/other?code=x&state=" + state, 404},
				{redirect + "/?state=" + state, 404},
				{redirect + "/?code=forged-code&state=wrong", 400},
				{redirect + "/?error=access_denied&state=wrong", 400},
			} {
				if got := get(c.url); got != c.want {
					t.Errorf("GET %s = %d; want %d", c.url, got, c.want)
				}
			}
			// two good redirects at once: the fake's consent, twice
			done := make(chan int, 2)
			for range 2 {
				go func() { done <- get(u) }()
			}
			<-done
			<-done
			return nil
		}})
		if err != nil {
			t.Fatalf("Login after stray requests: %v\n%s", err, out.String())
		}
		if tok.RefreshToken == "" {
			t.Errorf("Login gave no refresh token")
		}
		noSecret(t, "what Login printed", out.String(), append(f.Secrets(), "forged-code")...)
	})
	t.Run("access_denied", func(t *testing.T) {
		var out bytes.Buffer
		_, err := oauth.Login(context.Background(), client, oauth.LoginOptions{Out: &out, Timeout: 10 * time.Second, OpenBrowser: func(u string) error {
			redirect, state := loopback(u)
			get(redirect + "/?error=access_denied&state=" + state)
			return nil
		}})
		if err == nil || !strings.Contains(err.Error(), "access_denied") || !strings.Contains(err.Error(), "login again") {
			t.Errorf("Login refused by the user = %v; want an error naming access_denied", err)
		}
		if err != nil {
			noSecret(t, "the error", err.Error(), f.Secrets()...)
		}
	})
	t.Run("no answer", func(t *testing.T) {
		_, err := oauth.Login(context.Background(), client, oauth.LoginOptions{Out: &bytes.Buffer{}, Timeout: 300 * time.Millisecond})
		if err == nil || errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "no answer from the browser") {
			t.Errorf("Login with no browser = %v; want a timeout that says so", err)
		}
	})
}

// fixedToken is a token source of one access token.
type fixedToken string

func (f fixedToken) Token(context.Context) (string, error) { return string(f), nil }
func (fixedToken) Invalidate(string)                       {}

// The Calendar API answering an error whose message repeats the request's
// access token, or is long and cut inside a character, or holds control
// characters: the error names the URL and status, without the token, in
// valid UTF-8. Found: the token went into the error as the server wrote it.
func TestSixthCalendarAPIErrors(t *testing.T) {
	for _, c := range []struct {
		name, message string
		status        int
	}{
		{"the token repeated", "Request had invalid authentication credentials: " + sixthAccess, 401},
		{"the token in a 403", "The token " + sixthAccess + " lacks the scope", 403},
		{"cut inside a character", "x" + strings.Repeat("é", 150), 500},
		{"control characters", "line\r\nFAKE LOG LINE\x1b[2J", 400},
	} {
		t.Run(c.name, func(t *testing.T) {
			hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(c.status)
				b, _ := json.Marshal(map[string]any{"error": map[string]any{"code": c.status, "message": c.message}})
				w.Write(b)
			}))
			t.Cleanup(hs.Close)
			_, err := gcal.New(hs.URL+"/calendar/v3", fixedToken(sixthAccess), hs.Client()).List(context.Background())
			if err == nil {
				t.Fatalf("List against a %d = nil error", c.status)
			}
			msg := err.Error()
			noSecret(t, "the error", msg, sixthAccess)
			if !strings.Contains(msg, hs.URL+"/calendar/v3/users/me/calendarList") || !strings.Contains(msg, fmt.Sprint(c.status)) {
				t.Errorf("the error %q does not name the URL and the status %d", msg, c.status)
			}
			if !utf8.ValidString(msg) || strings.ContainsAny(msg, "\r\n\x1b") {
				t.Errorf("the error is not one line of valid UTF-8: %q", msg)
			}
		})
	}
}
