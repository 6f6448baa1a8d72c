package pipeline

import (
	"testing"
	"time"

	"github.com/netsyncd/netsyncd/internal/classify"
	"github.com/netsyncd/netsyncd/internal/config"
	"github.com/netsyncd/netsyncd/internal/event"
)

const lunch = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VEVENT\r\nUID:lunch-1\r\nDTSTAMP:20261120T120000Z\r\n" +
	"DTSTART:20261202T170000Z\r\nDTEND:20261202T180000Z\r\nSUMMARY:Lunch with Tom Reyes\r\nLOCATION:Balthazar\r\n" +
	"ORGANIZER:mailto:jane@home.example\r\nATTENDEE;PARTSTAT=ACCEPTED:mailto:tom@reyes.example\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"

const ownEntry = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//netsyncd//netsyncd//EN\r\nBEGIN:VEVENT\r\nUID:netsyncd-x\r\nDTSTAMP:20261120T120000Z\r\n" +
	"DTSTART:20261202T150000Z\r\nDTEND:20261202T153000Z\r\nSUMMARY:Prep: Lunch with Tom Reyes\r\nX-NETSYNCD-KIND:prep\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"

func TestAnalyzeCountsAnEventInTwoCalendarsOnce(t *testing.T) {
	cfg, cl := setup(t)
	srcs := []event.Source{
		{Calendar: "Personal", Href: "/p/lunch.ics", Data: []byte(lunch)},
		{Calendar: "Work", Href: "/w/lunch.ics", Data: []byte(lunch)},
		{Calendar: "Personal", Href: "/p/entry.ics", Data: []byte(ownEntry)},
	}
	w := Window{From: time.Date(2026, 11, 30, 0, 0, 0, 0, cfg.Location), To: time.Date(2026, 12, 7, 0, 0, 0, 0, cfg.Location)}
	an := Analyze(cfg, cl, srcs, w)
	if len(an.Items) != 1 || an.Items[0].Occ.Calendar != "Personal" {
		t.Fatalf("Analyze of one lunch in two calendars and a netsyncd entry = %d items; want the lunch once, from Personal", len(an.Items))
	}
	if !an.Items[0].Class.Networking || an.Weeks[0].Events != 1 {
		t.Errorf("the lunch counts as %d events in its week (networking %v); want 1", an.Weeks[0].Events, an.Items[0].Class.Networking)
	}
}

func TestWindowAroundIsWholeDays(t *testing.T) {
	cfg := config.Default()
	cfg.CalDAV.URL = "http://localhost/"
	cfg.Timezone = "America/New_York"
	cfg.Validate()
	morning := time.Date(2026, 12, 1, 14, 0, 0, 0, time.UTC)
	evening := time.Date(2026, 12, 1, 22, 0, 0, 0, time.UTC)
	a, b := WindowAround(cfg, morning), WindowAround(cfg, evening)
	if !a.From.Equal(b.From) || !a.To.Equal(b.To) {
		t.Errorf("WindowAround differs within one day: %v and %v", a, b)
	}
	if want := time.Date(2026, 11, 17, 0, 0, 0, 0, cfg.Location); !a.From.Equal(want) {
		t.Errorf("WindowAround(...).From = %v; want %v (14 days before the day's start)", a.From, want)
	}
}

// A busy day before the lunch leaves no slot for its prep: the planner's
// no_prep_slot finding is filed under the lunch and its week, where explain
// and report read findings, and the prep entry is still planned.
func TestAnalyzeFilesThePlannersFindings(t *testing.T) {
	cfg, cl := setup(t)
	const offsite = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VEVENT\r\nUID:offsite-1\r\nDTSTAMP:20261120T120000Z\r\n" +
		"DTSTART:20261130T050000Z\r\nDTEND:20261202T165000Z\r\nSUMMARY:Quarterly planning offsite\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
	srcs := []event.Source{
		{Calendar: "Personal", Href: "/p/lunch.ics", Data: []byte(lunch)},
		{Calendar: "Work", Href: "/w/offsite.ics", Data: []byte(offsite)},
	}
	w := Window{From: time.Date(2026, 11, 30, 0, 0, 0, 0, cfg.Location), To: time.Date(2026, 12, 7, 0, 0, 0, 0, cfg.Location)}
	an := Analyze(cfg, cl, srcs, w)
	var lunchFindings []string
	for _, it := range an.Items {
		if it.Occ.UID == "lunch-1" {
			for _, f := range it.Findings {
				lunchFindings = append(lunchFindings, f.Code)
			}
		}
	}
	if !contains(lunchFindings, "no_prep_slot") {
		t.Errorf("the lunch's findings are %v; want no_prep_slot among them", lunchFindings)
	}
	var weekFindings []string
	for _, f := range an.Weeks[0].Findings {
		weekFindings = append(weekFindings, f.Code)
	}
	if n := count(weekFindings, "no_prep_slot"); n != 1 {
		t.Errorf("the week's findings are %v; want no_prep_slot once", weekFindings)
	}
	preps := 0
	for _, e := range an.Entries {
		if e.Kind == "prep" && e.SourceUID == "lunch-1" {
			preps++
		}
	}
	if preps != 1 {
		t.Errorf("%d prep entries for the lunch; want 1 (placed right before leaving)", preps)
	}
}

func contains(codes []string, code string) bool { return count(codes, code) > 0 }

func count(codes []string, code string) (n int) {
	for _, c := range codes {
		if c == code {
			n++
		}
	}
	return n
}

// setup is a valid config in New York for jane@home.example, and its classifier.
func setup(t *testing.T) (*config.Config, *classify.Classifier) {
	t.Helper()
	cfg := config.Default()
	cfg.CalDAV.URL = "http://localhost/"
	cfg.Timezone = "America/New_York"
	cfg.Me.Emails = []string{"jane@home.example"}
	if _, err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	cl, err := classify.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return cfg, cl
}

// A window that begins on a day without a midnight (Santiago, 6 September
// 2026, clocks from 00:00 to 01:00) begins when that day does.
func TestWindowAroundWhereMidnightIsMissing(t *testing.T) {
	cfg := config.Default()
	cfg.CalDAV.URL = "http://localhost/"
	cfg.Timezone = "America/Santiago"
	if _, err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	w := WindowAround(cfg, time.Date(2026, 9, 20, 15, 0, 0, 0, cfg.Location))
	if want := time.Date(2026, 9, 6, 1, 0, 0, 0, cfg.Location); !w.From.Equal(want) {
		t.Errorf("WindowAround(...).From = %v; want %v", w.From, want)
	}
}
