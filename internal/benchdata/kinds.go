package benchdata

import (
	"fmt"
	"strings"
	"time"
)

// spec is one generated calendar object before it is written.
type spec struct {
	uid, summary, location, desc, url string
	start                             time.Time
	length                            time.Duration
	allDay                            bool
	days                              int // length of an all-day event
	organizer                         string
	attendees                         []string // "Name <email>"
	rrule                             string
	exdates                           []time.Time
	overrides                         []time.Time // instances moved one hour later
	alarm                             bool
	networking                        bool
}

var (
	firstNames = []string{"Sarah", "Tom", "Ana", "David", "Priya", "Michael", "Elena", "James", "Mei", "Robert",
		"Laura", "Carlos", "Fatima", "Peter", "Grace", "Omar", "Julia", "Kenji", "Nora", "Samuel"}
	lastNames = []string{"Chen", "Reyes", "Ruiz", "Okafor", "Patel", "Schmidt", "Rossi", "Kim", "Walsh", "Novak",
		"Haddad", "Larsen", "Moreau", "Silva", "Tanaka", "Byrne", "Fischer", "Costa", "Singh", "Ward"}
	firms = []string{"bain.com", "reyes-capital.com", "kkr.example", "spencerstuart.com", "blackstone.example",
		"mckinsey.example", "carlyle.example", "ruiz-partners.com", "evercore.example", "lazard.example"}
	cafes       = []string{"Blue Bottle, 5th Ave, Midtown", "Joe Coffee, Park Ave, Midtown", "La Colombe, Tribeca", "Maison Kayser, Midtown", "Devoción, Williamsburg, Brooklyn"}
	restaurants = []string{"Balthazar, 80 Spring St, SoHo", "The Modern, 9 W 53rd St, Midtown", "Marea, 240 Central Park S", "Nobu, Tribeca", "Le Bernardin, 155 W 51st St"}
	venues      = []string{"The Yale Club, 50 Vanderbilt Ave, Midtown", "Harvard Club, 35 W 44th St", "Convene, 101 Park Ave, Midtown", "WeWork, Wall St, FiDi"}
	orgs        = []string{"NYC CFO Forum", "Private Equity Women's Network", "Columbia Alumni in Finance", "NACD New York", "Fintech Leaders"}
	topics      = []string{"Q%d planning", "Budget review", "Vendor call: Oracle", "Board deck prep", "Hiring committee", "Ops review",
		"Audit committee prep", "Pricing workshop", "Quarterly business review", "All hands"}
	errands = []string{"Dentist", "Doctor's appointment", "Kids' soccer game", "Dinner with family", "Parent-teacher conference",
		"Car service", "Haircut", "Pick up dry cleaning", "Tennis with Mark", "Theatre: Hamilton"}
)

func (g *gen) person(domain string) string {
	first, last := pick(g, firstNames), pick(g, lastNames)
	if domain == "" {
		domain = pick(g, firms)
	}
	return fmt.Sprintf("%s %s <%s.%s@%s>", first, last, strings.ToLower(first), strings.ToLower(last), domain)
}

func name(person string) string { n, _, _ := strings.Cut(person, " <"); return n }

// networking is one networking event: mostly self-arranged one-on-ones,
// sometimes a mixer someone else organises.
func (g *gen) networking() spec {
	d := g.anyDay()
	other := g.person("")
	ev := spec{networking: true, organizer: "Jane Doe <" + Me + ">", attendees: []string{other}, alarm: true}
	switch k := g.r.IntN(10); {
	case k < 4:
		ev.summary, ev.location, ev.start, ev.length = "Coffee with "+name(other), pick(g, cafes), g.at(d, 8, 10), 45*time.Minute
	case k < 7:
		ev.summary, ev.location, ev.start, ev.length = "Lunch with "+name(other), pick(g, restaurants), g.at(d, 12, 13), time.Hour
	case k < 8:
		ev.summary, ev.location, ev.start, ev.length = "Breakfast with "+name(other), pick(g, cafes), g.at(d, 7, 8), time.Hour
	default:
		org := pick(g, orgs)
		ev.summary, ev.location, ev.start, ev.length = org+" Networking Mixer", pick(g, venues), g.at(d, 18, 19), 2*time.Hour
		slug := strings.ToLower(strings.NewReplacer(" ", "-", "'", "").Replace(org))
		ev.url = fmt.Sprintf("https://www.eventbrite.com/e/%s-mixer-%d", slug, 100000+g.r.IntN(900000))
		ev.organizer = "Events <events@" + strings.ReplaceAll(slug, "-", "") + ".org>"
		ev.attendees = []string{"Jane Doe <" + Me + ">"}
		ev.desc = "Join senior finance leaders for an evening of conversation.\nRegistration: " + ev.url
	}
	return ev
}

