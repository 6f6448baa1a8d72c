package daemon

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strings"
	"testing"
	"time"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest"
	"go.uber.org/zap/zaptest/observer"

	"github.com/netsyncd/netsyncd/internal/caldav"
	"github.com/netsyncd/netsyncd/internal/config"
	"github.com/netsyncd/netsyncd/internal/entry"
	"github.com/netsyncd/netsyncd/internal/state"
	"github.com/netsyncd/netsyncd/internal/testservers"
)

// The fixture's clock: Tuesday 1 December 2026, 07:00 in New York. The
// source calendar holds two weeks of networking around it.
var fixtureNow = time.Date(2026, 12, 1, 7, 0, 0, 0, mustLoc("America/New_York"))

func mustLoc(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// fixtureEvent is one source event of the test calendar.
type fixtureEvent struct {
	UID, Summary, Location, Organizer string
	Start                             time.Time
	Length                            time.Duration
	Extra                             string // more properties, CRLF-terminated lines
}

func (e fixtureEvent) ics() []byte {
	var b strings.Builder
	b.WriteString("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//netsyncd tests//EN\r\nBEGIN:VEVENT\r\n")
	fmt.Fprintf(&b, "UID:%s\r\nDTSTAMP:20261120T120000Z\r\n", e.UID)
	fmt.Fprintf(&b, "DTSTART;TZID=America/New_York:%s\r\n", e.Start.Format("20060102T150405"))
	fmt.Fprintf(&b, "DTEND;TZID=America/New_York:%s\r\n", e.Start.Add(e.Length).Format("20060102T150405"))
	fmt.Fprintf(&b, "SUMMARY:%s\r\n", e.Summary)
	if e.Location != "" {
		fmt.Fprintf(&b, "LOCATION:%s\r\n", e.Location)
	}
	org := e.Organizer
	if org == "" {
		org = "jane@home.example"
	}
	fmt.Fprintf(&b, "ORGANIZER;CN=Organizer:mailto:%s\r\n", org)
	b.WriteString("ATTENDEE;PARTSTAT=ACCEPTED:mailto:jane@home.example\r\n")
	b.WriteString(e.Extra)
	b.WriteString("END:VEVENT\r\nEND:VCALENDAR\r\n")
	return []byte(b.String())
}

func day(d, h, m int) time.Time { return time.Date(2026, 12, d, h, m, 0, 0, fixtureNow.Location()) }

// fixtureEvents is the two-week source calendar.
func fixtureEvents() []fixtureEvent {
	return []fixtureEvent{
		{UID: "coffee-sarah", Summary: "Coffee with Sarah Chen", Location: "Blue Bottle, 5th Ave, Midtown", Start: day(2, 8, 30), Length: 45 * time.Minute,
			Extra: "ATTENDEE;PARTSTAT=ACCEPTED:mailto:sarah.chen@bain.com\r\n"},
		{UID: "lunch-tom", Summary: "Lunch with Tom Reyes", Location: "Balthazar, 80 Spring St, SoHo", Start: day(3, 12, 30), Length: time.Hour,
			Extra: "ATTENDEE;PARTSTAT=ACCEPTED:mailto:tom@reyes-capital.com\r\n"},
		{UID: "cfo-mixer", Summary: "NYC CFO Forum Winter Networking Mixer", Location: "The Yale Club, 50 Vanderbilt Ave, Midtown", Start: day(9, 18, 0), Length: 2 * time.Hour,
			Organizer: "events@cfoforum.org", Extra: "URL:https://www.eventbrite.com/e/nyc-cfo-forum-winter-mixer-1234\r\n"},
		{UID: "breakfast-ana", Summary: "Breakfast with Ana Ruiz", Location: "Maison Kayser, Midtown", Start: day(10, 7, 45), Length: time.Hour,
			Extra: "ATTENDEE;PARTSTAT=ACCEPTED:mailto:ana@ruiz-partners.com\r\n"},
		{UID: "dentist", Summary: "Dentist", Location: "Dr. Park, 30 E 60th St", Start: day(2, 14, 0), Length: time.Hour},
		{UID: "staff-weekly", Summary: "Weekly staff meeting", Location: "Acme HQ, 1 Acme Plaza", Start: day(7, 10, 0), Length: time.Hour,
			Organizer: "boss@acme-corp.com", Extra: "ATTENDEE;PARTSTAT=ACCEPTED:mailto:team@acme-corp.com\r\nRRULE:FREQ=WEEKLY;COUNT=3\r\n"},
	}
}

// harness is one real server with a source calendar, a state directory
// and a Syncer, as the daemon would have them.
type harness struct {
	t      *testing.T
	srv    *testservers.Server
	proxy  *testservers.Proxy
	cfg    *config.Config
	source string // path of the source calendar
	target string // path of the target calendar, once a pass created it
	dir    string // state directory
	now    time.Time
}

func newHarness(t *testing.T, srv *testservers.Server, events []fixtureEvent) *harness {
	t.Helper()
	h := &harness{t: t, srv: srv, proxy: testservers.NewProxy(t, srv.URL), dir: t.TempDir(), now: fixtureNow}
	h.source = srv.MakeCalendar(t, "personal")
	for _, e := range events {
		h.putSource(e)
	}
	cfg := config.Default()
	cfg.Timezone = "America/New_York"
	cfg.CalDAV.URL = h.proxy.URL
	cfg.CalDAV.Username = srv.Username
	cfg.CalDAV.Sources = []string{h.source}
	cfg.Me.Emails = []string{"jane@home.example"}
	cfg.Employer.Domains = []string{"acme-corp.com"}
	cfg.StateDir = h.dir
	if _, err := cfg.Validate(); err != nil {
		t.Fatalf("fixture config: %v", err)
	}
	h.cfg = cfg
	return h
}

func (h *harness) putSource(e fixtureEvent) { h.srv.Put(h.t, h.source+e.UID+".ics", e.ics()) }

// pass runs one pass with a fresh Syncer and store, as `netsyncd once` does.
func (h *harness) pass() *Summary {
	h.t.Helper()
	store, err := state.Open(h.dir)
	if err != nil {
		h.t.Fatal(err)
	}
	defer store.Close()
	s, err := NewSyncer(h.cfg, config.Secret{Password: h.srv.Password}, store, zaptest.NewLogger(h.t, zaptest.Level(zap.WarnLevel)), func() time.Time { return h.now })
	if err != nil {
		h.t.Fatal(err)
	}
	sum, err := s.Pass(context.Background(), false)
	if err != nil {
		h.t.Fatalf("pass on %s: %v", h.srv.Name, err)
	}
	if len(sum.Errors) > 0 {
		h.t.Fatalf("pass on %s had errors: %v", h.srv.Name, sum.Errors)
	}
	if h.target == "" {
		h.target = h.srv.Home + "networking/"
	}
	return sum
}

// runWith is one pass as `netsyncd once [--dry-run]` makes it, with a
// fresh Syncer and store; prep, when not nil, adjusts the Syncer first. It
// returns the pass's error and its log (Info and above) instead of failing.
func (h *harness) runWith(dryRun bool, prep func(*Syncer)) (*Summary, *observer.ObservedLogs, error) {
	h.t.Helper()
	store, err := state.Open(h.dir)
	if err != nil {
		h.t.Fatal(err)
	}
	defer store.Close()
	core, logs := observer.New(zap.InfoLevel)
	log := zap.New(zapcore.NewTee(zaptest.NewLogger(h.t, zaptest.Level(zap.WarnLevel)).Core(), core))
	s, err := NewSyncer(h.cfg, config.Secret{Password: h.srv.Password}, store, log, func() time.Time { return h.now })
	if err != nil {
		h.t.Fatal(err)
	}
	if prep != nil {
		prep(s)
	}
	sum, err := s.Pass(context.Background(), dryRun)
	return sum, logs, err
}

// entries reads the target calendar: every object by href.
func (h *harness) objects() map[string]caldav.Object {
	h.t.Helper()
	c, err := caldav.New(caldav.Options{URL: h.srv.URL, Username: h.srv.Username, Password: h.srv.Password}, zap.NewNop())
	if err != nil {
		h.t.Fatal(err)
	}
	ctx := context.Background()
	etags, err := c.ListETags(ctx, h.target)
	if err != nil {
		h.t.Fatalf("list %s: %v", h.target, err)
	}
	paths := make([]string, 0, len(etags))
	for p := range etags {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	objs, skipped, err := c.MultiGet(ctx, h.target, paths)
	if err != nil || len(skipped) > 0 {
		h.t.Fatalf("multiget %s: %v %v", h.target, err, skipped)
	}
	out := map[string]caldav.Object{}
	for _, o := range objs {
		out[o.Path] = o
	}
	return out
}

// owned decodes the target's netsyncd entries, by UID, failing on a duplicate UID.
func (h *harness) owned() map[string]entry.Owned {
	h.t.Helper()
	out := map[string]entry.Owned{}
	for href, o := range h.objects() {
		own, err := entry.Decode(o.Data)
		if err != nil || own.Kind == "" {
			continue
		}
		if prev, dup := out[own.UID]; dup {
			h.t.Fatalf("duplicate UID %s at %s and %s", own.UID, prev.Href, href)
		}
		own.Href, own.ETag = href, o.ETag
		out[own.UID] = own
	}
	return out
}

func prepUID(src string) string     { return entry.UID(entry.KindPrep, src, "") }
func followupUID(src string) string { return entry.UID(entry.KindFollowup, src, "") }

var _ = io.Discard
