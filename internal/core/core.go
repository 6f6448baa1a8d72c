package core

import (
	"context"
	"time"

	"github.com/netsyncd/netsyncd/internal/classify"
	"github.com/netsyncd/netsyncd/internal/config"
	"github.com/netsyncd/netsyncd/internal/entry"
	"github.com/netsyncd/netsyncd/internal/event"
	"github.com/netsyncd/netsyncd/internal/limits"
	"github.com/netsyncd/netsyncd/internal/people"
	"github.com/netsyncd/netsyncd/internal/pipeline"
	"github.com/netsyncd/netsyncd/internal/reconcile"
)

// Inputs are everything a pass decides from.
type Inputs struct {
	Config     *config.Config
	Classifier *classify.Classifier
	Now        time.Time
	Window     pipeline.Window // the span the sources were fetched for
	Sources    []event.Source  // every object of the source calendars

	// Unreadable is how many source calendars could not be read this pass,
	// SkippedObjects how many source objects the fetch skipped: with either,
	// no entry whose source is missing is deleted (keepUnplanned).
	Unreadable, SkippedObjects int

	// Target is the calendar netsyncd writes to, as fetched.
	Target Target
	// Ledger is every entry netsyncd created (all calendars); Decide reads
	// it and returns the one to carry on with in Decision.Ledger.
	Ledger reconcile.Ledger
	// LedgerLost: ledger.json was missing when the state was loaded and no
	// warning said so yet; adopting the target's marked entries then means
	// the ledger was lost with the whole state directory, and a note says so.
	LedgerLost bool
	// Reported are the keys of the findings reported at the last pass.
	Reported []string
	// Plan is what the milestones and open slots start from (the record
	// of counted occurrences kept so far, the plan's start); nil plans
	// neither. Decision.Analysis.Plan.Record is the record to keep.
	Plan *pipeline.PlanInput

	// Analysis, when set, is this pass's analysis, and Analyze is not run
	// again: the 412 path decides one entry again after a conflict.
	Analysis *pipeline.Analysis

	// People is the people ledger (internal/people) as the pass found it,
	// people.history learned already when there was none. With it the
	// analysis learns the window into it before planning, and plans the
	// reconnect entries and the people of prep and follow-up entries
	// (core/people.go); Decision.Analysis.People is the ledger learned, to
	// save. nil: no people stage (explain, report).
	People *people.Ledger
	// reconnects and made are the target's reconnect entries and the
	// ledger of created entries for it, set by Decide for the planner.
	reconnects []entry.Owned
	made       reconcile.Ledger
}

// Target is the target calendar as fetched: its path and name, whether
// it takes tasks (its supported-calendar-component-set, RFC 4791 section
// 5.2.3, lists VTODO), and its objects.
type Target struct {
	Path, Name string
	TakesTasks bool
	Components []string // as listed, for the notes
	Objects    []Object // in href order
}

// Object is one object of the target calendar.
type Object struct {
	Href, ETag, Data string
}

// Decision is what Decide decided.
type Decision struct {
	Analysis pipeline.Analysis
	// Owned are the target's entries that are netsyncd's (entry.Ours).
	Owned []entry.Owned
	// Changes are the writes, in the order to apply them (reconcile).
	Changes []reconcile.Change
	// Options are how the entries are written (output.as falls back to
	// events in a calendar without tasks).
	Options entry.EncodeOptions
	// Ledger is Inputs.Ledger with the shared ledger's records merged and
	// the target's unknown entries adopted: the ledger to apply the
	// changes with and to save.
	Ledger reconcile.Ledger
	// ForgetBefore: ledger records created before it are older than
	// anything a pass can still plan, and may be pruned after the pass.
	ForgetBefore time.Time
	// Reported are the keys of this pass's findings, NewFindings those not
	// reported at the last pass.
	Reported    []string
	NewFindings []limits.Finding
	// SkippedInvalid counts the source components that could not be read
	// and the marked objects of the target that are left alone.
	SkippedInvalid int
	// Notes are what the caller logs, in order.
	Notes []Note
}

// Note is one line for the log: a warning, or information.
type Note struct {
	Warn   bool
	Msg    string
	Fields []Field
}

// Field is one key and value of a Note.
type Field struct {
	Key   string
	Value any
}

func (d *Decision) warn(msg string, fields ...Field) {
	d.Notes = append(d.Notes, Note{Warn: true, Msg: msg, Fields: fields})
}

func (d *Decision) info(msg string, fields ...Field) {
	d.Notes = append(d.Notes, Note{Msg: msg, Fields: fields})
}

// Decide decides one pass. Its error is ctx's (a pass stopped by SIGTERM)
// or a budget's; the decision is whole or not at all.
func Decide(ctx context.Context, in Inputs) (Decision, error) {
	var d Decision
	d.Ledger = copyLedger(in.Ledger)
	mergeShared(&in, &d)
	readOwned(&in, &d)
	in.Target.Objects = nil // read: their bytes need not last through the analysis
	if in.Analysis != nil {
		d.Analysis = *in.Analysis
	} else {
		// After readOwned: the reconnect planner keeps the times of the
		// reconnect entries in the target.
		in.reconnects, in.made = reconnectsOf(d.Owned), d.Ledger.Of(in.Target.Path)
		if in.Plan != nil { // the slots under way stay put (plan.SlotInput.UnderWay)
			pi := *in.Plan
			pi.UnderWay = slotsUnderWay(d.Owned, in.Now)
			in.Plan = &pi
		}
		an, err := Analyze(ctx, &in)
		if err != nil {
			return Decision{}, err
		}
		d.Analysis = an
		owned := d.Notes
		d.Notes = nil
		noteAnalysis(&d)
		d.Notes = append(d.Notes, owned...) // the analysis's notes first, as they happened
	}
	d.Options = encodeOptions(&in, &d)
	d.Changes = reconcile.Reconcile(d.Analysis.Entries, d.Owned, d.Ledger.Of(in.Target.Path), in.Now, d.Options)
	if in.Unreadable > 0 || in.SkippedObjects > 0 {
		keepUnplanned(&in, &d)
	}
	keepUnread(&d)
	d.Reported, d.NewFindings = NewFindings(in.Reported, allFindings(d.Analysis.Result))
	cfg := in.Config
	d.ForgetBefore = in.Now.Add(-(cfg.Window.Past.D() + cfg.Window.Future.D() + cfg.Output.Prep.Lead.D() + 30*24*time.Hour))
	return d, nil
}

// noteAnalysis notes what the analysis could not read or left out.
func noteAnalysis(d *Decision) {
	listed, more := event.Listed(d.Analysis.Problems)
	for _, p := range listed {
		d.warn(event.ProblemHeading(p), Field{"problem", p.Error()})
	}
	if more > 0 {
		d.warn("skipped more calendar components, not listed", Field{"more", more})
	}
	for _, f := range d.Analysis.Capped() {
		d.warn("capped by a budget", Field{"uid", f.UID}, Field{"message", f.Message})
	}
	for _, p := range d.Analysis.Problems {
		if !p.Read {
			d.SkippedInvalid++
		}
	}
}

func copyLedger(l reconcile.Ledger) reconcile.Ledger {
	out := make(reconcile.Ledger, len(l))
	for uid, e := range l {
		out[uid] = e
	}
	return out
}
