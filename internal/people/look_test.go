package people

import (
	"strings"
	"testing"
	"time"

	"github.com/netsyncd/netsyncd/internal/benchdata"
)

// TestLook: Look.NoOne only for an object that brings no one, no host and
// none of my names, and is small, plain and one occurrence per VEVENT;
// its UIDs and zone names are handed over.
func TestLook(t *testing.T) {
	cfg := testConfig()
	obj := func(lines ...string) string {
		return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nX-WR-TIMEZONE:Europe/Paris\r\nBEGIN:VTIMEZONE\r\nTZID:America/New_York\r\nBEGIN:STANDARD\r\nDTSTART:19701101T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU\r\nTZOFFSETFROM:-0400\r\nTZOFFSETTO:-0500\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n" +
			"BEGIN:VEVENT\r\nUID:Dentist-1@Example\r\nDTSTART;TZID=America/New_York:20261101T150000\r\nDTEND;TZID=\"Europe/Berlin\":20261101T160000\r\n" +
			strings.Join(lines, "\r\n") + "\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
	}
	tests := []struct {
		name string
		data string
		want bool
	}{
		{"a dentist", obj("SUMMARY:Dentist"), true},
		{"no summary", obj(), true},
		{"a team lunch", obj("SUMMARY:Team lunch", "LOCATION:Cafe Luca", "URL:https://example.com/menu"), true},
		{"a summary that names someone", obj("SUMMARY:Coffee with Priya Raman"), false},
		{"a name folded into the summary", obj("SUMMARY:Coffee with Priya Ra\r\n man"), false},
		{"an escaped name", obj(`SUMMARY:Lunch - Marcus Bell\, Lazard`), false},
		{"a quoted parameter on the summary", obj(`SUMMARY;X-A="b:c":Dentist`), false},
		{"an organiser, even me", obj("SUMMARY:Dentist", "ORGANIZER:mailto:jane@home.example"), false},
		{"an attendee", obj("SUMMARY:Dentist", "ATTENDEE:mailto:mark@acme-corp.com"), false},
		{"a grouped attendee", obj("SUMMARY:Dentist", "item1.ATTENDEE:mailto:x@y.example"), false},
		{"an attendee folded in its name", obj("SUMMARY:Dentist", "ATTEN\r\n DEE:mailto:x@y.example"), false},
		{"a ticketing link", obj("SUMMARY:Mixer", "URL:https://www.Eventbrite.com/e/123"), false},
		{"an escaped link", obj("SUMMARY:Mixer", "URL:https://%65ventbrite.com/e/123"), false},
		{"a series", obj("SUMMARY:Gym", "RRULE:FREQ=WEEKLY"), false},
		{"extra dates", obj("SUMMARY:Gym", "RDATE:20261108T150000Z"), false},
		{"no UID", strings.Replace(obj("SUMMARY:Dentist"), "UID:Dentist-1@Example\r\n", "", 1), false},
		{"an empty UID", strings.Replace(obj("SUMMARY:Dentist"), "UID:Dentist-1@Example", "UID: ", 1), false},
		{"a UID ending in a no-break space", strings.Replace(obj("SUMMARY:Dentist"), "UID:Dentist-1@Example", "UID:Dentist-2@Example\u00a0", 1), false},
		{"a made-up UID's form", strings.Replace(obj("SUMMARY:Dentist"), "UID:Dentist-1", "UID:netsyncd-no-uid-1", 1), false},
		{"a bare CR", obj("SUMMARY:Dentist\rATTENDEE:mailto:x@y.example"), false},
		{"a bare CR in a summary", obj("SUMMARY:Dentist\r"), false},
		{"a CR ending the object", obj("SUMMARY:Dentist") + "\r", false},
		{"a NUL", obj("SUMMARY:Dentist\x00"), false},
		{"not UTF-8", obj("SUMMARY:Dentist \xff"), false},
		{"large", obj("SUMMARY:Dentist", "DESCRIPTION:"+strings.Repeat("x", 5000)), false},
	}
	// One scratch space for every case, as the daemon reuses it: what
	// one object's summary taught it must not answer for another's.
	var shared LookBuf
	sc := NewScreen(cfg)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var uids, zones []string
			l := NewScreen(cfg).Look([]byte(tt.data), nil, func(k []byte) { uids = append(uids, string(k)) }, func(z []byte) { zones = append(zones, string(z)) })
			if l.NoOne != tt.want {
				t.Errorf("NoOne = %v; want %v", l.NoOne, tt.want)
			}
			for range 2 {
				if again := sc.Look([]byte(tt.data), &shared, nil, nil); again != l {
					t.Errorf("with a scratch space used before: %+v; without: %+v", again, l)
				}
			}
			if l.Events != 1 {
				t.Errorf("Events = %d", l.Events)
			}
			if strings.Contains(tt.data, "UID:Dentist-1@Example") && (len(uids) != 1 || uids[0] != "dentist-1@example") {
				t.Errorf("UIDs %q", uids)
			}
			want := "Europe/Paris America/New_York America/New_York Europe/Berlin"
			if got := strings.Join(zones, " "); got != want {
				t.Errorf("zones %q; want %q", got, want)
			}
		})
	}
}

// TestLookIsNobody: Look.Nobody is Nobody, over benchdata's calendar and
// TestNobody's cases.
func TestLookIsNobody(t *testing.T) {
	cfg := testConfig()
	cfg.Me.Emails = append(cfg.Me.Emails, "jane@home.example")
	cfg.Employer.Domains = append(cfg.Employer.Domains, "acme-corp.com")
	s := NewScreen(cfg)
	var buf LookBuf
	nobody := 0
	for _, o := range benchdata.Calendar(benchdata.Options{Events: 2000, Seed: 1, Now: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)}) {
		want := s.Nobody(o.Data)
		if got := s.Look(o.Data, &buf, nil, nil).Nobody; got != want {
			t.Fatalf("Look.Nobody = %v, Nobody = %v:\n%s", got, want, o.Data)
		}
		if want {
			nobody++
		}
	}
	if nobody < 100 {
		t.Fatalf("only %d objects of colleagues alone: the test tells nothing", nobody)
	}
}
