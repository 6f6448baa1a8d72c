package classify

import (
	"strings"
	"testing"
	"time"

	"github.com/netsyncd/netsyncd/internal/event"
)

// TestHostOutranksFormat: who hosts an event (a chamber, a professional
// body, a members' club, by its name, domain or site) names its type over
// its format (a breakfast, a cocktail, drinks); a conference keeps its
// kind, and an outside host's format still decides when no host is named.
func TestHostOutranksFormat(t *testing.T) {
	checkKinds(t, []kindCase{
		{name: "a chamber's cocktail, ticketed", edit: func(o *event.Occurrence) {
			o.Summary, o.Location = "German-Italian Chamber – Summer Cocktail", "Hotel Principe, Via Veneto 4"
			o.URL = "https://www.eventbrite.it/e/summer-cocktail-tickets-123"
			o.Organizer = "noreply@order.eventbrite.com"
			o.Attendees = []event.Attendee{{Email: "jane@home.example"}}
		}, net: true, mode: Passive, typ: "association"},
		{name: "a peer circle's lunch sent by its convenor", edit: func(o *event.Occurrence) {
			o.Summary, o.Location = "Finance Directors' Circle – lunch", "The Athenaeum, Pall Mall"
			o.Organizer = "p.grant@fdcircle.example"
			o.Attendees = []event.Attendee{{Email: "p.grant@fdcircle.example"}, {Email: "jane@home.example"}}
		}, net: true, mode: Passive, typ: "association"},
		{name: "a club's dinner talk I noted", edit: func(o *event.Occurrence) {
			o.Summary, o.Location = "Club Rideau – souper-causerie", "Club Rideau, 99 Bank St, Ottawa"
		}, net: true, mode: Passive, typ: "association"},
		{name: "a chamber's annual conference stays a conference", edit: func(o *event.Occurrence) {
			o.Summary, o.Location = "Chamber of Commerce Annual Conference 2027", "Convention Centre, Hall B"
			o.Start = o.Start.Add(-4 * 3600e9)
			o.End = o.Start.Add(8 * 3600e9)
		}, net: true, mode: Passive, typ: "conference"},
		{name: "a breakfast sent by a body named as one", edit: func(o *event.Occurrence) {
			o.Summary, o.Location = "Desayuno empresarial: perspectivas 2027", "Hotel Tequendama, Bogotá"
			o.Organizer, o.OrganizerName = "eventos@ccm.example", "Cámara de Comercio de Medellín"
			o.Attendees = []event.Attendee{{Email: "jane@home.example"}}
		}, net: true, mode: Passive, typ: "association"},
		{name: "a lunch the notes say is for the members", edit: func(o *event.Occurrence) {
			o.Summary, o.Location = "Leasing Ireland – Christmas Lunch", "The Shelbourne, Dublin"
			o.Description = "Annual lunch for LFI members and guests."
			o.Organizer = "events@lfi.example"
			o.Attendees = []event.Attendee{{Email: "jane@home.example"}}
		}, net: true, mode: Passive, typ: "association"},
		{name: "a ticketed after-work sent by a finance club stays an event", edit: func(o *event.Occurrence) {
			o.Summary, o.Location = "Afterwork Finance Lyon", "Le Sucre, 50 quai Rambaud"
			o.Organizer, o.OrganizerName = "noreply@order.eventbrite.com", "Finance Club Lyon"
			o.URL = "https://www.eventbrite.fr/e/afterwork-finance-lyon-billets-1"
		}, net: true, mode: Passive, typ: "event"},
		{name: "lunch with a person at a restaurant stays a meal", edit: func(o *event.Occurrence) {
			o.Summary, o.Location = "Lunch with Tom", "Balthazar"
		}, net: true, mode: Active, typ: "meal"},
	})
	c := mustNew(t, testConfig())
	o := testOccurrence("British Chamber – Holiday Cocktail")
	o.URL, o.Organizer = "https://www.eventbrite.fr/e/holiday-cocktail-tickets-9", "noreply@order.eventbrite.com"
	got := c.Classify(o)
	if why := strings.Join(got.Reasons, "\n"); !strings.Contains(why, "who hosts it names the kind, over its format (event)") {
		t.Errorf("the type's reason does not say the host outranks the format:\n%s", why)
	}
}

