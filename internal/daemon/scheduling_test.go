package daemon

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/netsyncd/netsyncd/internal/testservers"
)

// TestWritingEntriesSendsNoInvitation: on Cyrus with implicit scheduling
// on, as Fastmail runs it, storing an object with an ORGANIZER and an
// attendee makes the server send an invitation (the control); netsyncd's
// passes, which create, update and delete entries, make it send nothing:
// its entries carry no ORGANIZER or ATTENDEE, no message reaches the
// server's SMTP sink, and the scheduling inbox stays empty.
func TestWritingEntriesSendsNoInvitation(t *testing.T) {
	srv := testservers.CyrusScheduling(t)
	h := newHarness(t, srv, fixtureEvents())
	// The sources are the user's invitations from others: Cyrus sends
	// nothing for them (alice is not their organizer).
	before := len(srv.SentMail(t))

	control := srv.MakeCalendar(t, "control")
	invite := "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:control-invite\r\n" +
		"DTSTAMP:20261120T120000Z\r\nDTSTART:20261209T150000Z\r\nDTEND:20261209T160000Z\r\nSUMMARY:Control\r\n" +
		"ORGANIZER:mailto:alice@internal\r\nATTENDEE;RSVP=TRUE:mailto:bob@example.com\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
	code, header, body := srv.Do(t, http.MethodPut, control+"invite.ics", http.Header{"Content-Type": {"text/calendar"}}, []byte(invite))
	mail := srv.SentMail(t)
	if code != http.StatusCreated || header.Get("Schedule-Tag") == "" || len(mail) != before+1 ||
		!strings.Contains(mail[len(mail)-1], "RCPT TO:<bob@example.com>") || !strings.Contains(mail[len(mail)-1], "METHOD:REQUEST") {
		t.Fatalf("the control invitation: PUT %d, Schedule-Tag %q, %d messages sent (%d before) %s; want 201, a Schedule-Tag and one iTIP REQUEST to bob: "+
			"without it this test proves nothing", code, header.Get("Schedule-Tag"), len(mail), before, body)
	}
	srv.Delete(t, control+"invite.ics") // the cancellation it sends is the control's too
	before = len(srv.SentMail(t))

	if sum := h.pass(); sum.Created == 0 {
		t.Fatalf("first pass created nothing: %+v", sum)
	}
	ev := fixtureEvents()
	ev[0].Start = day(3, 8, 30)
	h.putSource(ev[0]) // entries updated
	ev[2].Extra += "STATUS:CANCELLED\r\n"
	h.putSource(ev[2]) // entries deleted
	if sum := h.pass(); sum.Updated == 0 || sum.Deleted == 0 {
		t.Fatalf("second pass updated %d and deleted %d entries; want both", sum.Updated, sum.Deleted)
	}
	sent := srv.SentMail(t)[before:]
	if len(sent) > 0 {
		t.Errorf("netsyncd's passes made Cyrus send %d messages; want none. The first:\n%s", len(sent), sent[0])
	}
	scheduling := regexp.MustCompile(`(?m)^(ORGANIZER|ATTENDEE)[;:]`)
	for href, o := range h.objects() {
		if scheduling.Match(o.Data) {
			t.Errorf("%s carries an ORGANIZER or ATTENDEE:\n%s", href, o.Data)
		}
	}
	// Cyrus's scheduling inbox (RFC 6638 section 2.2) holds what others
	// send alice: nothing arrived from her own passes either.
	code, _, b := srv.Do(t, "PROPFIND", srv.Home+"Inbox/", http.Header{"Depth": {"1"}}, nil)
	if hrefs := strings.Count(string(b), "<D:href>"); code != http.StatusMultiStatus || hrefs != 1 {
		t.Errorf("PROPFIND %sInbox/ = %d with %d hrefs; want 207 with the inbox alone:\n%s", srv.Home, code, hrefs, b)
	}
}
