package event

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/netsyncd/netsyncd/internal/budget"
)

// leanFields is what a lean reading keeps of an occurrence
// (Options.Lean).
func leanFields(o Occurrence) Occurrence {
	l := Occurrence{
		UID: o.UID, RecurrenceID: o.RecurrenceID, Recurring: o.Recurring,
		Calendar: o.Calendar, CalendarPath: o.CalendarPath, Href: o.Href, ETag: o.ETag,
		Summary: o.Summary, Location: o.Location, URL: o.URL,
		Start: o.Start, End: o.End, AllDay: o.AllDay,
		Organizer: o.Organizer, OrganizerName: o.OrganizerName, Attendees: o.Attendees,
		Status: o.Status, Owned: o.Owned,
	}
	if len(o.Description) > budget.TextBytes {
		l.Description = o.Description
	}
	return l
}

// checkExpandSome requires ExpandSome of srcs to give ExpandWith's
// occurrences where pick marks them, and their lean fields elsewhere.
func checkExpandSome(t *testing.T, srcs []Source, from, to time.Time, loc *time.Location, pick func(int) bool) {
	t.Helper()
	want, _, err := ExpandWith(srcs, from, to, loc, Options{})
	if err != nil {
		t.Fatal(err)
	}
	got, _, err := ExpandSome(srcs, from, to, loc, Options{}, func(occs []Occurrence) []bool {
		marks := make([]bool, len(occs))
		for i := range marks {
			marks[i] = pick(i)
		}
		return marks
	})
	if errors.Is(err, ErrLeanDiffers) || err != nil {
		t.Fatalf("ExpandSome: %v", err)
	}
	if len(got) != len(want) {
		t.Fatalf("ExpandSome gave %d occurrences, ExpandWith %d", len(got), len(want))
	}
	for i := range want {
		w := want[i]
		if !pick(i) {
			w = leanFields(w)
			// A lean reading keeps a DESCRIPTION whose line may read to more
			// than budget.TextBytes (leanDescription, by its raw length), so
			// one a little shorter once read may be kept too: whole.
			if got[i].Description == want[i].Description {
				w.Description = want[i].Description
			}
		}
		if !reflect.DeepEqual(got[i], w) {
			t.Fatalf("occurrence %d (picked %v):\n got %+v\nwant %+v", i, pick(i), got[i], w)
		}
	}
}

func checkAllPicks(t *testing.T, srcs []Source, from, to time.Time, loc *time.Location) {
	t.Helper()
	checkEventsReading(t, srcs, from, to, loc)
	checkExpandSome(t, srcs, from, to, loc, func(int) bool { return true })
	checkExpandSome(t, srcs, from, to, loc, func(int) bool { return false })
	checkExpandSome(t, srcs, from, to, loc, func(i int) bool { return i%3 == 1 })
}

// checkEventsReading requires a reading of every VEVENT without alarms
// (Options.Events) to give ExpandWith's occurrences.
func checkEventsReading(t *testing.T, srcs []Source, from, to time.Time, loc *time.Location) {
	t.Helper()
	want, _, err := ExpandWith(srcs, from, to, loc, Options{})
	if err != nil {
		t.Fatal(err)
	}
	got, _, err := ExpandWith(srcs, from, to, loc, Options{Events: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("Options.Events gave %d occurrences, a full reading %d", len(got), len(want))
	}
	for i := range want {
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Fatalf("occurrence %d read with Options.Events:\n got %+v\nwant %+v", i, got[i], want[i])
		}
	}
}