// TestCallToMyMobile: a call the notes say comes to my own mobile is a
// private call, most often the search's: networking, remote, and on the
// shared work calendar a confidential risk.
func TestCallToMyMobile(t *testing.T) {
	no := ptr(false)
	checkKinds(t, []kindCase{
		{name: "English, on the work calendar", edit: func(o *event.Occurrence) {
			o.Calendar, o.Summary, o.Description = "Work", "Call w/ Priya (Northgate)", "she'll call my cell re: the COO role"
			o.Organizer = "Jane.Doe@acme-corp.com"
		}, net: true, mode: Active, typ: "remote", in: no},
		{name: "Spanish, on the work calendar", edit: func(o *event.Occurrence) {
			o.Calendar, o.Summary, o.Description = "Work", "Llamada Ramiro", "me llama al celular. Tema: dirección financiera"
		}, net: true, typ: "remote", in: no},
		{name: "German, with a colleague invited: the employer's business", edit: func(o *event.Occurrence) {
			o.Calendar, o.Summary, o.Description = "Work", "Telefonat Lieferant", "ruft auf dem Handy an"
			o.Attendees = []event.Attendee{{Email: "Jane.Doe@acme-corp.com"}, {Email: "bob@acme-corp.com"}}
		}, net: false},
	})
	c := mustNew(t, testConfig())
	o := testOccurrence("Tél. M. Perrin")
	o.Calendar, o.Description = "Work", "m'appelle sur mon portable"
	if got := c.Classify(o); !got.ConfidentialRisk {
		t.Errorf("a call to my mobile typed on the shared work calendar: no confidential risk\n\t%s", strings.Join(got.Reasons, "\n\t"))
	}
}

// TestBlockedPlaceWrittenLocally: a blocked place written the local way
// (Cra for Carrera and No. before the number, the number before the street,
// P.zzo for Palazzo, Str. for Straße, the street in the city's other
// language, a campus by its initials) is the blocked place; the same street
// at another number is not.
func TestBlockedPlaceWrittenLocally(t *testing.T) {
	cfg := testConfig()
	cfg.Limits.BlockedLocations = []string{"carrera 7 # 71-52", "quai du mont-blanc 17", "palazzo tiberina", "Theresienstraße 12",
		"avenida de las cortes valencianas 58", "high tech campus 27"}
	c := mustNew(t, cfg)
	for _, tc := range []struct {
		loc  string
		want string
	}{
		{"Cra 7 No. 71-52, restaurante piso 30", "carrera 7 # 71-52"},
		{"Cra 7 # 69A-22", ""},
		{"17, quai du Mont-Blanc - salon du 1er étage", "quai du mont-blanc 17"},
		{"Quai du Mont-Blanc 11", ""},
		{"P.zzo Tiberina – bar piano terra", "palazzo tiberina"},
		{"Theresienstr. 12, Eingang B", "Theresienstraße 12"},
		{"Theresienstr. 21", ""},
		{"Av. Corts Valencianes, 58 (cafeteria)", "avenida de las cortes valencianas 58"},
		{"Av. Corts Valencianes, 60", ""},
		{"HTC 27, lobby bar", "high tech campus 27"},
		{"HTC 29", ""},
	} {
		o := testOccurrence("Coffee with Ana")
		o.Location = tc.loc
		d := &doc{}
		d.reset(c, o)
		if got := c.blockedPlaceOf(d); got != tc.want {
			t.Errorf("location %q: blocked %q; want %q", tc.loc, got, tc.want)
		}
	}
}

