package entry

import (
	"bytes"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/emersion/go-ical"
)

func sampleEntry() Entry {
	return Entry{
		Kind: KindPrep, UID: UID(KindPrep, "src@example.org", "2026-12-08T23:00:00Z"),
		SourceUID: "src@example.org", SourceRecurrenceID: "2026-12-08T23:00:00Z",
		Summary:     "Prep: Dîner, Café; «Zürich» \\ 🥂",
		Description: strings.Repeat("Ünïcödé text, with commas; semicolons \\ and 🥂 emoji.\n", 12) + "end\r\nline",
		Location:    "Brasserie, 5th Ave; NYC",
		Start:       at(8, 17, 0), End: at(8, 17, 30), Alarm: 15 * time.Minute,
	}
}

func TestEncodeLines(t *testing.T) {
	for _, as := range []string{"event", "todo"} {
		data := Encode(sampleEntry(), EncodeOptions{As: as, Private: true, Stamp: at(1, 9, 0)})
		if !bytes.HasSuffix(data, []byte("\r\n")) {
			t.Errorf("%s: object does not end with CRLF", as)
		}
		for i, line := range strings.Split(strings.TrimSuffix(string(data), "\r\n"), "\r\n") {
			if len(line) > 75 {
				t.Errorf("%s: line %d is %d octets; want at most 75: %q", as, i+1, len(line), line)
			}
			if !utf8.ValidString(line) {
				t.Errorf("%s: line %d splits a UTF-8 sequence: %q", as, i+1, line)
			}
			if strings.ContainsAny(line, "\r\n") {
				t.Errorf("%s: line %d has a bare CR or LF: %q", as, i+1, line)
			}
		}
	}
}

func TestEncodeDecodesWithGoICal(t *testing.T) {
	tests := []struct {
		as, comp, end string
	}{{"event", "VEVENT", "DTEND"}, {"todo", "VTODO", "DUE"}}
	for _, tt := range tests {
		t.Run(tt.as, func(t *testing.T) {
			e := sampleEntry()
			cal, err := ical.NewDecoder(bytes.NewReader(Encode(e, EncodeOptions{As: tt.as, Private: true, Sequence: 3, Stamp: at(1, 9, 0)}))).Decode()
			if err != nil {
				t.Fatalf("go-ical cannot decode it: %v", err)
			}
			if got := cal.Props.Get(ical.PropProductID).Value; got != ProdID {
				t.Errorf("PRODID %q; want %q", got, ProdID)
			}
			if len(cal.Children) != 1 || cal.Children[0].Name != tt.comp {
				t.Fatalf("components %v; want one %s", cal.Children, tt.comp)
			}
			c := cal.Children[0]
			want := map[string]string{
				"UID": e.UID, "DTSTART": "20261208T220000Z", tt.end: "20261208T223000Z", "SEQUENCE": "3",
				"CLASS": "PRIVATE", "CATEGORIES": "netsyncd,prep", "RELATED-TO": "src@example.org",
				PropKind: "prep", PropSource: "src@example.org", PropSourceID: "2026-12-08T23:00:00Z",
				"DTSTAMP": "20261201T140000Z", "LAST-MODIFIED": "20261201T140000Z",
			}
			for name, v := range want {
				if p := c.Props.Get(name); p == nil || p.Value != v {
					t.Errorf("%s = %v; want %q", name, p, v)
				}
			}
			if len(c.Children) != 1 || c.Children[0].Name != "VALARM" {
				t.Fatalf("alarms %v; want one VALARM", c.Children)
			}
			a := c.Children[0].Props
			if a.Get("ACTION").Value != "DISPLAY" || a.Get("TRIGGER").Value != "-PT15M" || a.Get("DESCRIPTION") == nil {
				t.Errorf("alarm %v; want ACTION:DISPLAY, TRIGGER:-PT15M and a DESCRIPTION", a)
			}
			if tt.as == "todo" && c.Props.Get("STATUS").Value != "NEEDS-ACTION" {
				t.Errorf("todo STATUS %v; want NEEDS-ACTION", c.Props.Get("STATUS"))
			}
		})
	}
}

