package classify

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/netsyncd/netsyncd/internal/event"
)

// TestStructureHelpers: the text shapes the structural signals read.
func TestStructureHelpers(t *testing.T) {
	c := mustNew(t, testConfig())
	for _, tt := range []struct{ dom, want string }{
		{"kpmg.com.au", "kpmg.com.au"}, {"events.kpmg.com.au", "kpmg.com.au"}, {"mail.bain.co.uk", "bain.co.uk"},
		{"pfizer.com", "pfizer.com"}, {"us.pfizer.com", "pfizer.com"}, {"localhost", "localhost"},
	} {
		if got := orgOf(tt.dom); got != tt.want {
			t.Errorf("orgOf(%q) = %q, want %q", tt.dom, got, tt.want)
		}
	}
	for _, tt := range []struct{ dom, want string }{
		{"ortizsearch.com", "search"}, {"watermarksearch.com.au", "search"}, {"exec-recruit.de", "recruit"},
		{"headhunters.nl", "headhunt"}, {"gartnerresearch.com", ""}, {"research.example", ""}, {"bain.com", ""},
		{"bain.search", ""}, // the top-level domain is not a part
	} {
		if got := c.searchDomainWord(tt.dom); got != tt.want {
			t.Errorf("searchDomainWord(%q) = %q, want %q", tt.dom, got, tt.want)
		}
	}
	for _, tt := range []struct{ s, want string }{
		{"Jim Ortiz, Managing Partner, Ortiz Search Partners.", "Ortiz Search"},
		{"Coffee - Watermark Search", "Watermark Search"},
		{"Research Searching for a venue", ""}, {"job search tips", ""}, {"", ""},
		{"Tel. +34 600 118 427 — Sara Villagrasa, Talentia Executive. Asunto: el puerto", "Talentia Executive"},
		{"Call - Meridian Executive (CFO mandate)", "Meridian Executive"}, {"Northgate Executive", "Northgate Executive"},
		{"Dinner with our Chief Executive.", ""}, {"Senior Executive, Group Finance", ""},
		{"Young Executive Club", ""}, {"Executive Committee", ""}, {"Meeting the Executive Committee", ""},
		{"Executives' breakfast", ""}, {"Acme Executive Education programme", ""},
	} {
		if got := firmNamedSearch(tt.s); got != tt.want {
			t.Errorf("firmNamedSearch(%q) = %q, want %q", tt.s, got, tt.want)
		}
	}
	for _, tt := range []struct{ s, want string }{
		{"Happy hour ex-Ambev", "ex-Ambev"}, {"Ex-McKinsey dinner", "Ex-McKinsey"},
		{"Coffee chat — Nina (ex-McKinsey)", ""}, {"ex-colleagues lunch", ""},
	} {
		if got := formerOf(tt.s); got != tt.want {
			t.Errorf("formerOf(%q) = %q, want %q", tt.s, got, tt.want)
		}
	}
	for _, tt := range []struct{ s, want string }{
		{"BBL: Sixers v Thunder - KPMG box", "Sixers v Thunder"}, {"Real Madrid vs. Barça", "Madrid vs. Barça"},
		{"v neck shopping", ""}, {"Q3 review vs plan", ""},
	} {
		if got := fixture(tt.s); got != tt.want {
			t.Errorf("fixture(%q) = %q, want %q", tt.s, got, tt.want)
		}
	}
	for _, tt := range []struct{ s, want string }{
		{"Ligação – Prof. Eduardo", "Prof. Eduardo"}, {"Telefonata con la Prof.ssa Elena Greco", "Prof.ssa Elena"},
		{"Breakfast: Sir Martin Reeves fireside", "Sir Martin"}, {"con l'Ing. Conti", "l'Ing. Conti"},
		{"Dr. Patel", ""}, {"prof development day", ""}, {"IR Meeting – Fidelity", ""}, {"Ir. Jansen", "Ir. Jansen"},
	} {
		if got := c.titledPerson(tt.s); got != tt.want {
			t.Errorf("titledPerson(%q) = %q, want %q", tt.s, got, tt.want)
		}
	}
	for _, tt := range []struct{ s, want string }{
		{"Erik Lagerlöf (COO, Spotify). Court 2.", "COO, Spotify"}, {"with Tom, Partner at Bain", "Partner at Bain"},
		{"com o Dr. Paulo (conselheiro da Natura)", "conselheiro da Natura"}, {"the CFO will present", ""},
		{"Agenda: partner update", ""},
	} {
		if got := c.roleAt(tt.s); got != tt.want {
			t.Errorf("roleAt(%q) = %q, want %q", tt.s, got, tt.want)
		}
	}
}

