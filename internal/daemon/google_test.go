package daemon

import (
	"bytes"
	"context"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.uber.org/zap"
	"go.uber.org/zap/zaptest"

	"github.com/netsyncd/netsyncd/internal/config"
	"github.com/netsyncd/netsyncd/internal/googlefake"
	"github.com/netsyncd/netsyncd/internal/oauth"
	"github.com/netsyncd/netsyncd/internal/state"
)

// googleSyncer signs in to a fake Google in-process and returns a Syncer
// for sources and target.
func googleSyncer(t *testing.T, f *googlefake.Fake, sources []string, target string) *Syncer {
	t.Helper()
	cfg := config.Default()
	cfg.Timezone = "America/New_York"
	cfg.CalDAV.URL = f.CalDAVURL()
	cfg.CalDAV.OAuth = &config.OAuth{ClientID: f.ClientID, AuthURL: f.AuthURL(), TokenURL: f.TokenURL(), APIURL: f.APIURL()}
	cfg.CalDAV.Sources, cfg.CalDAV.Target = sources, target
	cfg.Me.Emails = []string{"jane@home.example"}
	cfg.StateDir = t.TempDir()
	if _, err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	sec := config.Secret{OAuthClientSecret: f.ClientSecret, OAuthTokenFile: filepath.Join(cfg.StateDir, config.OAuthTokenFileName)}
	browser := func(u string) error {
		resp, err := http.Get(u)
		if err == nil {
			resp.Body.Close()
		}
		return err
	}
	tok, err := oauth.Login(context.Background(), OAuthClient(cfg, sec), oauth.LoginOptions{Out: &bytes.Buffer{}, OpenBrowser: browser, Timeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if err := oauth.SaveToken(sec.OAuthTokenFile, tok, f.ClientID); err != nil {
		t.Fatal(err)
	}
	store, err := state.Open(cfg.StateDir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	s, err := NewSyncer(cfg, sec, store, zaptest.NewLogger(t, zaptest.Level(zap.WarnLevel)), func() time.Time { return fixtureNow })
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func newGoogle(t *testing.T) *googlefake.Fake {
	f := googlefake.New("c.apps.googleusercontent.com", "GOCSPX-x", "jane@home.example")
	t.Cleanup(f.Close)
	f.AddCalendar("work@group.calendar.google.com", "Work", "owner")
	f.AddCalendar("team@group.calendar.google.com", "Work", "reader") // a second "Work"
	f.AddCalendar("busy@group.calendar.google.com", "Busy", "freeBusyReader")
	return f
}

func TestGoogleNames(t *testing.T) {
	ctx := context.Background()
	f := newGoogle(t)
	// No sources: every readable calendar of the list but the target.
	s := googleSyncer(t, f, nil, "Networking")
	if _, err := s.Pass(ctx, true); err != nil {
		t.Fatal(err)
	}
	want := []string{"/caldav/v2/jane@home.example/events/", "/caldav/v2/team@group.calendar.google.com/events/", "/caldav/v2/work@group.calendar.google.com/events/"}
	if got := strings.Join(s.names.sources, " "); got != strings.Join(want, " ") {
		t.Errorf("sources = %s; want %s", got, strings.Join(want, " "))
	}
	if f.Count("insert") != 0 {
		t.Errorf("a dry run created a calendar")
	}
	// Two calendars named Work: name one by ID.
	s = googleSyncer(t, f, []string{"Work"}, "Networking")
	if _, err := s.Pass(ctx, true); err == nil || !strings.Contains(err.Error(), "2 Google calendars are named \"Work\"") {
		t.Errorf("ambiguous name: %v", err)
	}
	s = googleSyncer(t, f, []string{"work@group.calendar.google.com", "Nope"}, "Networking")
	if _, err := s.Pass(ctx, true); err == nil || !strings.Contains(err.Error(), `no Google calendar "Nope"; yours are:`) {
		t.Errorf("unknown name: %v", err)
	}
	// A target named by an ID that does not exist is not created.
	s = googleSyncer(t, f, []string{"work@group.calendar.google.com"}, "gone@group.calendar.google.com")
	if _, err := s.Pass(ctx, false); err == nil || !strings.Contains(err.Error(), "is not in your Google calendar list") || f.Count("insert") != 0 {
		t.Errorf("target by a missing ID: %v (inserts %d)", err, f.Count("insert"))
	}
}
