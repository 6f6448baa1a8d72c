package hostile

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// manyEvents is n single VEVENTs of about 650 bytes each (two attendees, a
// short agenda, an alarm), one every few minutes over the two weeks from
// 2026-11-30, one in ten a coffee: 50,000 of them make a 32 MB object,
// the most one object may hold (budget.ObjectBytes).
func manyEvents(n int) []string {
	agenda := strings.Repeat("Join: https://teams.example/l/meetup-join/abc. ", 4)
	out := make([]string, 0, n)
	for i := range n {
		start := now.Add(time.Duration(i) * 13 * 24 * time.Hour / time.Duration(n))
		summary := fmt.Sprintf("SUMMARY:Team sync %d", i)
		if i%10 == 0 {
			summary = "SUMMARY:Coffee w/ Dana Whitfield"
		}
		out = append(out, strings.Replace(vevent(fmt.Sprintf("many-%d", i), start.Format("20060102T150405Z"),
			"DESCRIPTION:"+agenda,
			"ORGANIZER;CN=Boss:mailto:boss@acme-corp.example",
			"ATTENDEE;CN=Person 1;PARTSTAT=ACCEPTED;ROLE=REQ-PARTICIPANT:mailto:p1@acme-corp.example",
			"ATTENDEE;CN=Person 2;PARTSTAT=ACCEPTED;ROLE=REQ-PARTICIPANT:mailto:p2@acme-corp.example",
			"BEGIN:VALARM\r\nACTION:DISPLAY\r\nTRIGGER:-PT15M\r\nEND:VALARM"),
			"SUMMARY:Coffee w/ Dana Whitfield", summary, 1))
	}
	return out
}

// One object (one .ics file) of 50,000 single VEVENTs, all in the window:
// explain held the whole object parsed (about 4 KB an event) beside the
// occurrences and peaked at 614 MB, over the unit's MemoryMax=512M. Each
// VEVENT is now let go of once read and read again only for the
// occurrence it makes: 246 MB. Under the race detector, an eighth of it.
func TestOneObjectOfFiftyThousandEvents(t *testing.T) {
	n := 50_000/raceFactor - 1 // and the good coffee: budget.ObjectEvents
	Case(t, Bounds{Time: 90 * time.Second, RSS: 360 << 20}, fmt.Sprintf("explain --ics: one object of %d single VEVENTs in the window", n), func(t *testing.T) {
		code, out, errOut := explainICS(t, manyEvents(n)...)
		if code != 0 {
			t.Fatalf("explain exited %d: %s", code, tail(errOut))
		}
		wantGood(t, out)
		items := decodeExplain(t, out)
		if countUID(items, "many-0") != 1 || countUID(items, fmt.Sprintf("many-%d", n-1)) != 1 {
			t.Errorf("explain lists %d items; want every event of the object, the first and the last too", len(items))
		}
	})
}

