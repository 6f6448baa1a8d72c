package event

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// benchCalendar generates n events as calendar objects: the last 200 recur
// (weekly or daily, from a year before the window), each with two EXDATEs
// and one moved occurrence; the others are single events spread over two
// years. Times are in America/New_York, as an exporting client writes them.
func benchCalendar(n int) []Source {
	const tz = "America/New_York"
	base := time.Date(2025, 1, 1, 9, 0, 0, 0, time.UTC)
	stamp := func(t time.Time) string { return t.Format("20060102T150405") }
	srcs := make([]Source, 0, n)
	for i := range n {
		var b strings.Builder
		b.WriteString("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//bench//EN\r\nBEGIN:VEVENT\r\n")
		uid := fmt.Sprintf("bench-%d@example.com", i)
		start := base.Add(time.Duration(i%730)*24*time.Hour + time.Duration(i%9)*time.Hour)
		fmt.Fprintf(&b, "UID:%s\r\nDTSTAMP:20250101T000000Z\r\nSUMMARY:Coffee with contact %d\\, maybe lunch\r\n", uid, i)
		fmt.Fprintf(&b, "LOCATION:Cafe %d\\, 5th Ave\r\nORGANIZER;CN=Me:mailto:me@example.com\r\n", i)
		fmt.Fprintf(&b, "ATTENDEE;CN=Guest;PARTSTAT=ACCEPTED:mailto:guest%d@example.com\r\n", i)
		fmt.Fprintf(&b, "DTSTART;TZID=%s:%s\r\nDTEND;TZID=%s:%s\r\n", tz, stamp(start), tz, stamp(start.Add(time.Hour)))
		recurring := i >= n-200
		if recurring {
			start = base.AddDate(0, 0, i%7)
			freq := "WEEKLY"
			if i%2 == 0 {
				freq = "DAILY;UNTIL=20271231T000000Z"
			}
			fmt.Fprintf(&b, "RRULE:FREQ=%s\r\n", freq)
			fmt.Fprintf(&b, "EXDATE;TZID=%s:%s,%s\r\n", tz, stamp(start.AddDate(0, 0, 7*60)), stamp(start.AddDate(0, 0, 7*61)))
		}
		b.WriteString("END:VEVENT\r\n")
		if recurring {
			rid := start.AddDate(0, 0, 7*62)
			fmt.Fprintf(&b, "BEGIN:VEVENT\r\nUID:%s\r\nDTSTAMP:20250101T000000Z\r\nSUMMARY:Moved\r\n", uid)
			fmt.Fprintf(&b, "RECURRENCE-ID;TZID=%s:%s\r\n", tz, stamp(rid))
			fmt.Fprintf(&b, "DTSTART;TZID=%s:%s\r\nDTEND;TZID=%s:%s\r\nEND:VEVENT\r\n", tz, stamp(rid.Add(3*time.Hour)), tz, stamp(rid.Add(4*time.Hour)))
		}
		b.WriteString("END:VCALENDAR\r\n")
		srcs = append(srcs, Source{Calendar: "Bench", Href: "/cal/" + uid + ".ics", Data: []byte(b.String())})
	}
	return srcs
}

// BenchmarkExpand5000 expands a calendar of 5,000 events (200 recurring)
// over one year: as 5,000 CalDAV objects, and as one exported .ics file.
func BenchmarkExpand5000(b *testing.B) {
	srcs := benchCalendar(5000)
	loc, err := time.LoadLocation("America/New_York")
	if err != nil {
		b.Fatal(err)
	}
	from := time.Date(2026, 1, 1, 0, 0, 0, 0, loc)
	to := from.AddDate(1, 0, 0)
	check := func(b *testing.B, occs []Occurrence, probs []Problem) {
		if len(probs) != 0 || len(occs) < 20000 {
			b.Fatalf("%d occurrences, problems %v; want many and none", len(occs), probs)
		}
	}
	b.Run("objects", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			occs, probs := ExpandAll(srcs, from, to, loc)
			check(b, occs, probs)
		}
	})
	b.Run("file", func(b *testing.B) {
		var all strings.Builder
		all.WriteString("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//bench//EN\r\n")
		for _, s := range srcs {
			body := strings.TrimPrefix(string(s.Data), "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//bench//EN\r\n")
			all.WriteString(strings.TrimSuffix(body, "END:VCALENDAR\r\n"))
		}
		all.WriteString("END:VCALENDAR\r\n")
		src := Source{Calendar: "Bench", Data: []byte(all.String())}
		b.ReportAllocs()
		for b.Loop() {
			occs, probs := Expand(src, from, to, loc)
			check(b, occs, probs)
		}
	})
}