// meeting is an internal meeting at the employer.
func (g *gen) meeting() spec {
	d := g.anyDay()
	boss := "Pat Morgan <pat.morgan@" + Employer + ">"
	ev := spec{summary: topic(pick(g, topics), 1+g.r.IntN(4)), start: g.at(d, 8, 17),
		length: time.Duration(1+g.r.IntN(4)) * 30 * time.Minute, organizer: boss,
		location:  fmt.Sprintf("Acme HQ, 1 Acme Plaza, Room %d", 100+g.r.IntN(40)),
		attendees: []string{"Jane Doe <" + Me + ">", g.person(Employer), g.person(Employer)}}
	ev.desc = "Agenda:\n1. Status\n2. Risks and open questions\n3. Next steps\nDial-in: +1 212 555 0100, PIN " + fmt.Sprint(100000+g.r.IntN(900000))
	ev.alarm = g.r.IntN(3) == 0
	return ev
}

// personal is a personal appointment; one in ten is an all-day event.
func (g *gen) personal() spec {
	d := g.anyDay()
	if g.r.IntN(10) == 0 {
		return spec{summary: pick(g, []string{"Vacation", "Conference trip", "Kids off school"}), start: d, allDay: true, days: 1 + g.r.IntN(5)}
	}
	ev := spec{summary: pick(g, errands), start: g.at(d, 7, 20), length: time.Duration(1+g.r.IntN(3)) * 30 * time.Minute}
	ev.alarm = g.r.IntN(2) == 0
	return ev
}

// series is a recurring event: a daily stand-up, a weekly meeting or
// personal habit, or a monthly review, some with EXDATEs and overrides.
func (g *gen) series() spec {
	d := g.day(g.r.IntN(665) - 365)
	var ev spec
	var step func(time.Time, int) time.Time
	switch k := g.r.IntN(10); {
	case k < 2:
		ev = g.meeting()
		ev.summary, ev.length = "Daily stand-up", 15*time.Minute
		ev.rrule, step = "FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR", weekdays
		for d.Weekday() == time.Saturday || d.Weekday() == time.Sunday {
			d = d.AddDate(0, 0, 1)
		}
	case k < 6:
		ev = g.meeting()
		ev.summary = pick(g, []string{"1:1 with Pat", "Leadership team sync", "Finance weekly", "Treasury review"})
		ev.rrule, step = "FREQ=WEEKLY", weekly
	case k < 8:
		ev = g.personal()
		ev.summary, ev.allDay, ev.length = pick(g, []string{"Gym", "Piano lesson (Emma)", "Soccer practice", "Yoga"}), false, time.Hour
		ev.rrule, step = "FREQ=WEEKLY", weekly
	default:
		ev = g.meeting()
		ev.summary = "Monthly forecast review"
		ev.rrule, step = "FREQ=MONTHLY", monthly
		d = time.Date(d.Year(), d.Month(), min(d.Day(), 28), 0, 0, 0, 0, g.loc)
	}
	ev.start = time.Date(d.Year(), d.Month(), d.Day(), ev.start.Hour(), ev.start.Minute(), 0, 0, g.loc)
	return g.recur(ev, step)
}

// networkingSeries is a recurring networking habit: a monthly alumni
// breakfast, or a standing coffee with a mentor.
func (g *gen) networkingSeries() spec {
	ev := g.networking()
	d := g.day(g.r.IntN(665) - 365)
	d = time.Date(d.Year(), d.Month(), min(d.Day(), 28), 0, 0, 0, 0, g.loc)
	ev.start = time.Date(d.Year(), d.Month(), d.Day(), ev.start.Hour(), ev.start.Minute(), 0, 0, g.loc)
	if g.r.IntN(2) == 0 {
		ev.summary, ev.rrule = "Columbia alumni breakfast", "FREQ=MONTHLY"
		return g.recur(ev, monthly)
	}
	ev.rrule = "FREQ=WEEKLY;INTERVAL=2"
	return g.recur(ev, func(t time.Time, k int) time.Time { return weekly(t, 2*k) })
}

// recur ends the series (a COUNT, an UNTIL, or never) and adds EXDATEs and
// overrides on real instances.
func (g *gen) recur(ev spec, step func(time.Time, int) time.Time) spec {
	n := 10 + g.r.IntN(120)
	switch g.r.IntN(3) {
	case 0:
		ev.rrule += fmt.Sprintf(";COUNT=%d", n)
	case 1:
		ev.rrule += ";UNTIL=" + step(ev.start, n-1).UTC().Format("20060102T150405Z")
	default:
		n = 400 // open-ended: exceptions among the first instances
	}
	if g.r.IntN(3) == 0 {
		for range 1 + g.r.IntN(3) {
			ev.exdates = append(ev.exdates, step(ev.start, 1+g.r.IntN(n-1)))
		}
	}
	if g.r.IntN(4) == 0 {
		ev.overrides = append(ev.overrides, step(ev.start, 1+g.r.IntN(n-1)))
	}
	return ev
}

func weekly(t time.Time, k int) time.Time  { return t.AddDate(0, 0, 7*k) }
func monthly(t time.Time, k int) time.Time { return t.AddDate(0, k, 0) }

// weekdays is the k-th weekday after t (t is a weekday).
func weekdays(t time.Time, k int) time.Time {
	for k > 0 {
		t = t.AddDate(0, 0, 1)
		if t.Weekday() != time.Saturday && t.Weekday() != time.Sunday {
			k--
		}
	}
	return t
}

// topic fills a topic's quarter number, if it has one ("Q%d planning").
func topic(t string, q int) string {
	if strings.Contains(t, "%d") {
		return fmt.Sprintf(t, q)
	}
	return t
}
