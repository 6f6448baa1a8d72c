package classify_test

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/netsyncd/netsyncd/internal/classify"
	"github.com/netsyncd/netsyncd/internal/config"
	"github.com/netsyncd/netsyncd/internal/event"
	"github.com/netsyncd/netsyncd/internal/limits"
)

// The generalisation corpus (testdata/corpus/README.md): labelled calendars
// of executives the classifier was not written for, in a training part the
// rules may be tuned on and a held-out part they may not.
const corpusDir = "testdata/corpus"

// trainFloor is the lowest per-field accuracy the training part may fall
// to, set a little under the score measured when it was written: tuning on
// the training part must not lose what it has.
const trainFloor = 0.93

// heldoutGate is the per-field accuracy the held-out part must reach when
// NETSYNCD_HELDOUT_GATE=1, with no confidential risk or blocked place
// missed.
const heldoutGate = 0.95

var corpusFields = []string{"networking", "mode", "type", "in_person", "confidential_risk", "declined", "blocked"}

type corpusLabel struct {
	UID          string     `yaml:"uid"`
	RecurrenceID string     `yaml:"recurrence_id"`
	Want         corpusWant `yaml:"want"`
	Why          string     `yaml:"why"`
}

type corpusWant struct {
	Networking       *bool  `yaml:"networking"`
	Mode             string `yaml:"mode"`
	Type             string `yaml:"type"`
	InPerson         *bool  `yaml:"in_person"`
	ConfidentialRisk *bool  `yaml:"confidential_risk"`
	Blocked          bool   `yaml:"blocked"`
	Declined         bool   `yaml:"declined"`
}

// corpusScore is the tally of one split.
type corpusScore struct {
	events, fullyRight int
	right              [7]int
	missedRisk         int // confidential risks labelled and not found
	missedBlocked      int // blocked places labelled and not found
	misses             strings.Builder
}

// TestCorpus scores the classifier (and the limits' blocked-place check) on
// every labelled event of the corpus, with the real config parser, event
// reader and limits check, and prints the accuracy per field per split.
// Misses of the training part are listed with their reasons; those of the
// held-out part only with NETSYNCD_SHOW_HELDOUT=1. It fails when the
// training part drops under trainFloor, and, with NETSYNCD_HELDOUT_GATE=1,
// when the held-out part is under heldoutGate on any field or misses a
// confidential risk or a blocked place. NETSYNCD_CORPUS_SPLITS=train scores
// the training part alone.
func TestCorpus(t *testing.T) {
	var report strings.Builder
	total := &corpusScore{}
	only := corpusOnly() // a part of a split: no floor or gate applies
	for _, split := range corpusSplits() {
		dir := filepath.Join(corpusDir, split)
		personas, err := os.ReadDir(dir)
		if errors.Is(err, fs.ErrNotExist) {
			fmt.Fprintf(&report, "corpus %s: %s is not there (yet): not scored\n", split, dir)
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		sc := &corpusScore{}
		showMisses := split == "train" || os.Getenv("NETSYNCD_SHOW_HELDOUT") == "1"
		n := 0
		perPersona := showMisses && os.Getenv("NETSYNCD_CORPUS_PERSONAS") == "1"
		for _, p := range personas {
			if !p.IsDir() || (only != nil && !only[p.Name()]) {
				continue
			}
			n++
			ps := &corpusScore{}
			scorePersona(t, filepath.Join(dir, p.Name()), ps, showMisses)
			if perPersona {
				writePersonaScore(&report, p.Name(), ps)
			}
			sc.misses.WriteString(ps.misses.String())
			addScore(sc, ps)
		}
		writeScore(&report, fmt.Sprintf("corpus %s: %d personas", split, n), sc)
		if sc.events == 0 {
			continue
		}
		if showMisses {
			report.WriteString(sc.misses.String())
		}
		addScore(total, sc)
		if only != nil {
			continue
		}
		switch split {
		case "train":
			for f, name := range corpusFields {
				if acc := float64(sc.right[f]) / float64(sc.events); acc < trainFloor {
					t.Errorf("corpus train: %s %.1f%% right; want at least %.0f%%", name, 100*acc, 100*trainFloor)
				}
			}
		case "heldout":
			if os.Getenv("NETSYNCD_HELDOUT_GATE") != "1" {
				break
			}
			for f, name := range corpusFields {
				if acc := float64(sc.right[f]) / float64(sc.events); acc < heldoutGate {
					t.Errorf("corpus heldout: %s %.1f%% right; want at least %.0f%%", name, 100*acc, 100*heldoutGate)
				}
			}
			if sc.missedRisk > 0 || sc.missedBlocked > 0 {
				t.Errorf("corpus heldout: %d confidential risks and %d blocked places missed; want none", sc.missedRisk, sc.missedBlocked)
			}
		}
	}
	if total.events > 0 {
		writeScore(&report, "corpus overall", total)
	}
	fmt.Print(report.String())
}

// corpusSplits are the parts of the corpus to score: NETSYNCD_CORPUS_SPLITS
// (a comma list, "train" to tune on the training part alone), by default
// both.
func corpusSplits() []string {
	v := os.Getenv("NETSYNCD_CORPUS_SPLITS")
	if strings.TrimSpace(v) == "" {
		return []string{"train", "heldout"}
	}
	var splits []string
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			splits = append(splits, s)
		}
	}
	return splits
}

