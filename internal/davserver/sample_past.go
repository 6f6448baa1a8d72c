package davserver

import "time"

// samplePast is Jane's networking of the months before the sample's two
// weeks, so that the people ledger (`netsyncd people`) has a history: some
// of the people she meets this week and next she met before, at her own
// coffees and at hosts' events; a few are due for a reconnect. Everything
// is at least three weeks back, outside the demo's window.past, so the
// pass, explain and report of the two weeks are not changed by it.
var samplePast = []sampleEvent{
	{cal: "personal", slug: "past-drinks-jordan-sam", day: -140, start: "18:00", dur: 90 * time.Minute,
		summary: "Drinks with Jordan Lee & Sam Ortiz", location: "The Campbell, Grand Central Terminal, Midtown"},
	{cal: "personal", slug: "past-coffee-priya", day: -120, start: "08:00", dur: 45 * time.Minute,
		summary: "Coffee with Priya Raman", location: "Blue Bottle Coffee, 1 Rockefeller Plaza, Midtown",
		organizer: janeHome, attendees: []string{"Priya Raman <priya.raman@northwind-capital.com>"}},
	{cal: "personal", slug: "past-coffee-dana", day: -105, start: "08:30", dur: 45 * time.Minute,
		summary: "Coffee w/ Dana Whitfield (Lazard)", location: "Ground Central Coffee, 5th Ave & 52nd St, Midtown"},
	{cal: "personal", slug: "past-cfo-mixer", day: -98, start: "18:00", dur: 2 * time.Hour,
		summary: "CFO Mixer: Finance Leaders NYC", location: "The Ainsworth, 45 E 33rd St, Midtown",
		desc:      "Hosted by Finance Leaders NYC on Eventbrite.",
		url:       "https://www.eventbrite.com/e/cfo-mixer-finance-leaders-nyc-tickets-712345678901",
		organizer: "Finance Leaders NYC <noreply@eventbrite.com>",
		attendees: []string{janeHome, "Marcus Bell <marcus.bell@hudsonbridge.example>", "Grace Park <grace.park@atlas-robotics.example>"}},
	{cal: "personal", slug: "past-hbs-reception", day: -91, start: "18:30", dur: 2 * time.Hour,
		summary: "HBS alumni reception", location: "Harvard Club of New York, 35 W 44th St, Midtown",
		organizer: "HBS Club of New York <events@hbscny.example>",
		attendees: []string{janeHome, "Kevin O'Brien <kevin.obrien@lakeshore-partners.example>"}},
	{cal: "personal", slug: "past-coffee-marcus", day: -84, start: "08:00", dur: 45 * time.Minute,
		summary: "Coffee with Marcus Bell", location: "Bluestone Lane, 30 Broad St, Downtown",
		organizer: janeHome, attendees: []string{"Marcus Bell <marcus.bell@hudsonbridge.example>"}},
	{cal: "personal", slug: "past-drinks-jordan", day: -77, start: "17:30", dur: 90 * time.Minute,
		summary: "Drinks with Jordan Lee", location: "The Campbell, Grand Central Terminal, Midtown",
		organizer: janeHome, attendees: []string{"Jordan Lee <jordan.lee@peakview.example>"}},
	{cal: "personal", slug: "past-lunch-nadia", day: -88, start: "12:30", dur: 75 * time.Minute,
		summary: "Lunch with Nadia Haddad", location: "Le Bernardin, 155 W 51st St, Midtown",
		desc:      "Nadia chairs the audit committee at Meridian Health.",
		organizer: janeHome, attendees: []string{"Nadia Haddad <nadia.haddad@crestline-partners.example>"}},
	{cal: "personal", slug: "past-breakfast-chris", day: -73, start: "07:30", dur: time.Hour,
		summary: "Breakfast w/ Chris Evans (Spencer Stuart)", location: "Sarabeth's, 40 Central Park S, Midtown"},
	{cal: "personal", slug: "past-lunch-ravi", day: -70, start: "12:00", dur: 75 * time.Minute,
		summary: "Lunch with Ravi Shah", location: "Sarabeth's, 40 Central Park S, Midtown",
		organizer: janeHome, attendees: []string{"Ravi Shah <ravi.shah@meridian-health.example>"}},
	{cal: "personal", slug: "past-lunch-priya", day: -63, start: "12:30", dur: 75 * time.Minute,
		summary: "Lunch with Priya Raman", location: "Le Bernardin, 155 W 51st St, Midtown",
		organizer: janeHome, attendees: []string{"Priya Raman <priya.raman@northwind-capital.com>"}},
	{cal: "personal", slug: "past-cfo-breakfast", day: -56, start: "07:30", dur: 90 * time.Minute,
		summary: "NYC CFO Association monthly breakfast", location: "The Yale Club, 50 Vanderbilt Ave, Midtown",
		url:       "https://nyccfo-association.example/events/monthly-breakfast",
		organizer: "NYC CFO Association <events@nyccfo-association.example>",
		attendees: []string{janeHome, "Owen Blake <owen.blake@harborpoint.example>", "Kevin O'Brien <kevin.obrien@lakeshore-partners.example>"}},
	{cal: "work", slug: "past-leadership-offsite", day: -49, start: "09:00", dur: 6 * time.Hour,
		summary: "Leadership offsite", location: "1 Acme Plaza, 40th floor",
		organizer: mark, attendees: []string{janeWork, raj, susan}},
	{cal: "personal", slug: "past-board-dinner", day: -42, start: "18:30", dur: 150 * time.Minute,
		summary: "Board dinner, Hudson Valley Trust", location: "Gramercy Tavern, 42 E 20th St",
		organizer: "Alice Moreno <alice.moreno@hudsonvalleytrust.example>", attendees: []string{janeHome}},
	{cal: "personal", slug: "past-coffee-kevin", day: -28, start: "08:00", dur: 45 * time.Minute,
		summary: "Coffee with Kevin O'Brien", location: "Blue Bottle Coffee, 1 Rockefeller Plaza, Midtown",
		organizer: janeHome, attendees: []string{"Kevin O'Brien <kevin.obrien@lakeshore-partners.example>"}},
}

// pastDays is how far back samplePast reaches: the sample's VTIMEZONE
// covers it.
const pastDays = 150
