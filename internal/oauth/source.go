package oauth

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"sync"
	"syscall"
	"time"

	"golang.org/x/oauth2"
)

// refreshEarly is how long before its expiry an access token is replaced,
// so that a pass never starts a request with a token about to die.
const refreshEarly = 2 * time.Minute

// Source hands out access tokens for one token file: the saved one while it
// is fresh, else a refreshed one (saved at once). It re-reads the file when
// the file changes, so a `netsyncd login` run while the daemon is up takes
// effect at the daemon's next request, without a restart. It is safe for
// concurrent use.
type Source struct {
	client Client
	path   string
	now    func() time.Time
	warn   func(msg string) // see OnWarning

	mu     sync.Mutex
	stamp  stamp // of the file as last read or written
	ft     fileToken
	loaded bool
	dead   error // ErrLoginNeeded for this stamp: ask the server nothing
}

// stamp tells one version of the token file from the next.
type stamp struct {
	mod  time.Time
	size int64
	ino  uint64 // login renames a new file into place
	ok   bool
}

func stampOf(path string) stamp {
	fi, err := os.Stat(path)
	if err != nil {
		return stamp{}
	}
	st := stamp{mod: fi.ModTime(), size: fi.Size(), ok: true}
	if sys, ok := fi.Sys().(*syscall.Stat_t); ok {
		st.ino = uint64(sys.Ino) //nolint:unconvert // int64 on some systems
	}
	return st
}

// NewSource returns a Source for the token file at path.
func NewSource(c Client, path string) *Source {
	return &Source{client: c, path: path, now: time.Now}
}

// OnWarning sets who hears of what the Source put right on its own (a
// token file open to group or others, made 0600). Call it before the
// first Token.
func (s *Source) OnWarning(f func(msg string)) { s.warn = f }

// Path is the token file.
func (s *Source) Path() string { return s.path }

// Token returns a valid access token, refreshing it when it expires within
// refreshEarly. A refresh token the server refuses gives ErrLoginNeeded.
func (s *Source) Token(ctx context.Context) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.reload(); err != nil {
		return "", err
	}
	if s.ft.AccessToken != "" && (s.ft.Expiry.IsZero() || s.ft.Expiry.After(s.now().Add(refreshEarly))) {
		return s.ft.AccessToken, nil
	}
	return s.refresh(ctx)
}

// Invalidate drops the access token stale (which the server answered 401
// to), so the next Token refreshes. A token already replaced is left alone:
// concurrent requests that all got a 401 cause one refresh.
func (s *Source) Invalidate(stale string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ft.AccessToken == stale {
		s.ft.AccessToken = ""
	}
}

// reload reads the file when it is new or changed since last read.
func (s *Source) reload() error {
	st := stampOf(s.path)
	if s.loaded && st == s.stamp {
		return s.dead
	}
	ft, err := readFile(s.path, s.warn)
	s.stamp, s.loaded, s.dead = st, true, nil
	if err != nil {
		if errors.Is(err, ErrLoginNeeded) {
			s.dead = err
		} else {
			s.loaded = false // an unreadable file is read again next time
		}
		return err
	}
	s.ft = ft
	return nil
}

func (s *Source) refresh(ctx context.Context) (string, error) {
	cfg := s.client.config("")
	if s.client.HTTPClient != nil {
		ctx = context.WithValue(ctx, oauth2.HTTPClient, s.client.HTTPClient)
	}
	tok, err := cfg.TokenSource(ctx, &oauth2.Token{RefreshToken: s.ft.RefreshToken}).Token()
	if err != nil {
		if isInvalidGrant(err) {
			s.dead = loginNeeded(s.path, "the server refused the saved sign-in (invalid_grant: it was revoked, expired, or the OAuth app is still in Testing, whose sign-ins last 7 days)")
			return "", s.dead
		}
		return "", cleanError(cfg.Endpoint.TokenURL, err, s.ft.RefreshToken, s.client.Secret)
	}
	s.ft.AccessToken, s.ft.TokenType, s.ft.Expiry = tok.AccessToken, tok.TokenType, tok.Expiry
	if !tok.Expiry.IsZero() && tok.Expiry.Before(s.now().Add(refreshEarly)) {
		// expires_in negative, or shorter than refreshEarly: taken as
		// given, every request of a pass began with a refresh. Such a
		// lifetime is read as none given: the token is used until the
		// server answers 401 (Invalidate), then refreshed once.
		s.ft.Expiry = time.Time{}
	}
	if tok.RefreshToken != "" {
		s.ft.RefreshToken = tok.RefreshToken
	}
	if stampOf(s.path) != s.stamp {
		// `netsyncd login` wrote a new file during the refresh: keep it,
		// and read it at the next Token.
		s.loaded = false
		return s.ft.AccessToken, nil
	}
	if err := writeFile(s.path, s.ft); err != nil {
		return "", err
	}
	s.stamp = stampOf(s.path)
	return s.ft.AccessToken, nil
}

// Exists tells whether a token file is there (login ran).
func Exists(path string) bool {
	_, err := os.Stat(path)
	return !errors.Is(err, fs.ErrNotExist)
}

// Stamp identifies one version of a token file, to notice a new login.
type Stamp struct{ s stamp }

// StampOf is the token file's current version (the zero Stamp: no file).
func StampOf(path string) Stamp { return Stamp{stampOf(path)} }