// TestCancelledSummary: a summary that starts with a cancelling word marks
// the event declined; the word elsewhere does not.
func TestCancelledSummary(t *testing.T) {
	c := mustNew(t, testConfig())
	for summary, want := range map[string]bool{
		"Canceled: Coffee with Ben": true, "CANCELLED - lunch w/ Tom": true, "Abgesagt: Frühstück": true,
		"KANSELLEER - ontbyt Marike": true, "[Annulé] Dîner": true, "キャンセル 朝食 山本様": true,
		"Coffee with Ben": false, "Lunch: cancellation policy talk": false, "Cancelled flights panel": true,
		"Cancellations review": false,
	} {
		if got := c.Classify(testOccurrence(summary)).Declined; got != want {
			t.Errorf("Classify(%q).Declined = %v, want %v", summary, got, want)
		}
	}
}

// TestRoomsAreNoOne: a room or a resource on the invitation is not a
// person met: a coffee for two with a room booked is still for two.
func TestRoomsAreNoOne(t *testing.T) {
	c := mustNew(t, testConfig())
	o := testOccurrence("Coffee with Ben Ortiz")
	o.Organizer = "ben@kkr.com"
	o.Attendees = []event.Attendee{
		{Email: "ben@kkr.com"}, {Email: "jane@home.example"},
		{Email: "room-4a@kkr.com", CUType: "ROOM"}, {Email: "projector@kkr.com", CUType: "RESOURCE"},
	}
	got := c.Classify(o)
	invited := strings.Contains(strings.Join(got.Reasons, "\n"), "1 other person and organised by someone else (ben@kkr.com) (default rule one-on-one-invitation")
	if !got.Networking || got.Mode != Active || got.Type != "one_on_one" || !invited {
		t.Errorf("coffee for two with a room: %v %s %s; want active one_on_one networking\n\t%s",
			got.Networking, got.Mode, got.Type, strings.Join(got.Reasons, "\n\t"))
	}
}

// TestModeAndTypeAgree: on every labelled event, hard case and training
// calendar, a passive event is never a one_on_one or a meal, a networking
// event has a mode and a type, and one that is not has neither.
func TestModeAndTypeAgree(t *testing.T) {
	c := mustNew(t, testConfig())
	occs, _ := loadLabelled(t)
	hard, _ := loadLabelledFile(t, "testdata/hard.yaml")
	for _, o := range append(occs, hard...) {
		got := c.Classify(&o)
		switch {
		case got.Networking && (got.Mode == "" || got.Type == ""):
			t.Errorf("%q: networking without a mode or a type: %q %q", o.Summary, got.Mode, got.Type)
		case !got.Networking && (got.Mode != "" || got.Type != ""):
			t.Errorf("%q: not networking, with mode %q and type %q", o.Summary, got.Mode, got.Type)
		case got.Mode == Passive && (got.Type == "one_on_one" || got.Type == "meal"):
			t.Errorf("%q: passive %s\n\t%s", o.Summary, got.Type, strings.Join(got.Reasons, "\n\t"))
		}
	}
}

