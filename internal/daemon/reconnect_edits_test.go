package daemon

import (
	"bytes"
	"regexp"
	"testing"
	"time"

	"github.com/netsyncd/netsyncd/internal/plan"
	"github.com/netsyncd/netsyncd/internal/testservers"
)

// TestUserReshapesAReconnect: on Radicale, the user moves Dana's reconnect
// entry into the past (done, as far as they are concerned), and makes
// Omar's repeat every week; then a source changes, so the pass is not
// idle. Each entry stays as the user left it, byte for byte; no second
// reconnect entry is made for either person; the pass after is idle.
func TestUserReshapesAReconnect(t *testing.T) {
	events := append(fixtureEvents(),
		pastCoffee("past-dana", "dana@lazard.example", "Dana Whitfield", 70),
		pastCoffee("past-omar", "omar@haddad.example", "Omar Haddad", 80))
	srv := testservers.Radicale(t)
	h := newHarness(t, srv, events)
	h.cfg.Employer.Confidential = false
	dana := plan.ReconnectUID("dana@lazard.example", fixtureNow.AddDate(0, 0, -70).Add(90*time.Minute))
	omar := plan.ReconnectUID("omar@haddad.example", fixtureNow.AddDate(0, 0, -80).Add(90*time.Minute))
	h.pass()
	owned := h.owned()
	d, s := owned[dana], owned[omar]
	if d.Href == "" || s.Href == "" {
		t.Fatalf("the first pass made no reconnect entry for Dana or Omar: %v", summaries(owned))
	}
	past := fixtureNow.AddDate(0, 0, -2).UTC()
	moved := regexp.MustCompile(`(?m)^DTSTART[^:\r\n]*:[^\r\n]*`).ReplaceAll(d.Data, []byte("DTSTART:"+past.Format("20060102T150405Z")))
	moved = regexp.MustCompile(`(?m)^DTEND[^:\r\n]*:[^\r\n]*`).ReplaceAll(moved, []byte("DTEND:"+past.Add(30*time.Minute).Format("20060102T150405Z")))
	if bytes.Equal(moved, d.Data) {
		t.Fatalf("no DTSTART in Dana's reconnect entry:\n%s", d.Data)
	}
	srv.Put(t, d.Href, moved)
	srv.Put(t, s.Href, bytes.Replace(s.Data, []byte("END:VEVENT"), []byte("RRULE:FREQ=WEEKLY;COUNT=4\r\nEND:VEVENT"), 1))
	users := map[string]string{}
	for href, o := range h.objects() {
		users[href] = o.ETag
	}
	ev := fixtureEvents()
	ev[0].Start = day(3, 9, 30)
	h.putSource(ev[0])

	sum := h.pass()
	if len(sum.Errors) > 0 {
		t.Fatalf("pass: %v", sum.Errors)
	}
	for _, href := range []string{d.Href, s.Href} {
		if o, ok := h.objects()[href]; !ok || o.ETag != users[href] {
			t.Errorf("%s, as the user left it, is gone or rewritten (kept edits %d): %+v", href, sum.KeptUserEdits, sum.Changes)
		}
	}
	n := map[string]int{}
	for _, o := range h.owned() { // fails on a duplicated UID
		n[o.SourceUID]++
	}
	for _, who := range []string{"person:dana@lazard.example", "person:omar@haddad.example"} {
		if n[who] != 1 {
			t.Errorf("%d entries for %s; want the one the user reshaped", n[who], who)
		}
	}
	h.checkIdle("after the user reshaped the reconnect entries")
}
