package daemon

import (
	"bytes"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/zap"
	"go.uber.org/zap/zaptest/observer"

	"github.com/netsyncd/netsyncd/internal/caldav"
	"github.com/netsyncd/netsyncd/internal/reconcile"
	"github.com/netsyncd/netsyncd/internal/testservers"
)

// Provider quirks that cannot be reached from here (Google, iCloud, servers
// behind rewriting proxies), played by a testservers.QuirkProxy in front of
// a real Radicale. Each test fails without the handling it names.

// quirkHarness is a harness whose daemon reaches Radicale through a quirk
// proxy at url (its root); the harness's own checks read Radicale directly.
func quirkHarness(t *testing.T, q testservers.Quirks) (*harness, *testservers.QuirkProxy) {
	t.Helper()
	srv := testservers.Radicale(t)
	h := newHarness(t, srv, fixtureEvents())
	qp := testservers.NewQuirkProxy(t, srv.URL, q)
	h.useProxy(qp, qp.URL+q.Prefix+"/")
	return h, qp
}

func (h *harness) useProxy(qp *testservers.QuirkProxy, url string) {
	h.proxy = qp.Proxy
	h.cfg.CalDAV.URL = url
	h.cfg.CalDAV.Sources = []string{"personal"} // by name: paths differ behind a prefix
	h.target = h.srv.Home + "networking/"
}

// run is one pass as `netsyncd once` makes it, through hc when not nil,
// returning the pass's error and its log instead of failing.
func (h *harness) run(hc *http.Client) (*Summary, *observer.ObservedLogs, error) {
	h.t.Helper()
	return h.runWith(false, func(s *Syncer) {
		if hc == nil {
			return
		}
		var err error
		s.dav, err = caldav.New(caldav.Options{URL: h.cfg.CalDAV.URL, Username: h.cfg.CalDAV.Username, Password: h.srv.Password,
			HTTPClient: hc, UserAgent: "netsyncd"}, s.log.Named("caldav"))
		if err != nil {
			h.t.Fatal(err)
		}
	})
}

// mustRun is run for a pass that must succeed without errors.
func (h *harness) mustRun(hc *http.Client) *Summary {
	h.t.Helper()
	sum, _, err := h.run(hc)
	if err != nil {
		h.t.Fatalf("pass: %v", err)
	}
	if len(sum.Errors) > 0 {
		h.t.Fatalf("pass had errors: %v", sum.Errors)
	}
	return sum
}

// moveAndCheck moves the coffee a day later and checks that a pass moves
// its prep entry with a conditional update.
func (h *harness) moveAndCheck(hc *http.Client) {
	h.t.Helper()
	before := h.owned()[prepUID("coffee-sarah")]
	ev := fixtureEvents()[0]
	ev.Start = day(3, 8, 30)
	h.putSource(ev)
	sum := h.mustRun(hc)
	after := h.owned()[prepUID("coffee-sarah")]
	if sum.Updated < 2 || after.Href != before.Href || !after.End.After(day(2, 23, 0)) {
		h.t.Errorf("after moving the coffee: updated %d, prep %s ends %v; want its prep and follow-up updated in place, the prep on 3 Dec",
			sum.Updated, after.Href, after.End)
	}
}

// TestQuirkETags: servers (or proxies in front of them: nginx with gzip)
// that send weak W/"x" ETags, and servers that send them bare. The adapter
// keeps the opaque value and sends it back quoted in If-Match; updates and
// deletes must go through, and the next pass must be idle.
func TestQuirkETags(t *testing.T) {
	for _, mode := range []string{"weak", "bare"} {
		t.Run(mode, func(t *testing.T) {
			h, qp := quirkHarness(t, testservers.Quirks{ETags: mode})
			if sum := h.mustRun(nil); sum.Created == 0 {
				t.Fatalf("first pass created nothing: %+v", sum)
			}
			h.moveAndCheck(nil)
			ev := fixtureEvents()[2]
			ev.Extra += "STATUS:CANCELLED\r\n"
			h.putSource(ev)
			if sum := h.mustRun(nil); sum.Deleted < 2 {
				t.Errorf("after cancelling the mixer: deleted %d; want its prep and follow-up", sum.Deleted)
			}
			qp.Reset()
			if sum := h.mustRun(nil); !sum.Idle || qp.Count() != 1 {
				t.Errorf("pass with nothing changed: idle=%v, requests %v; want one PROPFIND", sum.Idle, qp.Requests())
			}
		})
	}
}

