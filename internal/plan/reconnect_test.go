package plan

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/netsyncd/netsyncd/internal/classify"
	"github.com/netsyncd/netsyncd/internal/config"
	"github.com/netsyncd/netsyncd/internal/entry"
	"github.com/netsyncd/netsyncd/internal/event"
	"github.com/netsyncd/netsyncd/internal/limits"
	"github.com/netsyncd/netsyncd/internal/milestone"
	"github.com/netsyncd/netsyncd/internal/people"
)

// rnow is the pass's time in the reconnect tests: Wed 2 Dec 2026 09:00.
var rnow = at(2, 9, 0)

// coffee is an active one-on-one coffee with one person, days from rnow.
func coffee(uid string, days int, email, name string) limits.Item {
	start := rnow.AddDate(0, 0, days)
	o := event.Occurrence{UID: uid, Summary: "Coffee with " + name, Location: "Blue Bottle, Midtown", Calendar: "Personal",
		Start: start, End: start.Add(time.Hour), Organizer: "jane@home.example", OrganizerName: "Jane Doe",
		Attendees: []event.Attendee{{Email: "jane@home.example", Name: "Jane Doe", PartStat: "ACCEPTED"}}}
	if email != "" {
		o.Attendees = append(o.Attendees, event.Attendee{Email: email, Name: name, PartStat: "ACCEPTED"})
	}
	return limits.Item{Occ: o, Class: classify.Class{Networking: true, Mode: classify.Active, Type: "one_on_one", InPerson: true}}
}

// ledgerConfig: the default 8-week cadence, at most 2 reconnects a week,
// and a rule that Lee is never due.
func ledgerConfig() *config.Config {
	cfg := testConfig()
	cfg.People.MaxReconnectsPerWeek = 2
	never := config.Cadence{Never: true}
	cfg.People.Rules = []config.PeopleRule{{Match: config.PeopleMatch{Email: []string{"lee@x.example"}}, ReconnectAfter: &never}}
	return cfg
}

// history: Dana (met 70 days ago: 14 days overdue), Kim (65: 9), Priya
// (60: 4), Sam (10: not due) and Lee (90, never).
func history() []limits.Item {
	return []limits.Item{
		coffee("dana", -70, "dana@lazard.example", "Dana Whitfield"),
		coffee("kim", -65, "kim@k.example", "Kim Park"),
		coffee("priya", -60, "priya@n.example", "Priya Raman"),
		coffee("sam", -10, "sam@s.example", "Sam Ortiz"),
		coffee("lee", -90, "lee@x.example", "Lee Chan"),
	}
}

func planPeople(t *testing.T, cfg *config.Config, past, items []limits.Item, ppl People) []entry.Entry {
	t.Helper()
	ppl.Ledger = people.Learn(people.Ledger{}, past, cfg, rnow)
	ppl.Now = rnow
	es, _, err := PlanPeople(nil, cfg, limits.Result{Items: items}, &ppl)
	if err != nil {
		t.Fatal(err)
	}
	return es
}

func reconnectsOf(es []entry.Entry) map[string]entry.Entry {
	out := map[string]entry.Entry{}
	for _, e := range es {
		if e.Kind == entry.KindReconnect {
			out[strings.TrimPrefix(e.SourceUID, entry.PersonPrefix)] = e
		}
	}
	return out
}

func TestReconnectsPlaced(t *testing.T) {
	cfg := ledgerConfig()
	items := []limits.Item{
		busyItem("meeting", at(2, 9, 0), at(2, 12, 0)),
		coffee("omar-next", 5, "omar@o.example", "Omar Haddad"),
	}
	// Omar, met 80 days ago, is the most overdue, but a coffee with him is booked.
	es := planPeople(t, cfg, append(history(), coffee("omar", -80, "omar@o.example", "Omar Haddad")), items, People{})
	got := reconnectsOf(es)
	want := map[string]time.Time{
		"dana@lazard.example": at(2, 12, 0), // most overdue: the first free time this week
		"kim@k.example":       at(2, 12, 15),
		"priya@n.example":     at(7, 7, 0), // this week's cap of 2 is full: next Monday
	}
	if len(got) != len(want) {
		t.Fatalf("reconnects for %v; want %v (Sam is not due, Lee never, Omar is booked)", keysOf(got), want)
	}
	for key, start := range want {
		e, ok := got[key]
		if !ok || !e.Start.Equal(start) || e.End.Sub(e.Start) != 15*time.Minute {
			t.Errorf("reconnect %s = %v-%v; want %v for 15 min", key, e.Start, e.End, start)
		}
		if e.UID != entry.UID(entry.KindReconnect, entry.PersonPrefix+key, e.SourceRecurrenceID) || !(&entry.Owned{Kind: e.Kind, UID: e.UID, SourceUID: e.SourceUID, SourceRecurrenceID: e.SourceRecurrenceID}).Consistent() {
			t.Errorf("reconnect %s: UID %q is not the one its markers derive", key, e.UID)
		}
	}
	d := got["dana@lazard.example"]
	if d.Summary != "Reconnect: Dana Whitfield" {
		t.Errorf("summary = %q; want Reconnect: Dana Whitfield", d.Summary)
	}
	for _, s := range []string{"Last met: Wed 23 Sep 2026, Coffee with Dana Whitfield, at Blue Bottle, Midtown", "Met 1 time, 1 in person",
		"Reconnect every 8w: due Wed 18 Nov 2026", "Send Dana a short note", "this reminder goes away"} {
		if !strings.Contains(d.Description, s) {
			t.Errorf("description lacks %q:\n%s", s, d.Description)
		}
	}
}

