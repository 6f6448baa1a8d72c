package daemon

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/netsyncd/netsyncd/internal/testservers"
)

// TestOneBadCharacterAndOneBadCalendar, against Radicale, which stores and
// serves raw the U+000B Outlook writes in descriptions, and invalid UTF-8:
// the pass repairs those objects and plans their entries; a second source
// calendar whose answer is not XML at all is reported by path while the
// first is processed, and the entries planned from it are not deleted.
func TestOneBadCharacterAndOneBadCalendar(t *testing.T) {
	srv := testservers.Radicale(t)
	h := newHarness(t, srv, fixtureEvents())
	h.putSource(fixtureEvent{UID: "coffee-vt", Summary: "Coffee with Vera Tan", Location: "Blue Bottle, 5th Ave, Midtown",
		Start: day(4, 8, 30), Length: 45 * 60e9, Extra: "DESCRIPTION:agenda\x0bfrom Outlook\r\nATTENDEE;PARTSTAT=ACCEPTED:mailto:vera@tan.example\r\n"})
	h.putSource(fixtureEvent{UID: "coffee-latin1", Summary: "Coffee with Jos\xe9 Ruiz", Location: "Blue Bottle, 5th Ave, Midtown",
		Start: day(4, 15, 0), Length: 45 * 60e9, Extra: "ATTENDEE;PARTSTAT=ACCEPTED:mailto:jose@ruiz.example\r\n"})
	other := srv.MakeCalendar(t, "side")
	srv.Put(t, other+"lunch-ivo.ics", fixtureEvent{UID: "lunch-ivo", Summary: "Lunch with Ivo Berg", Location: "Balthazar, 80 Spring St, SoHo",
		Start: day(8, 12, 30), Length: 60 * 60e9, Extra: "ATTENDEE;PARTSTAT=ACCEPTED:mailto:ivo@berg.example\r\n"}.ics())

	var broken atomic.Bool
	up, _ := url.Parse(h.proxy.URL)
	rp := httputil.NewSingleHostReverseProxy(up)
	rp.ModifyResponse = func(r *http.Response) error {
		if broken.Load() && r.Request.Method == "REPORT" && strings.HasPrefix(r.Request.URL.Path, other) {
			r.Body.Close()
			b := []byte(`<?xml version="1.0"?><d:multistatus xmlns:d="DAV:"><d:response><d:href>` + other + `x.ics</d:hre></d:multistatus>`)
			r.Body, r.ContentLength = io.NopCloser(bytes.NewReader(b)), int64(len(b))
			r.Header.Del("Content-Length")
		}
		return nil
	}
	front := httptest.NewServer(rp)
	defer front.Close()
	h.cfg.CalDAV.URL = front.URL
	h.cfg.CalDAV.Sources = []string{h.source, other}

	sum, _, err := h.runWith(false, nil)
	if err != nil || len(sum.Errors) > 0 {
		t.Fatalf("first pass = %v, %v; want no error", err, sum)
	}
	h.target = srv.Home + "networking/"
	owned := h.owned()
	for _, uid := range []string{"coffee-vt", "coffee-latin1", "lunch-ivo", "coffee-sarah"} {
		if _, ok := owned[prepUID(uid)]; !ok {
			t.Errorf("no prep entry for %s after the first pass", uid)
		}
	}

	// The side calendar's answer breaks, and sync.json is lost, so no
	// cached copy of it stands in.
	broken.Store(true)
	if err := os.Remove(filepath.Join(h.dir, "sync.json")); err != nil {
		t.Fatal(err)
	}
	h.putSource(fixtureEvent{UID: "coffee-new", Summary: "Coffee with Noa Lee", Location: "Blue Bottle, 5th Ave, Midtown",
		Start: day(9, 8, 0), Length: 45 * 60e9, Extra: "ATTENDEE;PARTSTAT=ACCEPTED:mailto:noa@lee.example\r\n"})
	sum, logs, err := h.runWith(false, nil)
	if err != nil {
		t.Fatalf("pass with one bad calendar = %v; want the pass to go on", err)
	}
	if len(sum.Errors) != 1 || !strings.Contains(sum.Errors[0], other) {
		t.Errorf("errors = %q; want one naming %s", sum.Errors, other)
	}
	owned = h.owned()
	if _, ok := owned[prepUID("coffee-new")]; !ok {
		t.Errorf("the readable calendar was not processed: no prep entry for coffee-new")
	}
	if _, ok := owned[prepUID("lunch-ivo")]; !ok || sum.Deleted > 0 {
		t.Errorf("the unreadable calendar's entry was deleted (deleted %d)", sum.Deleted)
	}
	if logs.FilterMessageSnippet("could not read a source calendar").Len() == 0 {
		t.Errorf("no log line about the unreadable calendar")
	}
}
