package core

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/netsyncd/netsyncd/internal/classify"
	"github.com/netsyncd/netsyncd/internal/config"
	"github.com/netsyncd/netsyncd/internal/entry"
	"github.com/netsyncd/netsyncd/internal/event"
	"github.com/netsyncd/netsyncd/internal/pipeline"
	"github.com/netsyncd/netsyncd/internal/reconcile"
)

// lunch is an in-person networking lunch on Wednesday 2 December 2026.
const lunch = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VEVENT\r\nUID:lunch-1\r\nDTSTAMP:20261120T120000Z\r\n" +
	"DTSTART:20261202T170000Z\r\nDTEND:20261202T180000Z\r\nSUMMARY:Lunch with Tom Reyes\r\nLOCATION:Balthazar\r\n" +
	"ORGANIZER:mailto:jane@home.example\r\nATTENDEE;PARTSTAT=ACCEPTED:mailto:tom@reyes.example\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"

// dentist is the user's own object in the target calendar.
const dentist = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VEVENT\r\nUID:dentist\r\nDTSTAMP:20261120T120000Z\r\n" +
	"DTSTART:20261203T140000Z\r\nDTEND:20261203T150000Z\r\nSUMMARY:Dentist\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"

const tgtPath = "/cal/networking/"

func setup(t *testing.T) Inputs {
	t.Helper()
	cfg := config.Default()
	cfg.CalDAV.URL = "http://localhost/"
	cfg.Timezone = "America/New_York"
	cfg.Me.Emails = []string{"jane@home.example"}
	if _, err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	cl, err := classify.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, cfg.Location)
	return Inputs{
		Config: cfg, Classifier: cl, Now: now, Window: pipeline.WindowAround(cfg, now),
		Sources: []event.Source{{Calendar: "Personal", CalendarPath: "/cal/personal/", Href: "/cal/personal/lunch.ics", Data: []byte(lunch)}},
		Target:  Target{Path: tgtPath, Name: "Networking", TakesTasks: true},
		Ledger:  reconcile.Ledger{},
	}
}