func keysOf(m map[string]entry.Entry) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// TestReconnectsKeepTimeAndCycle: an entry in the calendar keeps its time;
// one over or deleted by the user ends its person's cycle (and an over one
// fills its week's cap); a meeting booked with the person ends their entry.
func TestReconnectsKeepTimeAndCycle(t *testing.T) {
	cfg := ledgerConfig()
	past := history()
	dana := ReconnectUID("dana@lazard.example", past[0].Occ.Start)
	kim := ReconnectUID("kim@k.example", past[1].Occ.Start)
	owned := func(uid, key string, start time.Time) entry.Owned {
		return entry.Owned{UID: uid, Kind: entry.KindReconnect, SourceUID: entry.PersonPrefix + key, Start: start, End: start.Add(15 * time.Minute),
			PlannedStart: start, PlannedEnd: start.Add(15 * time.Minute)}
	}
	t.Run("kept where it is", func(t *testing.T) {
		got := reconnectsOf(planPeople(t, cfg, past, nil, People{Reconnects: []entry.Owned{owned(dana, "dana@lazard.example", at(3, 15, 0))}}))
		if e := got["dana@lazard.example"]; !e.Start.Equal(at(3, 15, 0)) || e.UID != dana {
			t.Errorf("Dana's reconnect = %v %s; want kept at %v", e.Start, e.UID, at(3, 15, 0))
		}
		if e := got["kim@k.example"]; !e.Start.Equal(at(2, 9, 15)) {
			t.Errorf("Kim's reconnect = %v; want the first free time after now, %v", e.Start, at(2, 9, 15))
		}
	})
	t.Run("under way: kept", func(t *testing.T) {
		got := reconnectsOf(planPeople(t, cfg, past, nil, People{Reconnects: []entry.Owned{owned(dana, "dana@lazard.example", at(2, 8, 50))}}))
		if e := got["dana@lazard.example"]; !e.Start.Equal(at(2, 8, 50)) {
			t.Errorf("Dana's reconnect, under way, = %v; want kept at %v", e.Start, at(2, 8, 50))
		}
	})
	t.Run("moved when its time is taken", func(t *testing.T) {
		items := []limits.Item{busyItem("m", at(3, 15, 0), at(3, 16, 0))}
		got := reconnectsOf(planPeople(t, cfg, past, items, People{Reconnects: []entry.Owned{owned(dana, "dana@lazard.example", at(3, 15, 0))}}))
		if e := got["dana@lazard.example"]; !e.Start.Equal(at(2, 9, 15)) {
			t.Errorf("Dana's reconnect = %v; want moved to %v", e.Start, at(2, 9, 15))
		}
	})
	t.Run("over: done, and counts toward the week", func(t *testing.T) {
		got := reconnectsOf(planPeople(t, cfg, past, nil, People{Reconnects: []entry.Owned{owned(dana, "dana@lazard.example", at(1, 10, 0))}}))
		if _, ok := got["dana@lazard.example"]; ok {
			t.Errorf("Dana planned again after her reminder was shown: %v", got)
		}
		if e := got["kim@k.example"]; !e.Start.Equal(at(2, 9, 15)) {
			t.Errorf("Kim = %v; want %v", e.Start, at(2, 9, 15))
		}
		if e := got["priya@n.example"]; !e.Start.Equal(at(7, 7, 0)) {
			t.Errorf("Priya = %v; want next week, %v (Dana's shown entry and Kim's fill this week)", e.Start, at(7, 7, 0))
		}
	})
	t.Run("in the calendar is not deleted", func(t *testing.T) {
		made := func(string) bool { return true } // every UID was made once
		got := reconnectsOf(planPeople(t, cfg, past, nil, People{Dismissed: made, Reconnects: []entry.Owned{owned(dana, "dana@lazard.example", at(3, 15, 0))}}))
		if e := got["dana@lazard.example"]; !e.Start.Equal(at(3, 15, 0)) || len(got) != 1 {
			t.Errorf("reconnects %v; want Dana's, kept, alone", got)
		}
	})
	t.Run("deleted by the user", func(t *testing.T) {
		got := reconnectsOf(planPeople(t, cfg, past, nil, People{Dismissed: func(uid string) bool { return uid == kim }}))
		if _, ok := got["kim@k.example"]; ok || len(got) != 2 {
			t.Errorf("reconnects %v; want Dana and Priya, not Kim (deleted by the user)", keysOf(got))
		}
	})
	t.Run("a meeting booked", func(t *testing.T) {
		got := reconnectsOf(planPeople(t, cfg, past, []limits.Item{coffee("dana-next", 9, "dana@lazard.example", "Dana Whitfield")}, People{}))
		if _, ok := got["dana@lazard.example"]; ok {
			t.Errorf("Dana has a coffee booked, yet a reconnect: %v", keysOf(got))
		}
	})
	t.Run("met since: a new cycle", func(t *testing.T) {
		since := append(past, coffee("dana-again", -1, "dana@lazard.example", "Dana Whitfield"))
		got := reconnectsOf(planPeople(t, cfg, since, nil, People{Reconnects: []entry.Owned{owned(dana, "dana@lazard.example", at(3, 15, 0))}}))
		if _, ok := got["dana@lazard.example"]; ok {
			t.Errorf("Dana, met yesterday, has a reconnect: %v", keysOf(got))
		}
	})
	t.Run("none a week", func(t *testing.T) {
		c := ledgerConfig()
		c.People.MaxReconnectsPerWeek = 0
		if got := reconnectsOf(planPeople(t, c, past, nil, People{})); len(got) != 0 {
			t.Errorf("max_reconnects_per_week 0 gave %v", keysOf(got))
		}
	})
}

