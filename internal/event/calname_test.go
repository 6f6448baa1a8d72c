package event

import (
	"testing"
	"unicode/utf16"
)

// TestCalendarName: the VCALENDAR's X-WR-CALNAME as the reader reads
// lines (any case, parameters, folded, escaped, after a byte order mark or
// in UTF-16), never a VEVENT's, "" when there is none.
func TestCalendarName(t *testing.T) {
	utf16LE := func(s string) []byte {
		b := []byte{0xff, 0xfe}
		for _, u := range utf16.Encode([]rune(s)) {
			b = append(b, byte(u), byte(u>>8))
		}
		return b
	}
	ev := "BEGIN:VEVENT\r\nUID:a\r\nX-WR-CALNAME:Not this\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
	for _, c := range []struct {
		data []byte
		want string
	}{
		{[]byte("BEGIN:VCALENDAR\r\nX-WR-CALNAME:Work\r\n" + ev), "Work"},
		{[]byte("BEGIN:VCALENDAR\r\nx-wr-calname;VALUE=TEXT:Práce\r\n" + ev), "Práce"},
		{[]byte("BEGIN:VCALENDAR\r\nX-WR-CALNAME:Family \\, friends\r\n" + ev), "Family , friends"},
		{[]byte("BEGIN:VCALENDAR\r\nX-WR-CALNAME:Work cal\r\n endar\r\n" + ev), "Work calendar"},
		{[]byte("BEGIN:VCALENDAR\nX-WR-CALNAME:Privat\n" + ev), "Privat"},
		{[]byte("\xef\xbb\xbfBEGIN:VCALENDAR\r\nX-WR-CALNAME:Jobb\r\n" + ev), "Jobb"},
		{utf16LE("BEGIN:VCALENDAR\r\nX-WR-CALNAME:Arbeit\r\n" + ev), "Arbeit"},
		{[]byte("BEGIN:VCALENDAR\r\nX-WR-CALNAMES:Other\r\nX-WR-CALNAME:\r\n" + ev), ""},
		{[]byte("BEGIN:VCALENDAR\r\n" + ev), ""},
	} {
		if got := CalendarName(c.data); got != c.want {
			t.Errorf("CalendarName(%q) = %q; want %q", c.data, got, c.want)
		}
	}
}