// TestHowIAttendHybrid: a hybrid event is in person unless the notes say
// that I attend from afar; the video channel offered to everyone else
// ("Teams link for remote participants") does not say so.
func TestHowIAttendHybrid(t *testing.T) {
	yes, no := ptr(true), ptr(false)
	checkKinds(t, []kindCase{
		{name: "I speak in the room; a link for the others", edit: func(o *event.Occurrence) {
			o.Summary, o.Location = "Convegno annuale Assoreti 2027", "Palazzo Mezzanotte, Piazza degli Affari 6; Riunione di Microsoft Teams"
			o.Description = "Jane interviene alle 11 (in sala). Collegamento per chi segue da remoto: https://teams.microsoft.com/l/meetup-join/1"
		}, net: true, mode: Passive, typ: "conference", in: yes},
		{name: "a forum with a hotel's address I follow by video", edit: func(o *event.Occurrence) {
			o.Summary, o.Location = "Foro Económico 2027", "Hotel Hilton, Carrera 7 # 72-41"
			o.Description = "Inscripción confirmada - modalidad virtual. Enlace: https://zoom.us/j/81234"
		}, net: true, typ: "remote", in: no},
		{name: "an advisory board I join by Meet", edit: func(o *event.Occurrence) {
			o.Summary, o.Location = "Consejo asesor Nubia Labs", "Nubia Labs, C/ Américo Vespucio 5"
			o.Description = "Jane se conecta por Meet desde la oficina. https://meet.google.com/abc-defg-hij"
		}, net: true, typ: "remote", in: no},
		{name: "an online panel, the location in Spanish", edit: func(o *event.Occurrence) {
			o.Summary, o.Location = "Fintech Outlook 2027", "En línea"
			o.URL = "https://www.linkedin.com/events/741390218766/"
		}, net: true, typ: "remote", in: no},
	})
}

// TestMealOrDrinks: an evening hour and a half with one person is as often
// drinks as a dinner; two hours and more is a dinner; notes that say lunch
// make a meal of a meeting I typed in myself; a "Breakfast Club" is a
// format's name, not a body's.
func TestMealOrDrinks(t *testing.T) {
	invite := func(o *event.Occurrence, h, m int, dur time.Duration) {
		o.Organizer = "r.lozano@lozanocapital.example"
		o.Attendees = []event.Attendee{{Email: "r.lozano@lozanocapital.example"}, {Email: "jane@home.example"}}
		o.Start = time.Date(2026, 3, 3, h, m, 0, 0, newYork)
		o.End = o.Start.Add(dur)
	}
	checkKinds(t, []kindCase{
		{name: "an hour and a half at seven, a contact's invitation", edit: func(o *event.Occurrence) {
			o.Summary, o.Location = "Un whisky", "Gun Club, Calle 82"
			invite(o, 19, 0, 90*time.Minute)
		}, net: true, mode: Active, typ: "one_on_one"},
		{name: "two and a half hours at half past eight", edit: func(o *event.Occurrence) {
			o.Summary, o.Location = "Pipero", "Corso Vittorio Emanuele II 250"
			invite(o, 20, 30, 150*time.Minute)
		}, net: true, mode: Active, typ: "meal"},
		{name: "a restaurant's name, two contacts I invited, two hours and a half at eight", edit: func(o *event.Occurrence) {
			o.Summary, o.Location = "Le Jardinier", "Hôtel Bristol, Rue du Mont-Blanc 10"
			o.Organizer = "jane@home.example"
			o.Attendees = []event.Attendee{{Email: "jane@home.example"}, {Email: "a.roux@pictet.example"}, {Email: "m.favre@mirabaud.example"}}
			o.Start = time.Date(2026, 3, 3, 20, 0, 0, 0, newYork)
			o.End = o.Start.Add(150 * time.Minute)
		}, net: true, mode: Active, typ: "meal"},
		{name: "a private appointment on the work calendar, lunch in the notes", edit: func(o *event.Occurrence) {
			o.Calendar, o.Summary, o.Description = "Work", "Private appointment", "lunch Tom (Hunter Executive Search), Pret on 5th"
			o.Organizer = "Jane.Doe@acme-corp.com"
		}, net: true, mode: Active, typ: "meal"},
		{name: "a ticketed breakfast club", edit: func(o *event.Occurrence) {
			o.Summary, o.Location = "Growth Breakfast Club #7", "Bluebell Coffee, Calle Buenos Aires 3"
			o.URL, o.Organizer = "https://lu.ma/abc123", "calendar-invite@lu.ma"
			o.Attendees = []event.Attendee{{Email: "jane@home.example"}}
		}, net: true, mode: Passive, typ: "event"},
	})
}

