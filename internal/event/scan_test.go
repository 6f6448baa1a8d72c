package event

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-ical"

	"github.com/netsyncd/netsyncd/internal/budget"
)

// scan hands each component directly under a VCALENDAR with its bytes, and
// parse of those bytes reads the same component again: for closed, unclosed,
// misspelt and implicit-calendar components, CRLF, LF and folded lines.
func TestScanRawReadsTheSameComponent(t *testing.T) {
	for i, in := range scanInputs {
		checkScanRaw(t, i, in)
	}
}

var scanInputs = []string{
	"BEGIN:VCALENDAR\r\nX-WR-TIMEZONE:Europe/Paris\r\nBEGIN:VEVENT\r\nUID:a\r\nSUMMARY:one\r\n  folded\r\nBEGIN:VALARM\r\nTRIGGER:-PT5M\r\nEND:VALARM\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:b\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
	"BEGIN:VEVENT\nUID:implicit\nDTSTART:20261201T100000Z\nEND:VEVENT\n",
	"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:unclosed\r\nBEGIN:VEVENT\r\nUID:next\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
	"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:misspelt\r\nBEGIN:VALARM\r\nEND:VALRM\r\nSUMMARY:after\r\nEND:VEVENT\r\nEND:VCALENDAR",
	"\xef\xbb\xbfBEGIN:VCALENDAR\rBEGIN:VTIMEZONE\rTZID:X\rBEGIN:STANDARD\rEND:STANDARD\rEND:VTIMEZONE\rBEGIN:VEVENT\rUID:cr\rEND:VCALENDAR\r",
}

// FuzzScanRaw: whatever the bytes, each component scan hands over reads
// the same again from its raw bytes, and scan hands over what parse keeps.
func FuzzScanRaw(f *testing.F) {
	for _, in := range scanInputs {
		f.Add(in)
	}
	f.Fuzz(func(t *testing.T, in string) { checkScanRaw(t, 0, in) })
}

// checkScanRaw fails t unless scan hands over what parse keeps, and each
// component reads the same again from its raw bytes.
func checkScanRaw(t *testing.T, i int, in string) {
	t.Helper()
	{
		whole := parse([]byte(in))
		var want []*ical.Component
		for _, cal := range whole.calendars {
			want = append(want, cal.Children...)
		}
		var got []*ical.Component
		scan([]byte(in), func(_, c *ical.Component, raw []byte) {
			again := parse(raw)
			if len(again.calendars) != 1 || len(again.calendars[0].Children) != 1 {
				t.Errorf("input %d: the bytes of %s read as %d calendars: %q", i, c.Name, len(again.calendars), raw)
				return
			}
			if !reflect.DeepEqual(again.calendars[0].Children[0], c) {
				t.Errorf("input %d: %s read again from %q differs", i, c.Name, raw)
			}
			got = append(got, c)
		})
		if !reflect.DeepEqual(got, want) {
			t.Errorf("input %d: scan handed %d components; parse reads %d", i, len(got), len(want))
		}
	}
}

// A VTIMEZONE after the VEVENTs that use it (allowed, rare) is still used:
// the object is read again with its zones known first.
func TestLateTimezone(t *testing.T) {
	data := "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:late\r\nDTSTART;TZID=My Zone:20261201T100000\r\nDURATION:PT1H\r\nSUMMARY:x\r\nEND:VEVENT\r\n" +
		"BEGIN:VTIMEZONE\r\nTZID:My Zone\r\nBEGIN:STANDARD\r\nDTSTART:19700101T000000\r\nTZOFFSETFROM:+0300\r\nTZOFFSETTO:+0300\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\nEND:VCALENDAR\r\n"
	from := time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)
	occs, probs := Expand(Source{Data: []byte(data)}, from, from.AddDate(0, 0, 7), time.UTC)
	if len(occs) != 1 || !occs[0].Start.Equal(time.Date(2026, 12, 1, 7, 0, 0, 0, time.UTC)) {
		t.Fatalf("occurrences %v, problems %v; want one at 07:00 UTC (10:00 at +03:00)", occs, probs)
	}
	if len(probs) != 0 {
		t.Errorf("problems %v; want none", probs)
	}
	// and an X-WR-TIMEZONE after the events
	data = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:wr\r\nDTSTART:20261201T100000\r\nDURATION:PT1H\r\nEND:VEVENT\r\nX-WR-TIMEZONE:Asia/Tokyo\r\nEND:VCALENDAR\r\n"
	occs, _ = Expand(Source{Data: []byte(data)}, from, from.AddDate(0, 0, 7), time.UTC)
	if len(occs) != 1 || !occs[0].Start.Equal(time.Date(2026, 12, 1, 1, 0, 0, 0, time.UTC)) {
		t.Errorf("occurrences %v; want one at 01:00 UTC (10:00 in Tokyo)", occs)
	}
}

