package event

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

func testdataSource(t testing.TB, name string) Source {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return Source{Calendar: "Test", CalendarPath: "/cal/test/", Href: "/cal/test/" + name, ETag: `"e1"`, Data: data}
}

func TestExpand(t *testing.T) {
	berlin := mustLoad(t, "Europe/Berlin")
	at := func(y int, m time.Month, d int, loc *time.Location) time.Time {
		return time.Date(y, m, d, 0, 0, 0, 0, loc)
	}
	tests := []struct {
		name, file string
		loc        *time.Location
		from, to   time.Time
		want       []string
		problems   []string // substrings, one per expected Problem, in order
	}{
		{"windows zone names", "windows_tz.ics", time.UTC, at(2024, 1, 1, time.UTC), at(2025, 1, 1, time.UTC), []string{
			"2024-01-15 11:00 1h0m0s Berlin lunch",  // W. Europe Standard Time = Europe/Berlin, CET
			"2024-07-10 13:00 1h0m0s New York call", // Eastern Standard Time = America/New_York, EDT
		}, nil},
		{"custom VTIMEZONE with DST rules", "custom_vtimezone.ics", time.UTC, at(2024, 1, 1, time.UTC), at(2025, 1, 1, time.UTC), []string{
			"2024-01-02 04:00 15m0s Mumbai standup", // fixed +05:30
			"2024-03-01 14:00 1h0m0s Weekly in a custom zone rid=03-01T14:00",
			"2024-03-08 14:00 1h0m0s Weekly in a custom zone rid=03-08T14:00",
			"2024-03-15 13:00 1h0m0s Weekly in a custom zone rid=03-15T13:00", // second Sunday of March passed: -04:00
			"2024-07-01 10:00 1h0m0s Summer in old style",                     // BYMONTHDAY=25..31 form, +02:00 in July
		}, nil},
		{"VTIMEZONE names escaped as TEXT", "escaped_tzid.ics", time.UTC, at(2024, 1, 1, time.UTC), at(2025, 1, 1, time.UTC), []string{
			"2024-01-02 04:00 15m0s Mumbai standup", // +05:30, not read as floating
			"2024-01-03 09:00 1h0m0s Semicolon zone",
		}, nil},
		{"TZID forms", "tzid_forms.ics", berlin, at(2024, 7, 1, berlin), at(2024, 8, 1, berlin), []string{
			"2024-07-02 10:00 1h0m0s Mozilla prefix",
			"2024-07-03 10:00 1h0m0s Quoted",
			"2024-07-04 12:00 1h0m0s UTC",
			"2024-07-05 10:00 1h0m0s Floating",
			"2024-07-06 10:00 1h0m0s Unknown zone",
		}, []string{`unknown TZID "Mars/Olympus_Mons"`}},
		{"X-WR-TIMEZONE", "x_wr_timezone.ics", time.UTC, at(2024, 1, 1, time.UTC), at(2025, 1, 1, time.UTC), []string{
			"2024-01-10 14:00 1h0m0s Floating read in X-WR-TIMEZONE",
			"2024-03-05 14:00 1h0m0s UTC series kept local across DST rid=03-05T14:00",
			"2024-03-12 13:00 1h0m0s UTC series kept local across DST rid=03-12T13:00", // still 09:00 in New York
		}, nil},
		{"EXDATE forms", "exdates.ics", berlin, at(2024, 1, 1, berlin), at(2024, 2, 1, berlin), []string{
			"2024-01-01 00:00 24h0m0s Gym rid=01-01T00:00",
			"2024-01-01 09:30 15m0s Daily standup rid=01-01T09:30",
			"2024-01-04 00:00 24h0m0s Gym rid=01-04T00:00",
			"2024-01-04 09:30 15m0s Daily standup rid=01-04T09:30",
			"2024-01-07 09:30 15m0s Daily standup rid=01-07T09:30",
		}, nil},
		{"all-day across DST", "allday_dst.ics", berlin, at(2024, 3, 1, berlin), at(2024, 11, 1, berlin), []string{
			"2024-03-24 00:00 24h0m0s Weekly day off rid=03-24T00:00",
			"2024-03-31 00:00 23h0m0s Day of the change",
			"2024-03-31 00:00 23h0m0s Weekly day off rid=03-31T00:00",
			"2024-04-07 00:00 24h0m0s Weekly day off rid=04-07T00:00",
			"2024-10-26 00:00 49h0m0s Two days across the change",
		}, nil},
		{"overrides", "overrides.ics", berlin, at(2024, 1, 8, berlin), at(2024, 1, 15, berlin), []string{
			"2024-01-08 11:00 1h0m0s Only a modification rid=01-08T10:00",
			"2024-01-09 15:00 1h0m0s Moved into the window rid=03-04T10:00",
			"2024-01-10 10:00 1h0m0s Matches no instance rid=01-10T10:00",
		}, nil},
		{"UNTIL and COUNT", "until.ics", berlin, at(2024, 1, 1, berlin), at(2024, 2, 1, berlin), []string{
			"2024-01-10 10:00 1h0m0s Until before start rid=01-10T10:00",
			"2024-01-10 10:00 1h0m0s Until local rid=01-10T10:00",
			"2024-01-10 12:00 1h0m0s Until UTC rid=01-10T12:00",
			"2024-01-10 14:00 1h0m0s Count rid=01-10T14:00",
			"2024-01-11 10:00 1h0m0s Until local rid=01-11T10:00",
			"2024-01-11 14:00 1h0m0s Count rid=01-11T14:00",
		}, nil},
		{"broken parts are skipped", "broken.ics", time.UTC, at(2024, 1, 1, time.UTC), at(2024, 2, 1, time.UTC), []string{
			// the DTSTART without a colon is dropped; the valid one stays
			"2024-01-10 11:00 0s Parameter never closed",
			"2024-01-10 12:00 1h0m0s Good",
		}, []string{`UID "bad-rule": RRULE FREQ=SOMETIMES`, `UID "no-start": VEVENT has no DTSTART`, `skipped 2 malformed line(s), first "this line is not`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			occs, probs := Expand(testdataSource(t, tt.file), tt.from, tt.to, tt.loc)
			if got := briefs(occs); !slices.Equal(got, tt.want) {
				t.Errorf("Expand(%s) =\n  %s\nwant\n  %s\nproblems: %v", tt.file,
					strings.Join(got, "\n  "), strings.Join(tt.want, "\n  "), probs)
			}
			if len(probs) != len(tt.problems) {
				t.Fatalf("Expand(%s) problems = %v; want %d matching %q", tt.file, probs, len(tt.problems), tt.problems)
			}
			for i, p := range probs {
				if !strings.Contains(p.Error(), tt.problems[i]) {
					t.Errorf("problem %d = %q; want it to contain %q", i, p.Error(), tt.problems[i])
				}
			}
			for _, o := range occs {
				if o.Start.Location() != tt.loc {
					t.Errorf("%s starts in %v; want %v", o.UID, o.Start.Location(), tt.loc)
				}
			}
		})
	}
}
