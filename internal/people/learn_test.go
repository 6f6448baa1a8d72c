package people

import (
	"reflect"
	"testing"
	"time"

	"github.com/netsyncd/netsyncd/internal/classify"
	"github.com/netsyncd/netsyncd/internal/config"
	"github.com/netsyncd/netsyncd/internal/event"
	"github.com/netsyncd/netsyncd/internal/limits"
)

var now = time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)

func testConfig() *config.Config {
	cfg := config.Default()
	cfg.Location = time.UTC
	cfg.Me.Emails = []string{"jane@home.example", "jane.doe@acme-corp.com"}
	cfg.Employer.Domains = []string{"acme-corp.com"}
	return cfg
}

const me = "jane@home.example"

func att(email, name string) event.Attendee {
	return event.Attendee{Email: email, Name: name, PartStat: "ACCEPTED"}
}

// meet is a networking occurrence days from now (negative: past).
func meet(uid string, days int, summary string, atts ...event.Attendee) limits.Item {
	return limits.Item{
		Occ: event.Occurrence{
			UID: uid, Summary: summary, Location: "Midtown",
			Start: now.AddDate(0, 0, days), End: now.AddDate(0, 0, days).Add(time.Hour),
			Organizer: me, OrganizerName: "Jane Doe",
			Attendees: append([]event.Attendee{att(me, "Jane Doe")}, atts...),
		},
		Class: classify.Class{Networking: true, Mode: classify.Active, Type: "one_on_one", InPerson: true},
	}
}

func passive(uid string, days int, summary, orgEmail, orgName string, atts ...event.Attendee) limits.Item {
	it := meet(uid, days, summary, atts...)
	it.Occ.Organizer, it.Occ.OrganizerName = orgEmail, orgName
	it.Class.Mode, it.Class.Type = classify.Passive, "event"
	return it
}

func keys(l Ledger) []string { return sortedKeys(l.People) }

func TestLearnWhoCounts(t *testing.T) {
	cfg := testConfig()
	cfg.People.Ignore = []string{"@lists.example", "Front Desk"}
	room := att("room4@acme-corp.com", "Room 4")
	room.CUType = "ROOM"
	proj := att("projector@example.com", "Projector")
	proj.CUType = "RESOURCE"
	grp := att("cfo-forum@example.com", "CFO forum")
	grp.CUType = "GROUP"
	declined := att("sam@kestrel.example", "Sam Ortiz")
	declined.PartStat = "DECLINED"
	cancelled := meet("c", -3, "Coffee", att("carl@x.example", "Carl"))
	cancelled.Occ.Status = "CANCELLED"
	iDeclined := meet("d", -3, "Coffee", att("dora@x.example", "Dora"))
	iDeclined.Occ.Attendees[0].PartStat = "DECLINED"
	items := []limits.Item{
		meet("a", -10, "Coffee with Priya Raman", att("Priya.Raman@northwind.example", "Priya Raman"), room, proj, grp, declined,
			att("lisa.chen@acme-corp.com", "Lisa Chen"), att("events@nyccfo.example", "NYC CFO"), att("x@lists.example", "List")),
		cancelled, iDeclined,
		meet("future", 3, "Lunch", att("fay@x.example", "Fay")),
		meet("alone", -2, "Coffee"),
		meet("named", -4, "Drinks with Jordan Lee & Sam Ortiz"),
		meet("desk", -4, "Coffee with Front Desk"),
		meet("mine", -5, "1:1 Jane / Priya"),
	}
	items[0].Occ.Attendees[1].Email = "priya.raman@northwind.example" // the parser lower-cases; so does Learn's caller
	l := Learn(Ledger{}, items, cfg, now)
	// "1:1 Jane / Priya": Jane is me (my CN says so); a first name alone is
	// its own key, not the Priya Raman known by email.
	want := []string{"name:jordan lee", "name:priya", "name:sam ortiz", "priya.raman@northwind.example"}
	if got := keys(l); !reflect.DeepEqual(got, want) {
		t.Fatalf("Learn: people %q; want %q", got, want)
	}
	p := l.People["priya.raman@northwind.example"]
	if len(p.Meetings) != 1 || p.Meetings[0].OneOnOne {
		t.Errorf("Priya's meetings = %+v; want one, not one on one (Sam declined; Lisa, from the employer, was there)", p.Meetings)
	}
}

