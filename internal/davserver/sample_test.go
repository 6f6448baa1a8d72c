package davserver

import (
	"bytes"
	"context"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-ical"
	"github.com/emersion/go-webdav/caldav"
	"github.com/netsyncd/netsyncd/internal/config"
	"go.yaml.in/yaml/v3"
)

func newYork(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// parseSample decodes every sample object, by path.
func parseSample(t *testing.T, now time.Time, loc *time.Location) map[string]*ical.Calendar {
	t.Helper()
	out := map[string]*ical.Calendar{}
	for p, data := range SampleCalendar(now, loc) {
		cal, err := ical.NewDecoder(bytes.NewReader(data)).Decode()
		if err != nil {
			t.Fatalf("%s does not parse: %v", p, err)
		}
		if _, _, err := caldav.ValidateCalendarObject(cal); err != nil {
			t.Fatalf("%s is not a valid calendar object: %v", p, err)
		}
		for i, line := range strings.Split(string(data), "\r\n") {
			if len(line) > 75 {
				t.Errorf("%s line %d is %d octets; RFC 5545 folds at 75", p, i+1, len(line))
			}
		}
		out[p] = cal
	}
	return out
}

// master is the VEVENT without RECURRENCE-ID.
func master(t *testing.T, cal *ical.Calendar) ical.Event {
	t.Helper()
	for _, ev := range cal.Events() {
		if ev.Props.Get(ical.PropRecurrenceID) == nil {
			return ev
		}
	}
	t.Fatal("no master VEVENT")
	return ical.Event{}
}

func TestSampleCalendarShape(t *testing.T) {
	loc := newYork(t)
	now := time.Date(2026, 12, 9, 10, 0, 0, 0, loc) // a Wednesday
	cals := parseSample(t, now, loc)
	var personal, work int
	for p, cal := range cals {
		switch {
		case strings.HasPrefix(p, "personal/"):
			personal++
		case strings.HasPrefix(p, "work/"):
			work++
		default:
			t.Errorf("%s is in neither personal/ nor work/", p)
		}
		tz := cal.Children[0]
		if tzid, _ := tz.Props.Text(ical.PropTimezoneID); tz.Name != ical.CompTimezone || tzid != "America/New_York" {
			t.Errorf("%s does not begin with a VTIMEZONE for America/New_York", p)
		}
		if start := master(t, cal).Props.Get(ical.PropDateTimeStart); start.ValueType() != ical.ValueDate && start.Params.Get(ical.PropTimezoneID) != "America/New_York" {
			t.Errorf("%s DTSTART has TZID %q; want America/New_York", p, start.Params.Get(ical.PropTimezoneID))
		}
	}
	if personal < 15 || work < 4 || personal+work < 22 {
		t.Errorf("sample has %d personal and %d work objects; want about 25 in all", personal, work)
	}
	again := SampleCalendar(now.Add(30*time.Hour), loc) // same week
	if !maps.EqualFunc(again, SampleCalendar(now, loc), bytes.Equal) {
		t.Error("SampleCalendar differs for two times in the same week; want the same bytes")
	}
}

func TestSampleCalendarEvents(t *testing.T) {
	loc := newYork(t)
	for _, now := range []time.Time{
		time.Date(2026, 12, 9, 10, 0, 0, 0, loc), // an ordinary week
		time.Date(2026, 11, 1, 23, 0, 0, 0, loc), // a Sunday: the week began on Monday Oct 26, DST ends in it
		time.Date(2026, 3, 9, 8, 0, 0, 0, loc),   // the Monday after DST began
	} {
		t.Run(now.Format("2006-01-02"), func(t *testing.T) {
			cals := parseSample(t, now, loc)
			monday := weekStart(now, loc)
			tests := []struct {
				path  string
				day   int    // days after monday
				start string // local "15:04"
				check func(ev ical.Event) string
			}{
				{"personal/charity-gala.ics", 5, "19:00", nil},
				{"personal/lunch-grace.ics", 9, "12:30", locationHas("Brooklyn")},
				{"personal/cfo-mixer.ics", 2, "18:00", organizerIs("noreply@eventbrite.com")},
				{"personal/coffee-priya.ics", 0, "08:00", organizerIs("jane@home.example")},
				{"personal/hbs-alumni-reception.ics", 3, "18:30", locationHas("Harvard Club")},
				{"personal/zoom-elena.ics", 3, "12:00", locationHas("zoom.us")},
				{"personal/fintech-summit.ics", 8, "08:30", nil},
				{"personal/cfo-association-breakfast.ics", 1, "07:30", organizerIs("events@nyccfo-association.example")},
				{"personal/breakfast-ravi.ics", 4, "07:30", attendeeDomains("acme-corp.com", "meridian-health.example")},
				{"personal/board-dinner.ics", 10, "18:30", summaryHas("Board dinner")},
				{"personal/coffee-sam.ics", 10, "12:00", locationHas("1 Acme Plaza")},
				{"work/budget-review.ics", 1, "15:00", attendeeDomains("acme-corp.com")},
			}
			for _, tt := range tests {
				ev := master(t, cals[tt.path])
				start, err := ev.DateTimeStart(loc)
				want := at(monday, tt.day, tt.start)
				if err != nil || !start.Equal(want) {
					t.Errorf("%s starts %v (%v); want %v", tt.path, start, err, want)
				}
				if tt.check != nil {
					if msg := tt.check(ev); msg != "" {
						t.Errorf("%s: %s", tt.path, msg)
					}
				}
			}
			if d := master(t, cals["personal/charity-gala.ics"]); mustStart(t, d, loc).Weekday() != time.Saturday {
				t.Errorf("the gala is not on a Saturday")
			}
		})
	}
}

func TestSampleRecurringCoffee(t *testing.T) {
	loc := newYork(t)
	now := time.Date(2026, 12, 9, 10, 0, 0, 0, loc)
	monday := weekStart(now, loc)
	cal := parseSample(t, now, loc)["personal/coffee-tom.ics"]
	if master(t, cal).Props.Get(ical.PropRecurrenceRule) == nil {
		t.Fatal("the coffee series has no RRULE")
	}
	var moved, cancelled int
	for _, ev := range cal.Events() {
		rid := ev.Props.Get(ical.PropRecurrenceID)
		if rid == nil {
			continue
		}
		orig, _ := rid.DateTime(loc)
		start := mustStart(t, ev, loc)
		status, _ := ev.Status()
		switch {
		case status == ical.EventCancelled && orig.Equal(at(monday, 9, "08:30")):
			cancelled++
		case !start.Equal(orig) && orig.Equal(at(monday, 2, "08:30")) && start.Equal(at(monday, 3, "08:30")):
			moved++
		default:
			t.Errorf("unexpected override: RECURRENCE-ID %v, DTSTART %v, STATUS %s", orig, start, status)
		}
	}
	if moved != 1 || cancelled != 1 {
		t.Errorf("series has %d moved and %d cancelled occurrences; want 1 and 1", moved, cancelled)
	}
}

func TestAddSampleServesTheWeek(t *testing.T) {
	loc := newYork(t)
	now := time.Date(2026, 12, 9, 10, 0, 0, 0, loc)
	s := New("jane")
	if err := s.AddSample(now, loc); err != nil {
		t.Fatal(err)
	}
	c := newClient(t, newTest(t, s))
	monday := weekStart(now, loc)
	q := &caldav.CalendarQuery{CompFilter: caldav.CompFilter{Name: "VCALENDAR", Comps: []caldav.CompFilter{
		{Name: "VEVENT", Start: at(monday, 5, "00:00").UTC(), End: at(monday, 6, "00:00").UTC()},
	}}}
	objs, err := c.QueryCalendar(context.Background(), "/jane/calendars/personal/", q)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, o := range objs {
		got = append(got, o.Path)
	}
	if !slices.Equal(got, []string{"/jane/calendars/personal/charity-gala.ics"}) {
		t.Errorf("Saturday of the sample week holds %q; want only the gala", got)
	}
}

func TestSampleConfigYAML(t *testing.T) {
	data := SampleConfigYAML("http://127.0.0.1:5232/")
	var cfg config.Config
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&cfg); err != nil {
		t.Fatalf("sample config does not decode strictly: %v", err)
	}
	checks := []struct {
		name      string
		got, want any
	}{
		{"timezone", cfg.Timezone, "America/New_York"},
		{"caldav.url", cfg.CalDAV.URL, "http://127.0.0.1:5232/"},
		{"caldav.password_env", cfg.CalDAV.PasswordEnv, SampleConfigPasswordEnv},
		{"me.emails", strings.Join(cfg.Me.Emails, ","), "jane@home.example"},
		{"employer.domains", strings.Join(cfg.Employer.Domains, ","), "acme-corp.com"},
		{"employer.confidential", cfg.Employer.Confidential, true},
		{"classify rule", cfg.Classify.Rules[0].Name, "board dinners"},
		{"limits.hours_per_week", cfg.Limits.HoursPerWeek, 6.0},
		{"limits.max_travel_minutes", cfg.Limits.MaxTravelMinutes, 45},
		{"zones", len(cfg.Limits.Zones), 3},
		{"conference cap", *cfg.Limits.Types["conference"].MaxPerWeek, 1},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %v; want %v", c.name, c.got, c.want)
		}
	}
}

