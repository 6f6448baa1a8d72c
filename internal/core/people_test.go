package core

import (
	"strings"
	"testing"
	"time"

	"github.com/netsyncd/netsyncd/internal/entry"
	"github.com/netsyncd/netsyncd/internal/event"
	"github.com/netsyncd/netsyncd/internal/people"
	"github.com/netsyncd/netsyncd/internal/reconcile"
)

// TestDecidePeople: with the people ledger, Dana (met 70 days ago) gets a
// reconnect entry; the next decision over the written target keeps it;
// one after a lunch with her is booked deletes it. Without a ledger there
// is none, and the prep of the lunch with Tom names no one.
func TestDecidePeople(t *testing.T) {
	in := setup(t)
	met := in.Now.AddDate(0, 0, -70)
	l := people.Ledger{People: map[string]people.Person{"dana@lazard.example": {
		Key: "dana@lazard.example", Name: "Dana Whitfield", Email: "dana@lazard.example",
		Meetings: []people.Meeting{{Occ: "old", Start: met, Summary: "Coffee", InPerson: true, OneOnOne: true, Networking: true}},
	}}}
	uid := entry.UID(entry.KindReconnect, "person:dana@lazard.example", met.UTC().Format(time.RFC3339))

	plain := decide(t, in)
	for _, c := range plain.Changes {
		if c.Entry != nil && c.Entry.Kind == entry.KindReconnect {
			t.Errorf("a reconnect entry without the people ledger: %+v", c.Entry)
		}
	}

	in.People = &l
	first := decide(t, in)
	var prep string
	created := false
	for _, c := range first.Changes {
		created = created || c.Action == reconcile.Create && c.UID == uid && c.Entry.Summary == "Reconnect: Dana Whitfield"
		if c.Entry != nil && c.Entry.Kind == entry.KindPrep {
			prep = c.Entry.Description
		}
	}
	if !created {
		t.Fatalf("no reconnect entry for Dana created: %v", count(first))
	}
	if !strings.Contains(prep, "Who you will see:") || !strings.Contains(prep, "first meeting") {
		t.Errorf("the lunch's prep does not list Tom as a first meeting:\n%s", prep)
	}
	if _, ok := first.Analysis.People.People["dana@lazard.example"]; !ok {
		t.Error("Decision.Analysis.People lost Dana")
	}

	in.Target.Objects = written(first)
	in.Ledger = first.Ledger
	in.Now = in.Now.Add(time.Minute)
	if n := count(decide(t, in)); n[reconcile.Create]+n[reconcile.Update]+n[reconcile.Delete] != 0 {
		t.Errorf("the decision over the written target changes %v; want none", n)
	}

	booked := strings.NewReplacer("UID:lunch-1", "UID:lunch-dana", "20261202T", "20261204T", "tom@reyes.example", "dana@lazard.example").Replace(lunch)
	in.Sources = append(in.Sources, event.Source{Calendar: "Personal", CalendarPath: "/cal/personal/", Href: "/cal/personal/lunch-dana.ics", Data: []byte(booked)})
	deleted := false
	for _, c := range decide(t, in).Changes {
		deleted = deleted || c.Action == reconcile.Delete && c.UID == uid
	}
	if !deleted {
		for _, c := range decide(t, in).Changes {
			t.Logf("%s %s %s", c.Action, c.UID, c.Reason)
		}
		t.Error("Dana's reconnect entry is not deleted once a lunch with her is booked")
	}
}
