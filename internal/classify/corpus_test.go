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
	p := loadPersona(t, dir)
	if p == nil {
		return
	}
	cl, err := classify.New(p.cfg)
	if err != nil {
		t.Errorf("corpus %s: %v", name, err)
		return
	}
	items := make([]limits.Item, 0, len(p.occs))
	for i := range p.occs {
		items = append(items, limits.Item{Occ: p.occs[i], Class: cl.Classify(&p.occs[i])})
	}
	res := limits.Check(p.cfg, items, p.from, p.to)
	for _, l := range p.labels {
		sc.events++
		it := findItem(res.Items, l, p.cfg.Location)
		if it == nil {
			// loadPersona has reported it.
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

// corpusPersona is one persona's config, occurrences (one per key) and
// labels, with the window they were expanded in.
type corpusPersona struct {
	cfg      *config.Config
	occs     []event.Occurrence
	labels   []corpusLabel
	from, to time.Time
}

// loadPersona reads a persona's folder and reports, as test errors, what
// is wrong with its structure: a config that does not parse, a calendar
// with no events, an event with no label, a label that names no
// occurrence. It names no classification, so a writer of held-out
// personas may run it (TestCorpusWellFormed).
func loadPersona(t *testing.T, dir string) *corpusPersona {
	t.Helper()
	name := filepath.Base(dir)
	data, err := os.ReadFile(filepath.Join(dir, "config.yaml"))
	if err != nil {
		t.Errorf("corpus %s: %v", name, err)
		return nil
	}
	cfg, _, err := config.Parse(data, filepath.Join(dir, "config.yaml"))
	if err != nil {
		t.Errorf("corpus %s: config.yaml: %v", name, err)
		return nil
	}
	icsFiles, _ := filepath.Glob(filepath.Join(dir, "*.ics"))
	var srcs []event.Source
	var from, to time.Time
	for _, f := range icsFiles {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Errorf("corpus %s: %v", name, err)
			return nil
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
		return nil
	}
	if from.IsZero() {
		t.Errorf("corpus %s: no DTSTART in any calendar", name)
		return nil
	}
	// The window covers every event: from the day before the first DTSTART
	// to two months after the last (a series' first occurrences).
	from, to = from.AddDate(0, 0, -2), to.AddDate(0, 2, 0)
	all, errs := event.ExpandAll(srcs, from, to, cfg.Location)
	for _, e := range errs {
		t.Errorf("corpus %s: %v", name, e)
	}
	p := &corpusPersona{cfg: cfg, labels: labels, from: from, to: to}
	seen := map[string]bool{}
	for i := range all {
		if k := all[i].Key(); !seen[k] {
			seen[k] = true
			p.occs = append(p.occs, all[i])
		}
	}
	labelled := map[string]bool{}
	for _, l := range labels {
		labelled[l.UID] = true
	}
	for _, o := range p.occs {
		if !labelled[o.UID] {
			t.Errorf("corpus %s: event %s (%s) has no label in labels.yaml", name, o.UID, o.Calendar)
			labelled[o.UID] = true
		}
	}
	occs := make([]*event.Occurrence, len(p.occs))
	for i := range p.occs {
		occs[i] = &p.occs[i]
	}
	for _, l := range labels {
		if classify.FindLabelled(occs, l.UID, l.RecurrenceID, cfg.Location) < 0 {
			t.Errorf("corpus %s: label uid %q recurrence_id %q names no occurrence in the calendars", name, l.UID, l.RecurrenceID)
		}
	}
	return p
}

// TestCorpusWellFormed checks the structure of every persona of every
// split (train, heldout and pending) without classifying anything: each
// config parses, each calendar expands without error, each event has a
// label and each label names an occurrence, no label is given twice, and
// each label is consistent with the guide (mode and type exactly when
// networking; a passive event is never one_on_one). It prints, per
// persona, the number of labels and occurrences. A writer of held-out
// personas runs it (go test -run TestCorpusWellFormed -v) instead of
// TestCorpus, which would show them the classifier's answers.
func TestCorpusWellFormed(t *testing.T) {
	types := map[string]bool{"one_on_one": true, "meal": true, "event": true, "conference": true, "association": true, "alumni": true, "social": true, "remote": true}
	for _, split := range []string{"train", "heldout", "pending"} {
		dir := filepath.Join(corpusDir, split)
		personas, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range personas {
			if !e.IsDir() {
				continue
			}
			name := e.Name()
			p := loadPersona(t, filepath.Join(dir, name))
			if p == nil {
				continue
			}
			dup := map[string]bool{}
			for i, l := range p.labels {
				w := l.Want
				at := fmt.Sprintf("corpus %s/%s: label %d (uid %q)", split, name, i+1, l.UID)
				if k := l.UID + "\x00" + l.RecurrenceID; dup[k] {
					t.Errorf("%s: labelled twice", at)
				} else {
					dup[k] = true
				}
				if *w.Networking {
					if w.Mode != "active" && w.Mode != "passive" {
						t.Errorf("%s: networking, so mode must be active or passive, not %q", at, w.Mode)
					}
					if !types[w.Type] {
						t.Errorf("%s: networking, so type must be one of the guide's, not %q", at, w.Type)
					}
					if w.Mode == "passive" && w.Type == "one_on_one" {
						t.Errorf("%s: a passive event is never one_on_one", at)
					}
				} else if w.Mode != "" || w.Type != "" {
					t.Errorf("%s: not networking, so mode and type must be empty (have %q, %q)", at, w.Mode, w.Type)
				}
				if strings.TrimSpace(l.Why) == "" {
					t.Errorf("%s: no why", at)
				}
			}
			t.Logf("%s/%s: %d labels, %d occurrences in %s to %s", split, name, len(p.labels), len(p.occs), p.from.Format("2006-01-02"), p.to.Format("2006-01-02"))
		}
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

var (
	dtstart   = regexp.MustCompile(`(?m)^DTSTART[^:\r\n]*:(\d{8})`)
	vtimezone = regexp.MustCompile(`(?s)BEGIN:VTIMEZONE.*?END:VTIMEZONE`)
)

// dateRange is the first and last DTSTART date of the events in an .ics
// file.
func dateRange(raw []byte, loc *time.Location) (lo, hi time.Time) {
	var days []string
	// A VTIMEZONE's rules start long before any event (16010101,
	// 19700101): only the events' DTSTARTs count.
	for _, m := range dtstart.FindAllSubmatch(vtimezone.ReplaceAll(raw, nil), -1) {
		if d := string(m[1]); d >= "1970" {
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
