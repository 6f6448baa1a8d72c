package oauth

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/netsyncd/netsyncd/internal/googlefake"
)

func newFake(t *testing.T) (*googlefake.Fake, Client) {
	t.Helper()
	f := googlefake.New("client-1.apps.googleusercontent.com", "GOCSPX-not-a-secret-1", "jane@example.com")
	t.Cleanup(f.Close)
	return f, Client{ID: f.ClientID, Secret: f.ClientSecret, AuthURL: f.AuthURL(), TokenURL: f.TokenURL()}
}

// browser plays the user's browser: it follows the authorization URL to the
// fake's consent, which redirects to the loopback listener.
func browser(t *testing.T) func(string) error {
	return func(u string) error {
		resp, err := http.Get(u)
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("the loopback answered %d", resp.StatusCode)
		}
		return nil
	}
}

func login(t *testing.T, c Client, path string) {
	t.Helper()
	var out bytes.Buffer
	tok, err := Login(context.Background(), c, LoginOptions{Out: &out, OpenBrowser: browser(t), Timeout: 10 * time.Second})
	if err != nil {
		t.Fatalf("Login: %v\n%s", err, out.String())
	}
	if !regexp.MustCompile(`code_challenge_method=S256`).MatchString(out.String()) {
		t.Errorf("printed URL has no PKCE S256: %s", out.String())
	}
	if err := SaveToken(path, tok, c.ID); err != nil {
		t.Fatal(err)
	}
}

func TestLoginRefreshRevokeRelogin(t *testing.T) {
	f, c := newFake(t)
	path := filepath.Join(t.TempDir(), TokenFileName)
	login(t, c, path)
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("token file: %v, mode %v; want 0600", err, fi.Mode().Perm())
	}
	src := NewSource(c, path)
	ctx := context.Background()
	first, err := src.Token(ctx)
	if err != nil || first == "" {
		t.Fatalf("Token: %q, %v", first, err)
	}
	if n := f.Count("refresh"); n != 0 {
		t.Errorf("a fresh token was refreshed %d times", n)
	}
	// A 401: the next Token refreshes once, and saves the new token.
	src.Invalidate(first)
	second, err := src.Token(ctx)
	if err != nil || second == first {
		t.Fatalf("Token after Invalidate: same=%v, %v", second == first, err)
	}
	if n := f.Count("refresh"); n != 1 {
		t.Errorf("refreshes = %d; want 1", n)
	}
	// Near expiry: refreshed before it.
	src.now = func() time.Time { return time.Now().Add(time.Hour - time.Minute) }
	if third, err := src.Token(ctx); err != nil || third == second {
		t.Fatalf("Token near expiry: same=%v, %v", third == second, err)
	}
	src.now = time.Now

	f.RevokeAll()
	src.Invalidate(mustToken(t, src))
	_, err = src.Token(ctx)
	if !errors.Is(err, ErrLoginNeeded) || !strings.Contains(err.Error(), "run netsyncd login again") {
		t.Fatalf("after revocation: %v; want ErrLoginNeeded saying to log in again", err)
	}
	n := f.Count("token")
	if _, err := src.Token(ctx); !errors.Is(err, ErrLoginNeeded) || f.Count("token") != n {
		t.Errorf("a dead sign-in asked the server again (%v)", err)
	}
	login(t, c, path) // a new login, as another process would write it
	if _, err := src.Token(ctx); err != nil {
		t.Fatalf("after a new login: %v", err)
	}
	for _, s := range f.Secrets() {
		if strings.Contains(err.Error(), s) {
			t.Errorf("an error holds a secret")
		}
	}
}

func mustToken(t *testing.T, s *Source) string {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.ft.AccessToken
}

func TestNoTokenFile(t *testing.T) {
	_, c := newFake(t)
	_, err := NewSource(c, filepath.Join(t.TempDir(), "none.json")).Token(context.Background())
	if !errors.Is(err, ErrLoginNeeded) {
		t.Fatalf("Token without a file: %v; want ErrLoginNeeded", err)
	}
}