// TestQuirkWellKnownRedirect: the configured URL is the bare host; the
// server lives under /dav and /.well-known/caldav redirects there. The
// redirect must be followed as a PROPFIND (Go's client would make it a GET).
func TestQuirkWellKnownRedirect(t *testing.T) {
	for _, status := range []int{http.StatusMovedPermanently, http.StatusFound, http.StatusPermanentRedirect} {
		t.Run(http.StatusText(status), func(t *testing.T) {
			h, qp := quirkHarness(t, testservers.Quirks{Prefix: "/dav", WellKnown: status})
			h.cfg.CalDAV.URL = qp.URL + "/"
			if sum := h.mustRun(nil); sum.Created == 0 || len(h.owned()) != sum.Created {
				t.Fatalf("first pass created %d entries, the server holds %d", sum.Created, len(h.owned()))
			}
			reqs := strings.Join(qp.Requests(), "\n")
			if !strings.Contains(reqs, "PROPFIND /.well-known/caldav\nPROPFIND /dav/") {
				t.Errorf("requests:\n%s\nwant the well-known redirect followed with a PROPFIND of /dav/", reqs)
			}
		})
	}
}

// TestQuirkCalendarsOnAnotherHost plays iCloud: discovery answers at
// caldav.icloud.test, which knows only principals, and the principal's
// calendar-home-set names https://p42-caldav.icloud.test. The daemon must
// follow it with the credentials (https, same domain), do every calendar
// request there, and keep doing so from its state file. A home on another
// domain, or on a sibling host over plain http, is refused before any
// request reaches it.
func TestQuirkCalendarsOnAnotherHost(t *testing.T) {
	hosts := testservers.NewHosts(t, "caldav.icloud.test", "p42-caldav.icloud.test", "caldav.elsewhere.test")
	for _, tc := range []struct {
		name string
		home func(partition, elsewhere string) string
		ok   bool
	}{
		{"partition host", func(p, _ string) string { return p + "/alice/" }, true},
		{"another domain", func(_, e string) string { return e + "/alice/" }, false},
		{"sibling over http", func(p, _ string) string { return strings.Replace(p, "https:", "http:", 1) + "/alice/" }, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := testservers.Radicale(t)
			h := newHarness(t, srv, fixtureEvents())
			partition := hosts.QuirkProxy(t, "p42-caldav.icloud.test", srv.URL, testservers.Quirks{})
			elsewhere := hosts.QuirkProxy(t, "caldav.elsewhere.test", srv.URL, testservers.Quirks{})
			home := tc.home(partition.URL, elsewhere.URL)
			front := hosts.QuirkProxy(t, "caldav.icloud.test", srv.URL, testservers.Quirks{HomeSet: home, DiscoveryOnly: true})
			h.useProxy(front, front.URL+"/")
			sum, _, err := h.run(hosts.Client())
			if !tc.ok {
				if err == nil || !strings.Contains(err.Error(), "is on another host") {
					t.Errorf("pass with the home at %s: %v; want a refusal naming the other host", home, err)
				}
				if n := partition.Count() + elsewhere.Count(); n != 0 {
					t.Errorf("the other host got %d requests; want none", n)
				}
				return
			}
			if err != nil || len(sum.Errors) > 0 || sum.Created == 0 {
				t.Fatalf("pass with the home on the partition host: %v %+v", err, sum)
			}
			if w := partition.Writes(); len(w) < sum.Created {
				t.Errorf("the partition host got writes %v; want the %d creates", w, sum.Created)
			}
			front.Reset()
			partition.Reset()
			if sum := h.mustRun(hosts.Client()); !sum.Idle || front.Count() != 0 || partition.Count() != 1 {
				t.Errorf("idle pass: idle=%v, discovery host %v, partition host %v; want one PROPFIND on the partition host",
					sum.Idle, front.Requests(), partition.Requests())
			}
			// The ledger knows the entries by the listing's hrefs: one the
			// user deletes stays deleted.
			srv.Delete(t, h.owned()[followupUID("lunch-tom")].Href)
			if sum := h.mustRun(hosts.Client()); sum.Created != 0 {
				t.Errorf("the pass after the user deleted an entry created %d; want none", sum.Created)
			}
		})
	}
}

