package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/netsyncd/netsyncd/internal/config"
)

// TestICSCalendarName: an export's calendar is named as the config names
// it, so employer.shared_calendars matches it (a hostile review found
// "Work.ics" matched no shared calendar "Work", silently): the file's name
// without ".ics", or the file's X-WR-CALNAME when only that is a calendar
// the config knows. Outlook's "Calendar" does not displace a file's name.
func TestICSCalendarName(t *testing.T) {
	cfg := config.Default()
	cfg.CalDAV.Sources = []string{"Personal", "Work"}
	cfg.Employer.SharedCalendars = []string{"Arbejde"}
	cal := func(name string) []byte {
		head := ""
		if name != "" {
			head = "X-WR-CALNAME:" + name + "\r\n"
		}
		return []byte("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n" + head + "BEGIN:VEVENT\r\nUID:a\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
	}
	for _, c := range []struct {
		cfg  *config.Config
		path string
		data []byte
		want string
	}{
		{cfg, "/tmp/Work.ics", cal(""), "Work"},
		{cfg, "exports/Arbejde.ICS", cal(""), "Arbejde"},
		{cfg, "/tmp/Work.ics", cal("Calendar"), "Work"},               // Outlook's default name
		{cfg, "/tmp/jane@gmail.com.ics", cal("Personal"), "Personal"}, // Google's file, the calendar's name inside
		{cfg, "/tmp/export.ics", cal("arbejde"), "arbejde"},           // as the config knows it, in any case
		{cfg, "/tmp/export.ics", cal("Holidays"), "export"},           // a name the config does not know
		{nil, "/tmp/Work_4f1b@group.calendar.google.com.ics", cal("Work"), "Work_4f1b@group.calendar.google.com"},
		{cfg, ".ics", cal(""), ".ics"},
		{cfg, "calendar", cal(""), "calendar"},
	} {
		if got := icsCalendarName(c.cfg, c.path, c.data); got != c.want {
			t.Errorf("icsCalendarName(%q, %q) = %q; want %q", c.path, c.data, got, c.want)
		}
	}
}

// TestExplainICSSharedCalendar: with --ics Work.ics, the config's shared
// calendar "Work" is the file's, though Outlook wrote X-WR-CALNAME:Calendar
// into it: a coffee there is exposed.
func TestExplainICSSharedCalendar(t *testing.T) {
	dir := t.TempDir()
	conf := writeFile(t, dir, "config.yaml", "timezone: America/New_York\nme:\n  emails: [jane@home.example]\nemployer:\n  confidential: true\n  domains: [acme-corp.com]\n  shared_calendars: [Work]\n")
	ics := writeFile(t, dir, "Work.ics", "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nX-WR-CALNAME:Calendar\r\nBEGIN:VEVENT\r\nUID:c1@t\r\nDTSTAMP:20261201T000000Z\r\nDTSTART:20261208T140000Z\r\nDTEND:20261208T144500Z\r\nSUMMARY:Coffee with Priya Raman\r\nLOCATION:Blue Bottle Coffee\\, 1 Rockefeller Plaza\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
	code, out, errOut := run(t, nil, "explain", "--config", conf, "--ics", ics, "--from", "2026-12-08", "--to", "2026-12-08")
	if code != ExitOK {
		t.Fatalf("explain = %d: %s", code, errOut)
	}
	if !strings.Contains(out, "[Work]") || !strings.Contains(out, `calendar "Work" is shared with the employer`) {
		t.Errorf("explain --ics Work.ics does not read it as the shared calendar Work:\n%s", out)
	}
}

func writeFile(t *testing.T, dir, name, text string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}
