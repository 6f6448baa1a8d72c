package davserver

import "time"

// The sample: two weeks (the week of now and the next) of a New York
// executive, Jane Doe, in a confidential job search while employed at
// acme-corp.com. Each event is there to exercise one part of netsyncd: who
// organised it (active or passive), where it is (zones, travel, a blocked
// place), when (allowed times), who attends (confidentiality), recurrence.

const (
	janeHome = "Jane Doe <jane@home.example>"
	janeWork = "Jane Doe <jane.doe@acme-corp.com>"
	mark     = "Mark Ellis <mark.ellis@acme-corp.com>"
	raj      = "Raj Patel <raj.patel@acme-corp.com>"
	susan    = "Susan Wu <susan.wu@acme-corp.com>"
)

// sampleEvent is one calendar object of the sample. day counts from the
// Monday of now's week; start is a wall-clock "15:04" in the sample's zone.
type sampleEvent struct {
	cal, slug  string
	day        int
	start      string
	dur        time.Duration
	allDay     bool
	summary    string
	location   string
	desc       string
	url        string
	organizer  string
	attendees  []string
	rrule      string
	transp     string
	categories string
	overrides  []sampleOverride
}

// sampleOverride changes one occurrence (RFC 5545 RECURRENCE-ID) of a
// series: moved to another day and time, or cancelled.
type sampleOverride struct {
	day       int // the occurrence's original day
	newDay    int
	newStart  string
	cancelled bool
}

