// Package googlefake is an in-process stand-in for the parts of Google that
// netsyncd talks to, for tests that must never reach Google: its OAuth 2.0
// endpoints (authorization with PKCE S256 checked, token, refresh,
// revocation, invalid_grant), the two Calendar API v3 calls netsyncd makes
// (calendarList.list, calendars.insert), and Google's CalDAV as its guide
// and other clients' issue trackers describe it
// (/work/shared/notes/google-cyrus-sogo-thunderbird.md):
//   - each calendar is its own home: principal /caldav/v2/<id>/user, home
//     /caldav/v2/<id>/, the one collection /caldav/v2/<id>/events/;
//     discovery at /caldav/v2/ names the primary calendar's principal;
//   - no MKCALENDAR or MKCOL (403), no VTODO (supported set VEVENT only, a
//     VTODO PUT gets 400), If-None-Match ignored (a create overwrites),
//     If-Match honoured;
//   - PUT answers carry no ETag (clients must read it back);
//   - only a Bearer access token it issued and has not expired or revoked
//     opens CalDAV or the API (401 otherwise).
//
// Calendars are served by internal/davserver, one Server per calendar.
// Everything listens on one loopback httptest server.
package googlefake

import (
	"net/http"
	"net/http/httptest"
	"sort"
	"sync"
	"time"

	"github.com/netsyncd/netsyncd/internal/davserver"
)

// Fake is a running fake Google. Its exported fields are set before use.
type Fake struct {
	ClientID, ClientSecret string
	Primary                string // the account address: the primary calendar's ID
	// AccessTTL is the expires_in of access tokens (default one hour).
	AccessTTL time.Duration
	// PageSize is calendarList's page size (default 2, so paging is used).
	PageSize int

	srv *httptest.Server

	mu       sync.Mutex
	codes    map[string]grant     // authorization code -> what it was issued for
	refresh  map[string]bool      // refresh token -> still valid
	access   map[string]accessTok // access token -> its grant
	cals     map[string]*calendar // by calendar ID
	expireIn int                  // >0: expire access tokens after that many more CalDAV requests
	log      []string             // "METHOD path" of every CalDAV request
	counts   map[string]int       // endpoint -> requests
	issued   []string             // every code and token issued (for leak tests)
}

type grant struct {
	clientID, redirect, challenge, scope string
}

type accessTok struct {
	refresh string
	expiry  time.Time
}

type calendar struct {
	id, summary, role, timeZone string
	dav                         *davserver.Server
}

// New starts a fake with one primary calendar (ID primary, named the same).
func New(clientID, clientSecret, primary string) *Fake {
	f := &Fake{
		ClientID: clientID, ClientSecret: clientSecret, Primary: primary,
		AccessTTL: time.Hour, PageSize: 2,
		codes: map[string]grant{}, refresh: map[string]bool{}, access: map[string]accessTok{},
		cals: map[string]*calendar{}, counts: map[string]int{},
	}
	f.AddCalendar(primary, primary, "owner")
	mux := http.NewServeMux()
	mux.HandleFunc("GET /o/oauth2/v2/auth", f.authorize)
	mux.HandleFunc("POST /token", f.token)
	mux.HandleFunc("POST /revoke", f.revoke)
	mux.HandleFunc("GET /calendar/v3/users/me/calendarList", f.calendarList)
	mux.HandleFunc("POST /calendar/v3/calendars", f.insertCalendar)
	mux.HandleFunc("/caldav/v2/", f.caldav)
	f.srv = httptest.NewServer(mux)
	return f
}

// URL is the fake's base URL, http://127.0.0.1:PORT.
func (f *Fake) URL() string { return f.srv.URL }

// AuthURL, TokenURL, RevokeURL, APIURL and CalDAVURL are the endpoints to
// configure in place of Google's.
func (f *Fake) AuthURL() string   { return f.srv.URL + "/o/oauth2/v2/auth" }
func (f *Fake) TokenURL() string  { return f.srv.URL + "/token" }
func (f *Fake) RevokeURL() string { return f.srv.URL + "/revoke" }
func (f *Fake) APIURL() string    { return f.srv.URL + "/calendar/v3" }
func (f *Fake) CalDAVURL() string { return f.srv.URL + "/caldav/v2/" }

// Close stops the server.
func (f *Fake) Close() { f.srv.Close() }

// AddCalendar adds a calendar (role: owner, writer or reader) and returns
// its CalDAV server, to put events into.
func (f *Fake) AddCalendar(id, summary, role string) *davserver.Server {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.addLocked(id, summary, role, "UTC").dav
}

func (f *Fake) addLocked(id, summary, role, tz string) *calendar {
	home := "/caldav/v2/" + id + "/"
	dav := davserver.NewAt(id, home+"user", home)
	dav.AddCalendar("events", summary, "VEVENT")
	c := &calendar{id: id, summary: summary, role: role, timeZone: tz, dav: dav}
	f.cals[id] = c
	return c
}

// Calendar is the CalDAV server of calendar id, nil if there is none.
func (f *Fake) Calendar(id string) *davserver.Server {
	f.mu.Lock()
	defer f.mu.Unlock()
	if c := f.cals[id]; c != nil {
		return c.dav
	}
	return nil
}

// CalendarIDs lists the calendars' IDs, sorted.
func (f *Fake) CalendarIDs() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var ids []string
	for id := range f.cals {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// IDOf returns the ID of the calendar with that summary ("" if none).
func (f *Fake) IDOf(summary string) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	for id, c := range f.cals {
		if c.summary == summary {
			return id
		}
	}
	return ""
}

// ExpireAccessTokens makes every access token issued so far invalid at
// once, before the expiry the client was told: the server side of a token
// that dies during a pass.
func (f *Fake) ExpireAccessTokens() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.access = map[string]accessTok{}
}

// ExpireAfter expires every access token after n more CalDAV requests.
func (f *Fake) ExpireAfter(n int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.expireIn = n
}

// RevokeAll revokes every refresh token and access token, as the user
// removing the app at https://myaccount.google.com/permissions does.
func (f *Fake) RevokeAll() {
	f.mu.Lock()
	defer f.mu.Unlock()
	for t := range f.refresh {
		f.refresh[t] = false
	}
	f.access = map[string]accessTok{}
}

// CalDAVLog returns and clears the "METHOD path" lines of the CalDAV
// requests since the last call.
func (f *Fake) CalDAVLog() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := f.log
	f.log = nil
	return out
}

// Count is the number of requests an endpoint got: "authorize", "token",
// "refresh", "revoke", "calendarList", "insert", "caldav", "caldav401".
func (f *Fake) Count(endpoint string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.counts[endpoint]
}

// Secrets lists every token and code the fake issued or was sent, for
// tests that check none of them reached any output.
func (f *Fake) Secrets() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := append([]string{f.ClientSecret}, f.issued...)
	for t := range f.refresh {
		out = append(out, t)
	}
	return out
}
