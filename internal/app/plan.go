package app

import (
	"context"
	"fmt"
	"os"
	"time"

	"go.uber.org/zap"

	"github.com/netsyncd/netsyncd/internal/classify"
	"github.com/netsyncd/netsyncd/internal/config"
	"github.com/netsyncd/netsyncd/internal/core"
	"github.com/netsyncd/netsyncd/internal/entry"
	"github.com/netsyncd/netsyncd/internal/event"
	"github.com/netsyncd/netsyncd/internal/limits"
	"github.com/netsyncd/netsyncd/internal/milestone"
	"github.com/netsyncd/netsyncd/internal/people"
	"github.com/netsyncd/netsyncd/internal/pipeline"
	"github.com/netsyncd/netsyncd/internal/report"
)

// planned is the weekly view with the plan: the weeks shown, and the
// milestones, burn-up and open slots.
type planned struct {
	an    pipeline.Analysis
	weeks []limits.Week
	plan  report.Plan
}

// analyzePlan reads people.history back (and from the plan's start, when
// that is earlier) to the end of the window, so that the milestones count
// what happened before the weeks shown and the people ledger knows who is
// due, and runs the pipeline with the plan: the milestones measured, the
// open slots planned. shown picks the weeks to show.
func analyzePlan(ctx context.Context, cfg *config.Config, log *zap.Logger, now time.Time, shown pipeline.Window,
	read func(pipeline.Window) ([]event.Source, error)) (planned, error) {
	cl, err := classify.New(cfg)
	if err != nil {
		return planned{}, usageError{err}
	}
	start := milestone.StartOf(cfg, cfg.StateDir, now)
	rw := historyWindow(cfg, now)
	rw.From = minTime(shown.From, minTime(rw.From, start))
	if shown.To.After(rw.To) {
		rw.To = shown.To
	}
	srcs, err := read(rw)
	if err != nil {
		return planned{}, err
	}
	l := people.Learn(people.Ledger{}, classified(cfg, cl, srcs, rw, log), cfg, now)
	an, err := core.Analyze(ctx, &core.Inputs{Config: cfg, Classifier: cl, Now: now, Window: rw, Sources: srcs,
		Plan: &pipeline.PlanInput{Ledger: l, Start: start, Now: now}})
	if err != nil {
		return planned{}, err
	}
	p := planned{an: an, plan: report.Plan{Milestones: an.Plan.Milestones, MinActive: cfg.Limits.MinActivePerWeek, Slots: slotsByWeek(an.Entries)}}
	p.plan.Burnup = milestone.Burnup(an.Plan.Input, an.Plan.Milestones)
	for _, wk := range an.Weeks {
		if !wk.Start.Before(shown.From) && wk.Start.Before(shown.To) {
			p.weeks = append(p.weeks, wk)
		}
	}
	return p, nil
}

func slotsByWeek(es []entry.Entry) map[string]int {
	out := map[string]int{}
	for _, e := range es {
		if e.Kind == entry.KindSlot {
			out[e.Week]++
		}
	}
	return out
}

// writeHTML writes the HTML report to path, 0600 like the rest of what
// netsyncd keeps: it names the events and, in findings, the people.
func writeHTML(path string, p planned, now time.Time, loc *time.Location) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return usagef("--html: %v", err)
	}
	if err := report.WriteHTML(f, p.weeks, p.plan, now, loc); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("--html %s: %w", path, err)
	}
	return nil
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