// TestMightBeNetworkingIsChecked: a recruiter's or a search firm's sign
// makes an event possible networking, whose risk is judged, even when the
// rest of the evidence says work; but not when a colleague is on it: a
// search firm there works for the employer, hiring.
func TestMightBeNetworkingIsChecked(t *testing.T) {
	c := mustNew(t, testConfig())
	o := testOccurrence("Budget review")
	o.Calendar = "Work"
	o.Organizer = "jane.doe@acme-corp.com"
	o.Attendees = []event.Attendee{{Email: "jane.doe@acme-corp.com"}, {Email: "lena@nordsearch.se"}}
	got := c.Classify(o)
	if got.Networking || !got.Possible || !got.ConfidentialRisk {
		t.Errorf("work meeting with a search firm's address: networking %v, possible %v, risk %v; want possible networking and a risk\n\t%s",
			got.Networking, got.Possible, got.ConfidentialRisk, strings.Join(got.Reasons, "\n\t"))
	}
	for _, colleague := range []struct{ organizer, other string }{
		{"hr@acme-corp.com", ""},                        // a colleague sends it
		{"jane.doe@acme-corp.com", "ben@acme-corp.com"}, // I send it, with a colleague along
	} {
		o := testOccurrence("Q3 planning – CFO search")
		o.Calendar = "Work"
		o.Organizer = colleague.organizer
		o.Attendees = []event.Attendee{{Email: "jane.doe@acme-corp.com"}, {Email: "lena@nordsearch.se"}, {Email: colleague.organizer}}
		if colleague.other != "" {
			o.Attendees = append(o.Attendees, event.Attendee{Email: colleague.other})
		}
		got := c.Classify(o)
		if got.Networking || got.Possible || got.ConfidentialRisk {
			t.Errorf("the employer's search, organised by %s: networking %v, possible %v, risk %v; want work, no risk\n\t%s",
				colleague.organizer, got.Networking, got.Possible, got.ConfidentialRisk, strings.Join(got.Reasons, "\n\t"))
		}
	}
}

// TestSearchPartnerEnteredByAssistant: a coffee with a search firm's
// partner that my assistant put in my work calendar has a colleague on it
// only as its organiser: the search rules vote nothing on their own (it
// may be the employer's hiring), but with a word for a meeting to talk it
// is my networking, a one-to-one, and its risk is judged. With a colleague
// sitting in, or without such a word, it stays the employer's business.
func TestSearchPartnerEnteredByAssistant(t *testing.T) {
	c := mustNew(t, testConfig())
	coffee := func() *event.Occurrence {
		o := testOccurrence("Coffee L. Berg")
		o.Calendar, o.Location = "Work", "Hotel Adler, lobby bar"
		o.Description = "Lena Berg (Nord Executive Search), she asked for it"
		o.Organizer = "assistant@acme-corp.com"
		o.Attendees = []event.Attendee{{Email: "jane.doe@acme-corp.com"}, {Email: "lena@nordsearch.se"}}
		return o
	}
	got := c.Classify(coffee())
	if !got.Networking || got.Type != "one_on_one" || !got.ConfidentialRisk {
		t.Errorf("a search partner's coffee my assistant entered: networking %v, type %q, risk %v; want one_on_one networking and a risk\n\t%s",
			got.Networking, got.Type, got.ConfidentialRisk, strings.Join(got.Reasons, "\n\t"))
	}
	if !slices.ContainsFunc(got.Reasons, func(r string) bool { return strings.Contains(r, "a colleague only entered for me") }) {
		t.Errorf("the reason does not say why a colleague's entry is networking:\n\t%s", strings.Join(got.Reasons, "\n\t"))
	}
	o := coffee()
	o.Attendees = append(o.Attendees, event.Attendee{Email: "ben@acme-corp.com"})
	if got := c.Classify(o); got.Networking || got.Possible {
		t.Errorf("a search partner's coffee with a colleague sitting in: networking %v, possible %v; want the employer's business\n\t%s",
			got.Networking, got.Possible, strings.Join(got.Reasons, "\n\t"))
	}
	o = coffee()
	o.Summary = "Shortlist Head of Treasury"
	if got := c.Classify(o); got.Networking || got.Possible {
		t.Errorf("a search firm's shortlist my assistant entered: networking %v, possible %v; want the employer's hiring\n\t%s",
			got.Networking, got.Possible, strings.Join(got.Reasons, "\n\t"))
	}
}