// usersObject is an object of the user's at the href where netsyncd would
// create the prep entry of the coffee: the entry itself, edited in an app
// that dropped netsyncd's X- properties, or anything else. Never ours to
// overwrite.
func usersObject() []byte {
	return []byte("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Some App//EN\r\nBEGIN:VEVENT\r\nUID:" + prepUID("coffee-sarah") +
		"\r\nDTSTAMP:20261120T120000Z\r\nDTSTART:20261201T210000Z\r\nDTEND:20261201T213000Z\r\nSUMMARY:My own notes for Sarah\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
}

// checkUsersObjectKept checks that the pass refused the one create and
// left the user's object alone.
func (h *harness) checkUsersObjectKept(sum *Summary, err error, href string) {
	h.t.Helper()
	if err != nil {
		h.t.Fatalf("pass: %v", err)
	}
	if got := h.srv.Get(h.t, href); !bytes.Contains(got, []byte("SUMMARY:My own notes for Sarah")) {
		h.t.Errorf("the user's object at %s was overwritten:\n%s", href, got)
	}
	if len(sum.Errors) != 1 || sum.Created == 0 {
		h.t.Errorf("pass: created %d, errors %q; want the other entries created and one refused create", sum.Created, sum.Errors)
	}
}

// TestQuirkIgnoresIfNoneMatch plays servers that drop If-None-Match (Google:
// "does not support ... the If* header (except for If-Match)"), where a
// create overwrites whatever is at its href.
func TestQuirkIgnoresIfNoneMatch(t *testing.T) {
	// The object is in the pass's own listing of the target: the daemon
	// must not create over it, on any server.
	t.Run("object in the listing", func(t *testing.T) {
		h, _ := quirkHarness(t, testservers.Quirks{IgnoreIfNoneMatch: true})
		h.srv.MakeCalendar(t, "networking")
		href := h.target + prepUID("coffee-sarah") + ".ics"
		h.srv.Put(t, href, usersObject())
		sum, _, err := h.run(nil)
		h.checkUsersObjectKept(sum, err, href)
	})
	// The object appears after the listing, just before the create, as a
	// phone's sync would put it there. On Google's host the adapter checks
	// with a GET before every create.
	t.Run("object appears before the create", func(t *testing.T) {
		srv := testservers.Radicale(t)
		h := newHarness(t, srv, fixtureEvents())
		hosts := testservers.NewHosts(t, "apidata.googleusercontent.com")
		href := h.srv.Home + "networking/" + prepUID("coffee-sarah") + ".ics"
		var once sync.Once
		google := hosts.QuirkProxy(t, "apidata.googleusercontent.com", srv.URL, testservers.Quirks{
			IgnoreIfNoneMatch: true,
			Before: func(r *http.Request) {
				if r.URL.Path == href && (r.Method == http.MethodGet || r.Method == http.MethodPut) {
					once.Do(func() { srv.Put(t, href, usersObject()) })
				}
			},
		})
		h.useProxy(google, google.URL+"/")
		sum, _, err := h.run(hosts.Client())
		h.checkUsersObjectKept(sum, err, href)
	})
}

// TestQuirkNoMkcalendar: a server that cannot create calendars (Google
// answers MKCALENDAR with an error) must get the user a message saying to
// create the target calendar by hand, and no write.
func TestQuirkNoMkcalendar(t *testing.T) {
	for _, status := range []int{http.StatusForbidden, http.StatusMethodNotAllowed, http.StatusNotImplemented} {
		t.Run(http.StatusText(status), func(t *testing.T) {
			h, qp := quirkHarness(t, testservers.Quirks{MkcalendarStatus: status})
			_, _, err := h.run(nil)
			if !errors.Is(err, caldav.ErrCannotCreateCalendar) || !strings.Contains(err.Error(), `create the calendar "Networking" in the calendar's web interface or app`) {
				t.Errorf("pass without MKCALENDAR: %v; want ErrCannotCreateCalendar telling to create \"Networking\" by hand", err)
			}
			if w := qp.Writes(); len(w) != 1 || !strings.HasPrefix(w[0], "MKCALENDAR ") {
				t.Errorf("writes %v; want only the MKCALENDAR", w)
			}
		})
	}
}

// TestQuirkNoSyncCollection: a server without sync-collection, or one that
// lists a sync-token and refuses the report. The daemon compares ETags: an
// idle pass costs the one PROPFIND (ctag), a change fetches only the
// changed object, and no pass fails or fetches everything again.
func TestQuirkNoSyncCollection(t *testing.T) {
	for _, tc := range []struct {
		name string
		q    testservers.Quirks
	}{
		{"no sync-token", testservers.Quirks{StripSyncToken: true, SyncCollectionStatus: http.StatusNotImplemented}},
		{"report refused 403", testservers.Quirks{SyncCollectionStatus: http.StatusForbidden}},
		{"report refused 501", testservers.Quirks{SyncCollectionStatus: http.StatusNotImplemented}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h, qp := quirkHarness(t, tc.q)
			h.mustRun(nil)
			qp.Reset()
			if sum := h.mustRun(nil); !sum.Idle || qp.Count() != 1 {
				t.Errorf("idle pass: idle=%v, requests %v; want one PROPFIND", sum.Idle, qp.Requests())
			}
			ev := fixtureEvents()[3]
			ev.Start = ev.Start.Add(30 * time.Minute)
			h.putSource(ev)
			qp.Reset()
			sum := h.mustRun(nil)
			if sum.Fetch.Full != 0 || sum.Fetch.Fetched != 1 || sum.Updated < 2 {
				t.Errorf("pass after one change: full=%d fetched=%d updated=%d (requests %v); want 1 object fetched, its entries updated",
					sum.Fetch.Full, sum.Fetch.Fetched, sum.Updated, qp.Requests())
			}
		})
	}
}

