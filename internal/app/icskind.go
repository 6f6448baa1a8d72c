package app

import (
	"bytes"
	"regexp"
)

// notICS says what a file given to --ics is when it holds no iCalendar data
// at all, and what to pass instead; "" when it may be one. Before, an empty
// file, Google Calendar's export (a zip of .ics files), a gzip-compressed
// .ics, a PDF or any other binary gave "No events in the window." and exit
// 0, beside a warning of hundreds of malformed lines: the user could not
// tell a wrong file from an empty week.
func notICS(data []byte) string {
	switch {
	case len(bytes.TrimSpace(data)) == 0:
		return "the file is empty: export the calendar again"
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return "it is a zip archive (Google Calendar exports one): unzip it and pass one of the .ics files in it"
	case bytes.HasPrefix(data, []byte{0x1f, 0x8b}):
		return "it is gzip-compressed: gunzip it and pass the .ics file"
	case bytes.HasPrefix(data, []byte("\xff\xfe")) || bytes.HasPrefix(data, []byte("\xfe\xff")):
		return "" // UTF-16 with a byte order mark: the reader converts it
	case !icsBegin.Match(data):
		return "it holds no iCalendar data (no BEGIN:VCALENDAR or BEGIN:VEVENT line): pass an .ics file exported from your calendar app"
	}
	return ""
}

var icsBegin = regexp.MustCompile(`(?i)BEGIN:V(CALENDAR|EVENT)`)
