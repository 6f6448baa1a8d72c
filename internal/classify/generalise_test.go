package classify

import (
	"strings"
	"testing"
	"time"

	"github.com/netsyncd/netsyncd/internal/event"
)

// kindCase is one small event of a kind the classifier must read the same
// way on any calendar, with the fields it must get.
type kindCase struct {
	name string
	edit func(o *event.Occurrence)
	net  bool
	mode Mode   // checked when net
	typ  string // checked when net and not ""
	in   *bool  // checked when not nil
	poss bool   // checked when !net: possible networking, so exposure checks run
}

func checkKinds(t *testing.T, cases []kindCase) {
	t.Helper()
	c := mustNew(t, testConfig())
	for _, k := range cases {
		o := testOccurrence("")
		k.edit(o)
		got := c.Classify(o)
		why := strings.Join(got.Reasons, "\n\t")
		switch {
		case got.Networking != k.net:
			t.Errorf("%s: networking %v; want %v\n\t%s", k.name, got.Networking, k.net, why)
		case k.net && k.mode != "" && got.Mode != k.mode:
			t.Errorf("%s: mode %s; want %s\n\t%s", k.name, got.Mode, k.mode, why)
		case k.net && k.typ != "" && got.Type != k.typ:
			t.Errorf("%s: type %s; want %s\n\t%s", k.name, got.Type, k.typ, why)
		case k.in != nil && got.InPerson != *k.in:
			t.Errorf("%s: in_person %v; want %v\n\t%s", k.name, got.InPerson, *k.in, why)
		case !k.net && k.poss && !got.Possible:
			t.Errorf("%s: not possible networking; want exposure checks\n\t%s", k.name, why)
		}
	}
}

// TestRegionalWords: the meal, coffee, call and board words of Catalan,
// Quebec French, Swiss German and Flemish, and a working group of a body.
func TestRegionalWords(t *testing.T) {
	yes, no := ptr(true), ptr(false)
	checkKinds(t, []kindCase{
		{name: "Catalan lunch with a named person", edit: func(o *event.Occurrence) {
			o.Summary, o.Location = "Dinar amb la Carme", "Restaurant Can Culleretes"
			o.Organizer = "jane@home.example"
			o.Attendees = []event.Attendee{{Email: "jane@home.example"}, {Email: "carme.puig@inditex.com"}}
		}, net: true, mode: Active, typ: "meal"},
		{name: "Catalan breakfast with a search firm", edit: func(o *event.Occurrence) {
			o.Summary, o.Location = "Esmorzar – Spencer Stuart", "Hotel Majestic, Passeig de Gràcia 68"
		}, net: true, mode: Active, typ: "meal"},
		{name: "Swiss German dinner with a name", edit: func(o *event.Occurrence) {
			o.Summary, o.Description = "Znacht Urs Keller", "Urs Keller, Partner bei Bär & Karrer"
		}, net: true, mode: Active, typ: "meal"},
		{name: "Quebec quick chat", edit: func(o *event.Occurrence) {
			o.Summary, o.Location = "Jase avec Mathieu", "Café Olimpico"
		}, net: true, mode: Active, typ: "one_on_one"},
		{name: "Flemish call noted with a search firm", edit: func(o *event.Occurrence) {
			o.Summary, o.Description = "Bel Sofie", "Sofie – Korn Ferry, belt op gsm"
		}, net: true, typ: "remote", in: no},
		{name: "Catalan call", edit: func(o *event.Occurrence) {
			o.Summary, o.Description = "Trucada Jordi", "Jordi (Egon Zehnder)"
		}, net: true, typ: "remote", in: no},
		{name: "a body's working group, sent to me alone", edit: func(o *event.Occurrence) {
			o.Summary, o.Location = "Agoria – werkgroep Finance", "Agoria, Diamant Building, Brussel"
			o.Organizer = "wg-finance@agoria.be"
			o.Attendees = []event.Attendee{{Email: "wg-finance@agoria.be"}, {Email: "jane@home.example"}}
		}, net: true, mode: Passive, typ: "association"},
		{name: "a dinner talk at a club, French word order", edit: func(o *event.Occurrence) {
			o.Summary, o.Location = "Cercle Interallié – dîner-débat", "33 rue du Faubourg Saint-Honoré"
		}, net: true, mode: Passive},
		{name: "supper at a couple's home", edit: func(o *event.Occurrence) {
			o.Summary = "Souper chez Luc et Marie"
		}, net: false},
		{name: "a restaurant called Chez", edit: func(o *event.Occurrence) {
			o.Summary, o.Organizer = "Dîner Chez Georges", "jane@home.example"
			o.Attendees = []event.Attendee{{Email: "jane@home.example"}, {Email: "paul.m@ardian.com"}}
		}, net: true, typ: "meal"},
		{name: "an online summit on a platform", edit: func(o *event.Occurrence) {
			o.Summary, o.Location, o.URL = "Finance Leaders Summit", "Online (Hopin)", "https://hopin.com/events/fls"
		}, net: true, typ: "remote", in: no},
		{name: "a breakfast in the room and online", edit: func(o *event.Occurrence) {
			o.Summary, o.Location = "Future of Finance Breakfast – Gent & online", "ICC, Van Rysselberghedreef 2, Gent"
			o.URL, o.Description = "https://www.linkedin.com/events/123/", "Ter plaatse of via livestream."
		}, net: true, in: yes},
	})
}