// TestQuirkSyncTokenRefused: a server that no longer accepts a token it
// gave out answers 403 or 409 with the DAV:valid-sync-token precondition
// (RFC 6578 section 3.2). The pass must fall back to one full query of that
// calendar and converge, without a duplicate; the next pass uses the new
// token (incremental again) and the one after is idle.
func TestQuirkSyncTokenRefused(t *testing.T) {
	for _, status := range []int{http.StatusForbidden, http.StatusConflict} {
		t.Run(http.StatusText(status), func(t *testing.T) {
			h, qp := quirkHarness(t, testservers.Quirks{ExpiredTokenStatus: status})
			h.mustRun(nil)
			entries := len(h.owned())
			ev := fixtureEvents()[0]
			ev.Start = day(3, 8, 30)
			h.putSource(ev)
			qp.ExpireSyncTokens()
			qp.Reset()
			sum, logs, err := h.run(nil)
			if err != nil {
				t.Fatalf("pass with the token refused: %v (requests %v)", err, qp.Requests())
			}
			if len(sum.Errors) > 0 {
				t.Fatalf("pass with the token refused had errors: %v", sum.Errors)
			}
			if qp.RefusedTokens() == 0 {
				t.Fatalf("the proxy refused no token (requests %v)", qp.Requests())
			}
			refusals := logs.FilterMessageSnippet("sync token refused").FilterField(zap.String("calendar", h.source)).Len()
			if refusals != 1 || sum.Fetch.Full != 1 || sum.Fetch.Incremental != 0 {
				t.Errorf("pass with the token refused: %d refusals of %s logged, fetch %+v; want 1, and one full query of it",
					refusals, h.source, sum.Fetch)
			}
			owned := h.owned() // fails on a duplicate UID
			if p := owned[prepUID("coffee-sarah")]; sum.Updated < 2 || len(owned) != entries || !p.End.After(day(2, 23, 0)) {
				t.Errorf("after moving the coffee: updated %d, %d entries (had %d), its prep ends %v; want its entries moved to 3 Dec",
					sum.Updated, len(owned), entries, p.End)
			}
			refused := qp.RefusedTokens()
			ev = fixtureEvents()[3]
			ev.Start = ev.Start.Add(30 * time.Minute)
			h.putSource(ev)
			sum = h.mustRun(nil)
			if sum.Fetch.Full != 0 || sum.Fetch.Incremental != 1 || sum.Fetch.Fetched != 1 || qp.RefusedTokens() != refused {
				t.Errorf("pass after the next change: fetch %+v, %d more tokens refused; want one sync-collection fetching 1 object",
					sum.Fetch, qp.RefusedTokens()-refused)
			}
			qp.Reset()
			if sum := h.mustRun(nil); !sum.Idle || qp.Count() != 1 {
				t.Errorf("idle pass: idle=%v, requests %v; want one PROPFIND", sum.Idle, qp.Requests())
			}
		})
	}
}

