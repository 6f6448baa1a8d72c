package classify

import (
	"strings"
	"testing"
	"time"

	"github.com/netsyncd/netsyncd/internal/event"
)

// TestStructureWithoutWords: in a language no list knows (Czech, Turkish,
// Hungarian, Finnish), who organised it, who is invited, the link and the
// calendar still decide.
func TestStructureWithoutWords(t *testing.T) {
	c := mustNew(t, testConfig())
	at := func(o *event.Occurrence, hhmm string, d time.Duration) {
		h, m := int(hhmm[0]-'0')*10+int(hhmm[1]-'0'), int(hhmm[3]-'0')*10+int(hhmm[4]-'0')
		o.Start = time.Date(2026, 3, 3, h, m, 0, 0, newYork)
		o.End = o.Start.Add(d)
	}
	people := func(es ...string) []event.Attendee {
		var as []event.Attendee
		for _, e := range es {
			as = append(as, event.Attendee{Email: e})
		}
		return as
	}
	tests := []struct {
		name       string
		edit       func(o *event.Occurrence)
		networking bool
		mode, typ  string
	}{
		{"someone from another company invites me alone", func(o *event.Occurrence) {
			o.Summary, o.Location = "Görüşme", "Çırağan Palace, Istanbul"
			o.Organizer, o.Attendees = "ahmet.yilmaz@koc.com.tr", people("ahmet.yilmaz@koc.com.tr", "jane@home.example")
			at(o, "08:00", time.Hour)
		}, true, "active", "one_on_one"},
		{"I invite someone from another company from my private address, at lunch", func(o *event.Occurrence) {
			o.Summary, o.Location = "Setkání", "Café Slavia, Praha"
			o.Organizer, o.Attendees = "jane@home.example", people("jane@home.example", "petr.novak@kpmg.cz")
			at(o, "12:15", 90*time.Minute)
		}, true, "active", "meal"},
		{"an office's address, many outside organisations, an evening", func(o *event.Occurrence) {
			o.Summary, o.Location = "Évzáró", "Gresham Palace, Budapest"
			o.Organizer = "rendezveny@bcg.com"
			o.Attendees = people("jane@home.example", "a@otp.hu", "b@mol.hu", "c@richter.hu", "d@telekom.hu")
			at(o, "18:30", 150*time.Minute)
		}, true, "passive", "event"},
		{"a ticketing link", func(o *event.Occurrence) {
			o.Summary, o.Location, o.URL = "Vuoden päätös", "Musiikkitalo, Helsinki", "https://www.eventbrite.fi/e/vuoden-paatos-123"
			at(o, "18:00", 3*time.Hour)
		}, true, "passive", "event"},
		{"a name on the family calendar", func(o *event.Occurrence) {
			o.Summary, o.Calendar = "Babička Jana", "Family"
			at(o, "15:00", 3*time.Hour)
		}, false, "", ""},
		{"colleagues only", func(o *event.Occurrence) {
			o.Summary, o.Calendar = "Porada", "Work"
			o.Organizer, o.Attendees = "ben@acme-corp.com", people("ben@acme-corp.com", "jane.doe@acme-corp.com", "amy@acme-corp.com")
			at(o, "10:00", time.Hour)
		}, false, "", ""},
	}
	for _, tt := range tests {
		o := testOccurrence("")
		tt.edit(o)
		got := c.Classify(o)
		if got.Networking != tt.networking || string(got.Mode) != tt.mode || got.Type != tt.typ {
			t.Errorf("%s (%q): networking %v %q %q; want %v %q %q\n\t%s", tt.name, o.Summary, got.Networking, got.Mode, got.Type,
				tt.networking, tt.mode, tt.typ, strings.Join(got.Reasons, "\n\t"))
		}
	}
}