// Components past budget.ComponentDepth, or past budget.ChildComponents in
// one parent, are skipped with their content and said so; a VEVENT after
// them is read; past budget.ObjectComponents the rest is not read, and the
// problem says that too.
func TestComponentBudgets(t *testing.T) {
	from := time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)
	ev := func(uid string, extra string) string {
		return "BEGIN:VEVENT\r\nUID:" + uid + "\r\nDTSTART:20261201T100000Z\r\nDURATION:PT1H\r\n" + extra + "END:VEVENT\r\n"
	}
	deep := strings.Repeat("BEGIN:X-N\r\nX-HIDDEN:1\r\n", 1000) + strings.Repeat("END:X-N\r\n", 1000)
	data := "BEGIN:VCALENDAR\r\n" + ev("deep", deep) + ev("after", "") + "END:VCALENDAR\r\n"
	occs, probs := Expand(Source{Href: "/cal/deep.ics", Data: []byte(data)}, from, from.AddDate(0, 0, 7), time.UTC)
	if len(occs) != 2 {
		t.Errorf("%d occurrences; want both events", len(occs))
	}
	if msg := fmt.Sprint(probs); !strings.Contains(msg, "/cal/deep.ics") || !strings.Contains(msg, fmt.Sprintf("nested more than %d deep", budget.ComponentDepth)) {
		t.Errorf("problems %s; want the object named and the depth said", msg)
	}

	alarms := strings.Repeat("BEGIN:VALARM\r\nACTION:DISPLAY\r\nEND:VALARM\r\n", 5000)
	data = "BEGIN:VCALENDAR\r\n" + ev("alarmed", alarms) + ev("after", "") + "END:VCALENDAR\r\n"
	occs, probs = Expand(Source{Href: "/cal/alarmed.ics", Data: []byte(data)}, from, from.AddDate(0, 0, 7), time.UTC)
	if len(occs) != 2 {
		t.Errorf("%d occurrences; want both events", len(occs))
	}
	if msg := fmt.Sprint(probs); !strings.Contains(msg, "/cal/alarmed.ics") || !strings.Contains(msg, fmt.Sprintf("4000 component(s) past the first %d in one", budget.ChildComponents)) {
		t.Errorf("problems %s; want the object named and the skipped alarms counted", msg)
	}

	props := strings.Repeat("X-FILLER:x\r\n", budget.PropsPerComponent+10)
	data = "BEGIN:VCALENDAR\r\n" + ev("filled", props) + ev("after", "") + "END:VCALENDAR\r\n"
	occs, probs = Expand(Source{Href: "/cal/filled.ics", Data: []byte(data)}, from, from.AddDate(0, 0, 7), time.UTC)
	if len(occs) != 2 {
		t.Errorf("%d occurrences; want both events", len(occs))
	}
	// UID, DTSTART and DURATION come first, so 13 of the fillers are dropped
	if msg := fmt.Sprint(probs); !strings.Contains(msg, "/cal/filled.ics") || !strings.Contains(msg, fmt.Sprintf("13 properties past the first %d of one component", budget.PropsPerComponent)) {
		t.Errorf("problems %s; want the object named and the dropped properties counted", msg)
	}

	var b strings.Builder
	b.WriteString("BEGIN:VCALENDAR\r\n" + ev("first", ""))
	for i := range budget.ObjectComponents / budget.ChildComponents {
		b.WriteString(ev(fmt.Sprint("alarms-", i), strings.Repeat("BEGIN:VALARM\r\nACTION:DISPLAY\r\nEND:VALARM\r\n", budget.ChildComponents)))
	}
	b.WriteString(ev("unread", "") + "END:VCALENDAR\r\n")
	occs, probs = Expand(Source{Href: "/cal/alarms.ics", Data: []byte(b.String())}, from, from.AddDate(0, 0, 7), time.UTC)
	uids := map[string]bool{}
	for _, o := range occs {
		uids[o.UID] = true
	}
	if !uids["first"] || !uids["alarms-0"] || uids["unread"] {
		t.Errorf("occurrences of %v; want the first event and not the one after the budget", uids)
	}
	if msg := fmt.Sprint(probs); !strings.Contains(msg, "/cal/alarms.ics") || !strings.Contains(msg, fmt.Sprintf("more than %d components", budget.ObjectComponents)) {
		t.Errorf("problems %s; want the object named and the component budget said", msg)
	}
}

