package classify

import (
	"strings"
	"testing"

	"github.com/netsyncd/netsyncd/internal/config"
	"github.com/netsyncd/netsyncd/internal/event"
)

func TestOpportunity(t *testing.T) {
	cfg := config.Default()
	cfg.Me.Emails = []string{"jane@home.example"}
	cfg.Employer.Domains = []string{"acme-corp.com"}
	tests := []struct {
		name  string
		occ   event.Occurrence
		class Class
		want  string // the reason's start, "" for none
	}{
		{"a school fundraiser", event.Occurrence{Summary: "Riverside School Fundraiser"}, Class{}, `opportunity: "fundraiser" in summary`},
		{"a talk with a reception", event.Occurrence{Summary: "Talk: the future of audit", Description: "Followed by a reception."}, Class{}, `opportunity: "reception" in description`},
		{"accents and case fold", event.Occurrence{Summary: "GALA de la Fondation"}, Class{}, `opportunity: "gala"`},
		{"a charity board", event.Occurrence{Summary: "Board of Trustees, City Harvest"}, Class{}, `opportunity: "board of trustees"`},
		{"a word inside another is no cue", event.Occurrence{Summary: "Galaxy launch review"}, Class{}, ""},
		{"networking is counted, not an opportunity", event.Occurrence{Summary: "Charity mixer"}, Class{Networking: true}, ""},
		{"declined", event.Occurrence{Summary: "Gala"}, Class{Declined: true}, ""},
		{"cancelled", event.Occurrence{Summary: "Gala", Status: "CANCELLED"}, Class{}, ""},
		{"an internal reception", event.Occurrence{Summary: "Holiday reception", Attendees: []event.Attendee{{Email: "jane@home.example"}, {Email: "cfo@acme-corp.com"}}}, Class{}, ""},
		{"a reception with outsiders", event.Occurrence{Summary: "Holiday reception", Attendees: []event.Attendee{{Email: "cfo@acme-corp.com"}, {Email: "pat@bank.example"}}}, Class{}, `opportunity: "reception"`},
		{"an ordinary meeting", event.Occurrence{Summary: "Budget review"}, Class{}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ok, why := Opportunity(&tt.occ, tt.class, cfg)
			if ok != (tt.want != "") || !strings.HasPrefix(why, tt.want) {
				t.Errorf("Opportunity(%q) = %v, %q; want %q", tt.occ.Summary, ok, why, tt.want)
			}
		})
	}
}
