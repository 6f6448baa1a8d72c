package daemon

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/netsyncd/netsyncd/internal/entry"
	"github.com/netsyncd/netsyncd/internal/testservers"
)

// TestEntriesRoundTripThroughServers stores entries of every kind, as
// events and as tasks, on each real server, reads them back and checks
// that netsyncd reads exactly what it wrote: same fields, same hashes (so
// the next pass sees neither a user edit nor a move).
func TestEntriesRoundTripThroughServers(t *testing.T) {
	start := time.Date(2026, 12, 2, 7, 30, 0, 0, fixtureNow.Location())
	long := strings.Repeat("Why am I going, and what do I want from it? Ünïcödé — “quotes”, commas, semicolons; ", 6)
	entries := []entry.Entry{
		{Kind: entry.KindPrep, UID: entry.UID(entry.KindPrep, "src-1", ""), SourceUID: "src-1", Summary: "Prep: Coffee with Sarah Chen, Bain",
			Description: long + "\nline two\n\n- a list item", Start: start, End: start.Add(30 * time.Minute), Alarm: 15 * time.Minute},
		{Kind: entry.KindFollowup, UID: entry.UID(entry.KindFollowup, "src-2", "2026-12-03T13:30:00Z"), SourceUID: "src-2",
			SourceRecurrenceID: "2026-12-03T13:30:00Z", Summary: "Follow up: Lunch; with Tom", Description: "Send notes within 48 h.",
			Start: start.Add(26 * time.Hour), End: start.Add(26*time.Hour + 20*time.Minute)},
		{Kind: entry.KindWeek, UID: entry.WeekUID("2026-W49"), Week: "2026-W49", Summary: "Networking plan 2026-W49",
			Description: "Planned: 5.5 h of a 6 h budget", Start: start.Add(-48 * time.Hour), End: start.Add(-47*time.Hour - 30*time.Minute)},
	}
	for _, srv := range testservers.All(t) {
		t.Run(srv.Name, func(t *testing.T) {
			for _, as := range []string{"event", "todo"} {
				cal := srv.MakeCalendar(t, "networking-"+as)
				for _, e := range entries {
					sent := entry.Encode(e, entry.EncodeOptions{As: as, Private: true, Stamp: fixtureNow.UTC()})
					path := cal + as + "-" + e.UID + ".ics"
					srv.Put(t, path, sent)
					want, err := entry.Decode(sent)
					if err != nil {
						t.Fatalf("Decode(what we send): %v", err)
					}
					got, err := entry.Decode(srv.Get(t, path))
					if err != nil {
						t.Fatalf("Decode(what %s stored): %v", srv.Name, err)
					}
					// The alarm's lines may come back written another way
					// (Xandikos stores TRIGGER:PT0S as P0D): what counts is
					// that it still reads as netsyncd's alarm.
					if len(got.Alarms) != len(want.Alarms) || got.AlarmsEdited {
						t.Errorf("%s %s read back from %s: alarm %q (taken as the user's: %v); want %q", as, e.Kind, srv.Name, got.Alarms, got.AlarmsEdited, want.Alarms)
					}
					want.Data, got.Data, want.Alarms, got.Alarms = nil, nil, nil, nil
					if !reflect.DeepEqual(got, want) {
						t.Errorf("%s %s read back from %s:\n%+v\nwant:\n%+v", as, e.Kind, srv.Name, got, want)
					}
					if got.Edited() || got.Moved() {
						t.Errorf("%s %s read back from %s looks edited (%v) or moved (%v)", as, e.Kind, srv.Name, got.Edited(), got.Moved())
					}
					// Cyrus keeps a UID unique across all of the user's
					// calendars: free it for the other calendar.
					srv.Delete(t, path)
				}
			}
		})
	}
}
