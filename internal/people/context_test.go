package people

import (
	"testing"

	"github.com/netsyncd/netsyncd/internal/limits"
)

// TestContextAt: the people of a coming occurrence, known ones with their
// last meeting before it and how often, the others as first meetings; the
// occurrence's own meeting never counts for itself.
func TestContextAt(t *testing.T) {
	cfg := testConfig()
	items := []limits.Item{
		meet("a", -30, "Coffee with Priya", att("priya@northwind.example", "Priya Raman")),
		meet("b", -10, "Lunch with Priya", att("priya@northwind.example", "Priya Raman")),
		meet("c", -5, "Drinks with Dana Whitfield (Lazard)"),
	}
	l := Learn(Ledger{}, items, cfg, now)
	next := meet("d", 2, "Dinner", att("priya@northwind.example", "Priya Raman"), att("sam@kestrel.example", "Sam Ortiz"),
		att("lisa@acme-corp.com", "Lisa Chen"))
	named := meet("e", 3, "Coffee w/ Dana Whitfield")
	named.Occ.Attendees = nil
	done := items[1] // a past occurrence: its follow-up lists Priya as known from "a"
	c := NewContext(l, append(items, next, named), cfg)
	got := c.At(&next.Occ)
	if len(got) != 2 {
		t.Fatalf("At(dinner) = %+v; want Priya and Sam (the employer's Lisa left out)", got)
	}
	if p := got[0]; p.Key != "priya@northwind.example" || !p.Known || p.Times != 2 || p.LastSummary != "Lunch with Priya" || !p.LastMet.Equal(items[1].Occ.Start) {
		t.Errorf("At(dinner)[0] = %+v; want Priya known, met twice, last at the lunch", p)
	}
	if s := got[1]; s.Name != "Sam Ortiz" || s.Known || s.Times != 0 {
		t.Errorf("At(dinner)[1] = %+v; want Sam, a first meeting", s)
	}
	if d := c.At(&named.Occ); len(d) != 1 || !d[0].Known || d[0].Organization != "Lazard" || d[0].Times != 1 {
		t.Errorf("At(coffee w/ Dana) = %+v; want Dana known once, of Lazard", d)
	}
	if p := c.At(&done.Occ); len(p) != 1 || p[0].Times != 1 || p[0].LastSummary != "Coffee with Priya" {
		t.Errorf("At(the lunch itself) = %+v; want Priya known from the coffee only", p)
	}
}

// TestContextHostRecord: a host's record before an event, and a new host.
func TestContextHostRecord(t *testing.T) {
	cfg := testConfig()
	items := []limits.Item{
		passive("m1", -40, "CFO mixer", "host@nyccfo.example", "NYC CFO", att("amy@x.example", "Amy Ng"), att("bo@y.example", "Bo Li")),
		meet("1on1", -20, "Coffee", att("amy@x.example", "Amy Ng")),
		passive("m2", -10, "CFO mixer", "host@nyccfo.example", "NYC CFO"),
	}
	l := Learn(Ledger{}, items, cfg, now)
	next := passive("m3", 5, "CFO mixer", "host@nyccfo.example", "NYC CFO")
	c := NewContext(l, items, cfg)
	host, rec, known := c.HostRecord(&next.Occ)
	if host != "nyccfo.example" || !known || rec.Events != 2 || rec.PeopleMet != 3 || rec.LaterOneOnOne != 1 {
		t.Errorf("HostRecord(next mixer) = %q %+v %v; want nyccfo.example: 2 events, 3 people (the organiser too), 1 later one on one", host, rec, known)
	}
	if _, rec, _ := c.HostRecord(&items[2].Occ); rec.Events != 1 {
		t.Errorf("HostRecord(the second mixer) = %+v; want 1 event before it", rec)
	}
	other := passive("x", 5, "Gala", "gala@museum.example", "Museum")
	if host, _, known := c.HostRecord(&other.Occ); host != "museum.example" || known {
		t.Errorf("HostRecord(gala) = %q, known %v; want museum.example, new", host, known)
	}
	if host, _, _ := c.HostRecord(&items[1].Occ); host != "" {
		t.Errorf("HostRecord(my coffee) = %q; want no host", host)
	}
}
