package people

import (
	"strings"
	"testing"

	"github.com/netsyncd/netsyncd/internal/classify"
	"github.com/netsyncd/netsyncd/internal/event"
	"github.com/netsyncd/netsyncd/internal/limits"
)

// TestNobody: an object whose every address is mine or the employer's
// brings no one, and Learn agrees; any other object may.
func TestNobody(t *testing.T) {
	cfg := testConfig()
	obj := func(lines ...string) string {
		return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x\r\nDTSTART:20261101T150000Z\r\nDTEND:20261101T160000Z\r\nSUMMARY:Coffee with Priya Raman\r\n" +
			strings.Join(lines, "\r\n") + "\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
	}
	tests := []struct {
		name string
		data string
		want bool
	}{
		{"colleagues only", obj("ORGANIZER;CN=Mark:mailto:mark@acme-corp.com", "ATTENDEE;PARTSTAT=ACCEPTED:mailto:jane@home.example", "ATTENDEE;CN=\"Raj: CFO\":MAILTO:Raj@Sub.Acme-Corp.com"), true},
		{"a colleague's address folded", obj("ATTENDEE;CN=Lisa Chen;PARTSTAT=ACCEPTED;ROLE=REQ-PARTICIPANT:mailto:lisa.ch\r\n en@acme-corp.com"), true},
		{"no one but me: the summary names Priya", obj("ORGANIZER:mailto:jane@home.example"), false},
		{"no address at all", obj(), false},
		{"an outsider", obj("ORGANIZER:mailto:mark@acme-corp.com", "ATTENDEE:mailto:priya@northwind.example"), false},
		{"an outsider folded", obj("ATTENDEE;CN=Priya:mailto:priya@north\r\n\twind.example", "ATTENDEE:mailto:mark@acme-corp.com"), false},
		{"an address not mailto", obj("ATTENDEE:mailto:mark@acme-corp.com", "ATTENDEE:urn:uuid:1234"), false},
		{"the employer's name in another domain", obj("ATTENDEE:mailto:x@notacme-corp.com"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := NewScreen(cfg).Nobody([]byte(tt.data)); got != tt.want {
				t.Errorf("Nobody(%q) = %v; want %v", tt.data, got, tt.want)
			}
			if !tt.want {
				return
			}
			// What Nobody skips, Learn would learn nothing from.
			occs, probs := event.ExpandAll([]event.Source{{Calendar: "Work", Data: []byte(tt.data)}}, now.AddDate(-1, 0, 0), now, cfg.Location)
			if len(probs) > 0 || len(occs) != 1 {
				t.Fatalf("expand: %v %v", occs, probs)
			}
			for _, c := range []classify.Class{{Networking: true, Mode: classify.Passive}, {Networking: true, Mode: classify.Active}} {
				if l := Learn(Ledger{}, []limits.Item{{Occ: occs[0], Class: c}}, cfg, now); len(l.People)+len(l.Events) > 0 {
					t.Errorf("Learn(%v) found %v %v", c, l.People, l.Events)
				}
			}
		})
	}
}