func TestLoginRefusesWrongState(t *testing.T) {
	_, c := newFake(t)
	var out bytes.Buffer
	bad := func(u string) error {
		// A forged answer to the loopback, with another state.
		m := regexp.MustCompile(`redirect_uri=([^&]+)`).FindStringSubmatch(u)
		if m == nil {
			return errors.New("no redirect_uri")
		}
		loop := strings.NewReplacer("%3A", ":", "%2F", "/").Replace(m[1])
		resp, err := http.Get(loop + "/?code=x&state=forged")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode != http.StatusBadRequest {
				t.Errorf("forged state answered %d; want 400", resp.StatusCode)
			}
		}
		return err
	}
	_, err := Login(context.Background(), c, LoginOptions{Out: &out, OpenBrowser: bad, Timeout: 300 * time.Millisecond})
	if err == nil || !strings.Contains(err.Error(), "no answer from the browser") {
		t.Fatalf("Login with a forged answer: %v", err)
	}
}

func TestWrongVerifierIsRefused(t *testing.T) {
	f, c := newFake(t)
	// Exchange a real code with a verifier that is not the one its
	// challenge was made from: the fake must refuse it.
	var code, redirect string
	grab := func(u string) error {
		cl := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		resp, err := cl.Get(u)
		if err != nil {
			return err
		}
		resp.Body.Close()
		loc, _ := resp.Location()
		code, redirect = loc.Query().Get("code"), loc.Scheme+"://"+loc.Host
		return errors.New("not following")
	}
	_, _ = Login(context.Background(), c, LoginOptions{Out: &bytes.Buffer{}, OpenBrowser: grab, Timeout: 200 * time.Millisecond})
	if code == "" {
		t.Fatal("no code from the fake")
	}
	_, err := exchange(context.Background(), c, c.config(redirect), code, "wrong-verifier-wrong-verifier-wrong-verifier-00")
	if err == nil || !strings.Contains(err.Error(), "invalid_grant") {
		t.Fatalf("exchange with a wrong verifier: %v; want invalid_grant", err)
	}
	_ = f
}

func TestRevoke(t *testing.T) {
	f, c := newFake(t)
	path := filepath.Join(t.TempDir(), TokenFileName)
	login(t, c, path)
	if err := Revoke(context.Background(), c, f.RevokeURL(), path); err != nil {
		t.Fatalf("Revoke: %v", err)
	}
	if Exists(path) || f.Count("revoke") != 1 {
		t.Fatalf("after Revoke: file there %v, revoke requests %d", Exists(path), f.Count("revoke"))
	}
	// The revoked refresh token is refused: log in again, revoke twice.
	login(t, c, path)
	b, _ := os.ReadFile(path)
	if err := Revoke(context.Background(), c, f.RevokeURL(), path); err != nil {
		t.Fatal(err)
	}
	_ = os.WriteFile(path, b, 0o600) // a copy kept elsewhere, brought back
	src := NewSource(c, path)
	_ = src.reload()
	src.ft.AccessToken = "" // force a refresh with the revoked refresh token
	if _, err := src.Token(context.Background()); !errors.Is(err, ErrLoginNeeded) {
		t.Errorf("a revoked refresh token: %v; want ErrLoginNeeded", err)
	}
	if err := Revoke(context.Background(), c, f.RevokeURL(), path); err != nil {
		t.Errorf("revoking a token already revoked: %v; want success", err)
	}
}

// TestBrowserGetsItsPage plays a browser that comes back while Login is
// already waiting (as a real one does): the browser must get the "signed
// in" page even though Login has its code and returns at once, which it
// did not when the server was closed under the handler.
func TestBrowserGetsItsPage(t *testing.T) {
	_, c := newFake(t)
	for i := range 20 {
		pages := make(chan string, 1)
		async := func(u string) error {
			go func() {
				resp, err := http.Get(u)
				if err != nil {
					pages <- "error: " + err.Error()
					return
				}
				defer resp.Body.Close()
				var b bytes.Buffer
				_, _ = b.ReadFrom(resp.Body)
				pages <- b.String()
			}()
			return nil
		}
		var out bytes.Buffer
		if _, err := Login(context.Background(), c, LoginOptions{Out: &out, OpenBrowser: async, Timeout: 10 * time.Second}); err != nil {
			t.Fatalf("Login %d: %v", i, err)
		}
		if page := <-pages; !strings.Contains(page, "netsyncd is signed in") {
			t.Fatalf("login %d: the browser got %q; want the signed-in page", i, page)
		}
	}
}
