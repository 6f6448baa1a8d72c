package app

import (
	"encoding/binary"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/netsyncd/netsyncd/internal/event"
)

// notICS refuses a file as no calendar exactly when the reader finds no
// event in it: the two read BEGIN lines by one rule (event.HoldsCalendar).
// Before, a regular expression matched "BEGIN:VEVENT" anywhere, so a
// `BEGIN: VEVENT` line (read by the reader) was refused, and a text that
// only mentioned BEGIN:VEVENT was taken for an empty calendar.
func TestNotICSAgreesWithTheReader(t *testing.T) {
	ev := func(begin string) string {
		return begin + "\r\nUID:u1\r\nDTSTART:20261202T100000Z\r\nDTEND:20261202T110000Z\r\nSUMMARY:Coffee\r\nEND:VEVENT\r\n"
	}
	cal := func(begin, event string) string {
		return begin + "\r\nVERSION:2.0\r\nPRODID:-//x//x//EN\r\n" + event + "END:VCALENDAR\r\n"
	}
	le16 := func(s string) string {
		b := []byte{0xff, 0xfe}
		for _, u := range utf16.Encode([]rune(s)) {
			b = binary.LittleEndian.AppendUint16(b, u)
		}
		return string(b)
	}
	for _, tc := range []struct{ name, data string }{
		{"calendar", cal("BEGIN:VCALENDAR", ev("BEGIN:VEVENT"))},
		{"space after the colon", cal("BEGIN: VCALENDAR", ev("BEGIN: VEVENT"))},
		{"lone event, space after the colon", ev("BEGIN: VEVENT")},
		{"lone event, tab and lower case", ev("begin:\tvevent ")},
		{"parameter on BEGIN", ev("BEGIN;X-A=1:VEVENT")},
		{"byte order mark", "\xef\xbb\xbf" + ev("BEGIN:VEVENT")},
		{"UTF-16", le16(cal("BEGIN:VCALENDAR", ev("BEGIN:VEVENT")))},
		{"mentioned in a text", "Notes for Wednesday\nremember BEGIN:VEVENT lines\nDTSTART:20261202T100000Z\n"},
		{"another name", ev("XBEGIN:VEVENT")},
		{"UTF-16 text", le16("a list, BEGIN:VCALENDAR in it\r\n")},
		{"to-do only", "BEGIN:VCALENDAR-LIST\r\nBEGIN:VTODO\r\nUID:t\r\nEND:VTODO\r\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			from := time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)
			occs, _ := event.Expand(event.Source{Calendar: "f.ics", Data: []byte(tc.data)}, from, from.AddDate(0, 0, 7), time.UTC)
			why := notICS([]byte(tc.data))
			if (why == "") != (len(occs) > 0) {
				t.Errorf("notICS = %q, and the reader found %d events; want a refusal exactly when it finds none", why, len(occs))
			}
			if why != "" && !strings.Contains(why, "no iCalendar data") {
				t.Errorf("notICS = %q; want it to say the file holds no iCalendar data", why)
			}
		})
	}
}