func mustStart(t *testing.T, ev ical.Event, loc *time.Location) time.Time {
	t.Helper()
	start, err := ev.DateTimeStart(loc)
	if err != nil {
		t.Fatal(err)
	}
	return start
}

func locationHas(s string) func(ical.Event) string {
	return func(ev ical.Event) string {
		if l, _ := ev.Props.Text(ical.PropLocation); !strings.Contains(l, s) {
			return "LOCATION " + l + " lacks " + s
		}
		return ""
	}
}

func summaryHas(s string) func(ical.Event) string {
	return func(ev ical.Event) string {
		if v := ev.Props.Get(ical.PropSummary); v == nil || !strings.Contains(v.Value, s) {
			return "SUMMARY lacks " + s
		}
		return ""
	}
}

func organizerIs(email string) func(ical.Event) string {
	return func(ev ical.Event) string {
		if o := ev.Props.Get(ical.PropOrganizer); o == nil || o.Value != "mailto:"+email {
			return "ORGANIZER is not " + email
		}
		return ""
	}
}

// attendeeDomains wants exactly these attendee domains, in any order.
func attendeeDomains(domains ...string) func(ical.Event) string {
	return func(ev ical.Event) string {
		var got []string
		for _, a := range ev.Props.Values(ical.PropAttendee) {
			if _, d, ok := strings.Cut(a.Value, "@"); ok && !slices.Contains(got, d) {
				got = append(got, d)
			}
		}
		slices.Sort(got)
		want := slices.Sorted(slices.Values(domains))
		if !slices.Equal(got, want) {
			return "attendee domains " + strings.Join(got, ",") + "; want " + strings.Join(want, ",")
		}
		return ""
	}
}