// TestForwardedGathering: an outside body's conference a colleague
// registered me for is networking (who sent it does not make it the
// employer's), and a risk on the work calendar; the employer's own event,
// named so, stays work.
func TestForwardedGathering(t *testing.T) {
	c := mustNew(t, testConfig())
	o := testOccurrence("Port Leaders Summit 2027")
	o.Calendar, o.Location = "Work", "Ahoy Convention Centre, Rotterdam"
	o.Organizer = "ben@acme-corp.com"
	o.Attendees = []event.Attendee{{Email: "ben@acme-corp.com"}, {Email: "Jane.Doe@acme-corp.com"}}
	got := c.Classify(o)
	if !got.Networking || got.Type != "conference" || !got.ConfidentialRisk {
		t.Errorf("a forwarded summit: networking %v type %q risk %v; want networking, conference, a risk\n\t%s",
			got.Networking, got.Type, got.ConfidentialRisk, strings.Join(got.Reasons, "\n\t"))
	}
	o.Summary = "Acme Summit 2027"
	if got := c.Classify(o); got.Networking {
		t.Errorf("the employer's own summit sent by a colleague: networking\n\t%s", strings.Join(got.Reasons, "\n\t"))
	}
}

// TestPrivateLifeWords: a medical specialist's visit is a doctor's, whatever
// title the doctor has; dinner with girlfriends is private life.
func TestPrivateLifeWords(t *testing.T) {
	checkKinds(t, []kindCase{
		{name: "a cardiologist with a title", edit: func(o *event.Occurrence) {
			o.Summary, o.Location = "Visita Prof. Bianchi (cardiologo)", "Policlinico Gemelli"
		}, net: false},
		{name: "a dermatologist in German", edit: func(o *event.Occurrence) {
			o.Summary = "Dr. Roth – Dermatologin"
		}, net: false},
		{name: "dinner with girlfriends, in Italian", edit: func(o *event.Occurrence) {
			o.Summary, o.Location = "Cena amiche dell'università", "Trattoria da Enzo"
		}, net: false},
		{name: "lunch with a professor stays networking", edit: func(o *event.Occurrence) {
			o.Summary, o.Location = "Pranzo con il Prof. Bianchi", "Trattoria da Enzo"
		}, net: true, typ: "meal"},
	})
}

// TestPersonAndOrganisation: someone met, named with their organisation in
// parentheses, is a professional contact, even on the family calendar; a
// note in lower case after a name is not an organisation.
func TestPersonAndOrganisation(t *testing.T) {
	checkKinds(t, []kindCase{
		{name: "a Saturday coffee on the family calendar", edit: func(o *event.Occurrence) {
			o.Calendar, o.Summary, o.Location = "Family", "Coffee with Dani (Renault)", "Café Lucca"
		}, net: true, mode: Active, typ: "one_on_one"},
		{name: "a former colleague of another firm", edit: func(o *event.Occurrence) {
			o.Calendar, o.Summary = "Family", "caffè con Gianluca (ex IMA)"
		}, net: true, mode: Active},
		{name: "a trainer, a note in lower case", edit: func(o *event.Occurrence) {
			o.Summary = "Equinox — PT w/ Jordan (late)"
		}, net: false},
	})
}

// TestBenefitDinnerCompound: a charity's benefit dinner written as one
// Dutch or German word is a gala's kind, someone else's.
func TestBenefitDinnerCompound(t *testing.T) {
	checkKinds(t, []kindCase{
		{name: "Dutch", edit: func(o *event.Occurrence) {
			o.Summary, o.Location = "Benefietdiner Stichting Kinderhulp", "Kasteel Maurick, Vught"
		}, net: true, mode: Passive, typ: "social"},
	})
}

// TestCallNamedInNotes: notes that name a phone call ("phone call",
// "Telefonat", "llamada", "telefonata", "she'll call") make the event
// remote, in seven languages, though its title is a cover; a place still
// outweighs a phone booking in the notes.
func TestCallNamedInNotes(t *testing.T) {
	no, yes := ptr(false), ptr(true)
	checkKinds(t, []kindCase{
		{name: "English, a cover title", edit: func(o *event.Occurrence) {
			o.Summary, o.Description = "Hold", "Lena Ortiz – Egon Zehnder. She'll call."
		}, net: true, typ: "remote", in: no},
		{name: "German", edit: func(o *event.Occurrence) {
			o.Summary, o.Description = "Termin Kessler", "Telefonat mit Frau Kessler (Kienbaum)"
		}, net: true, typ: "remote", in: no},
		{name: "Spanish, with a number", edit: func(o *event.Occurrence) {
			o.Summary, o.Description = "Carolina M.", "Llamada – Boyden (+34 600 123 456)"
		}, net: true, typ: "remote", in: no},
		{name: "Dutch", edit: func(o *event.Occurrence) {
			o.Summary, o.Description = "Afspraak Amrop", "telefoongesprek over de rol"
		}, net: true, typ: "remote", in: no},
		{name: "a lunch booked by phone stays in person", edit: func(o *event.Occurrence) {
			o.Summary, o.Location, o.Description = "Lunch with Tom", "Balthazar, 80 Spring St", "booked by phone"
		}, net: true, typ: "meal", in: yes},
	})
}