// TestPrivateLife: friends, birthdays and neighbours named the way people
// write them are not networking; a contact's coffee or a dinner with a
// person whose name ends in s still is.
func TestPrivateLife(t *testing.T) {
	checkKinds(t, []kindCase{
		{name: "drinks with the lads", edit: func(o *event.Occurrence) { o.Summary = "Christmas drinks with the lads" }},
		{name: "a round birthday", edit: func(o *event.Occurrence) { o.Summary = "Dinner Papa 70" }},
		{name: "a neighbour in the notes", edit: func(o *event.Occurrence) {
			o.Summary, o.Description = "Koffie Bart", "buurman – over de tuinmuur"
		}},
		{name: "a dinner with Thomas", edit: func(o *event.Occurrence) {
			o.Summary, o.Location = "Dinner with Thomas", "Balthazar, 80 Spring St"
		}, net: true, typ: "meal"},
		{name: "a summit of a year", edit: func(o *event.Occurrence) { o.Summary = "CFO Summit 2027" }, net: true, typ: "conference"},
		{name: "a table of ten", edit: func(o *event.Occurrence) {
			o.Summary = "Women in Finance Gala 2026"
		}, net: true, typ: "social"},
	})
}

// TestGatheringWords: the names of talks, launches, workshops, fairs and
// hospitality in the seven languages name the kind of a networking event.
func TestGatheringWords(t *testing.T) {
	checkKinds(t, []kindCase{
		{name: "Spanish talk", edit: func(o *event.Occurrence) { o.Summary = "Charla: IA en banca – APD" }, net: true, mode: Passive},
		{name: "Dutch lecture", edit: func(o *event.Occurrence) { o.Summary = "Lezing Deloitte: de CFO in 2030" }, net: true, mode: Passive, typ: "event"},
		{name: "Italian launch", edit: func(o *event.Occurrence) { o.Summary = "Presentazione del rapporto Assolombarda" }, net: true, mode: Passive},
		{name: "Italian fair", edit: func(o *event.Occurrence) {
			o.Summary, o.Location = "Salone del Risparmio", "Allianz MiCo, Milano"
		}, net: true, mode: Passive, typ: "conference"},
		{name: "Wimbledon in a firm's box", edit: func(o *event.Occurrence) {
			o.Summary, o.Organizer = "Wimbledon – Rothschild debenture box", "hospitality@rothschildandco.com"
			o.Attendees = []event.Attendee{{Email: "hospitality@rothschildandco.com"}, {Email: "jane@home.example"}, {Email: "a.b@kkr.com"}, {Email: "c.d@bain.com"}}
		}, net: true, typ: "social"},
		{name: "a condominium meeting", edit: func(o *event.Occurrence) { o.Summary = "Assemblea condominiale" }},
	})
}