// Objects over their other budgets: one more VEVENT than
// budget.ObjectEvents; 250,000 VALARMs in one VEVENT
// (budget.ChildComponents); 2.5 million properties in one VEVENT
// (budget.PropsPerComponent: 20 s and 729 MB before, 2.5 s and 140 MB now);
// more components than budget.ObjectComponents. What is past the budget is
// not read, and the log names the file and the budget.
func TestObjectOverItsComponentBudgets(t *testing.T) {
	t.Run("VEVENTs", func(t *testing.T) {
		Case(t, Bounds{Time: 90 * time.Second, RSS: 200 << 20}, "explain --ics: one object of 50,001 VEVENTs", func(t *testing.T) {
			evs := make([]string, 0, 50_001)
			for i := range 50_001 {
				evs = append(evs, vevent(fmt.Sprintf("old-%d", i), "20200101T100000Z"))
			}
			code, out, errOut := explainICS(t, evs...)
			if code != 0 {
				t.Fatalf("explain exited %d: %s", code, tail(errOut))
			}
			if !strings.Contains(errOut, "hostile.ics") || !strings.Contains(errOut, "more than 50000 VEVENTs in one object") {
				t.Errorf("the log does not name the file and the VEVENT budget:\n%s", tail(errOut))
			}
			_ = out
		})
	})
	t.Run("alarms", func(t *testing.T) {
		Case(t, Bounds{Time: 90 * time.Second, RSS: 200 << 20}, "explain --ics: a VEVENT with 250,000 VALARMs", func(t *testing.T) {
			alarms := strings.Repeat("BEGIN:VALARM\r\nACTION:DISPLAY\r\nTRIGGER:-PT15M\r\nEND:VALARM\r\n", 250_000)
			code, out, errOut := explainICS(t, vevent("alarmed", "20261203T150000Z", strings.TrimSuffix(alarms, "\r\n")))
			if code != 0 {
				t.Fatalf("explain exited %d: %s", code, tail(errOut))
			}
			if !strings.Contains(errOut, "hostile.ics") || !strings.Contains(errOut, "past the first 1000 in one component") {
				t.Errorf("the log does not name the file and the budget of components in one:\n%s", tail(errOut))
			}
			wantGood(t, out)
			if countUID(decodeExplain(t, out), "alarmed") != 1 {
				t.Errorf("the event whose alarms were cut is missing")
			}
		})
	})
	t.Run("properties", func(t *testing.T) {
		Case(t, Bounds{Time: 60 * time.Second, RSS: 320 << 20}, "explain --ics: a VEVENT of 2.5 million X- properties (31 MB)", func(t *testing.T) {
			var b strings.Builder
			for i := range 2_500_000 / raceFactor {
				fmt.Fprintf(&b, "X-%d:v\r\n", i)
			}
			code, out, errOut := explainICS(t, vevent("filled", "20261203T150000Z", strings.TrimSuffix(b.String(), "\r\n")))
			if code != 0 {
				t.Fatalf("explain exited %d: %s", code, tail(errOut))
			}
			if !strings.Contains(errOut, "hostile.ics") || !strings.Contains(errOut, "past the first 100000 of one component were dropped") {
				t.Errorf("the log does not name the file and the property budget:\n%s", tail(errOut))
			}
			wantGood(t, out)
		})
	})
	t.Run("components", func(t *testing.T) {
		Case(t, Bounds{Time: 90 * time.Second, RSS: 200 << 20}, "explain --ics: 300 VEVENTs of 999 VALARMs each", func(t *testing.T) {
			alarms := strings.TrimSuffix(strings.Repeat("BEGIN:VALARM\r\nACTION:DISPLAY\r\nTRIGGER:-PT15M\r\nEND:VALARM\r\n", 999), "\r\n")
			var evs []string
			for i := range 300 {
				evs = append(evs, vevent(fmt.Sprintf("alarmed-%d", i), "20261203T150000Z", alarms))
			}
			code, out, errOut := explainICS(t, evs...)
			if code != 0 {
				t.Fatalf("explain exited %d: %s", code, tail(errOut))
			}
			if !strings.Contains(errOut, "hostile.ics") || !strings.Contains(errOut, "more than 200000 components") {
				t.Errorf("the log does not name the file and the component budget:\n%s", tail(errOut))
			}
			if n := countUID(decodeExplain(t, out), "alarmed-0"); n != 1 {
				t.Errorf("the first event is missing")
			}
		})
	})
}

// The same object of 50,000 VEVENTs (32 MB) on a CalDAV server, between
// two good coffees in their own objects, through a pass (once): the
// REPORT's decoder gives up on a response over what any object may be
// (caldav.MaxObject, 4 MiB without attachments, escaped) as it arrives,
// discards the rest of it without holding it, names it with its size and
// goes on with the answer: the pass plans both coffees (before: the whole
// calendar failed, "the response for /home/work/huge.ics ... delete or
// split it"). The server sends the answer as it makes it (no CalDAV server
// stores an object of many UIDs: RFC 4791 section 4.1 forbids it, Radicale
// refuses the PUT, the demo server answers 413), so the child's peak is the
// pass's own.
func TestOneObjectOfFiftyThousandEventsInAPass(t *testing.T) {
	Case(t, passBounds, "once: a REPORT with one object of 50,000 VEVENTs (32 MB) between two good coffees, skipped", func(t *testing.T) {
		l := &liar{report: func(w http.ResponseWriter) {
			w.Header().Set("Content-Type", "application/xml")
			w.WriteHeader(http.StatusMultiStatus)
			io.WriteString(w, msOpen+goodObject+`<d:response><d:href>/home/work/huge.ics</d:href><d:propstat><d:prop><d:getetag>"h"</d:getetag><c:calendar-data>`)
			io.WriteString(w, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//hostile//EN\r\n")
			// the events hold no &, < or >: written as they are, the
			// same thousand fifty times (16 under the race detector: 10 MB,
			// still over the cap), until the client stops reading
			n := 50_000
			if raceFactor > 1 {
				n = 16_000
			}
			for i := 0; i < n; i += 1000 {
				if _, err := io.WriteString(w, strings.Join(manyEvents(1000), "")); err != nil {
					return
				}
			}
			io.WriteString(w, "END:VCALENDAR\r\n</c:calendar-data></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>"+object("/home/work/good2.ics", 30, "")+"</d:multistatus>")
		}}
		code, sum, errOut := onceAgainst(t, l)
		if code != 0 || sum["created"].(float64) < 2 {
			t.Errorf("once = exit %d, created %v, errors %s; want a whole pass planning both good coffees\n%s", code, sum["created"], errorsOf(sum), tail(errOut))
		}
		for _, w := range []string{"/home/work/huge.ics", "KiB, more than the 4096 KiB netsyncd reads", "in your calendar app"} {
			if !strings.Contains(errOut, w) {
				t.Errorf("the log does not say %q:\n%s", w, tail(errOut))
			}
		}
	})
}
