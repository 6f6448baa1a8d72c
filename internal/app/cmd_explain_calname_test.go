package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestICSCalendarName: an export's calendar is named as the server names
// it, so employer.shared_calendars matches it: by X-WR-CALNAME (in any
// case, with parameters, folded, escaped), else by the file's name without
// ".ics" (a hostile review found "Work.ics" matched no shared calendar
// "Work", silently).
func TestICSCalendarName(t *testing.T) {
	cal := func(head string) []byte {
		return []byte("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n" + head + "BEGIN:VEVENT\r\nUID:a\r\nX-WR-CALNAME:Not this\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
	}
	for _, c := range []struct {
		path string
		data []byte
		want string
	}{
		{"/tmp/Work.ics", cal(""), "Work"},
		{"exports/Arbejde.ICS", cal(""), "Arbejde"},
		{"calendar", cal(""), "calendar"},
		{".ics", cal(""), ".ics"},
		{"/tmp/export.ics", cal("X-WR-CALNAME:Work\r\n"), "Work"},
		{"/tmp/export.ics", cal("x-wr-calname;VALUE=TEXT:Práce\r\n"), "Práce"},
		{"/tmp/export.ics", cal("X-WR-CALNAME:Family \\, friends\r\n"), "Family , friends"},
		{"/tmp/export.ics", cal("X-WR-CALNAME:Work cal\r\n endar\r\n"), "Work calendar"},
		{"/tmp/export.ics", cal("X-WR-CALNAMES:Other\r\nX-WR-CALNAME:\r\n"), "export"},
		{"/tmp/export.ics", []byte(strings.ReplaceAll(string(cal("X-WR-CALNAME:Privat\r\n")), "\r\n", "\n")), "Privat"},
	} {
		if got := icsCalendarName(c.path, c.data); got != c.want {
			t.Errorf("icsCalendarName(%q, %q) = %q; want %q", c.path, c.data, got, c.want)
		}
	}
}

// TestExplainICSSharedCalendar: with --ics Work.ics, the config's shared
// calendar "Work" is the file's: a coffee with an outside contact there is
// exposed.
func TestExplainICSSharedCalendar(t *testing.T) {
	dir := t.TempDir()
	conf := writeFile(t, dir, "config.yaml", "timezone: America/New_York\nme:\n  emails: [jane@home.example]\nemployer:\n  confidential: true\n  domains: [acme-corp.com]\n  shared_calendars: [Work]\n")
	ics := writeFile(t, dir, "Work.ics", "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VEVENT\r\nUID:c1@t\r\nDTSTAMP:20261201T000000Z\r\nDTSTART:20261208T140000Z\r\nDTEND:20261208T144500Z\r\nSUMMARY:Coffee with Priya Raman\r\nLOCATION:Blue Bottle Coffee\\, 1 Rockefeller Plaza\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
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