// TestOutsideBodyWithColleague: an outside body's gathering (a bar
// section's luncheon, an industry working group) that a colleague attends
// with me at the employer's premises is networking or possible networking,
// and its risk is judged: the colleague does not make it only the
// employer's business. A supplier's person sending the same is the
// employer's business.
func TestOutsideBodyWithColleague(t *testing.T) {
	c := mustNew(t, testConfig())
	gathering := func(summary, org, desc string) *event.Occurrence {
		o := testOccurrence(summary)
		o.Calendar, o.Location, o.Description = "Work", "Conference Center, 1 Acme Plaza", desc
		o.Organizer = org
		o.Attendees = []event.Attendee{{Email: org}, {Email: "jane.doe@acme-corp.com"}, {Email: "ben@acme-corp.com"}}
		return o
	}
	for _, o := range []*event.Occurrence{
		gathering("Energy Law Section – March luncheon", "sections@barassoc.example", "Hosted this month at Acme. RSVP to sections@barassoc.example."),
		gathering("Réunion filière hydrogène", "filiere.h2@metropole.example", "Groupe de travail des industriels"),
		gathering("Quarterly budget review luncheon", "chapter@finexec.example", "Budget review. RSVP to chapter@finexec.example"),
	} {
		got := c.Classify(o)
		if !(got.Networking || got.Possible) || !got.ConfidentialRisk {
			t.Errorf("%q from %s with a colleague: networking %v, possible %v, risk %v; want (possible) networking and a risk\n\t%s",
				o.Summary, o.Organizer, got.Networking, got.Possible, got.ConfidentialRisk, strings.Join(got.Reasons, "\n\t"))
		}
	}
	o := gathering("Quarterly budget review luncheon", "chapter@finexec.example", "Budget review. RSVP to chapter@finexec.example")
	got := c.Classify(o)
	if got.Networking || !slices.ContainsFunc(got.Reasons, func(r string) bool {
		return strings.Contains(r, "an outside body's gathering that a colleague attends")
	}) {
		t.Errorf("a body's luncheon the work evidence outweighs: networking %v; want possible networking, said so\n\t%s",
			got.Networking, strings.Join(got.Reasons, "\n\t"))
	}
	o = gathering("Quarterly budget review luncheon", "tom.baker@supplier-co.example", "Budget review")
	if got := c.Classify(o); got.Networking || got.Possible {
		t.Errorf("a supplier's luncheon with a colleague: networking %v, possible %v; want the employer's business\n\t%s",
			got.Networking, got.Possible, strings.Join(got.Reasons, "\n\t"))
	}
}

// TestFairEnteredByColleague: a trade fair a colleague put in my work
// calendar (a badge to collect, stand shifts), no one else on it, is
// possible networking: I may staff the employer's stand or meet the trade,
// and I am seen there either way. The employer's own reception at its
// premises, sent the same way, is not.
func TestFairEnteredByColleague(t *testing.T) {
	c := mustNew(t, testConfig())
	fair := func(desc, loc string) *event.Occurrence {
		o := testOccurrence("ITB 2027")
		o.Calendar, o.Location, o.Description = "Work", loc, desc
		o.Organizer = "assistant@acme-corp.com"
		o.Attendees = nil
		return o
	}
	for _, desc := range []string{"Stand duty rota in the shared sheet. Professional accreditation at the entrance.",
		"Acreditación profesional en recepción. Turnos de stand en la hoja compartida."} {
		got := c.Classify(fair(desc, "Messegelände, Berlin"))
		said := slices.ContainsFunc(got.Reasons, func(r string) bool { return strings.Contains(r, "a colleague put in my calendar") })
		if !(got.Networking || got.Possible && said) || !got.ConfidentialRisk {
			t.Errorf("a fair a colleague entered (%q): networking %v, possible %v, risk %v; want (possible) networking and a risk\n\t%s",
				desc, got.Networking, got.Possible, got.ConfidentialRisk, strings.Join(got.Reasons, "\n\t"))
		}
	}
	o := fair("Stand duty rota in the shared sheet.", "Acme HQ, 1 Acme Plaza")
	o.Summary = "New-year reception 2027"
	if got := c.Classify(o); got.Networking || got.Possible {
		t.Errorf("the employer's reception at its premises, sent by a colleague: networking %v, possible %v\n\t%s",
			got.Networking, got.Possible, strings.Join(got.Reasons, "\n\t"))
	}
}