// TestPeopleAndBoxes: a game with someone named after a dash is one I
// booked; a firm's box is its hospitality; a French charity board written
// "CA" is a board seat, not "CA" (chiffre d'affaires) in a title; a role in
// parentheses names a contact; a hunting day is a host's.
func TestPeopleAndBoxes(t *testing.T) {
	no := ptr(false)
	checkKinds(t, []kindCase{
		{name: "padel with someone named", edit: func(o *event.Occurrence) {
			o.Summary, o.Description = "Padel - Olivier D.", "Olivier Dupuis (CEO Septodont)"
		}, net: true, mode: Active, typ: "social"},
		{name: "revenue in a title", edit: func(o *event.Occurrence) { o.Summary = "CA mensuel – revue" }},
		{name: "a charity board written CA", edit: func(o *event.Occurrence) { o.Summary = "CA – Emmaüs Solidarité" },
			net: true, mode: Passive, typ: "social"},
		{name: "a hunting day", edit: func(o *event.Occurrence) {
			o.Summary, o.Description = "Montería – finca El Castañar", "Invitación de Grupo Barceló, 25 invitados"
		}, net: true, mode: Passive, typ: "social"},
		{name: "a coffee, a role in parentheses", edit: func(o *event.Occurrence) {
			o.Summary, o.Description = "Cafelito con Lola", "Lola Vera (CFO Abengoa)"
		}, net: true, mode: Active, typ: "one_on_one"},
		{name: "a call the location describes", edit: func(o *event.Occurrence) {
			o.Summary, o.Location = "Call – Spencer Stuart", "Anna to call my mobile"
		}, net: true, typ: "remote", in: no},
		{name: "dinner at a couple's", edit: func(o *event.Occurrence) { o.Summary = "Dinner at Jo & Pete's" }},
		{name: "dinner at a restaurant called X & Y", edit: func(o *event.Occurrence) {
			o.Summary, o.Organizer = "Dinner at Smith & Wollensky", "jane@home.example"
			o.Attendees = []event.Attendee{{Email: "jane@home.example"}, {Email: "r.ames@blackstone.com"}}
		}, net: true, typ: "meal"},
	})
}

// TestBlockedPlaceForms: the classifier finds a blocked place however the
// location writes it (the risk of a recruiter's coffee there depends on it).
func TestBlockedPlaceForms(t *testing.T) {
	cfg := testConfig()
	cfg.Limits.BlockedLocations = []string{"Avenida Diagonal 640", "Mythen-Quai 36", "7 Semple Street", "1250 René-Lévesque"}
	c := mustNew(t, cfg)
	for loc, want := range map[string]string{
		"Av. Diagonal, 640 – Auditori planta 0": "Avenida Diagonal 640",
		"MYTHENQUAI 36, 8002 Zürich":            "Mythen-Quai 36",
		"Atrium café, 7 Semple St, EH3 8BL":     "7 Semple Street",
		"1250 Rene Levesque O., hall":           "1250 René-Lévesque",
		"3 Semple Street Deli":                  "",
		"Diagonal 6400":                         "",
	} {
		o := testOccurrence("Coffee with Euan")
		o.Location = loc
		d := &doc{}
		d.reset(c, o)
		if got := c.blockedPlaceOf(d); got != want {
			t.Errorf("blocked place of %q = %q; want %q", loc, got, want)
		}
	}
}

// TestRecruiterPhrases: a recruiter's way of asking, in the notes of a
// coffee with a stranger, is a sign of a job search; the interviews I run
// are not.
func TestRecruiterPhrases(t *testing.T) {
	checkKinds(t, []kindCase{
		{name: "on behalf of a client", edit: func(o *event.Occurrence) {
			o.Summary, o.Description = "Coffee – Mark", "Mark reached out on behalf of a client (listed insurer)."
		}, net: true, mode: Active, typ: "one_on_one"},
		{name: "für einen Mandanten", edit: func(o *event.Occurrence) {
			o.Summary, o.Description = "Telefonat", "Herr Baum, für einen Mandanten aus der Versicherungsbranche"
		}, net: true, typ: "remote"},
		{name: "an interview I run", edit: func(o *event.Occurrence) {
			o.Summary, o.Calendar = "Interview – Head of Tax (shortlist, 1 of 3)", "Work"
		}},
	})
}