func decide(t *testing.T, in Inputs) Decision {
	t.Helper()
	d, err := Decide(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// written is the target after every create of d succeeded, with other.
func written(d Decision, other ...Object) []Object {
	objs := other
	for _, c := range d.Changes {
		if c.Action == reconcile.Create {
			objs = append(objs, Object{Href: tgtPath + c.Href, ETag: `"` + c.UID[9:17] + `"`, Data: string(c.Data)})
		}
	}
	return objs
}

func count(d Decision) map[reconcile.Action]int {
	n := map[reconcile.Action]int{}
	for _, c := range d.Changes {
		n[c.Action]++
	}
	return n
}

func notes(d Decision) string {
	var b []string
	for _, n := range d.Notes {
		b = append(b, n.Msg)
	}
	return strings.Join(b, "\n")
}

func TestDecide(t *testing.T) {
	base := setup(t)
	first := decide(t, base)
	if n := count(first); n[reconcile.Create] != 3 || len(first.Changes) != 3 {
		t.Fatalf("first decision: %v; want a prep, a follow-up and a week entry created", n)
	}
	prep := ""
	for _, c := range first.Changes {
		if c.Entry.Kind == entry.KindPrep {
			prep = c.UID
		}
	}
	tests := []struct {
		name  string
		in    func(in *Inputs)
		check func(t *testing.T, d Decision)
	}{
		{"the entries as written: nothing to write, the user's event untouched", func(in *Inputs) {
			in.Target.Objects = written(first, Object{Href: tgtPath + "dentist.ics", ETag: `"d"`, Data: dentist})
		}, func(t *testing.T, d Decision) {
			if n := count(d); n[reconcile.Keep] != 3 || len(d.Changes) != 3 || len(d.Owned) != 3 {
				t.Errorf("%v, %d owned; want 3 keeps of netsyncd's 3 entries", n, len(d.Owned))
			}
			if len(d.Ledger) != 3 {
				t.Errorf("ledger %v; want the 3 entries adopted", d.Ledger)
			}
		}},
		{"an entry the user deleted is not created again", func(in *Inputs) {
			in.Ledger = reconcile.Ledger{prep: {Created: in.Now.Add(-time.Hour), Href: tgtPath + prep + ".ics"}}
		}, func(t *testing.T, d Decision) {
			for _, c := range d.Changes {
				if c.UID == prep && c.Action != reconcile.Keep {
					t.Errorf("%s the prep the user deleted (%s)", c.Action, c.Reason)
				}
			}
		}},
		{"with the plan: open slots for the weeks short of their target, and the record to keep", func(in *Inputs) {
			in.Plan = &pipeline.PlanInput{Start: in.Now.AddDate(0, 0, -7), Now: in.Now}
		}, func(t *testing.T, d Decision) {
			var slots []string
			for _, c := range d.Changes {
				if c.Action == reconcile.Create && c.Entry.Kind == entry.KindSlot {
					slots = append(slots, c.Entry.Week+" "+c.Entry.Start.Format("Mon 15:04"))
				}
			}
			// This week has the lunch (1 of 2 active): one slot; next week
			// none: two. Next week gets a week entry for its slots.
			if got := strings.Join(slots, ", "); got != "2026-W49 Tue 12:00, 2026-W50 Mon 07:30, 2026-W50 Tue 07:30" {
				t.Errorf("slots created: %s", got)
			}
			if n := count(d)[reconcile.Create]; n != 7 {
				t.Errorf("%d creates; want prep, follow-up, 2 week entries and 3 slots", n)
			}
			if len(d.Analysis.Plan.Record.Occurrences) != 1 {
				t.Errorf("record %v; want the lunch", d.Analysis.Plan.Record)
			}
		}},
		{"the ledger of another calendar does not count", func(in *Inputs) {
			in.Ledger = reconcile.Ledger{prep: {Created: in.Now.Add(-time.Hour), Href: "/cal/old/" + prep + ".ics"}}
		}, func(t *testing.T, d Decision) {
			if count(d)[reconcile.Create] != 3 {
				t.Errorf("%v; want the 3 creates", count(d))
			}
		}},
		{"the shared ledger's records are merged before reconciling", func(in *Inputs) {
			shared := reconcile.EncodeShared(reconcile.Ledger{prep: {Created: in.Now.Add(-time.Hour), Href: tgtPath + prep + ".ics"}}, true, in.Now)
			in.Target.Objects = []Object{{Href: reconcile.SharedHref(tgtPath), ETag: `"s"`, Data: string(shared)}}
		}, func(t *testing.T, d Decision) {
			if count(d)[reconcile.Create] != 2 || d.Ledger[prep].Created.IsZero() || !strings.Contains(notes(d), "took records") {
				t.Errorf("%v, ledger %v, notes %q; want the prep another instance made and the user deleted left out, and said", count(d), d.Ledger, notes(d))
			}
			if len(d.Owned) != 0 {
				t.Errorf("the shared ledger was read as an entry: %v", d.Owned)
			}
		}},
		{"a ledger lost with the state directory is said, with the entries adopted", func(in *Inputs) {
			in.Target.Objects, in.LedgerLost = written(first), true
		}, func(t *testing.T, d Decision) {
			if len(d.Notes) != 1 || d.Notes[0].Msg != LedgerMissing || !d.Notes[0].Warn || d.Notes[0].Fields[0] != (Field{"adopted", 3}) {
				t.Errorf("notes %+v; want one warning that the ledger is missing, 3 adopted", d.Notes)
			}
		}},
		{"a fresh install adopts nothing and says nothing", func(in *Inputs) { in.LedgerLost = true }, func(t *testing.T, d Decision) {
			if len(d.Notes) != 0 {
				t.Errorf("notes %q; want none", notes(d))
			}
		}},
		{"an unreadable source keeps the entries it may plan", func(in *Inputs) {
			in.Target.Objects, in.Sources, in.Unreadable = written(first), nil, 1
		}, func(t *testing.T, d Decision) {
			if n := count(d); n[reconcile.Delete] != 0 || !strings.Contains(notes(d), "could not be read") {
				t.Errorf("%v, notes %q; want no delete, and said", n, notes(d))
			}
		}},
		{"every source read: an unplanned entry is deleted", func(in *Inputs) {
			in.Target.Objects, in.Sources = written(first), nil
		}, func(t *testing.T, d Decision) {
			if n := count(d); n[reconcile.Delete] != 2 || n[reconcile.Keep] != 1 {
				t.Errorf("%v; want the prep and the follow-up deleted, the week entry (its week began) kept", n)
			}
		}},
		{"an event in an unknown time zone, read as floating, keeps no other source's entry", func(in *Inputs) {
			mars := strings.NewReplacer("UID:dentist", "UID:mars", "DTSTART:20261203T140000Z", "DTSTART;TZID=Mars/Olympus_Mons:20261203T140000",
				"DTEND:20261203T150000Z", "DTEND;TZID=Mars/Olympus_Mons:20261203T150000").Replace(dentist)
			in.Target.Objects = written(first)
			in.Sources = []event.Source{{Calendar: "Personal", CalendarPath: "/cal/personal/", Href: "/cal/personal/mars.ics", Data: []byte(mars)}}
		}, func(t *testing.T, d Decision) {
			if n := count(d); n[reconcile.Delete] != 2 || n[reconcile.Keep] != 1 || strings.Contains(notes(d), "could not be read whole") {
				t.Errorf("%v, notes %q; want the lunch's prep and follow-up deleted as with every source read", n, notes(d))
			}
			if len(d.Analysis.Problems) != 1 || !d.Analysis.Problems[0].Read || !strings.Contains(d.Analysis.Problems[0].Error(), "Mars/Olympus_Mons") {
				t.Errorf("problems %v; want the unknown TZID said, the event read", d.Analysis.Problems)
			}
		}},
		{"tasks in a calendar without tasks are written as events", func(in *Inputs) {
			cfg := *in.Config
			cfg.Output.As = "todo"
			in.Config, in.Target.TakesTasks = &cfg, false
		}, func(t *testing.T, d Decision) {
			if d.Options.As != "event" || !strings.Contains(notes(d), "does not take tasks") || !strings.Contains(string(d.Changes[0].Data), "BEGIN:VEVENT") {
				t.Errorf("as %q, notes %q; want events, and said", d.Options.As, notes(d))
			}
		}},
		{"a damaged entry is left alone, counted and said", func(in *Inputs) {
			objs := written(first)
			objs[0].Data = strings.Replace(objs[0].Data, "DTSTART:", "DTSTART:x", 1)
			in.Target.Objects = objs
		}, func(t *testing.T, d Decision) {
			if d.SkippedInvalid != 1 || !strings.Contains(notes(d), "damaged") {
				t.Errorf("skipped %d, notes %q; want 1, and said", d.SkippedInvalid, notes(d))
			}
		}},
		{"a given analysis is not run again", func(in *Inputs) {
			in.Analysis, in.Sources = &first.Analysis, nil
		}, func(t *testing.T, d Decision) {
			if count(d)[reconcile.Create] != 3 {
				t.Errorf("%v; want the analysis's 3 creates", count(d))
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := setup(t)
			tt.in(&in)
			before := len(in.Ledger)
			tt.check(t, decide(t, in))
			if len(in.Ledger) != before {
				t.Errorf("Decide changed the ledger it was given")
			}
		})
	}
}

// TestDecideFindings: findings are new once, and the keys to remember come back.
func TestDecideFindings(t *testing.T) {
	in := setup(t)
	in.Sources = append(in.Sources, event.Source{Calendar: "Personal", Href: "/cal/personal/gala.ics", Data: []byte(strings.NewReplacer(
		"UID:lunch-1", "UID:gala", "20261202T170000Z", "20261203T010000Z", "20261202T180000Z", "20261203T050000Z", "Lunch with Tom Reyes", "Networking gala").Replace(lunch))})
	d := decide(t, in)
	if len(d.NewFindings) == 0 || len(d.Reported) != len(d.NewFindings) {
		t.Fatalf("%d new findings, %d keys; want some, all new", len(d.NewFindings), len(d.Reported))
	}
	in.Reported = d.Reported
	if again := decide(t, in); len(again.NewFindings) != 0 || len(again.Reported) != len(d.Reported) {
		t.Errorf("second decision: %d new findings; want none", len(again.NewFindings))
	}
}