// TestOutingWithAContact: a run, a hike, a ski tour or a ride with a
// contact the notes name is social; the same outing alone is my own.
func TestOutingWithAContact(t *testing.T) {
	checkKinds(t, []kindCase{
		{name: "a Dutch beach run", edit: func(o *event.Occurrence) {
			o.Summary, o.Location = "Strandloop met Pieter", "Scheveningen, Pier"
			o.Description = "Pieter de Boer – CEO Windkracht BV"
		}, net: true, mode: Active, typ: "social"},
		{name: "a Brazilian trail", edit: func(o *event.Occurrence) {
			o.Summary, o.Location = "Trilha c/ Beto", "Pico do Marumbi"
			o.Description = "Beto Lima – diretor da Serra Mineração"
		}, net: true, mode: Active, typ: "social"},
		{name: "a French ski tour", edit: func(o *event.Occurrence) {
			o.Summary, o.Location = "Peau de phoque avec Luc", "Col de Bretaye"
			o.Description = "Luc Favre – DG Alpes Transports"
		}, net: true, mode: Active, typ: "social"},
		{name: "a run alone", edit: func(o *event.Occurrence) {
			o.Summary, o.Location = "Strandloop", "Scheveningen"
		}, net: false},
	})
}

// TestFoldedWordsOfOtherLanguages: a word that folds into another
// language's word is not taken for it: the German "Tag" (a day, a
// congress's name) is not the Swedish "tåg" (a train), which is written
// "tåget" or "tågresa" when it is one.
func TestFoldedWordsOfOtherLanguages(t *testing.T) {
	checkKinds(t, []kindCase{
		{name: "a German congress day", edit: func(o *event.Occurrence) {
			o.Summary, o.Location = "Tag der Finanzchefs 2027", "Congress Center, Messeplatz 1"
			o.Description = "Ihr Ticket – Anmeldung bestätigt"
		}, net: true, mode: Passive},
		{name: "a Swedish train", edit: func(o *event.Occurrence) {
			o.Summary = "Tågresa till Göteborg"
		}, net: false},
	})
}

// TestSeatsAreNotShowTickets: "seats" in the notes counts a host's table
// ("private dinner for members, 14 seats"), not a show's tickets; a
// concert's tickets still say an outing.
func TestSeatsAreNotShowTickets(t *testing.T) {
	checkKinds(t, []kindCase{
		{name: "a members' dinner with its seats", edit: func(o *event.Occurrence) {
			o.Summary, o.Location = "Revenue Circle – CRO dinner", "Osteria Marco, Larimer St"
			o.Description = "Private dinner for Revenue Circle members (12 seats)."
			o.Organizer = "dana@revenuecircle.example"
			o.Attendees = []event.Attendee{{Email: "dana@revenuecircle.example"}, {Email: "jane@home.example"}}
		}, net: true},
		{name: "a concert's tickets", edit: func(o *event.Occurrence) {
			o.Summary, o.Location = "Coldplay", "Stadium"
			o.Description = "2 tickets, general admission"
		}, net: false},
	})
}

// TestNotesOpenWithPersonAndComma: notes that open with a name, a comma
// and a role ("Sebastián Undurraga, GG ...", "JL Perrin, DG ...") name a
// contact as the dash does; a place and a comma do not.
func TestNotesOpenWithPersonAndComma(t *testing.T) {
	checkKinds(t, []kindCase{
		{name: "Spanish, gerente general", edit: func(o *event.Occurrence) {
			o.Summary, o.Location = "Cerro con Tomás", "Cerro San Cristóbal"
			o.Description = "Tomás Errázuriz, GG Viña del Alto"
		}, net: true, mode: Active},
		{name: "French, initials and DG", edit: func(o *event.Occurrence) {
			o.Summary, o.Location = "Rando avec Marc", "Les Diablerets"
			o.Description = "MR Rochat, DG Léman Logistique"
		}, net: true, mode: Active},
		{name: "a place and a comma", edit: func(o *event.Occurrence) {
			o.Summary, o.Location = "Rando", "Les Diablerets"
			o.Description = "Les Diablerets, Vaud"
		}, net: false},
	})
}

