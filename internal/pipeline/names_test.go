package pipeline

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/netsyncd/netsyncd/internal/entry"
	"github.com/netsyncd/netsyncd/internal/limits"
	"github.com/netsyncd/netsyncd/internal/people"
	"github.com/netsyncd/netsyncd/internal/plan"
)

// TestSharedNamesDecideTheSame: AnalyzeWith parses each summary's names
// once (people.Names, shared by Learn, the standings and the planner's
// Context); the ledger, standings, entries and findings it gives are those
// of the same steps each parsing on its own (nil Names), over benchdata's
// calendar, learned from the year before the window and then again from
// the ledger that gives (prep and follow-up entries name people known,
// future meetings make them scheduled).
func TestSharedNamesDecideTheSame(t *testing.T) {
	cfg, cl := setup(t)
	cfg.Employer.Domains = []string{"acme-corp.com"}
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	srcs := benchSources(now)
	w := WindowAround(cfg, now)
	ctx := context.Background()
	shared := func(l people.Ledger) Analysis {
		an, err := AnalyzeWith(ctx, cfg, cl, srcs, w, &plan.People{Ledger: l, Now: now}, &PlanInput{Ledger: l, Start: w.From, Now: now})
		if err != nil {
			t.Fatal(err)
		}
		return an
	}
	// apart is AnalyzeWith's steps, each reader of a summary parsing its
	// names itself: people.Learn, the extras' standings, the planner's
	// Context and its own standings (plan.People without Standings or Names).
	apart := func(l people.Ledger) (people.Ledger, []people.Standing, []entry.Entry, limits.Result) {
		items, _, err := Classified(ctx, cfg, cl, srcs, w)
		if err != nil {
			t.Fatal(err)
		}
		res, err := limits.CheckItems(ctx, cfg, items, w.From, w.To)
		if err != nil {
			t.Fatal(err)
		}
		learned := people.Learn(l, res.Items, cfg, now)
		pi := &PlanInput{Ledger: learned, Start: w.From, Now: now}
		ex := pi.extras(cfg, res.Items, w, nil)
		entries, found, err := plan.PlanAll(ctx, cfg, res, &plan.People{Ledger: learned, Now: now}, ex.Extras)
		if err != nil {
			t.Fatal(err)
		}
		addFindings(&res, found)
		return learned, ex.Standings, entries, res
	}
	// The ledger starts as the year before the window makes it (the
	// daemon's people.history), so that the window meets people known.
	year := Window{From: now.AddDate(-1, 0, 0), To: w.From}
	hist, _, err := Classified(ctx, cfg, cl, srcs, year)
	if err != nil {
		t.Fatal(err)
	}
	l := people.Learn(people.Ledger{}, hist, cfg, now)
	for round := 1; round <= 2; round++ {
		an := shared(l)
		ledger, standings, entries, res := apart(l)
		withPeople, scheduled := 0, 0 // prep and follow-up entries that name someone in the ledger
		for _, e := range entries {
			if e.Kind != entry.KindPrep && e.Kind != entry.KindFollowup {
				continue
			}
			for _, p := range ledger.People {
				if len(p.Name) > 3 && strings.Contains(e.Description, p.Name) {
					withPeople++
					break
				}
			}
		}
		for _, s := range standings {
			if s.Status == people.Scheduled {
				scheduled++
			}
		}
		if len(ledger.People) < 20 || len(entries) < 10 || withPeople == 0 || scheduled == 0 {
			t.Fatalf("round %d: %d people, %d entries (%d naming people), %d scheduled; want a real pass",
				round, len(ledger.People), len(entries), withPeople, scheduled)
		}
		t.Logf("round %d: %d people, %d entries (%d naming people), %d scheduled", round, len(ledger.People), len(entries), withPeople, scheduled)
		if !reflect.DeepEqual(an.People, ledger) {
			t.Errorf("round %d: the shared names learn another ledger", round)
		}
		if !reflect.DeepEqual(an.Plan.Standings, standings) {
			t.Errorf("round %d: the shared names give other standings", round)
		}
		if !reflect.DeepEqual(an.Entries, entries) {
			t.Errorf("round %d: the shared names give other entries", round)
		}
		if !reflect.DeepEqual(an.Result, res) {
			t.Errorf("round %d: the shared names give other items, weeks or findings", round)
		}
		l = ledger
	}
}