// TestQuirkNoVTODO: with output.as: todo and a target calendar whose
// supported-calendar-component-set is VEVENT only (Google's are), entries
// are written as events and the log says so once.
func TestQuirkNoVTODO(t *testing.T) {
	for _, tc := range []struct {
		name, comps, want, notWant string
		warned                     int
	}{
		{"VEVENT only", `<C:comp name="VEVENT"/>`, "BEGIN:VEVENT", "BEGIN:VTODO", 1},
		{"VEVENT and VTODO", `<C:comp name="VEVENT"/><C:comp name="VTODO"/>`, "BEGIN:VTODO", "BEGIN:VEVENT", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := testservers.Radicale(t)
			h := newHarness(t, srv, fixtureEvents())
			h.cfg.Output.As = "todo"
			h.target = srv.Home + "networking/"
			body := `<?xml version="1.0" encoding="utf-8"?><C:mkcalendar xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:set><D:prop>` +
				`<D:displayname>Networking</D:displayname><C:supported-calendar-component-set>` + tc.comps +
				`</C:supported-calendar-component-set></D:prop></D:set></C:mkcalendar>`
			if code, _, b := srv.Do(t, "MKCALENDAR", h.target, http.Header{"Content-Type": {"application/xml"}}, []byte(body)); code != http.StatusCreated {
				t.Fatalf("MKCALENDAR: %d %s", code, b)
			}
			sum, logs, err := h.run(nil)
			if err != nil || len(sum.Errors) > 0 || sum.Created == 0 {
				t.Fatalf("pass: %v %+v", err, sum)
			}
			for href, o := range h.objects() {
				if strings.HasSuffix(href, "/"+reconcile.SharedName) {
					continue // the shared ledger is an event wherever events are taken
				}
				if !bytes.Contains(o.Data, []byte(tc.want)) || bytes.Contains(o.Data, []byte(tc.notWant)) {
					t.Errorf("%s holds no %s (or a %s):\n%s", href, tc.want, tc.notWant, o.Data)
				}
			}
			if n := logs.FilterMessageSnippet("does not take tasks").Len(); n != tc.warned {
				t.Errorf("%d warnings that the target takes no tasks; want %d", n, tc.warned)
			}
		})
	}
}
