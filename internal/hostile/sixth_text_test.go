package hostile

import (
	"context"
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

// openBidi is how many embeddings and overrides line leaves open.
func openBidi(line string) int {
	n := 0
	for _, r := range line {
		switch r {
		case '\u202a', '\u202b', '\u202d', '\u202e':
			n++
		case '\u202c':
			if n > 0 {
				n--
			}
		}
	}
	return n
}

// A summary, a location and a name that open a right-to-left override
// (U+202E) and never close it: every line netsyncd writes that quotes them
// went on right to left after them, so the follow-up's "Coffee w/ Dana,
// Thu 3 Dec 10:00-11:00, Blue Bottle" showed its day and time reversed,
// and so did explain's line. Each quoted text now closes what it opened.
func TestSixthBidiOverrideLeftOpen(t *testing.T) {
	coffee := "BEGIN:VEVENT\r\nUID:rlo\r\nDTSTAMP:20261101T000000Z\r\nDTSTART:20261203T150000Z\r\nDURATION:PT1H\r\n" +
		"SUMMARY:Coffee w/ Dana \u202eevil\r\nLOCATION:Blue \u202dBottle\r\n" +
		"ORGANIZER;CN=\"Priya \u202bRaman\":mailto:priya@northwind.example\r\n" +
		"ATTENDEE;CN=\"Ann \u2067Lee\":mailto:ann@x.example\r\nEND:VEVENT\r\n"
	srv, url := davServer(t, calendar(coffee))
	cfg := passConfig(t, url, "")
	if code, s, log := onceAt(t, now, cfg); code != 0 || s.Created == 0 {
		t.Fatalf("first pass = %d, %+v\n%s", code, s, tail(log))
	}
	n := 0
	for href, data := range srv.Objects(srv.Home() + "netsyncd/") {
		o, err := entry.Decode(data)
		if err != nil {
			t.Fatalf("%s: %v", href, err)
		}
		for _, text := range []string{o.Summary, o.Description, o.Location} {
			for _, line := range strings.Split(text, "\n") {
				if strings.ContainsRune(line, '\u202e') || strings.ContainsRune(line, '\u202d') {
					n++
				}
				if openBidi(line) > 0 {
					t.Errorf("%s entry %s has a line that leaves %d overrides open: %q", o.Kind, href, openBidi(line), line)
				}
			}
		}
	}
	if n == 0 {
		t.Fatal("no entry quotes the summary or location: the case tried nothing")
	}
	if code, s, log := onceAt(t, now.Add(time.Hour), cfg); code != 0 || len(s.Changes) != 0 {
		t.Errorf("second pass = %d, %+v; want idle\n%s", code, s, tail(log))
	}
	code, text, _ := netsyncd(t, context.Background(), nil, "explain", "--ics", writeFile(t, "rlo.ics", calendar(coffee)), "--from", "2026-11-30", "--to", "2026-12-13")
	if code != 0 {
		t.Fatalf("explain = %d", code)
	}
	for _, line := range strings.Split(text, "\n") {
		if openBidi(line) > 0 {
			t.Errorf("explain prints a line that leaves %d overrides open: %q", openBidi(line), line)
		}
	}
}
