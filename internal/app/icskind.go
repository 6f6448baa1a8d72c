package app

import (
	"bytes"

	"github.com/netsyncd/netsyncd/internal/event"
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
	case !event.HoldsCalendar(data): // as the reader reads it, UTF-16 too
		return "it holds no iCalendar data (no BEGIN:VCALENDAR or BEGIN:VEVENT line): pass an .ics file exported from your calendar app"
	}
	return ""
}
