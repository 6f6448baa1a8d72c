package pipeline

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/netsyncd/netsyncd/internal/benchdata"
	"github.com/netsyncd/netsyncd/internal/event"
	"github.com/netsyncd/netsyncd/internal/people"
	"github.com/netsyncd/netsyncd/internal/plan"
)

// TestLeanDecidesTheSame: a lean analysis (the daemon's, Lean) lets go of
// what no later step reads of the occurrences that are neither networking,
// possible nor a confidential risk, and keeps one copy of each text; the
// entries, findings, weeks, opportunities and the people ledger it gives
// are those of the full analysis.
func TestLeanDecidesTheSame(t *testing.T) {
	cfg, cl := setup(t)
	cfg.Employer.Domains = []string{"acme-corp.com"}
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	srcs := benchSources(now)
	// A dentist's appointment whose description makes it an opportunity:
	// its description must stay for the limits check to say so.
	srcs = append(srcs, event.Source{Calendar: "Personal", CalendarPath: "/p/", Href: "/p/opp.ics", Data: []byte(
		"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VEVENT\r\nUID:opp-1\r\nDTSTAMP:20261120T120000Z\r\n" +
			"DTSTART:20261203T170000Z\r\nDTEND:20261203T180000Z\r\nSUMMARY:Dentist\r\nDESCRIPTION:then the school fair\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")})
	w := WindowAround(cfg, now)
	run := func(ctx context.Context) Analysis {
		ppl := &plan.People{Ledger: people.Ledger{}, Now: now}
		an, err := AnalyzeWith(ctx, cfg, cl, srcs, w, ppl, &PlanInput{Start: w.From, Now: now})
		if err != nil {
			t.Fatal(err)
		}
		return an
	}
	full, lean := run(context.Background()), run(Lean(context.Background()))
	if len(full.Items) < 100 || len(full.Entries) < 10 {
		t.Fatalf("the calendar gives %d items and %d entries; want a real pass", len(full.Items), len(full.Entries))
	}
	if !reflect.DeepEqual(full.Entries, lean.Entries) {
		t.Errorf("a lean analysis gives other entries")
	}
	if !reflect.DeepEqual(full.Weeks, lean.Weeks) {
		t.Errorf("a lean analysis gives other weeks or week findings")
	}
	if !reflect.DeepEqual(full.People, lean.People) {
		t.Errorf("a lean analysis learns another people ledger")
	}
	if len(full.Items) != len(lean.Items) {
		t.Fatalf("a lean analysis has %d items; want %d", len(lean.Items), len(full.Items))
	}
	dropped := 0
	for i := range full.Items {
		f, l := &full.Items[i], &lean.Items[i]
		if f.Occ.Key() != l.Occ.Key() || f.Class.Networking != l.Class.Networking || f.Opportunity != l.Opportunity ||
			!reflect.DeepEqual(f.Findings, l.Findings) || f.Occ.Summary != l.Occ.Summary || !reflect.DeepEqual(f.Occ.Attendees, l.Occ.Attendees) {
			t.Fatalf("item %d differs: %q (networking %v, opportunity %q) against %q (networking %v, opportunity %q)",
				i, l.Occ.Summary, l.Class.Networking, l.Opportunity, f.Occ.Summary, f.Class.Networking, f.Opportunity)
		}
		if kept := l.Class.Networking || l.Class.Possible || l.Class.ConfidentialRisk || l.Opportunity != ""; kept && l.Occ.Description != f.Occ.Description {
			t.Errorf("item %d (%q): a lean analysis dropped the description of an occurrence that reads it", i, l.Occ.Summary)
		}
		if f.Occ.Description != "" && l.Occ.Description == "" {
			dropped++
		}
		if l.Occ.UID == "opp-1" && l.Opportunity == "" {
			t.Errorf("the dentist's appointment before the school fair is no opportunity in a lean analysis")
		}
	}
	if dropped == 0 {
		t.Errorf("a lean analysis kept every description; want those of the occurrences nothing reads dropped")
	}
}

// benchSources is benchdata's calendar of 1,500 events around now, as the
// sources of one calendar "Personal".
func benchSources(now time.Time) []event.Source {
	var srcs []event.Source
	for _, o := range benchdata.Calendar(benchdata.Options{Events: 1500, Seed: 7, Now: now}) {
		srcs = append(srcs, event.Source{Calendar: "Personal", CalendarPath: "/p/", Href: "/p/" + o.Name, Data: o.Data})
	}
	return srcs
}