// TestReconnectConfidential: no word of a job search, even from another
// event's title, in a reconnect entry under employer.confidential.
func TestReconnectConfidential(t *testing.T) {
	cfg := ledgerConfig()
	past := []limits.Item{coffee("d", -70, "dana@lazard.example", "Dana Whitfield")}
	past[0].Occ.Summary = "Career chat with Dana"
	got := reconnectsOf(planPeople(t, cfg, past, nil, People{}))["dana@lazard.example"]
	if got.Description == "" || telling(got.Summary+"\n"+got.Description, "") {
		t.Errorf("confidential reconnect tells:\n%s\n%s", got.Summary, got.Description)
	}
	cfg.Employer.Confidential = false
	got = reconnectsOf(planPeople(t, cfg, past, nil, People{}))["dana@lazard.example"]
	if !strings.Contains(got.Description, "Career chat with Dana") {
		t.Errorf("not confidential: want the last event's title:\n%s", got.Description)
	}
}

// TestPrepAndFollowupPeople: a prep says who you will see and how you know
// them; a follow-up who you met, new and known; a passive event's prep its
// host's record.
func TestPrepAndFollowupPeople(t *testing.T) {
	cfg := ledgerConfig()
	past := history()
	mixer := netItem("mixer-1", "CFO mixer", rnow.AddDate(0, 0, -30), 2*time.Hour, 10)
	mixer.Occ.Organizer, mixer.Occ.OrganizerName = "events@nyccfo.example", "NYC CFO"
	mixer.Occ.Attendees = []event.Attendee{{Email: "amy@a.example", Name: "Amy Ng", PartStat: "ACCEPTED"}}
	past = append(past, mixer)
	dinner := coffee("dinner", 3, "dana@lazard.example", "Dana Whitfield")
	dinner.Occ.Summary = "Dinner"
	dinner.Occ.Attendees = append(dinner.Occ.Attendees, event.Attendee{Email: "ravi@r.example", Name: "Ravi Rao", PartStat: "ACCEPTED"})
	next := netItem("mixer-2", "CFO mixer", rnow.AddDate(0, 0, 6), 2*time.Hour, 10)
	next.Occ.Organizer, next.Occ.OrganizerName = "events@nyccfo.example", "NYC CFO"
	fresh := netItem("gala", "Museum gala", rnow.AddDate(0, 0, 8), 2*time.Hour, 10)
	fresh.Occ.Organizer = "gala@museum.example"
	es := planPeople(t, cfg, past, []limits.Item{dinner, next, fresh}, People{})
	prep := find(t, es, entry.KindPrep, "dinner").Description
	for _, s := range []string{"Who you will see:", "- Dana Whitfield: last met Wed 23 Sep 2026, Coffee with Dana Whitfield, at Blue Bottle, Midtown; met 1 time",
		"- Ravi Rao: first meeting"} {
		if !strings.Contains(prep, s) {
			t.Errorf("dinner prep lacks %q:\n%s", s, prep)
		}
	}
	if strings.Contains(prep, "track record:") {
		t.Errorf("my own dinner's prep shows a host's record:\n%s", prep)
	}
	follow := find(t, es, entry.KindFollowup, "dinner").Description
	for _, s := range []string{"Who you met:", "- Dana Whitfield: known, met 1 time before, last Wed 23 Sep 2026", "- Ravi Rao: new"} {
		if !strings.Contains(follow, s) {
			t.Errorf("dinner follow-up lacks %q:\n%s", s, follow)
		}
	}
	if s := "Host's track record: 1 of their events attended, 1 person met there, 0 of them met one on one later"; !strings.Contains(find(t, es, entry.KindPrep, "mixer-2").Description, s) {
		t.Errorf("mixer prep lacks %q:\n%s", s, find(t, es, entry.KindPrep, "mixer-2").Description)
	}
	if s := "Host's track record: museum.example is new to you"; !strings.Contains(find(t, es, entry.KindPrep, "gala").Description, s) {
		t.Errorf("gala prep lacks %q:\n%s", s, find(t, es, entry.KindPrep, "gala").Description)
	}
	// Without the ledger, nothing of it.
	plain, _ := Plan(cfg, limits.Result{Items: []limits.Item{dinner}})
	if d := find(t, plain, entry.KindPrep, "dinner").Description; strings.Contains(d, "Who you will see") {
		t.Errorf("prep without the ledger names people:\n%s", d)
	}
}