// TestBodyNamesAssociation: a business network's or a bar section's meal,
// or a board of trade's or a French chamber abroad's mailing, is the body's
// (association), over the meal or the office's address (event).
func TestBodyNamesAssociation(t *testing.T) {
	c := mustNew(t, testConfig())
	for _, e := range []struct{ summary, org string }{
		{"Nordic Business Network lunch", "hello@nordicbiz.example"},
		{"Tax Law Section – spring luncheon", "info@countylawyers.example"},
		{"Economic Outlook 2028", "events@boardoftrade-halifax.example"},
		{"Petit-déjeuner – fiscalité 2028", "evenements@ccif-dakar.example"},
	} {
		o := testOccurrence(e.summary)
		o.Calendar, o.Location = "Personal", "Harbour Hotel, Main St 4"
		o.Organizer = e.org
		o.Attendees = []event.Attendee{{Email: e.org}, {Email: "jane@home.example"}}
		got := c.Classify(o)
		if !got.Networking || got.Type != "association" {
			t.Errorf("%q from %s: networking %v, type %q; want association\n\t%s",
				e.summary, e.org, got.Networking, got.Type, strings.Join(got.Reasons, "\n\t"))
		}
	}
}

// TestCallTypedByMe: a call I typed into a calendar of my own is the
// same whether the calendar leaves the organiser empty or writes my own
// address (Google, iCloud) with no one invited: a call I set up,
// networking by phone. Someone else's invitation is not typed by me.
func TestCallTypedByMe(t *testing.T) {
	c := mustNew(t, testConfig())
	for _, org := range []string{"", "jane@home.example"} {
		o := testOccurrence("Bellen Pieter de Vries")
		o.Calendar, o.Location, o.Description = "Personal", "", "Mob 06 1234 5678. Ask about the board search."
		o.Organizer, o.Attendees = org, nil
		got := c.Classify(o)
		if !got.Networking || got.InPerson || got.Type != "remote" {
			t.Errorf("a call I typed in (organiser %q): networking %v, in person %v, type %q; want remote networking\n\t%s",
				org, got.Networking, got.InPerson, got.Type, strings.Join(got.Reasons, "\n\t"))
		}
	}
	o := testOccurrence("Bellen Pieter de Vries")
	o.Calendar, o.Location = "Personal", ""
	o.Organizer = "pieter@devries-advies.example"
	o.Attendees = []event.Attendee{{Email: "jane@home.example"}}
	got := c.Classify(o)
	if slices.ContainsFunc(got.Reasons, func(r string) bool { return strings.Contains(r, "I put it in my calendar") }) {
		t.Errorf("an invitation from someone else is typed by me:\n\t%s", strings.Join(got.Reasons, "\n\t"))
	}
}

// TestExposedPlace: a coffee with an outsider at the employer's lobby café,
// which the place and the work calendar call work, is still possible
// networking: its risk is judged and its place checked. A note to self at
// the same place is not.
func TestExposedPlace(t *testing.T) {
	c := mustNew(t, testConfig())
	o := testOccurrence("Kaffee")
	o.Calendar, o.Location = "Work", "Acme HQ, Café im Erdgeschoss"
	o.Organizer = "anna@weiss-advisory.de"
	o.Attendees = []event.Attendee{{Email: "anna@weiss-advisory.de"}, {Email: "jane.doe@acme-corp.com"}}
	got := c.Classify(o)
	if got.Networking || !got.Possible || !got.ConfidentialRisk {
		t.Errorf("coffee with an outsider at the employer's café: networking %v, possible %v, risk %v; want possible networking and a risk\n\t%s",
			got.Networking, got.Possible, got.ConfidentialRisk, strings.Join(got.Reasons, "\n\t"))
	}
	o.Organizer, o.Attendees = "", nil
	o.Summary = "Board prep coffee"
	if got := c.Classify(o); got.Possible {
		t.Errorf("a note to self at the employer's café is possible networking:\n\t%s", strings.Join(got.Reasons, "\n\t"))
	}
}