// TestSeatsCountTheGuests: a host's table counted in seats or covers, in
// seven languages ("14 seats", "40 Plätze", "24 coperti"), is a
// gathering: passive, never a meal for two.
func TestSeatsCountTheGuests(t *testing.T) {
	checkKinds(t, []kindCase{
		{name: "English", edit: func(o *event.Occurrence) {
			o.Summary, o.Location = "CRO dinner", "Osteria Marco, Larimer St"
			o.Description = "Private dinner for revenue leaders (14 seats)."
			o.Organizer = "dana@revenuecircle.example"
			o.Attendees = []event.Attendee{{Email: "dana@revenuecircle.example"}, {Email: "jane@home.example"}}
		}, net: true, mode: Passive},
		{name: "Italian", edit: func(o *event.Occurrence) {
			o.Summary, o.Location = "Cena CFO", "Trattoria Milanese, Via Santa Marta 11"
			o.Description = "Cena riservata, 24 coperti."
			o.Organizer = "eventi@bancadelnord.example"
			o.Attendees = []event.Attendee{{Email: "eventi@bancadelnord.example"}, {Email: "jane@home.example"}}
		}, net: true, mode: Passive},
		{name: "a table for two stays one", edit: func(o *event.Occurrence) {
			o.Summary, o.Location = "Lunch with Tom", "Balthazar"
			o.Description = "2 seats booked"
		}, net: true, mode: Active, typ: "meal"},
	})
}

// TestRegisteredWithAColleague: a conference I registered for with a
// colleague along may still be the search's: whatever the colleague says,
// its exposure is checked, and the note says why.
func TestRegisteredWithAColleague(t *testing.T) {
	c := mustNew(t, testConfig())
	o := testOccurrence("Treasury Forum 2027")
	o.Calendar, o.Location = "Work", "Hotel Savoy, Strand"
	o.Description = "Registration confirmed. Your ticket: 2 of 2"
	o.Organizer = "Jane.Doe@acme-corp.com"
	o.Attendees = []event.Attendee{{Email: "Jane.Doe@acme-corp.com"}, {Email: "bob@acme-corp.com"}}
	got := c.Classify(o)
	if !got.Networking && !got.Possible {
		t.Fatalf("neither networking nor possible networking:\n%s", strings.Join(got.Reasons, "\n"))
	}
	if !got.ConfidentialRisk {
		t.Errorf("no confidentiality risk on the shared calendar with a colleague:\n%s", strings.Join(got.Reasons, "\n"))
	}
	if why := strings.Join(got.Reasons, "\n"); !got.Networking && !strings.Contains(why, "found a ticket or a registration for an outside event") {
		t.Errorf("the possible-networking note does not say what was found:\n%s", why)
	}
}

