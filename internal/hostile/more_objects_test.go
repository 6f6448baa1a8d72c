package hostile

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf16"
)

// Objects whose cost is in one long list or in many small problems, not in
// their occurrences: each is read by explain --ics in bounded time and
// memory, the good coffee beside it is still read, and the log is a few
// lines naming the object and the budget, not one line per value.
func TestObjectsOfLongLists(t *testing.T) {
	dates := func(n int, v string) string { return strings.TrimSuffix(strings.Repeat(v+",", n), ",") }
	unknownTZ := func() []string {
		lines := []string{"RRULE:FREQ=DAILY"}
		for i := range 90_000 { // each EXDATE in its own made-up zone
			lines = append(lines, fmt.Sprintf("EXDATE;TZID=Nowhere/%d:20261203T100000", i))
		}
		return []string{vevent("unknown-zones", "20261202T170000Z", lines...)}
	}
	many := func(n int, uid, dtstart string) func() []string {
		return func() []string {
			evs := make([]string, n)
			for i := range evs {
				evs[i] = strings.Replace(vevent(fmt.Sprintf(uid, i), "X"), "DTSTART:X", fmt.Sprintf(dtstart, i), 1)
			}
			return evs
		}
	}
	one := func(uid string, extra ...func() string) func() []string {
		return func() []string {
			var lines []string
			for _, e := range extra {
				lines = append(lines, e())
			}
			return []string{vevent(uid, "20261202T170000Z", lines...)}
		}
	}
	lit := func(s string) func() string { return func() string { return s } }
	cases := []struct {
		name  string
		parts func() []string // made in the child only
		uid   string          // a UID that must still be listed ("" for none)
		log   string          // the log must say
		bound time.Duration
	}{
		// 606 MB and 4.6 s before: the list was split whole before the
		// 500 categories were kept
		{"CATEGORIES of 10 million values on a SECONDLY series", one("categories", func() string { return "CATEGORIES:" + dates(10_000_000, "a") }, lit("RRULE:FREQ=SECONDLY")), "categories", "budgets.occurrences_per_object", 20 * time.Second},
		// 416 MB before
		{"one RDATE of 3 million DATE values", one("rdate-dates", func() string { return "RDATE;VALUE=DATE:" + dates(3_000_000, "20261203") }), "rdate-dates", "more than 100000 RDATE values", 20 * time.Second},
		{"one EXDATE of 1.5 million values", one("exdate-values", lit("RRULE:FREQ=HOURLY"), func() string { return "EXDATE:" + dates(1_500_000, "20261203T100000Z") }), "exdate-values", "an EXDATE of more than 100000 values", 20 * time.Second},
		// 28 s and 20 MB of log before: each name searched the zone database
		{"90,000 EXDATEs each in its own unknown TZID", unknownTZ, "unknown-zones", "budget.ZoneNames", 10 * time.Second},
		// 20,000 log lines (3.7 MB) every pass before
		{"20,000 events with a broken DTSTART in one object", many(20_000, "broken-%d", "DTSTART:2026133%d"), "", "19980 more problems in this object are not listed", 20 * time.Second},
		{"3,000 events each in its own unknown TZID", many(3_000, "zoned-%d", "DTSTART;TZID=Made/Up %d:20261203T100000"), "zoned-2999", "2980 more unknown TZIDs read as floating", 20 * time.Second},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			Case(t, fileBounds, "explain --ics: "+c.name, func(t *testing.T) {
				began := time.Now()
				code, out, errOut := explainICS(t, c.parts()...)
				if took := time.Since(began); took > c.bound*time.Duration(raceFactor) {
					t.Errorf("explain took %v; want at most %v", took.Round(time.Millisecond), c.bound*time.Duration(raceFactor))
				}
				if code != 0 {
					t.Fatalf("explain exited %d: %s", code, tail(errOut))
				}
				wantGood(t, out)
				if c.uid != "" && countUID(decodeExplain(t, out), c.uid) == 0 {
					t.Errorf("%s is not listed; want it read within its budgets", c.uid)
				}
				if !strings.Contains(errOut, c.log) || !strings.Contains(errOut, "hostile.ics") {
					t.Errorf("the log does not name hostile.ics and say %q:\n%s", c.log, tail(errOut))
				}
				if lines := strings.Count(errOut, "\n"); lines > 40 {
					t.Errorf("the log has %d lines; want the problems of one object counted past a few:\n%s", lines, tail(errOut))
				}
			})
		})
	}
}

// An .ics file in UTF-16 with its byte order mark, as Windows PowerShell 5
// writes one (Out-File, ">"): read as UTF-8 it was 41 malformed lines and
// no event at all; now it is read whole, in both byte orders.
func TestICSFileInUTF16(t *testing.T) {
	for _, order := range []string{"little-endian", "big-endian"} {
		t.Run(order, func(t *testing.T) {
			Case(t, fileBounds, "explain --ics: a file in UTF-16, "+order, func(t *testing.T) {
				text := calendar(vevent("utf16-coffee", "20261203T150000Z", "DESCRIPTION:caf\u00e9 \U0001F600"), vevent("good-coffee", "20261202T150000Z"))
				data := []byte{0xFF, 0xFE}
				if order == "big-endian" {
					data = []byte{0xFE, 0xFF}
				}
				for _, u := range utf16.Encode([]rune(text)) {
					if order == "big-endian" {
						data = append(data, byte(u>>8), byte(u))
					} else {
						data = append(data, byte(u), byte(u>>8))
					}
				}
				path := writeFile(t, "powershell.ics", string(data))
				code, out, errOut := netsyncd(t, context.Background(), nil, "explain", "--ics", path, "--from", "2026-11-30", "--to", "2026-12-13", "--json")
				if code != 0 {
					t.Fatalf("explain exited %d: %s", code, tail(errOut))
				}
				wantGood(t, out)
				if countUID(decodeExplain(t, out), "utf16-coffee") != 1 || strings.Contains(errOut, "malformed") {
					t.Errorf("the UTF-16 coffee is not read:\n%.2000s\n%s", out, tail(errOut))
				}
			})
		})
	}
}