// corpusOnly is the set of personas NETSYNCD_CORPUS_ONLY names (a comma
// list), to score one batch alone; nil, every persona, when it is unset.
func corpusOnly() map[string]bool {
	v := strings.TrimSpace(os.Getenv("NETSYNCD_CORPUS_ONLY"))
	if v == "" {
		return nil
	}
	only := map[string]bool{}
	for _, p := range strings.Split(v, ",") {
		if p = strings.TrimSpace(p); p != "" {
			only[p] = true
		}
	}
	return only
}

func addScore(dst, src *corpusScore) {
	dst.events += src.events
	dst.fullyRight += src.fullyRight
	for f := range dst.right {
		dst.right[f] += src.right[f]
	}
	dst.missedRisk += src.missedRisk
	dst.missedBlocked += src.missedBlocked
}

// writePersonaScore writes one persona's accuracy per field on one line
// (NETSYNCD_CORPUS_PERSONAS=1, the parts whose misses are shown): the score
// of a batch before it is tuned on.
func writePersonaScore(b *strings.Builder, name string, sc *corpusScore) {
	if sc.events == 0 {
		return
	}
	fmt.Fprintf(b, "  persona %-18s %3d events", name, sc.events)
	for f, field := range corpusFields[:5] {
		fmt.Fprintf(b, "  %s %5.1f", field, 100*float64(sc.right[f])/float64(sc.events))
	}
	fmt.Fprintf(b, "  missed risks %d blocked %d\n", sc.missedRisk, sc.missedBlocked)
}

func writeScore(b *strings.Builder, title string, sc *corpusScore) {
	fmt.Fprintf(b, "%s, %d labelled events, %d fully right\n", title, sc.events, sc.fullyRight)
	if sc.events == 0 {
		return
	}
	for f, name := range corpusFields {
		fmt.Fprintf(b, "  %-17s %4d/%d right (%.1f%%)\n", name, sc.right[f], sc.events, 100*float64(sc.right[f])/float64(sc.events))
	}
	fmt.Fprintf(b, "  missed: %d confidential risks, %d blocked places\n", sc.missedRisk, sc.missedBlocked)
}

// scorePersona reads one persona's config, calendars and labels, and scores
// each label.
func scorePersona(t *testing.T, dir string, sc *corpusScore, showMisses bool) {
	t.Helper()
	name := filepath.Base(dir)
	data, err := os.ReadFile(filepath.Join(dir, "config.yaml"))
	if err != nil {
		t.Errorf("corpus %s: %v", name, err)
		return
	}
	cfg, _, err := config.Parse(data, filepath.Join(dir, "config.yaml"))
	if err != nil {
		t.Errorf("corpus %s: config.yaml: %v", name, err)
		return
	}
	cl, err := classify.New(cfg)
	if err != nil {
		t.Errorf("corpus %s: %v", name, err)
		return
	}
	icsFiles, _ := filepath.Glob(filepath.Join(dir, "*.ics"))
	var srcs []event.Source
	var from, to time.Time
	for _, f := range icsFiles {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Errorf("corpus %s: %v", name, err)
			return
		}
		srcs = append(srcs, event.Source{Calendar: strings.TrimSuffix(filepath.Base(f), ".ics"), Data: raw})
		lo, hi := dateRange(raw, cfg.Location)
		if !lo.IsZero() && (from.IsZero() || lo.Before(from)) {
			from = lo
		}
		if hi.After(to) {
			to = hi
		}
	}
	labels, err := readLabels(filepath.Join(dir, "labels.yaml"))
	if err != nil {
		t.Errorf("corpus %s: %v", name, err)
		return
	}
	if from.IsZero() {
		t.Errorf("corpus %s: no DTSTART in any calendar", name)
		return
	}
	// The window covers every event: from the day before the first DTSTART
	// to two months after the last (a series' first occurrences).
	from, to = from.AddDate(0, 0, -2), to.AddDate(0, 2, 0)
	occs, _ := event.ExpandAll(srcs, from, to, cfg.Location)
	items := make([]limits.Item, 0, len(occs))
	seen := map[string]bool{}
	for i := range occs {
		if k := occs[i].Key(); !seen[k] {
			seen[k] = true
			items = append(items, limits.Item{Occ: occs[i], Class: cl.Classify(&occs[i])})
		}
	}
	res := limits.Check(cfg, items, from, to)
	labelled := map[string]bool{}
	for _, l := range labels {
		labelled[l.UID] = true
	}
	for _, it := range res.Items {
		if !labelled[it.Occ.UID] {
			// A structural error, not a score: it names no classification.
			t.Errorf("corpus %s: event %s (%s) has no label in labels.yaml", name, it.Occ.UID, it.Occ.Calendar)
			labelled[it.Occ.UID] = true
		}
	}
	for _, l := range labels {
		sc.events++
		it := findItem(res.Items, l, cfg.Location)
		if it == nil {
			t.Errorf("corpus %s: label uid %q recurrence_id %q names no occurrence in the calendars", name, l.UID, l.RecurrenceID)
			if l.Want.ConfidentialRisk != nil && *l.Want.ConfidentialRisk {
				sc.missedRisk++
			}
			if l.Want.Blocked {
				sc.missedBlocked++
			}
			continue
		}
		scoreLabel(name, l, it, sc, showMisses)
	}
}