// TestStructureOddText: the text-shape readers take any string, broken
// UTF-8 and lone punctuation included, without panicking.
func TestStructureOddText(t *testing.T) {
	c := mustNew(t, testConfig())
	for _, s := range []string{"", " ", "ex-", "Ex-\xff", "v", "A v", "v B", "Prof.", "Prof. \xff", "(", "Search",
		" Search", "\xff Search", "COO,", "COO, ", "Partner at", "Partner at \xc3", "Club", " Club", "\xe3\x81",
		"キャンセル", "l'", "–", strings.Repeat("Partner at ", 1000), "İstanbul İş", "Ab Cd", "A\xffb Cd", "+", "+1",
		"+49 171 2345678", "(+", "@", "a@", "@b", "a.b@c", "Tom Hale", "커피 – 교수님", "x@y.z Tom Hale", "Reunion"} {
		_ = phoneIn(s)
		_ = personalAddress(s, s)
		_ = personalAddress("tom@x.com", s)
		_ = firmNamedSearch(s)
		_ = formerOf(s)
		_ = fixture(s)
		_ = namedBody(s)
		_ = c.titledPerson(s)
		_ = c.roleAt(s)
		_ = orgOf(s)
		_ = c.searchDomainWord(s)
		_ = clip(s, 3)
		o := testOccurrence(s)
		o.Description, o.Location, o.URL, o.Organizer, o.OrganizerName = s, s, s, s, s
		o.Attendees = []event.Attendee{{Email: s, Name: s}, {Email: "a@x.com"}}
		_ = c.Classify(o)
	}
}

// TestDashPerson: a person after a dash is a name of one or two
// capitalised words; a body's name after the dash is not a person.
func TestDashPerson(t *testing.T) {
	for _, tt := range []struct{ s, want string }{
		{"Golf – Angus", "Angus"}, {"Padel - Olivier D.", "Olivier D."},
		{"Networking lunch – Carla Mendes", "Carla Mendes"},
		{"Dîner-débat – Institut Montaigne", ""}, {"Déjeuner – Rotary Nice", ""}, {"Cena – Club Ejecutivos", ""},
		{"Lunch – the team", ""}, {"Lunch–Carla", ""}, {"Offsite – Q1 Planning Review", ""},
	} {
		if got := dashPerson(tt.s); got != tt.want {
			t.Errorf("dashPerson(%q) = %q, want %q", tt.s, got, tt.want)
		}
	}
}

// TestSecrecyAndInitialsLeaveWorkAlone: the employer's own confidential
// meetings (a colleague sends them) are no sign of a job search, a search's
// discreet meeting is, and a summary all in capitals names no body by its
// initials.
func TestSecrecyAndInitialsLeaveWorkAlone(t *testing.T) {
	c := mustNew(t, testConfig())
	at := func(o *event.Occurrence, h int) *event.Occurrence {
		o.Start = time.Date(2026, 3, 2, h, 0, 0, 0, time.UTC)
		o.End = o.Start.Add(time.Hour)
		return o
	}
	for _, o := range []*event.Occurrence{
		at(&event.Occurrence{Summary: "Confidential: Q3 board pack", Calendar: "Work", Organizer: "ceo@acme-corp.com",
			Attendees: []event.Attendee{{Email: "ceo@acme-corp.com"}, {Email: "jane.doe@acme-corp.com"}}}, 10),
		at(&event.Occurrence{Summary: "Confidential - budget", Organizer: "cfo.office@acme-corp.com",
			Attendees: []event.Attendee{{Email: "jane.doe@acme-corp.com"}}}, 11),
	} {
		if cl := c.Classify(o); cl.Possible || cl.Networking {
			t.Errorf("%q: possible %v, networking %v, want neither: %q", o.Summary, cl.Possible, cl.Networking, cl.Reasons)
		}
	}
	o := at(&event.Occurrence{Summary: "Suivi confidentiel – Mme Ferreira"}, 18)
	if cl := c.Classify(o); !cl.Possible && !cl.Networking {
		t.Errorf("%q: neither possible nor networking: %q", o.Summary, cl.Reasons)
	}
	for _, s := range []string{"ANNUAL DINNER", "CLIENT DINNER", "BREAKFAST"} {
		o := at(&event.Occurrence{Summary: s, Location: "Balthazar, 80 Spring St"}, 19)
		for _, r := range c.Classify(o).Reasons {
			if strings.Contains(r, "by its initials") {
				t.Errorf("%q: %s", s, r)
			}
		}
	}
}