// TestReconnectRoundTrip: a reconnect entry reads back as netsyncd's, with
// its markers consistent and no RELATED-TO (its source is no component).
func TestReconnectRoundTrip(t *testing.T) {
	es := planPeople(t, ledgerConfig(), history(), nil, People{})
	e := reconnectsOf(es)["dana@lazard.example"]
	data := entry.Encode(e, entry.EncodeOptions{As: "event", Private: true, Stamp: rnow})
	if strings.Contains(string(data), "RELATED-TO") || !strings.Contains(string(data), "X-NETSYNCD-SOURCE-UID:person:dana@lazard.example") {
		t.Errorf("encoded reconnect:\n%s", data)
	}
	o, err := entry.Decode(data)
	if err != nil || o.Kind != entry.KindReconnect || !o.Consistent() || o.Edited() || !o.Start.Equal(e.Start) {
		t.Errorf("Decode = %+v, %v; want a consistent, unedited reconnect at %v", o, err, e.Start)
	}
}

// TestReconnectsOfStandingsGiven: the standings a caller hands over
// (People.Standings, from Extras.Standings) plan the reconnects the
// planner's own would, and are the ones used.
func TestReconnectsOfStandingsGiven(t *testing.T) {
	cfg := ledgerConfig()
	items := []limits.Item{busyItem("meeting", at(2, 9, 0), at(2, 12, 0)), coffee("omar-next", 5, "omar@o.example", "Omar Haddad")}
	past := append(history(), coffee("omar", -80, "omar@o.example", "Omar Haddad"))
	l := people.Learn(people.Ledger{}, past, cfg, rnow)
	ex, _ := BuildExtras(cfg, items, milestone.Record{}, l, rnow, rnow, nil)
	if want := people.Standings(l, items, cfg, rnow); !reflect.DeepEqual(ex.Standings, want) {
		t.Fatalf("Extras.Standings = %v; want people.Standings, %v", ex.Standings, want)
	}
	own := reconnectsOf(planPeople(t, cfg, past, items, People{}))
	given := reconnectsOf(planPeople(t, cfg, past, items, People{Standings: ex.Standings}))
	if len(own) == 0 || !reflect.DeepEqual(given, own) {
		t.Errorf("reconnects of the standings given = %v; the planner's own = %v", keysOf(given), keysOf(own))
	}
	var withoutDana []people.Standing
	for _, s := range ex.Standings {
		if s.Key != "dana@lazard.example" {
			withoutDana = append(withoutDana, s)
		}
	}
	if got := reconnectsOf(planPeople(t, cfg, past, items, People{Standings: withoutDana})); got["dana@lazard.example"].UID != "" || len(got) != len(own)-1 {
		t.Errorf("reconnects of standings without Dana = %v; want the others alone", keysOf(got))
	}
}