func scoreLabel(persona string, l corpusLabel, it *limits.Item, sc *corpusScore, showMisses bool) {
	blocked := false
	for _, f := range it.Findings {
		if f.Code == limits.LocationBlocked {
			blocked = true
		}
	}
	c := &it.Class
	w := l.Want
	got := []any{c.Networking, string(c.Mode), c.Type, c.InPerson, c.ConfidentialRisk, c.Declined, blocked}
	want := []any{deref(w.Networking), w.Mode, w.Type, deref(w.InPerson), deref(w.ConfidentialRisk), w.Declined, w.Blocked}
	var wrong []string
	for f := range corpusFields {
		if got[f] == want[f] {
			sc.right[f]++
			continue
		}
		wrong = append(wrong, fmt.Sprintf("%s %v, want %v", corpusFields[f], showValue(got[f]), showValue(want[f])))
	}
	if w.ConfidentialRisk != nil && *w.ConfidentialRisk && !c.ConfidentialRisk {
		sc.missedRisk++
	}
	if w.Blocked && !blocked {
		sc.missedBlocked++
	}
	if len(wrong) == 0 {
		sc.fullyRight++
		return
	}
	if !showMisses {
		return
	}
	fmt.Fprintf(&sc.misses, "  %s %q [%s] (%s): %s\n", persona, it.Occ.Summary, it.Occ.Calendar, l.Why, strings.Join(wrong, "; "))
	for _, r := range c.Reasons {
		fmt.Fprintf(&sc.misses, "      %s\n", r)
	}
}

func deref(b *bool) bool { return b != nil && *b }

func showValue(v any) string {
	if s := fmt.Sprint(v); s != "" {
		return s
	}
	return "none"
}

func readLabels(path string) ([]corpusLabel, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	dec.KnownFields(true)
	var ls []corpusLabel
	if err := dec.Decode(&ls); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	for i, l := range ls {
		w := l.Want
		if l.UID == "" || w.Networking == nil || w.InPerson == nil || w.ConfidentialRisk == nil {
			return nil, fmt.Errorf("%s: label %d: uid, want.networking, want.in_person and want.confidential_risk are required", path, i+1)
		}
	}
	return ls, nil
}

// findItem is the labelled occurrence: the override with the label's
// recurrence id, or the first occurrence of the UID.
func findItem(items []limits.Item, l corpusLabel, loc *time.Location) *limits.Item {
	occs := make([]*event.Occurrence, len(items))
	for i := range items {
		occs[i] = &items[i].Occ
	}
	if i := classify.FindLabelled(occs, l.UID, l.RecurrenceID, loc); i >= 0 {
		return &items[i]
	}
	return nil
}

var dtstart = regexp.MustCompile(`(?m)^DTSTART[^:\r\n]*:(\d{8})`)

// dateRange is the first and last DTSTART date of the events in an .ics
// file.
func dateRange(raw []byte, loc *time.Location) (lo, hi time.Time) {
	var days []string
	for _, m := range dtstart.FindAllSubmatch(raw, -1) {
		if d := string(m[1]); d >= "1970" { // not a VTIMEZONE's 1601 rule start
			days = append(days, d)
		}
	}
	sort.Strings(days)
	for _, d := range []int{0, len(days) - 1} {
		if len(days) == 0 {
			break
		}
		t, err := time.ParseInLocation("20060102", days[d], loc)
		if err != nil {
			continue
		}
		if d == 0 {
			lo = t
		} else {
			hi = t.AddDate(0, 0, 1)
		}
	}
	return lo, hi
}
