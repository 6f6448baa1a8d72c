package event

import (
	"testing"
	"time"
)

func TestAttendeeCUType(t *testing.T) {
	data := "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTART:20240110T120000Z\r\n" +
		"ATTENDEE;CN=Room 4;CUTYPE=room:mailto:room4@example.com\r\n" +
		"ATTENDEE;CUTYPE=GROUP:mailto:team@example.com\r\n" +
		"ATTENDEE;CN=Bob:mailto:bob@example.com\r\n" +
		"END:VEVENT\r\nEND:VCALENDAR\r\n"
	occs, _ := Expand(Source{Data: []byte(data)}, time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2024, 2, 1, 0, 0, 0, 0, time.UTC), time.UTC)
	if len(occs) != 1 || len(occs[0].Attendees) != 3 {
		t.Fatalf("Expand = %+v; want one occurrence with 3 attendees", occs)
	}
	for i, want := range []string{"ROOM", "GROUP", ""} {
		if got := occs[0].Attendees[i].CUType; got != want {
			t.Errorf("attendee %d CUType = %q; want %q", i, got, want)
		}
	}
}
