// Package pipeline is the first stage of the pure core (package core):
// expand occurrences, classify them, check them against the week's limits,
// plan the entries.
//
//	sources -> event.Expand -> classify -> limits.Check -> plan.Plan
//
// It does no I/O: raw calendar objects, the config and a window in; the
// assessed occurrences, the weeks and the desired entries out. It owns two
// rules for everything after it: one event invited into two calendars is
// one occurrence (checked, counted and planned once), and netsyncd's own
// entries are no part of the analysis. core.Analyze runs it, then the
// other stages, for `explain`, `report`, `once`, `run` and `demo` alike.
package pipeline

import (
	"context"
	"time"

	"github.com/netsyncd/netsyncd/internal/budget"
	"github.com/netsyncd/netsyncd/internal/classify"
	"github.com/netsyncd/netsyncd/internal/config"
	"github.com/netsyncd/netsyncd/internal/entry"
	"github.com/netsyncd/netsyncd/internal/event"
	"github.com/netsyncd/netsyncd/internal/limits"
	"github.com/netsyncd/netsyncd/internal/people"
	"github.com/netsyncd/netsyncd/internal/plan"
)

// Window is the span of time a pass looks at: [From, To).
type Window struct{ From, To time.Time }

// WindowAround is the config's window around now: window.past before the
// start of today, window.future after it (whole days in the config's zone, so
// a pass run at 09:00 and one run at 17:00 see the same occurrences).
func WindowAround(cfg *config.Config, now time.Time) Window {
	loc := cfg.Zone()
	y, m, d := now.In(loc).Date()
	past := int((cfg.Window.Past.D() + 24*time.Hour - 1) / (24 * time.Hour))
	future := int((cfg.Window.Future.D() + 24*time.Hour - 1) / (24 * time.Hour))
	return Window{From: event.DayStart(y, m, d-past, loc), To: event.DayStart(y, m, d+future+1, loc)}
}

// Analysis is the outcome of Analyze.
type Analysis struct {
	// Result holds every occurrence and week with their findings, the
	// planner's (no_prep_slot) included.
	limits.Result
	Entries  []entry.Entry   // the entries netsyncd wants in the target calendar
	Problems []event.Problem // components that could not be read; the rest went on
	Plan     PlanOutput      // with a PlanInput: the record, milestones and slots' inputs
	// People is the people ledger with this window's occurrences learned
	// (AnalyzeWith); empty without one.
	People people.Ledger
}

// Analyze expands, classifies, checks and plans every source object in the
// window.
func Analyze(cfg *config.Config, cl *classify.Classifier, srcs []event.Source, w Window) Analysis {
	an, _ := AnalyzeContext(context.Background(), cfg, cl, srcs, w)
	return an
}

// AnalyzeContext is Analyze within cfg's budgets (package budget) that ends
// soon after ctx is done, with its error: each step looks at ctx every
// budget.CancelEvery units of work, so SIGTERM ends even a pass over a
// hostile calendar within a fraction of a second.
func AnalyzeContext(ctx context.Context, cfg *config.Config, cl *classify.Classifier, srcs []event.Source, w Window) (Analysis, error) {
	return AnalyzeWith(ctx, cfg, cl, srcs, w, nil, nil)
}

// AnalyzeWith is AnalyzeContext with the people ledger (ppl nil: none) and
// the plan (pi nil: none). The occurrences are learned into ppl.Ledger
// (people.Learn) before the planner sees it, so a meeting of this window
// counts at once; the planner then writes the reconnect entries and the
// people of prep and follow-up entries (plan.PlanPeople), and, with pi,
// measures the milestones and plans open slots suggesting the people due
// in that same ledger. The ledger learned is Analysis.People.
func AnalyzeWith(ctx context.Context, cfg *config.Config, cl *classify.Classifier, srcs []event.Source, w Window, ppl *plan.People, pi *PlanInput) (Analysis, error) {
	items, problems, err := Classified(ctx, cfg, cl, srcs, w)
	if err != nil {
		return Analysis{}, err
	}
	res, err := limits.CheckItems(ctx, cfg, items, w.From, w.To) // items are the Result's from here on
	if err != nil {
		return Analysis{}, err
	}
	var names *people.Names // each summary's names parsed once: by Learn, read again by the standings and the planner
	if ppl != nil {
		learned := *ppl
		if learned.Names == nil {
			learned.Names = people.NewNames()
		}
		names = learned.Names
		learned.Ledger = people.LearnNames(ppl.Ledger, res.Items, cfg, ppl.Now, names)
		ppl = &learned
		if pi != nil { // the slots suggest the people due in the ledger just learned
			known := *pi
			known.Ledger = ppl.Ledger
			pi = &known
		}
	}
	ex := pi.extras(cfg, res.Items, w, names)
	if ppl != nil && pi != nil && ex.Now.Equal(ppl.Now) {
		ppl.Standings = ex.Standings // of the same ledger and items, at the same time
	}
	entries, found, err := plan.PlanAll(ctx, cfg, res, ppl, ex.Extras)
	if err != nil {
		return Analysis{}, err
	}
	addFindings(&res, found)
	an := Analysis{Result: res, Entries: entries, Problems: problems, Plan: ex}
	if ppl != nil {
		an.People = ppl.Ledger
	}
	return an, nil
}