// TestPersonalOnWorkCalendar: a personal appointment typed onto the shared
// work calendar is most often the search, and a risk there; the dentist
// there is not networking.
func TestPersonalOnWorkCalendar(t *testing.T) {
	checkKinds(t, []kindCase{
		{name: "a personal call", edit: func(o *event.Occurrence) {
			o.Summary, o.Calendar = "Ligação Spencer (pessoal)", "Work"
		}, net: true, typ: "remote"},
		{name: "the dentist", edit: func(o *event.Occurrence) {
			o.Summary, o.Calendar = "Personal – dentist", "Work"
		}},
	})
	c := mustNew(t, testConfig())
	o := testOccurrence("Ligação Spencer (pessoal)")
	o.Calendar = "Work"
	if got := c.Classify(o); !got.ConfidentialRisk {
		t.Errorf("a personal call on the work calendar: no confidential risk\n\t%s", strings.Join(got.Reasons, "\n\t"))
	}
	o = testOccurrence("Personal – dentist")
	o.Calendar = "Work"
	if got := c.Classify(o); got.Possible || got.ConfidentialRisk {
		t.Errorf("the dentist on the work calendar: possible %v, risk %v\n\t%s", got.Possible, got.ConfidentialRisk, strings.Join(got.Reasons, "\n\t"))
	}
}

// TestHouseholdDomain: someone at a domain of my own that is not the
// employer's (a family's, "home.example" in the test config) is my
// household, not another organisation inviting me; the same invitation
// from a firm's domain is a contact's.
func TestHouseholdDomain(t *testing.T) {
	// A ski weekend sent by from, named name.
	weekend := func(from, name string) func(o *event.Occurrence) {
		return func(o *event.Occurrence) {
			o.Calendar, o.AllDay = "Family", true
			o.Start = time.Date(2026, 3, 7, 0, 0, 0, 0, newYork) // a Saturday
			o.End = o.Start.AddDate(0, 0, 2)
			o.Summary, o.Location = "Skiwochenende Oberstdorf", "Oberstdorf"
			o.Organizer, o.OrganizerName = from, name
			o.Attendees = []event.Attendee{{Email: from, Name: name}, {Email: "jane@home.example"}}
		}
	}
	checkKinds(t, []kindCase{
		{name: "a weekend away, sent by my spouse at our own domain", edit: weekend("tom@home.example", "Tom Doe"), net: false},
		{name: "the same, sent by someone at a firm", edit: weekend("tom.berger@berger-consulting.example", "Tom Berger"), net: true},
	})
}

// TestHouseholdDomainIsNamed: a domain of mine is a household's only when
// its name says so (a surname of my addresses, a household word); one I
// hold at a collective I belong to is an organisation, whose people invite
// me as contacts do (from a hostile review: "Bijpraten" from a fellow
// member was taken for family).
func TestHouseholdDomainIsNamed(t *testing.T) {
	cfg := testConfig()
	cfg.Me.Emails = []string{"marloes.jansen@acme-corp.com", "m.jansen@cfo-collectief.nl", "marloes@jansen-bakker.nl",
		"ines@angelbusinessclub.example"}
	c := mustNew(t, cfg)
	for _, k := range []struct {
		from string
		net  bool
	}{
		{"jeroen@cfo-collectief.nl", true}, // a fellow member of the collective
		{"pieter@jansen-bakker.nl", false}, // my husband, at our family's domain
		// A fellow angel: "ines" is a part of no name in "angelbusinessclub".
		{"jeroen@angelbusinessclub.example", true},
	} {
		o := testOccurrence("")
		o.Calendar, o.Summary, o.Location = "Personal", "Bijpraten", "Café Loetje, Amsterdam"
		o.Organizer, o.OrganizerName = k.from, "Jeroen de Wit"
		o.Attendees = []event.Attendee{{Email: k.from}, {Email: "m.jansen@cfo-collectief.nl"}}
		if got := c.Classify(o); got.Networking != k.net {
			t.Errorf("Bijpraten from %s: networking %v; want %v\n\t%s", k.from, got.Networking, k.net, strings.Join(got.Reasons, "\n\t"))
		}
	}
}