// TestWorkingDayIsAConference: a networking gathering that fills a working
// day (six hours and more, or several days) is a conference, though its
// title is a gathering's word ("Encuentro", "Seminar", "Rencontres"); the
// same gathering for an evening stays an event, and a charity's gala or a
// day's sport with a contact keeps its own kind.
func TestWorkingDayIsAConference(t *testing.T) {
	day := func(o *event.Occurrence, start, hours int) {
		o.Start = time.Date(2026, 11, 18, start, 0, 0, 0, newYork)
		o.End = o.Start.Add(time.Duration(hours) * time.Hour)
	}
	checkKinds(t, []kindCase{
		{name: "an industry's day-long meeting", edit: func(o *event.Occurrence) {
			o.Summary, o.Location = "Encuentro Logístico del Bajío 2027", "Centro de Convenciones, León"
			o.Organizer = "eventos@clb.example"
			o.Attendees = []event.Attendee{{Email: "jane@home.example"}}
			day(o, 9, 8)
		}, net: true, mode: Passive, typ: "conference"},
		{name: "an institute's seminar over three days", edit: func(o *event.Occurrence) {
			o.Summary, o.Location = "Treasurers' Annual Seminar 2027", "Lakeside Resort, Naivasha"
			o.URL = "https://www.treasurers.example/events/annual-seminar"
			o.Start = time.Date(2027, 3, 17, 0, 0, 0, 0, newYork)
			o.End, o.AllDay = o.Start.AddDate(0, 0, 3), true
		}, net: true, mode: Passive, typ: "conference"},
		{name: "the same gathering for an evening stays an event", edit: func(o *event.Occurrence) {
			o.Summary, o.Location = "Encuentro Logístico del Bajío", "Hotel Real, León"
			o.Organizer = "eventos@clb.example"
			o.Attendees = []event.Attendee{{Email: "jane@home.example"}}
			day(o, 18, 3)
		}, net: true, mode: Passive, typ: "event"},
		{name: "a charity ball into the night stays social", edit: func(o *event.Occurrence) {
			o.Summary, o.Location = "Bal de la Fondation des Enfants", "Palais des Congrès, Montréal"
			day(o, 18, 6)
		}, net: true, typ: "social"},
	})
}

// TestPlatformParty: a party or a soirée listed on an event platform is a
// community's event, not a private party; a charity's gala sold there
// stays social, and a party with no platform keeps its social word.
func TestPlatformParty(t *testing.T) {
	evening := func(o *event.Occurrence) {
		o.Start = time.Date(2026, 12, 10, 18, 30, 0, 0, newYork)
		o.End = o.Start.Add(3 * time.Hour)
	}
	checkKinds(t, []kindCase{
		{name: "a founders' community party on Luma", edit: func(o *event.Occurrence) {
			o.Summary, o.Location = "Harbour Founders Holiday Party", "The Loft, 12 Dock Road"
			o.URL = "https://lu.ma/harbour-founders-holiday"
			evening(o)
		}, net: true, mode: Passive, typ: "event"},
		{name: "a soirée of a tech network on Meetup", edit: func(o *event.Occurrence) {
			o.Summary, o.Location = "Soirée Data & IA Nantes", "Le Lieu Unique, quai Ferdinand-Favre"
			o.URL = "https://www.meetup.com/data-ia-nantes/events/301/"
			evening(o)
		}, net: true, mode: Passive, typ: "event"},
		{name: "a charity gala sold on Eventbrite stays social", edit: func(o *event.Occurrence) {
			o.Summary, o.Location = "Children's Heart Foundation Gala", "Grand Hotel Ballroom"
			o.URL = "https://www.eventbrite.com/e/heart-gala-tickets-77"
			evening(o)
		}, net: true, mode: Passive, typ: "social"},
	})
	c := mustNew(t, testConfig())
	o := testOccurrence("Harbour Founders Holiday Party")
	o.URL = "https://lu.ma/harbour-founders-holiday"
	if why := strings.Join(c.Classify(o).Reasons, "\n"); !strings.Contains(why, "default rule platform-party") {
		t.Errorf("the type's reason does not name the platform-party rule:\n%s", why)
	}
}

// TestBinDay: the household's collection days are everyday life, in any of
// the languages, even shared by someone of another household (an invite
// from a spouse's own domain, which alone reads as another organisation).
func TestBinDay(t *testing.T) {
	yes := ptr(true)
	checkKinds(t, []kindCase{
		{name: "German, shared by someone of another household", edit: func(o *event.Occurrence) {
			o.Summary = "Sperrmüll Abholung Hofeinfahrt"
			o.Organizer = "petra@familie-brandt.example"
			o.Attendees = []event.Attendee{{Email: "petra@familie-brandt.example"}}
		}, net: false, in: yes},
		{name: "English, all day", edit: func(o *event.Occurrence) {
			o.Summary, o.AllDay = "Bin day – recycling", true
			o.End = o.Start.AddDate(0, 0, 1)
		}, net: false},
		{name: "Italian", edit: func(o *event.Occurrence) {
			o.Summary = "Raccolta Rifiuti Ingombranti"
			o.Organizer = "marco@rossi-casa.example"
			o.Attendees = []event.Attendee{{Email: "marco@rossi-casa.example"}}
		}, net: false},
	})
}