func TestDecodeRoundTrip(t *testing.T) {
	e := sampleEntry()
	for _, as := range []string{"event", "todo"} {
		o, err := Decode(Encode(e, EncodeOptions{As: as, Sequence: 7, Stamp: at(1, 9, 0)}))
		if err != nil {
			t.Fatalf("Decode(Encode(e)): %v", err)
		}
		wantDesc := strings.ReplaceAll(e.Description, "\r\n", "\n")
		switch {
		case o.UID != e.UID, o.Kind != e.Kind, o.SourceUID != e.SourceUID, o.SourceRecurrenceID != e.SourceRecurrenceID:
			t.Errorf("%s: markers %q %q %q %q; want %q %q %q %q", as, o.UID, o.Kind, o.SourceUID, o.SourceRecurrenceID, e.UID, e.Kind, e.SourceUID, e.SourceRecurrenceID)
		case o.Summary != e.Summary, o.Description != wantDesc, o.Location != e.Location:
			t.Errorf("%s: text %q / %q / %q; want %q / %q / %q", as, o.Summary, o.Description, o.Location, e.Summary, wantDesc, e.Location)
		case !o.Start.Equal(e.Start), !o.End.Equal(e.End), !o.PlannedStart.Equal(e.Start), !o.PlannedEnd.Equal(e.End):
			t.Errorf("%s: times %s-%s planned %s-%s; want %s-%s", as, o.Start, o.End, o.PlannedStart, o.PlannedEnd, e.Start, e.End)
		case o.Sequence != 7, o.As != as, o.Completed, o.Invalid != "":
			t.Errorf("%s: sequence %d as %q completed %v invalid %q; want 7 %q false \"\"", as, o.Sequence, o.As, o.Completed, o.Invalid, as)
		case o.StoredHash != e.Hash() || o.ContentHash != o.StoredHash || o.Edited() || o.Moved() || !o.Consistent():
			t.Errorf("%s: stored hash %q content hash %q (entry %q); want all equal and the entry unedited, unmoved, consistent", as, o.StoredHash, o.ContentHash, e.Hash())
		}
	}
}

func TestWeekEntryEncoding(t *testing.T) {
	e := Entry{Kind: KindWeek, UID: WeekUID("2026-W50"), SourceUID: "2026-W50", Week: "2026-W50", Summary: "Networking plan 2026-W50", Start: at(7, 8, 0), End: at(7, 8, 30)}
	data := string(Encode(e, EncodeOptions{As: "event", Stamp: at(1, 0, 0)}))
	for _, want := range []string{"TRANSP:TRANSPARENT\r\n", "X-NETSYNCD-WEEK:2026-W50\r\n", "X-NETSYNCD-SOURCE-UID:2026-W50\r\n", "TRIGGER:PT0S\r\n"} {
		if !strings.Contains(data, want) {
			t.Errorf("week entry lacks %q", strings.TrimSpace(want))
		}
	}
	for _, unwanted := range []string{"RELATED-TO", "CLASS:PRIVATE", "X-NETSYNCD-SOURCE-RECURRENCE-ID"} {
		if strings.Contains(data, unwanted) {
			t.Errorf("week entry (private off, no recurrence) has %s", unwanted)
		}
	}
	o, err := Decode([]byte(data))
	if err != nil || o.Week != "2026-W50" || !o.Consistent() {
		t.Errorf("Decode(week) = week %q consistent %v, %v; want 2026-W50, true, nil", o.Week, o.Consistent(), err)
	}
}

func TestContentHashIsStable(t *testing.T) {
	// Entries already written carry this hash: changing the function would
	// make every one of them look edited by the user.
	const want = "ae1c844a81377306872d23e644605607" // sha256("Prep: Mixer\x00Line one\nLine two\x00\x00")[:32]
	if got := ContentHash("Prep: Mixer", "Line one\nLine two", ""); got != want {
		t.Errorf("ContentHash = %q; want %q", got, want)
	}
	if a, b := ContentHash("S", "a\r\nb\n", " L"), ContentHash("S", "a\nb", "L"); a != b {
		t.Errorf("ContentHash differs on line ends and outer whitespace: %q vs %q", a, b)
	}
	if a, b := ContentHash("ab", "", ""), ContentHash("a", "b", ""); a == b {
		t.Errorf("ContentHash does not separate fields: %q", a)
	}
	first := Encode(sampleEntry(), EncodeOptions{Stamp: at(1, 0, 0)})
	second := Encode(sampleEntry(), EncodeOptions{Stamp: at(1, 0, 0)})
	if !bytes.Equal(first, second) {
		t.Error("Encode is not deterministic for equal input")
	}
}

func TestDurationValue(t *testing.T) {
	tests := []struct {
		d    time.Duration
		want string
	}{
		{0, "PT0S"}, {-15 * time.Minute, "-PT15M"}, {-90 * time.Minute, "-PT1H30M"},
		{-24 * time.Hour, "-P1D"}, {-26*time.Hour - 5*time.Second, "-P1DT2H5S"}, {10 * time.Minute, "PT10M"},
	}
	for _, tt := range tests {
		if got := durationValue(tt.d); got != tt.want {
			t.Errorf("durationValue(%v) = %q; want %q", tt.d, got, tt.want)
		}
	}
}