// Classified expands every source object in the window and classifies
// each occurrence, within cfg's budgets: the items limits.Check and the
// people ledger learn from. It applies the two rules this package owns.
func Classified(ctx context.Context, cfg *config.Config, cl *classify.Classifier, srcs []event.Source, w Window) ([]limits.Item, []event.Problem, error) {
	occs, problems, err := event.ExpandWith(srcs, w.From, w.To, cfg.Zone(), event.Options{Ctx: ctx, Limits: cfg.Budgets.Limits()})
	if err != nil {
		return nil, nil, err
	}
	items, _, err := classifyEach(ctx, cfg, cl, occs, nil)
	if err != nil {
		return nil, nil, err
	}
	return items, problems, nil
}

// classifyEach applies the two rules to the expanded occs and classifies
// the occurrences kept, those want says (nil: all; the others' Class is
// zero). at is the index in occs of each item.
func classifyEach(ctx context.Context, cfg *config.Config, cl *classify.Classifier, occs []event.Occurrence, want func(i int) bool) (items []limits.Item, at []int, err error) {
	tick := budget.NewTicker(ctx)
	lean := ctx != nil && ctx.Value(leanKey{}) != nil
	var in *interner
	if lean {
		in = newInterner()
	}
	n := 0
	for i := range occs {
		if !occs[i].Owned {
			n++
		}
	}
	items = make([]limits.Item, 0, n) // 528 bytes each: no room for the owned ones
	at = make([]int, 0, n)
	seen := make(map[string]bool, len(occs))
	text := 0 // description bytes given to the classifier
	for i := range occs {
		if err := tick.Tick(); err != nil {
			return nil, nil, err
		}
		cut := false
		if o := &occs[i]; len(o.Description) > budget.TextBytes {
			text += len(o.Description)
			cut = text > budget.ClassifyBytesPerPass
		}
		if occs[i].Owned {
			continue // netsyncd's own entries are neither networking nor busy time
		}
		// One event invited into two calendars is one event: counted, checked
		// and prepared once.
		if k := occs[i].Key(); seen[k] {
			continue
		} else {
			seen[k] = true
		}
		items, at = append(items, limits.Item{Occ: occs[i]}), append(at, i)
		it := &items[len(items)-1] // items never grows past its capacity: it stays put
		if cut {
			it.Occ.Description = budget.Prefix(it.Occ.Description, budget.TextBytes) // shares the bytes: no copy
		}
		if want != nil && !want(i) {
			continue
		}
		c := cl.Classify(&it.Occ)
		if lean && !c.Networking && !c.Possible && !c.ConfidentialRisk {
			c.Reasons = nil // read by explain alone (see Lean)
			if ok, _ := classify.Opportunity(&it.Occ, c, cfg); !ok {
				// Nothing after this reads the description or URL of
				// such an occurrence but the opportunity check, which
				// finds none in less text either (see Lean).
				it.Occ.Description, it.Occ.URL = "", ""
			}
		}
		if in != nil {
			in.occurrence(&it.Occ)
		}
		it.Class = c
	}
	return items, at, nil
}

type leanKey struct{}

// Lean marks ctx for a caller that reads no classification reasons
// (classify.Class.Reasons) of occurrences that are neither networking,
// possible nor a confidential risk: the daemon's passes, which write
// entries (whose text quotes the reasons of networking events) and
// findings (which quote those of exposed ones), but never explain the
// others. Classified then lets those reasons go as soon as they are made:
// at 50,000 events they were the largest part of a pass's analysis, 13 MiB
// of 16,600 occurrences. It lets go of those occurrences' descriptions and
// URLs too, unless the description makes the occurrence an opportunity
// (classify.Opportunity, which the limits check asks again): the people
// ledger reads a description for the host of a passive networking event
// only, the planner for networking ones. explain and report keep them all.
func Lean(ctx context.Context) context.Context { return context.WithValue(ctx, leanKey{}, true) }

// AddFindings files findings under their occurrence and its week, as
// Analyze files the planner's: what a stage of package core finds is
// shown by explain, report and the daemon's warnings like the rest.
func (a *Analysis) AddFindings(found []limits.Finding) { addFindings(&a.Result, found) }

// addFindings files the planner's findings under their occurrence and its
// week, where the limits' own findings are, so that explain, report and the
// daemon's warnings all show them.
func addFindings(res *limits.Result, found []limits.Finding) {
	type at struct {
		uid   string
		start int64
	}
	byAt := make(map[at]int, len(res.Items))
	for i := len(res.Items) - 1; i >= 0; i-- { // the first of equals wins
		byAt[at{res.Items[i].Occ.UID, res.Items[i].Occ.Start.UnixNano()}] = i
	}
	for _, f := range found {
		if f.Start == nil {
			continue
		}
		if i, ok := byAt[at{f.UID, f.Start.UnixNano()}]; ok {
			res.Items[i].Findings = append(res.Items[i].Findings, f)
		}
		for i := range res.Weeks {
			if w := &res.Weeks[i]; !f.Start.Before(w.Start) && f.Start.Before(w.End) {
				w.Findings = append(w.Findings, f)
				break
			}
		}
	}
}

// Capped returns the findings that say a budget was hit (what was left
// out, and of which event), each once, for the log line every command
// writes about them.
func (a *Analysis) Capped() []limits.Finding {
	var out []limits.Finding
	seen := map[string]bool{}
	for i := range a.Weeks {
		for _, f := range a.Weeks[i].Findings {
			if f.Code == limits.BudgetExceeded && !seen[f.Message] {
				seen[f.Message] = true
				out = append(out, f)
			}
		}
	}
	return out
}