var sampleEvents = []sampleEvent{
	// Week of now.
	{cal: "personal", slug: "gym", day: 0, start: "06:30", dur: time.Hour, summary: "Gym",
		location: "Equinox, 5th Ave & 43rd St, Midtown", rrule: "FREQ=WEEKLY;BYDAY=MO,WE,FR;COUNT=6"},
	{cal: "personal", slug: "coffee-priya", day: 0, start: "08:00", dur: 45 * time.Minute,
		summary: "Coffee with Priya Raman", location: "Blue Bottle Coffee, 1 Rockefeller Plaza, Midtown",
		desc:      "Priya is CFO at Northwind Capital. Ask how they found their last COO.",
		organizer: janeHome, attendees: []string{"Priya Raman <priya.raman@northwind-capital.com>"}},
	{cal: "work", slug: "leadership-sync", day: -7, start: "09:30", dur: time.Hour,
		summary: "Weekly leadership sync", location: "1 Acme Plaza, 30th floor",
		organizer: mark, attendees: []string{janeWork, raj, susan}, rrule: "FREQ=WEEKLY;BYDAY=MO"},
	{cal: "personal", slug: "cfo-association-breakfast", day: 1, start: "07:30", dur: 90 * time.Minute,
		summary: "NYC CFO Association monthly breakfast", location: "The Yale Club, 50 Vanderbilt Ave, Midtown",
		url:       "https://nyccfo-association.example/events/monthly-breakfast",
		organizer: "NYC CFO Association <events@nyccfo-association.example>", attendees: []string{janeHome}},
	{cal: "personal", slug: "lunch-marcus", day: 1, start: "12:00", dur: 75 * time.Minute,
		summary: "Lunch with Marcus Bell", location: "Le Bernardin, 155 W 51st St, Midtown",
		organizer: janeHome, attendees: []string{"Marcus Bell <marcus.bell@hudsonbridge.example>"}},
	{cal: "work", slug: "budget-review", day: 1, start: "15:00", dur: time.Hour,
		summary: "Q4 budget review", location: "1 Acme Plaza, Room 3012",
		organizer: janeWork, attendees: []string{raj, susan}},
	{cal: "personal", slug: "school-pickup", day: 1, start: "15:15", dur: 30 * time.Minute,
		summary: "School pickup", location: "PS 41, 116 W 11th St", rrule: "FREQ=WEEKLY;BYDAY=TU,TH;COUNT=4"},
	{cal: "personal", slug: "coffee-tom", day: -12, start: "08:30", dur: 45 * time.Minute,
		summary: "Coffee with Tom Nguyen", location: "Ground Central Coffee, 5th Ave & 52nd St, Midtown",
		organizer: janeHome, attendees: []string{"Tom Nguyen <tom.nguyen@lumen-ventures.example>"},
		rrule:     "FREQ=WEEKLY;BYDAY=WE",
		overrides: []sampleOverride{{day: 2, newDay: 3, newStart: "08:30"}, {day: 9, cancelled: true}}},
	{cal: "work", slug: "roadmap-review", day: 2, start: "12:30", dur: time.Hour,
		summary: "Product roadmap review", location: "1 Acme Plaza, Room 3001",
		organizer: susan, attendees: []string{janeWork, mark}},
	{cal: "personal", slug: "dentist", day: 2, start: "15:00", dur: 45 * time.Minute,
		summary: "Dentist - Dr. Feldman", location: "Park Avenue Dental, 30 E 40th St"},
	{cal: "personal", slug: "cfo-mixer", day: 2, start: "18:00", dur: 2 * time.Hour,
		summary: "CFO Mixer: Finance Leaders NYC", location: "The Ainsworth, 45 E 33rd St, Midtown",
		desc:      "Order #4815162342. Hosted by Finance Leaders NYC on Eventbrite.",
		url:       "https://www.eventbrite.com/e/cfo-mixer-finance-leaders-nyc-tickets-812345678901",
		organizer: "Finance Leaders NYC <noreply@eventbrite.com>", attendees: []string{janeHome}},
	{cal: "personal", slug: "zoom-elena", day: 3, start: "12:00", dur: 45 * time.Minute,
		summary: "Zoom catch-up with Elena Petrova", location: "https://us02web.zoom.us/j/81234567890",
		desc:      "Join Zoom Meeting: https://us02web.zoom.us/j/81234567890",
		organizer: janeHome, attendees: []string{"Elena Petrova <elena.petrova@brightline-advisors.example>"}},
	{cal: "personal", slug: "hbs-alumni-reception", day: 3, start: "18:30", dur: 2 * time.Hour,
		summary: "HBS alumni reception", location: "Harvard Club of New York, 35 W 44th St, Midtown",
		organizer: "HBS Club of New York <events@hbscny.example>", attendees: []string{janeHome}},
	{cal: "personal", slug: "breakfast-ravi", day: 4, start: "07:30", dur: time.Hour,
		summary: "Breakfast with Ravi Shah and Lisa Chen", location: "Sarabeth's, 40 Central Park S, Midtown",
		desc:      "Ravi asked to bring Lisa along.",
		organizer: janeHome, attendees: []string{"Ravi Shah <ravi.shah@meridian-health.example>", "Lisa Chen <lisa.chen@acme-corp.com>"}},
	{cal: "work", slug: "one-on-one-mark", day: 4, start: "10:00", dur: time.Hour,
		summary: "1:1 Jane / Mark", location: "1 Acme Plaza, 31st floor",
		organizer: mark, attendees: []string{janeWork}},
	{cal: "personal", slug: "charity-gala", day: 5, start: "19:00", dur: 4 * time.Hour,
		summary: "City Harvest Gala", location: "Cipriani 42nd Street, 110 E 42nd St, Midtown",
		desc:      "Black tie. Table 12.",
		organizer: "City Harvest Events <gala@cityharvest-events.example>", attendees: []string{janeHome}},
	{cal: "personal", slug: "mom-birthday", day: 6, allDay: true, summary: "Mom's birthday", transp: "TRANSPARENT"},

	// The next week.
	{cal: "personal", slug: "coffee-owen", day: 7, start: "08:00", dur: 45 * time.Minute,
		summary: "Coffee with Owen Blake", location: "Bluestone Lane, 30 Broad St, Downtown",
		organizer: janeHome, attendees: []string{"Owen Blake <owen.blake@harborpoint.example>"}},
	{cal: "personal", slug: "fintech-summit", day: 8, start: "08:30", dur: 9 * time.Hour,
		summary: "FinTech Leaders Summit", location: "Javits Center, 429 11th Ave",
		url:        "https://fintechleaders-summit.example/agenda",
		categories: "Conference",
		organizer:  "FinTech Leaders Summit <registration@fintechleaders-summit.example>", attendees: []string{janeHome}},
	{cal: "personal", slug: "lunch-grace", day: 9, start: "12:30", dur: 75 * time.Minute,
		summary: "Lunch with Grace Park", location: "Olmsted, 659 Vanderbilt Ave, Brooklyn",
		organizer: janeHome, attendees: []string{"Grace Park <grace.park@atlas-robotics.example>"}},
	{cal: "work", slug: "board-prep", day: 9, start: "15:00", dur: 90 * time.Minute,
		summary: "Board prep", location: "1 Acme Plaza, Boardroom",
		organizer: mark, attendees: []string{janeWork, raj}},
	{cal: "personal", slug: "coffee-sam", day: 10, start: "12:00", dur: 45 * time.Minute,
		summary: "Coffee with Sam Ortiz", location: "Lobby cafe, 1 Acme Plaza",
		organizer: janeHome, attendees: []string{"Sam Ortiz <sam.ortiz@kestrel-search.example>"}},
	{cal: "personal", slug: "board-dinner", day: 10, start: "18:30", dur: 150 * time.Minute,
		summary: "Board dinner, Hudson Valley Trust", location: "Gramercy Tavern, 42 E 20th St",
		organizer: "Alice Moreno <alice.moreno@hudsonvalleytrust.example>", attendees: []string{janeHome}},
	{cal: "work", slug: "all-hands", day: 11, start: "14:00", dur: time.Hour,
		summary: "Quarterly all-hands", location: "1 Acme Plaza, Auditorium",
		organizer: mark, attendees: []string{janeWork, raj, susan}},
	{cal: "personal", slug: "drinks-jordan", day: 11, start: "17:30", dur: 90 * time.Minute,
		summary: "Drinks with Jordan Lee", location: "The Campbell, Grand Central Terminal, Midtown",
		organizer: janeHome, attendees: []string{"Jordan Lee <jordan.lee@peakview.example>"}},
}
