package hostile

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
)

// Inputs of a third round (a stranger's, beside the two rounds of
// more_*_test.go), each failing on the code before its fix.

// An .ics whose summary, location and attendee name hold terminal escape
// sequences (ESC [ 2 J clears the screen, ESC ] 0 ; sets the window's
// title) and other control characters: explain printed them as they were,
// so running it on a downloaded calendar let the file drive the terminal.
// Now every control character of an event's text is a space (tab and line
// feed aside), as the multi-status decoder already makes those of a CalDAV
// answer, and the event is still read and classified.
func TestICSTextWithTerminalEscapes(t *testing.T) {
	Case(t, fileBounds, "explain --ics: ESC sequences and controls in the text", func(t *testing.T) {
		ev := vevent("escapes", "20261203T150000Z",
			"LOCATION:Blue\x1b]0;owned\x07 Bottle\x00",
			"ATTENDEE;CN=\"Dana\x1b[2J\x7f\u009b31m\":mailto:dana@example.com")
		ev = strings.Replace(ev, "SUMMARY:Coffee w/ Dana Whitfield", "SUMMARY:Coffee w/ \x1b[2J\x1b[31mDana\x01 Whitfield", 1)
		path := writeFile(t, "escapes.ics", calendar(ev, vevent("good-coffee", "20261202T150000Z")))
		for _, args := range [][]string{{}, {"--json"}} {
			code, out, errOut := netsyncd(t, context.Background(), nil, append([]string{"explain", "--ics", path, "--from", "2026-11-30", "--to", "2026-12-13"}, args...)...)
			if code != 0 {
				t.Fatalf("explain %v exited %d: %s", args, code, tail(errOut))
			}
			if i := strings.IndexFunc(out+errOut, func(r rune) bool { return r < 0x20 && r != '\n' && r != '\t' || r >= 0x7f && r <= 0x9f }); i >= 0 {
				t.Errorf("explain %v printed the control character %q: %q", args, (out + errOut)[i], (out + errOut)[max(0, i-40):min(len(out+errOut), i+40)])
			}
			if !strings.Contains(out, "Dana") || !strings.Contains(out, "Whitfield") || !strings.Contains(out, "Bottle") {
				t.Errorf("explain %v no longer lists the event's text:\n%.2000s", args, out)
			}
			if len(args) > 0 {
				wantGood(t, out)
				if countUID(decodeExplain(t, out), "escapes") != 1 {
					t.Errorf("the event with escapes is not listed once")
				}
			}
		}
	})
}

// Recurrence rules whose filters never agree: no month has a sixth Monday
// (FREQ=MONTHLY;BYDAY=6MO), and the last day of the year is never in
// January (FREQ=HOURLY;BYYEARDAY=-1;BYMONTH=1). rrule-go looks for the
// next period with a match until the year 9999, so each such object cost
// 0.2 to 0.3 s of CPU in every pass: 100 of each took explain 50 s. Now an
// ordinal BYDAY that no month or year has makes the rule impossible at
// once, and every rule is walked within 400 years of the year 9999 (whole
// cycles of the calendar, which change none of its instances), so a rule
// that never matches stops there: 200 such objects take 1 to 2 s.
func TestRulesThatNeverMatch(t *testing.T) {
	Case(t, fileBounds, "explain --ics: 200 series whose rules never match", func(t *testing.T) {
		var parts []string
		for i := range 100 {
			parts = append(parts, vevent(fmt.Sprintf("sixth-monday-%d", i), "20261201T100000Z", "RRULE:FREQ=MONTHLY;BYDAY=6MO"))
			parts = append(parts, vevent(fmt.Sprintf("never-hourly-%d", i), "20261201T100000Z", "RRULE:FREQ=HOURLY;BYYEARDAY=-1;BYMONTH=1"))
		}
		parts = append(parts, vevent("fifth-monday", "20261102T100000Z", "RRULE:FREQ=MONTHLY;BYDAY=5MO"))
		began := time.Now()
		code, out, errOut := explainICS(t, parts...)
		if took, bound := time.Since(began), 8*time.Second*time.Duration(raceFactor); took > bound {
			t.Errorf("explain took %v; want at most %v", took.Round(time.Millisecond), bound)
		}
		if code != 0 {
			t.Fatalf("explain exited %d: %s", code, tail(errOut))
		}
		wantGood(t, out)
		items := decodeExplain(t, out)
		if n := countUID(items, "sixth-monday-7"); n != 1 {
			t.Errorf("sixth-monday-7 has %d occurrences; want its DTSTART alone", n)
		}
		if n := countUID(items, "fifth-monday"); n != 1 { // Monday 30 November, still possible
			t.Errorf("fifth-monday has %d occurrences in the window; want 1", n)
		}
	})
}
