package app

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/netsyncd/netsyncd/internal/config"
	"github.com/netsyncd/netsyncd/internal/event"
	"github.com/netsyncd/netsyncd/internal/limits"
)

// TestExplainStatusAndPartStat: --json gives the event's STATUS and my
// PARTSTAT in lower case; the text marks cancelled and declined events
// before their titles, and only those.
func TestExplainStatusAndPartStat(t *testing.T) {
	cfg := config.Default()
	cfg.Me.Emails = []string{"Jane@Home.example"}
	items := []limits.Item{
		{Occ: event.Occurrence{UID: "a", Summary: "Lunch with Victoria", Status: "CANCELLED"}},
		{Occ: event.Occurrence{UID: "b", Summary: "Mixer", Attendees: []event.Attendee{{Email: "x@y.com", PartStat: "ACCEPTED"}, {Email: "jane@home.example", PartStat: "DECLINED"}}}},
		{Occ: event.Occurrence{UID: "c", Summary: "Dentist"}},
	}
	var buf bytes.Buffer
	if err := writeExplainJSON(&buf, items, cfg); err != nil {
		t.Fatal(err)
	}
	var rows []struct{ UID, Status, PartStat string }
	if err := json.Unmarshal(buf.Bytes(), &rows); err != nil {
		t.Fatal(err)
	}
	want := [][2]string{{"cancelled", ""}, {"", "declined"}, {"", ""}}
	for i, r := range rows {
		if r.Status != want[i][0] || r.PartStat != want[i][1] {
			t.Errorf("row %s: status %q partstat %q; want %q %q", r.UID, r.Status, r.PartStat, want[i][0], want[i][1])
		}
	}
	marked := markedItems(items, cfg)
	for i, w := range []string{"[cancelled] Lunch with Victoria", "[declined] Mixer", "Dentist"} {
		if got := marked[i].Occ.Summary; got != w {
			t.Errorf("marked summary %d = %q; want %q", i, got, w)
		}
	}
	if items[0].Occ.Summary != "Lunch with Victoria" {
		t.Errorf("markedItems changed its input: %q", items[0].Occ.Summary)
	}
}
