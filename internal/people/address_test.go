package people

import (
	"fmt"
	"strings"
	"testing"

	"github.com/netsyncd/netsyncd/internal/classify"
	"github.com/netsyncd/netsyncd/internal/event"
	"github.com/netsyncd/netsyncd/internal/limits"
	"github.com/netsyncd/netsyncd/internal/mailaddr"
)

// TestAddressInAngleBrackets: "mailto:<x@y>" (as some clients write a
// CAL-ADDRESS) is the person x@y for the reader, the people ledger, its
// screen of raw objects and the classifier alike (mailaddr.Norm, one
// rule). Before, the reader kept the brackets: Priya written so was a
// second person "<priya@northwind.example>", my own address written so
// was not me (my decline went unseen), and the screen read a colleague's
// object as one that may bring someone.
func TestAddressInAngleBrackets(t *testing.T) {
	cfg := testConfig()
	obj := func(uid, day string, lines ...string) string {
		return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:" + uid + "\r\nDTSTART:" + day + "T150000Z\r\nDTEND:" + day + "T160000Z\r\nSUMMARY:Coffee\r\n" +
			strings.Join(lines, "\r\n") + "\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
	}
	srcs := []event.Source{
		{Calendar: "Home", Data: []byte(obj("a", "20261101", "ORGANIZER;CN=Priya Raman:mailto:<Priya.Raman@Northwind.example>", "ATTENDEE;PARTSTAT=ACCEPTED:MAILTO:<jane@home.example>"))},
		{Calendar: "Home", Data: []byte(obj("b", "20261108", "ORGANIZER;CN=Priya Raman:mailto:priya.raman@northwind.example", "ATTENDEE;PARTSTAT=ACCEPTED:mailto:jane@home.example"))},
		{Calendar: "Home", Data: []byte(obj("c", "20261115", "ORGANIZER:<mailto:priya.raman@northwind.example>", "ATTENDEE;PARTSTAT=DECLINED:mailto: < Jane@Home.example >"))},
	}
	occs, probs := event.ExpandAll(srcs, now.AddDate(0, -2, 0), now, cfg.Location)
	if len(occs) != 3 || len(probs) > 0 {
		t.Fatalf("expand: %v %v", occs, probs)
	}
	cl, err := classify.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	var items []limits.Item
	for i := range occs {
		o := &occs[i]
		if o.Organizer != "priya.raman@northwind.example" || o.Attendees[0].Email != me {
			t.Errorf("%s: organizer %q, attendee %q; want the bare addresses", o.UID, o.Organizer, o.Attendees[0].Email)
		}
		if got := cl.Classify(o).Declined; got != (o.UID == "c") {
			t.Errorf("%s: classified declined=%v; want %v (my own PARTSTAT)", o.UID, got, o.UID == "c")
		}
		items = append(items, limits.Item{Occ: *o, Class: classify.Class{Networking: true, Mode: classify.Active, Type: "one_on_one"}})
	}
	l := Learn(Ledger{}, items[:2], cfg, now)
	if got := keys(l); len(got) != 1 || len(l.People[got[0]].Meetings) != 2 || l.People[got[0]].Email != "priya.raman@northwind.example" {
		t.Errorf("ledger %v; want Priya once, by her address, with both meetings", l.People)
	}
	colleague := obj("d", "20261102", "ORGANIZER:mailto:<Mark@Acme-Corp.com>", "ATTENDEE:MAILTO:<jane@home.example>")
	if !NewScreen(cfg).Nobody([]byte(colleague)) {
		t.Errorf("Nobody(%q) = false; want true: a colleague and me", colleague)
	}
	if NewScreen(cfg).Nobody([]byte(obj("e", "20261102", "ORGANIZER:mailto:<mark@acme-corp.com>", "ATTENDEE:mailto:<priya@northwind.example>"))) {
		t.Error("Nobody = true with an outsider in brackets; want false")
	}
}

func TestBareAddress(t *testing.T) {
	for in, want := range map[string]string{
		"mailto:Jane@X.example": "jane@x.example", " MAILTO:<Jane@X.example> ": "jane@x.example", "<mailto:jane@x.example>": "jane@x.example",
		"mailto: < jane@x.example >": "jane@x.example", "jane@x.example": "jane@x.example", "<jane@x.example": "<jane@x.example",
		"mailto:": "", "<>": "", "urn:uuid:1": "urn:uuid:1",
	} {
		if got := mailaddr.Norm(in); got != want {
			t.Errorf("mailaddr.Norm(%q) = %q; want %q", in, got, want)
		}
		if got := string(mailaddr.Bare([]byte(strings.ToLower(in)))); got != want {
			t.Errorf("mailaddr.Bare(%q) = %q; want %q", in, got, want)
		}
	}
}

// TestIgnoreBareDomainInAnyForm: people.ignore and people.forget take a
// domain without "@" ("xn--bcher-kva.example", as a user copies it from
// a mail header); the reader gives attendees' domains in Unicode since
// mailaddr, so such an entry matched no one any more, and the people of
// an ignored domain came back into the ledger (a forgotten one stayed).
func TestIgnoreBareDomainInAnyForm(t *testing.T) {
	for _, list := range []string{"ignore", "forget"} {
		cfg := testConfig()
		entries := []string{"xn--bcher-kva.example", "Lists.Northwind.Example"}
		if list == "ignore" {
			cfg.People.Ignore = entries
		} else {
			cfg.People.Forget = entries
		}
		l := Learn(Ledger{}, []limits.Item{
			meet("a", -3, "Coffee", att(mailaddr.Norm("mailto:li@xn--bcher-kva.example"), "Li Wei")),
			meet("b", -2, "Coffee", att("ana@lists.northwind.example", "Ana")),
			meet("c", -1, "Coffee", att("priya@northwind.example", "Priya Raman")),
		}, cfg, now)
		if got := keys(l); fmt.Sprint(got) != "[priya@northwind.example]" {
			t.Errorf("people.%s %q: ledger %v; want only priya@northwind.example", list, entries, got)
		}
	}
}