// One object of many VEVENTs is read one VEVENT at a time: the series keep
// a small record of each event and its bytes, not the parsed component
// (about 4 KB an event: 50,000 took explain --ics to 614 MB before, 246 MB
// after), which is read again only for what is in the window.
func TestEventsAreNotHeldParsed(t *testing.T) {
	var b strings.Builder
	b.WriteString("BEGIN:VCALENDAR\r\n")
	for i := range 100 {
		fmt.Fprintf(&b, "BEGIN:VEVENT\r\nUID:ev-%d\r\nDTSTART:20261201T100000Z\r\nDURATION:PT1H\r\nSUMMARY:Team sync %d\r\n"+
			"ATTENDEE;CN=A:mailto:a@example.com\r\nBEGIN:VALARM\r\nTRIGGER:-PT15M\r\nEND:VALARM\r\nEND:VEVENT\r\n", i, i)
	}
	b.WriteString("BEGIN:VEVENT\r\nUID:series\r\nDTSTART:20261201T100000Z\r\nRRULE:FREQ=DAILY;COUNT=3\r\nEXDATE:20261202T100000Z\r\nSUMMARY:s\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
	x := &expander{src: Source{Data: []byte(b.String())}, loc: time.UTC, bounds: newBounds(Options{})}
	x.from = time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)
	x.to = x.from.AddDate(0, 0, 7)
	order := x.read(nameCache{})
	if len(order) != 101 {
		t.Fatalf("%d series; want 101", len(order))
	}
	for _, s := range order {
		if m := s.master; m.c != nil || len(m.raw) == 0 {
			t.Fatalf("series %s holds its parsed component (%v) or no bytes (%d)", m.uid, m.c != nil, len(m.raw))
		}
	}
	for _, s := range order {
		x.series(s)
	}
	if len(x.occs) != 102 || x.occs[0].Summary != "Team sync 0" || x.occs[0].Attendees[0].Email != "a@example.com" {
		t.Errorf("%d occurrences (want 102: 100 events, 2 of the series after its EXDATE), first %+v", len(x.occs), x.occs[0])
	}
}

// A rule that starts in the year 1 reaches the window (fastForward moved
// it 4 x 290 years, and a DAILY rule was then 300,000 days short of 2026:
// no occurrence, and a problem blaming the window's budget); a COUNT rule
// that walks past budget.RuleSteps says so, not the window's budget.
func TestRulesFromLongAgo(t *testing.T) {
	from := time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)
	data := "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:year-one\r\nDTSTART:00010101T100000Z\r\nRRULE:FREQ=DAILY\r\nEND:VEVENT\r\n" +
		"BEGIN:VEVENT\r\nUID:count\r\nDTSTART:17000101T100000Z\r\nRRULE:FREQ=DAILY;COUNT=10000000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
	occs, probs := Expand(Source{Data: []byte(data)}, from, from.AddDate(0, 0, 7), time.UTC)
	n := 0
	for _, o := range occs {
		if o.UID == "year-one" {
			n++
		}
	}
	if n != 7 {
		t.Errorf("%d occurrences of the daily series of the year 1; want 7", n)
	}
	if msg := fmt.Sprint(probs); !strings.Contains(msg, `UID "count"`) || !strings.Contains(msg, "walks more than 100000 instances") || strings.Contains(msg, "year-one") {
		t.Errorf("problems %s; want one for the COUNT rule saying it walks too far, none for the other", msg)
	}
}