func TestLearnIdempotentAndKeepsHistory(t *testing.T) {
	cfg := testConfig()
	priya := att("priya@northwind.example", "Priya Raman")
	first := []limits.Item{meet("a", -100, "Coffee with Priya Raman", priya), meet("b", -30, "Lunch with Priya Raman", priya)}
	l1 := Learn(Ledger{}, first, cfg, now)
	l2 := Learn(l1, first, cfg, now)
	if !reflect.DeepEqual(l1, l2) {
		t.Errorf("learning the same items twice changed the ledger:\n%+v\n%+v", l1, l2)
	}
	if n := len(l1.People["priya@northwind.example"].Meetings); n != 2 {
		t.Fatalf("meetings = %d; want 2", n)
	}
	// A later pass sees only the last 14 days: the old meetings stay, and a
	// non-networking event with her resets the cadence.
	work := meet("c", -1, "School fundraiser committee", priya)
	work.Class = classify.Class{}
	l3 := Learn(l2, []limits.Item{work}, cfg, now)
	p := l3.People["priya@northwind.example"]
	if len(p.Meetings) != 3 || !p.LastMet().Equal(now.AddDate(0, 0, -1)) {
		t.Errorf("after a later non-networking event: %d meetings, last %v; want 3, yesterday", len(p.Meetings), p.LastMet())
	}
	if len(l2.People["priya@northwind.example"].Meetings) != 2 {
		t.Errorf("Learn changed the ledger it was given")
	}
	// A meeting since cancelled is dropped; one with a stranger in a
	// non-networking event never adds the stranger.
	gone := meet("b", -30, "Lunch with Priya Raman", priya)
	gone.Occ.Status = "CANCELLED"
	stranger := meet("s", -2, "Dentist", att("dr@teeth.example", "Dr. Feldman"))
	stranger.Class = classify.Class{}
	l4 := Learn(l3, []limits.Item{gone, stranger}, cfg, now)
	if n := len(l4.People["priya@northwind.example"].Meetings); n != 2 || len(l4.People) != 1 {
		t.Errorf("after cancelling one: %d meetings, people %q; want 2 and only Priya", n, keys(l4))
	}
}

func TestLearnMergesNameIntoEmailAndForgets(t *testing.T) {
	cfg := testConfig()
	l := Learn(Ledger{}, []limits.Item{meet("a", -60, "Coffee w/ Dana Whitfield (Lazard)")}, cfg, now)
	if p, ok := l.People["name:dana whitfield"]; !ok || p.Organization != "Lazard" || p.Name != "Dana Whitfield" {
		t.Fatalf("people = %+v; want name:dana whitfield of Lazard", l.People)
	}
	l = Learn(l, []limits.Item{meet("b", -5, "Lunch", att("dana@lazard.example", "Dana Whitfield"))}, cfg, now)
	p, ok := l.People["dana@lazard.example"]
	if !ok || len(l.People) != 1 || len(p.Meetings) != 2 || p.Organization != "Lazard" {
		t.Fatalf("after meeting her by email: %+v; want one person dana@lazard.example with both meetings", l.People)
	}
	// A summary naming her now goes to the email person.
	l = Learn(l, []limits.Item{meet("c", -2, "Drinks with Dana Whitfield")}, cfg, now)
	if len(l.People) != 1 || len(l.People["dana@lazard.example"].Meetings) != 3 {
		t.Errorf("after a summary naming her: %+v; want her three meetings under her email", l.People)
	}
	cfg.People.Forget = []string{"Dana Whitfield"}
	if l = Learn(l, nil, cfg, now); len(l.People) != 0 {
		t.Errorf("people.forget left %q", keys(l))
	}
	if l = Learn(l, []limits.Item{meet("d", -1, "Coffee", att("dana@lazard.example", "Dana Whitfield"))}, cfg, now); len(l.People) != 0 {
		t.Errorf("a forgotten person came back: %q", keys(l))
	}
}
