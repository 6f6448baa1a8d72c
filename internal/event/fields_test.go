package event

import (
	"reflect"
	"testing"
	"time"
)

func TestExpandFields(t *testing.T) {
	src := testdataSource(t, "fields.ics")
	occs, probs := Expand(src, time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2024, 2, 1, 0, 0, 0, 0, time.UTC), time.UTC)
	if len(probs) != 0 || len(occs) != 2 {
		t.Fatalf("Expand(fields.ics) = %d occurrences, problems %v; want 2 and none", len(occs), probs)
	}
	got := occs[0]
	want := Occurrence{
		UID: "fields", Calendar: "Test", CalendarPath: "/cal/test/", Href: "/cal/test/fields.ics", ETag: `"e1"`,
		Summary:       "Lunch, with Bob; maybe Alice",
		Description:   "Line one\nLine two, with comma\\backslash",
		Location:      "Café Central, Herrengasse 14",
		URL:           "https://example.com/lunch",
		Geo:           &Geo{Lat: 48.2104, Lon: 16.3660},
		Start:         time.Date(2024, 1, 10, 12, 0, 0, 0, time.UTC),
		End:           time.Date(2024, 1, 10, 13, 30, 0, 0, time.UTC),
		Organizer:     "jane.doe@example.com",
		OrganizerName: "Jane Doe",
		Attendees: []Attendee{
			{Email: "bob@example.com", Name: "Bob", PartStat: "ACCEPTED", Role: "REQ-PARTICIPANT"},
			{Email: "alice@example.com", PartStat: "NEEDS-ACTION", Role: "OPT-PARTICIPANT"},
		},
		Categories:  []string{"Networking", "Lunch", "Food,Drinks"},
		Status:      "TENTATIVE",
		Transparent: true,
		Class:       "PRIVATE",
		Owned:       true,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Expand(fields.ics)[0] =\n%+v\nwant\n%+v", got, want)
	}
	if g := occs[1].Geo; g == nil || *g != (Geo{Lat: 37.3349, Lon: -122.00902}) {
		t.Errorf("X-APPLE-STRUCTURED-LOCATION geo = %v; want 37.3349,-122.00902", g)
	}
	if occs[1].Owned || occs[1].Recurring {
		t.Errorf("apple event Owned=%v Recurring=%v; want false, false", occs[1].Owned, occs[1].Recurring)
	}
}

func TestAppleLocationGeo(t *testing.T) {
	for _, v := range []string{
		"geo:37.3349,-122.00902",
		`geo:37.3349\,-122.00902`, // stored as escaped TEXT (Xandikos)
		"geo:37.3349,-122.00902;u=10",
	} {
		data := "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTART:20240110T120000Z\r\n" +
			"X-APPLE-STRUCTURED-LOCATION;VALUE=URI;X-TITLE=Apple Park:" + v + "\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
		occs, _ := Expand(Source{Data: []byte(data)}, time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2024, 2, 1, 0, 0, 0, 0, time.UTC), time.UTC)
		if len(occs) != 1 || occs[0].Geo == nil || *occs[0].Geo != (Geo{Lat: 37.3349, Lon: -122.00902}) {
			t.Errorf("X-APPLE-STRUCTURED-LOCATION %s: occurrences %d, geo %v; want 37.3349,-122.00902", v, len(occs), occs)
		}
	}
}

// TestFirstZoneDefinitionWins reads an object holding two VTIMEZONEs of one
// name, as Radicale can return it: the object's own comes first.
func TestFirstZoneDefinitionWins(t *testing.T) {
	zone := func(off string) string {
		return "BEGIN:VTIMEZONE\r\nTZID:Office\r\nBEGIN:STANDARD\r\nDTSTART:16010101T000000\r\nTZOFFSETFROM:" + off +
			"\r\nTZOFFSETTO:" + off + "\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n"
	}
	data := "BEGIN:VCALENDAR\r\n" + zone("+0530") + zone("+0500") +
		"BEGIN:VEVENT\r\nUID:a\r\nDTSTART;TZID=Office:20240110T093000\r\nDURATION:PT15M\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
	occs, _ := Expand(Source{Data: []byte(data)}, time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2024, 2, 1, 0, 0, 0, 0, time.UTC), time.UTC)
	if want := time.Date(2024, 1, 10, 4, 0, 0, 0, time.UTC); len(occs) != 1 || !occs[0].Start.Equal(want) {
		t.Errorf("Expand = %v; want one occurrence at %s (the first definition, +05:30)", briefs(occs), want)
	}
}

func TestUnescape(t *testing.T) {
	tests := []struct{ in, want string }{
		{`plain`, "plain"},
		{`a\, b\; c\\d\ne\Nf`, "a, b; c\\d\ne\nf"},
		{`unknown \x escape`, `unknown \x escape`},
		{`trailing \`, `trailing \`},
	}
	for _, tt := range tests {
		if got := Unescape(tt.in); got != tt.want {
			t.Errorf("Unescape(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestParseSpan(t *testing.T) {
	tests := []struct {
		in   string
		want span
		bad  bool
	}{
		{in: "PT1H30M", want: span{exact: 90 * time.Minute}},
		{in: "P1W", want: span{days: 7}},
		{in: "P1DT12H", want: span{days: 1, exact: 12 * time.Hour}},
		{in: "-PT15M", want: span{exact: -15 * time.Minute}},
		{in: "+P2D", want: span{days: 2}},
		{in: "PT", bad: true},
		{in: "P1H", bad: true},
		{in: "1H", bad: true},
		{in: "P99999999D", bad: true},
	}
	for _, tt := range tests {
		got, err := parseSpan(tt.in)
		if (err != nil) != tt.bad || got != tt.want {
			t.Errorf("parseSpan(%q) = %+v, %v; want %+v, error %v", tt.in, got, err, tt.want, tt.bad)
		}
	}
}

func TestProblemError(t *testing.T) {
	p := Problem{Calendar: "Work", Href: "/dav/work/x.ics", UID: "u1", Err: errTruncated}
	if got, want := p.Error(), `event: "/dav/work/x.ics": UID "u1": too many occurrences: truncated`; got != want {
		t.Errorf("Problem.Error() = %q; want %q", got, want)
	}
	p.Href = ""
	if got, want := p.Error(), `event: "Work": UID "u1": too many occurrences: truncated`; got != want {
		t.Errorf("Problem.Error() = %q; want %q", got, want)
	}
}
