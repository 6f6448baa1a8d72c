package event

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// brief renders an occurrence as "2006-01-02 15:04 2h0m0s summary", plus its
// status and recurrence id when set, in the location of its Start.
func brief(o Occurrence) string {
	s := fmt.Sprintf("%s %v %s", o.Start.Format("2006-01-02 15:04"), o.Duration(), o.Summary)
	if o.Status != "" {
		s += " " + o.Status
	}
	if !o.RecurrenceID.IsZero() {
		s += " rid=" + o.RecurrenceID.In(o.Start.Location()).Format("01-02T15:04")
	}
	return s
}

func briefs(occs []Occurrence) []string {
	var out []string
	for _, o := range occs {
		out = append(out, brief(o))
	}
	return out
}

func mustLoad(t testing.TB, name string) *time.Location {
	t.Helper()
	l, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// TestCorpusExpectations checks, by hand, the files whose names state a
// behaviour (the python library's tests describe the same expectations).
func TestCorpusExpectations(t *testing.T) {
	corpusFiles(t)
	berlin, vancouver := mustLoad(t, "Europe/Berlin"), mustLoad(t, "America/Vancouver")
	london, paris := mustLoad(t, "Europe/London"), mustLoad(t, "Europe/Paris")
	day := func(y int, m time.Month, d int, loc *time.Location) time.Time {
		return time.Date(y, m, d, 0, 0, 0, 0, loc)
	}
	tests := []struct {
		file     string
		loc      *time.Location
		from, to time.Time
		want     []string
	}{
		{"each_week_but_one_deleted", berlin, day(2019, 3, 1, berlin), day(2019, 5, 1, berlin), []string{
			// COUNT=8 weekly from 4 March; EXDATE 20190310T233000Z is 11 March 00:30 in Berlin;
			// 00:30 stays 00:30 across the DST change of 31 March.
			"2019-03-04 00:30 30m0s test6 CONFIRMED rid=03-04T00:30",
			"2019-03-18 00:30 30m0s test6 CONFIRMED rid=03-18T00:30",
			"2019-03-25 00:30 30m0s test6 CONFIRMED rid=03-25T00:30",
			"2019-04-01 00:30 30m0s test6 CONFIRMED rid=04-01T00:30",
			"2019-04-08 00:30 30m0s test6 CONFIRMED rid=04-08T00:30",
			"2019-04-15 00:30 30m0s test6 CONFIRMED rid=04-15T00:30",
			"2019-04-22 00:30 30m0s test6 CONFIRMED rid=04-22T00:30",
		}},
		{"issue_62_moved_event", berlin, day(2021, 12, 1, berlin), day(2022, 1, 1, berlin), []string{
			// the last Friday of December (31st) was moved to the 17th
			"2021-12-17 21:30 0s Karaoke CONFIRMED rid=12-31T21:30",
		}},
		{"issue_18_cancel_status", berlin, day(2020, 1, 1, berlin), day(2020, 2, 1, berlin), []string{
			"2020-01-28 22:00 1h0m0s one is cancelled rid=01-28T22:00",
			"2020-01-29 22:00 1h0m0s one is cancelled CANCELLED rid=01-29T22:00",
			"2020-01-30 22:00 1h0m0s one is cancelled rid=01-30T22:00",
		}},
		{"duration", berlin, day(2018, 1, 1, berlin), day(2018, 2, 1, berlin), []string{
			"2018-01-10 00:00 72h0m0s Duration Event 1", // DURATION:P3D on a DATE: three days
			"2018-01-15 10:00 3h0m0s Duration Event 2",  // floating, read in Berlin
			"2018-01-20 12:00 0s Short event",           // no DTEND, no DURATION: zero length
		}},
		{"end_before_start_event", berlin, day(2019, 3, 1, berlin), day(2019, 4, 1, berlin), []string{
			"2019-03-04 08:00 30m0s test1", // DTEND 08:00 before DTSTART 08:30: swapped
		}},
		{"issue_113_period_in_rdate", vancouver, day(2023, 11, 1, vancouver), day(2024, 1, 1, vancouver), []string{
			"2023-11-15 12:00 2h0m0s Test RDATE rid=11-15T12:00",
			"2023-12-13 12:00 3h0m0s Test RDATE rid=12-13T12:00", // RDATE;VALUE=PERIOD gives 3 hours
			// 20 December (third Wednesday) is an EXDATE
		}},
		{"issue_128_only_first_event", berlin, day(2023, 9, 1, berlin), day(2024, 6, 1, berlin), []string{
			// COUNT=-1 next to UNTIL is read as no COUNT
			"2023-10-02 00:00 168h0m0s test123 CONFIRMED rid=10-02T00:00",
			"2023-10-30 00:00 168h0m0s test123 CONFIRMED rid=10-30T00:00",
			"2023-11-27 00:00 168h0m0s test123 CONFIRMED rid=11-27T00:00",
			"2023-12-25 00:00 168h0m0s test123 CONFIRMED rid=12-25T00:00",
			"2024-01-22 00:00 168h0m0s test123 CONFIRMED rid=01-22T00:00",
			"2024-02-19 00:00 168h0m0s test123 CONFIRMED rid=02-19T00:00",
			"2024-03-18 00:00 168h0m0s test123 CONFIRMED rid=03-18T00:00",
		}},
		{"issue_148_ignored_exdate", berlin, day(2024, 6, 1, berlin), day(2024, 9, 1, berlin), []string{
			// two masters of UID 111: SEQUENCE:2 wins, with its EXDATE of 15 July
			"2024-07-01 00:00 168h0m0s test123 - edited rid=07-01T00:00",
			"2024-07-29 00:00 168h0m0s test123 - edited rid=07-29T00:00",
		}},
		{"issue_107_omitting_last_event", mustLoad(t, "America/Los_Angeles"), day(2023, 6, 1, time.UTC), day(2023, 7, 1, time.UTC), []string{
			// UNTIL=20230608T170000Z is exactly the last instance (10:00 PDT)
			"2023-06-01 10:00 1h0m0s  rid=06-01T10:00",
			"2023-06-08 10:00 1h0m0s  rid=06-08T10:00",
		}},
		{"issue_75_range_parameter", time.UTC, day(2024, 9, 12, time.UTC), day(2024, 9, 25, time.UTC), []string{
			"2024-09-13 09:00 7h0m0s MODIFIED EVENT rid=09-13T12:00", // THISANDFUTURE override itself
			"2024-09-14 06:00 7h0m0s MODIFIED EVENT rid=09-14T09:00", // the RDATE after it, moved by -3h
			"2024-09-15 17:00 2h0m0s MODIFIED EVENT rid=09-15T12:00", // its own override wins
			"2024-09-17 09:00 7h0m0s MODIFIED EVENT rid=09-17T12:00",
			"2024-09-19 09:00 7h0m0s MODIFIED EVENT rid=09-19T12:00",
			"2024-09-22 14:22 1h51m0s EDITED EVENT rid=09-21T12:00", // the second THISANDFUTURE
			"2024-09-24 14:22 1h51m0s EDITED EVENT rid=09-23T12:00", // moved by the same +26h22m
		}},
		// The rest are the files where the oracle differs (oracleQuirks):
		// what Expand does instead, checked by hand against the file.
		{"issue_132_swapped_start_and_end", paris, day(2023, 12, 1, paris), day(2024, 1, 1, paris), []string{
			"2023-12-18 23:30 15m0s XXX", // DTEND 23:30 before DTSTART 23:45: swapped
		}},
		{"issue_113_period_rdate_duration", time.UTC, day(2024, 9, 1, time.UTC), day(2024, 10, 1, time.UTC), []string{
			"2024-09-12 12:00 1h0m0s The RDATE is a period with a duration. rid=09-12T12:00",
			"2024-09-13 12:00 2h0m0s The RDATE is a period with a duration. rid=09-13T12:00", // RDATE;VALUE=PERIOD .../PT2H
		}},
		{"multiple_rrule", london, day(2023, 1, 1, london), day(2023, 3, 1, london), []string{
			// the union of every Thursday (COUNT=20) and the second Monday (COUNT=2, DTSTART counting as the first)
			"2023-01-12 10:00 2h0m0s My repeating event rid=01-12T10:00",
			"2023-01-19 10:00 2h0m0s My repeating event rid=01-19T10:00",
			"2023-01-26 10:00 2h0m0s My repeating event rid=01-26T10:00",
			"2023-02-02 10:00 2h0m0s My repeating event rid=02-02T10:00",
			"2023-02-09 10:00 2h0m0s My repeating event rid=02-09T10:00",
			"2023-02-13 10:00 2h0m0s My repeating event rid=02-13T10:00",
			"2023-02-16 10:00 2h0m0s My repeating event rid=02-16T10:00",
			"2023-02-23 10:00 2h0m0s My repeating event rid=02-23T10:00",
		}},
		{"issue_179_example", time.UTC, day(1997, 1, 1, time.UTC), day(2000, 1, 1, time.UTC), []string{
			// a DATE start without DTEND or DURATION lasts one day
			"1997-11-02 00:00 24h0m0s Our Blissful Anniversary rid=11-02T00:00",
			"1998-11-02 00:00 24h0m0s Our Blissful Anniversary rid=11-02T00:00",
			"1999-11-02 00:00 24h0m0s Our Blissful Anniversary rid=11-02T00:00",
		}},
		{"issue_148_exdate_and_rdate_updated", berlin, day(2024, 6, 1, berlin), day(2024, 9, 1, berlin), []string{
			// SEQUENCE:2 wins: every other Monday, EXDATE 29 July, RDATE 30 July;
			// SEQUENCE:1's EXDATE of 15 July and RDATE of 17 July are gone with it
			"2024-07-01 00:00 24h0m0s test123 - edited rid=07-01T00:00",
			"2024-07-15 00:00 24h0m0s test123 - edited rid=07-15T00:00",
			"2024-07-30 00:00 24h0m0s test123 - edited rid=07-30T00:00",
		}},
		{"alarm_absolute_edited", london, day(2024, 10, 1, london), day(2024, 11, 1, london), []string{
			"2024-10-04 11:00 1h0m0s event", // two copies of one event: counted once
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			src := readSource(t, filepath.Join(corpusDir, tt.file+".ics"))
			occs, probs := Expand(src, tt.from, tt.to, tt.loc)
			got := briefs(occs)
			if !slices.Equal(got, tt.want) {
				t.Errorf("Expand(%s) =\n  %s\nwant\n  %s\nproblems: %v", tt.file,
					strings.Join(got, "\n  "), strings.Join(tt.want, "\n  "), probs)
			}
		})
	}
}

// TestCorpusQuirkProblems checks the two quirk files Expand reads only in
// part: what it skips, it reports.
func TestCorpusQuirkProblems(t *testing.T) {
	corpusFiles(t)
	utc := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		file     string
		from, to time.Time
		uids     int    // occurrences expected (each on 1 January 2000 for the matrix)
		problem  string // a part of the one Problem expected
		duration map[string]time.Duration
	}{
		{"bad_rrule_missing_until_event", utc(2019, 7, 1), utc(2019, 12, 1), 0, "UNTL=20191023: unknown part", nil},
		{"issue_201_test_matrix", utc(1999, 12, 31), utc(2000, 1, 10), 15, "malformed line", map[string]time.Duration{
			"VEVENT-DATE-HOURS":     10 * time.Hour, // DATE start + PT10H: ten hours, not zero
			"VEVENT-DATE-DATE":      24 * time.Hour,
			"VEVENT-DATE-DAYS":      72 * time.Hour,
			"VEVENT-UTC-HOURS":      10 * time.Hour,
			"VEVENT-DATETIME-HOURS": 10 * time.Hour,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			occs, probs := Expand(readSource(t, filepath.Join(corpusDir, tt.file+".ics")), tt.from, tt.to, time.UTC)
			if len(occs) != tt.uids {
				t.Errorf("%d occurrences; want %d:\n  %s", len(occs), tt.uids, strings.Join(briefs(occs), "\n  "))
			}
			if len(probs) != 1 || !strings.Contains(probs[0].Error(), tt.problem) {
				t.Errorf("problems %v; want one containing %q", probs, tt.problem)
			}
			for _, o := range occs {
				if want, ok := tt.duration[o.UID]; ok && o.Duration() != want {
					t.Errorf("%s lasts %v; want %v", o.UID, o.Duration(), want)
				}
			}
		})
	}
}
