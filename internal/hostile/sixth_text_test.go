package hostile

import (
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/netsyncd/netsyncd/internal/davserver"
	"github.com/netsyncd/netsyncd/internal/entry"
)

// A calendar whose display name has a DEL in it (XML allows DEL, RFC 5545
// TEXT does not): the prep entry quotes the name, Encode dropped the DEL
// but hashed the text with it, so the entry read back was "edited by the
// user" from its first pass on, and when the coffee moved, its prep kept
// the old time in its text for good. Control characters of a person's
// name, bytes that are not UTF-8 in a template's text, did the same.
func TestSixthTextWrittenIsTextHashed(t *testing.T) {
	for _, name := range []string{"Per\x7fsonal", "Per\x7f\x7fsonal \u0085"} {
		srv := davserver.New("jane")
		cal := srv.Home() + "personal/"
		srv.AddCalendar(cal, name)
		if err := srv.PutObject(cal+"coffee.ics", []byte(calendar(vevent("coffee", "20261203T150000Z")))); err != nil {
			t.Fatal(err)
		}
		hs := httptest.NewServer(srv.Handler())
		t.Cleanup(hs.Close)
		cfg := passConfig(t, hs.URL+"/", "")
		raw, err := os.ReadFile(cfg)
		if err != nil {
			t.Fatal(err)
		}
		// sources name the calendar by path: its display name is the hostile part
		if err := os.WriteFile(cfg, []byte(strings.Replace(string(raw), "sources: [personal]", "sources: ["+cal+"]", 1)), 0o600); err != nil {
			t.Fatal(err)
		}
		if code, s, log := onceAt(t, now, cfg); code != 0 || s.Created == 0 {
			t.Fatalf("%q: first pass = %d, %+v\n%s", name, code, s, tail(log))
		}
		for href, data := range srv.Objects(srv.Home() + "netsyncd/") {
			o, err := entry.Decode(data)
			if err != nil {
				t.Fatalf("%q: %s: %v", name, href, err)
			}
			if o.Edited() {
				t.Errorf("%q: %s %s reads back as edited by the user, just written", name, o.Kind, href)
			}
		}
		// the coffee moves from 10:00 to 16:00 New York time
		if err := srv.PutObject(cal+"coffee.ics", []byte(calendar(vevent("coffee", "20261203T210000Z", "SEQUENCE:1")))); err != nil {
			t.Fatal(err)
		}
		if code, s, log := onceAt(t, now.Add(time.Hour), cfg); code != 0 || len(s.Changes) == 0 {
			t.Fatalf("%q: pass after the move = %d, %+v\n%s", name, code, s, tail(log))
		}
		for href, data := range srv.Objects(srv.Home() + "netsyncd/") {
			if o, _ := entry.Decode(data); o.Kind == entry.KindPrep && !strings.Contains(o.Description, "When: Thu 3 Dec 16:00-17:00") {
				t.Errorf("%q: the prep entry %s after the coffee moved to 16:00 says:\n%s", name, href, o.Description)
			}
		}
		if code, s, log := onceAt(t, now.Add(2*time.Hour), cfg); code != 0 || len(s.Changes) != 0 {
			t.Errorf("%q: third pass = %d, %+v; want idle\n%s", name, code, s, tail(log))
		}
	}
}
