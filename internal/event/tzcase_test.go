package event

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestTZIDInAnyCase: a TZID that names an IANA or a Windows zone in another
// case is read in that zone (before, "europe/berlin" was read as floating,
// with a warning); the object's own VTIMEZONE of that TZID still comes
// first, and a TZID that names no zone in any case still warns.
func TestTZIDInAnyCase(t *testing.T) {
	var b strings.Builder
	b.WriteString("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//x//EN\r\n")
	// The object's own zone "est": +01:00, not IANA's EST (-05:00).
	b.WriteString("BEGIN:VTIMEZONE\r\nTZID:est\r\nBEGIN:STANDARD\r\nDTSTART:19700101T000000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0100\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n")
	for i, tzid := range []string{"europe/berlin", "AMERICA/NEW_YORK", "/mozilla.org/20070129_1/europe/berlin", "\"asia/kolkata\"",
		"america/port-au-prince", "eastern standard time", "W. EUROPE STANDARD TIME", "est", "mars/olympus_mons"} {
		fmt.Fprintf(&b, "BEGIN:VEVENT\r\nUID:u%d\r\nDTSTART;TZID=%s:20260701T100000\r\nDURATION:PT1H\r\nSUMMARY:%s\r\nEND:VEVENT\r\n", i, tzid, strings.Trim(tzid, `"`))
	}
	b.WriteString("END:VCALENDAR\r\n")
	from := time.Date(2026, 6, 29, 0, 0, 0, 0, time.UTC)
	occs, probs := Expand(Source{Calendar: "c", Data: []byte(b.String())}, from, from.AddDate(0, 0, 7), time.UTC)
	want := map[string]string{
		"europe/berlin":                         "08:00", // +02:00 in July
		"AMERICA/NEW_YORK":                      "14:00", // -04:00
		"/mozilla.org/20070129_1/europe/berlin": "08:00",
		"asia/kolkata":                          "04:30",
		"america/port-au-prince":                "14:00",
		"eastern standard time":                 "14:00",
		"W. EUROPE STANDARD TIME":               "08:00",
		"est":                                   "09:00", // its own VTIMEZONE, +01:00
		"mars/olympus_mons":                     "10:00", // floating, read in UTC
	}
	if len(occs) != len(want) {
		t.Fatalf("%d occurrences (%v); want %d", len(occs), probs, len(want))
	}
	for _, o := range occs {
		if got := o.Start.UTC().Format("15:04"); got != want[o.Summary] {
			t.Errorf("TZID %s: starts at %s UTC; want %s", o.Summary, got, want[o.Summary])
		}
	}
	if len(probs) != 1 || !strings.Contains(probs[0].Error(), `unknown TZID "mars/olympus_mons"`) {
		t.Errorf("problems %v; want one, the unknown TZID mars/olympus_mons read as floating", probs)
	}
}
