package daemon

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/zap"
	"go.uber.org/zap/zaptest"

	"github.com/netsyncd/netsyncd/internal/config"
	"github.com/netsyncd/netsyncd/internal/davserver"
	"github.com/netsyncd/netsyncd/internal/state"
)

// TestCalendarsInTwoHomes: a source named by its path in another user's
// calendar home on the same server (a shared calendar) is read along with
// one of the discovered home, and an idle pass costs one PROPFIND per home.
func TestCalendarsInTwoHomes(t *testing.T) {
	alice, bob := davserver.New("alice"), davserver.New("bob")
	alice.AddCalendar("personal", "Personal", "VEVENT")
	bob.AddCalendar("shared", "Shared with Alice", "VEVENT")
	events := fixtureEvents()
	for i, e := range events {
		srv, cal := alice, "personal/"
		if i%2 == 1 {
			srv, cal = bob, "shared/"
		}
		if err := srv.PutObject(cal+e.UID+".ics", e.ics()); err != nil {
			t.Fatal(err)
		}
	}
	var reqs atomic.Int64
	var mu sync.Mutex // discovery lists the principal while asking for its home
	var propfinds []string
	mux := http.NewServeMux()
	mux.Handle("/bob/", bob.Handler())
	mux.Handle("/", alice.Handler())
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reqs.Add(1)
		if r.Method == "PROPFIND" {
			mu.Lock()
			propfinds = append(propfinds, r.URL.Path)
			mu.Unlock()
		}
		mux.ServeHTTP(w, r)
	}))
	defer srv.Close()

	cfg := config.Default()
	cfg.Timezone = "America/New_York"
	cfg.CalDAV.URL = srv.URL + "/alice/"
	cfg.CalDAV.Sources = []string{"Personal", srv.URL + "/bob/calendars/shared/"}
	cfg.Me.Emails = []string{"jane@home.example"}
	cfg.StateDir = t.TempDir()
	if _, err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	store, err := state.Open(cfg.StateDir)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	s, err := NewSyncer(cfg, config.Secret{}, store, zaptest.NewLogger(t, zaptest.Level(zap.WarnLevel)), func() time.Time { return fixtureNow })
	if err != nil {
		t.Fatal(err)
	}
	sum, err := s.Pass(context.Background(), false)
	if err != nil {
		t.Fatal(err)
	}
	var fromBob, fromAlice bool
	for _, c := range sum.Changes {
		fromAlice = fromAlice || strings.Contains(c.Summary, "Sarah") // coffee-sarah is events[0], in alice's
		fromBob = fromBob || strings.Contains(c.Summary, "Tom")       // lunch-tom is events[1], in bob's
	}
	if !fromAlice || !fromBob {
		t.Fatalf("entries from alice's home: %v, from bob's: %v; want both\n%+v", fromAlice, fromBob, sum.Changes)
	}
	reqs.Store(0)
	propfinds = nil
	sum, err = s.Pass(context.Background(), false)
	if err != nil || !sum.Idle {
		t.Fatalf("second pass: idle %v, %v", sum != nil && sum.Idle, err)
	}
	if n := reqs.Load(); n != 2 || len(propfinds) != 2 || propfinds[0] != "/alice/calendars/" || propfinds[1] != "/bob/calendars/" {
		t.Errorf("idle pass: %d requests, PROPFINDs %v; want one of each home", n, propfinds)
	}
}
