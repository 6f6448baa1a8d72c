package classify

import (
	"testing"

	"github.com/netsyncd/netsyncd/internal/config"
	"github.com/netsyncd/netsyncd/internal/event"
	"github.com/netsyncd/netsyncd/internal/mailaddr"
)

// TestRuleDomainInAnyForm: a rule's organizer or attendee_domains may
// name a domain without "@" as a mail header shows it
// ("xn--bcher-kva.example", "northwind.example."), which the config
// leaves as written; the reader gives addresses in mailaddr's form
// (Unicode labels, no trailing dot) since, so such a rule matched no one.
func TestRuleDomainInAnyForm(t *testing.T) {
	cfg := testConfig()
	cfg.Classify.Rules = []config.Rule{
		{Name: "book fairs", Match: config.Match{Organizer: []string{"XN--BCHER-KVA.example"}},
			Set: config.Set{Networking: ptr(true), Type: "alumni"}},
		{Name: "northwind", Match: config.Match{AttendeeDomains: []string{"northwind.example."}},
			Set: config.Set{Networking: ptr(true), Type: "alumni"}},
	}
	c := mustNew(t, cfg)
	o := testOccurrence("Quarterly review")
	o.Organizer = mailaddr.Norm("mailto:events@xn--bcher-kva.example")
	o.Attendees = []event.Attendee{{Email: o.Organizer}, {Email: "jane@home.example"}}
	if got := c.Classify(o); !got.Networking || got.Type != "alumni" {
		t.Errorf("organizer %s: %v %q %q; want the book fairs rule", o.Organizer, got.Networking, got.Type, got.Reasons)
	}
	o = testOccurrence("Quarterly review")
	o.Organizer = "jane@home.example"
	o.Attendees = []event.Attendee{{Email: mailaddr.Norm("mailto:ana@northwind.example.")}, {Email: "jane@home.example"}}
	if got := c.Classify(o); !got.Networking || got.Type != "alumni" {
		t.Errorf("attendee %s: %v %q %q; want the northwind rule", o.Attendees[0].Email, got.Networking, got.Type, got.Reasons)
	}
}