// TestExpandSomeIsExpandWith: what ExpandSome reads in full is what
// ExpandWith reads, and what it reads leanly the same occurrences with the
// lean fields, over the recurring-ical-events corpus, this package's test
// files and every calendar of the repository's tests (the classifier's
// corpus, the people and app test calendars), each object twice (two
// calendars holding one event).
func TestExpandSomeIsExpandWith(t *testing.T) {
	files := corpusFiles(t)
	local, _ := filepath.Glob("testdata/*.ics")
	more, _ := filepath.Glob("../*/testdata/*.ics")
	deeper, _ := filepath.Glob("../classify/testdata/corpus/*/*/*.ics")
	files = append(append(append(files, local...), more...), deeper...)
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		t.Run(strings.TrimPrefix(f, "../"), func(t *testing.T) {
			from, to := oracleWindow(data)
			srcs := []Source{{Calendar: "a", Href: "/a/x.ics", Data: data}, {Calendar: "b", Href: "/b/x.ics", Data: data}}
			checkAllPicks(t, srcs, from, to, berlin)
		})
	}
}

// FuzzExpandSome: on any bytes, ExpandSome reads what ExpandWith reads
// (TestExpandSomeIsExpandWith).
//
//	go test -fuzz FuzzExpandSome -fuzztime 60s ./internal/event
func FuzzExpandSome(f *testing.F) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		f.Fatal(err)
	}
	addLightSeedFiles(f, berlin)
	for _, s := range leanCases {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		from, to := oracleWindow(data)
		checkAllPicks(t, []Source{{Href: "/a.ics", Data: data}, {Href: "/b.ics", Data: data}}, from, to, berlin)
	})
}

// leanCases are objects whose lean reading must still be exact: a zone
// of its own defined after the event, lower-case and parametered BEGIN
// lines, folded kept and dropped lines, a long DESCRIPTION, a VALARM with a
// SUMMARY and a UID, netsyncd's own entry, an unclosed VTIMEZONE.
var leanCases = []string{
	"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:late\r\nDTSTART;TZID=My Zone:20260105T090000\r\nRRULE:FREQ=WEEKLY;COUNT=3\r\nSUMMARY:Coffee with Ana Ruiz\r\nEND:VEVENT\r\nBEGIN:VTIMEZONE\r\nTZID:My Zone\r\nBEGIN:STANDARD\r\nDTSTART:19700101T000000\r\nTZOFFSETFROM:+0300\r\nTZOFFSETTO:+0300\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\nEND:VCALENDAR\r\n",
	"begin:vcalendar\nx-wr-timezone:America/New_York\nbegin:vevent\nuid:lc\ndtstart:20260105T090000\ndtend:20260105T100000\nsum\n mary:Lunch with\n  Tom Kim\nattendee;cn=\"Kim, Tom\";partstat=declined:mailto:TOM@EX.COM\nBEGIN;X-A=1:VALARM\nUID:alarm\nSUMMARY:Alarm with Bob Lee\nTRIGGER:-PT5M\nEND:VALARM\nend:vevent\nend:vcalendar\n",
	"BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:long\nDTSTART:20260105T090000Z\nDESCRIPTION:" + strings.Repeat("x\\, y ", 1500) + "\nX-NETSYNCD-KIND:prep\nCATEGORIES:a,b\nGEO:1;2\nTRANSP:TRANSPARENT\nCLASS:PRIVATE\nURL:https://www.eventbrite.com/e/1\nEND:VEVENT\nBEGIN:VEVENT\nUID:long\nRECURRENCE-ID:20260105T090000Z\nDTSTART:20260106T090000Z\nSTATUS:cancelled\nEND:VEVENT\nEND:VCALENDAR\n",
	"BEGIN:VCALENDAR\nBEGIN:VTIMEZONE\nTZID:Custom/Zone\nBEGIN:DAYLIGHT\nDTSTART:19700329T020000\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\nTZOFFSETFROM:+0100\nTZOFFSETTO:+0200\nEND:DAYLIGHT\nBEGIN:VEVENT\nUID:open\nDTSTART;TZID=Custom/Zone:20260705T090000\nDURATION:PT1H\nEND:VEVENT\nEND:VCALENDAR\n",
}

// addSeedFiles seeds a fuzz target with the corpus and this package's
// test files.
func addSeedFiles(f *testing.F) {
	corpus, _ := filepath.Glob(filepath.Join(corpusDir, "*.ics"))
	local, _ := filepath.Glob(filepath.Join("testdata", "*.ics"))
	for _, path := range append(corpus, local...) {
		data, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
}
