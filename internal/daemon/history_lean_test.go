package daemon

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/netsyncd/netsyncd/internal/benchdata"
	"github.com/netsyncd/netsyncd/internal/classify"
	"github.com/netsyncd/netsyncd/internal/config"
	"github.com/netsyncd/netsyncd/internal/event"
	"github.com/netsyncd/netsyncd/internal/limits"
	"github.com/netsyncd/netsyncd/internal/people"
	"github.com/netsyncd/netsyncd/internal/pipeline"
)

// learnPastFull is the ledger of the history read as it was before
// learnPast: every object read in full, every occurrence classified.
func learnPastFull(t testing.TB, cfg *config.Config, cl *classify.Classifier, past []event.Source, w pipeline.Window, now time.Time) people.Ledger {
	t.Helper()
	items, _, err := pipeline.Classified(pipeline.Lean(context.Background()), cfg, cl, past, w)
	if err != nil {
		t.Fatal(err)
	}
	return people.Learn(people.Ledger{}, items, cfg, now)
}

// sameLedger requires learnPast's ledger of past to be the full path's,
// and returns it.
func sameLedger(t *testing.T, cfg *config.Config, past []event.Source, w pipeline.Window, now time.Time) people.Ledger {
	t.Helper()
	cl, err := classify.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	want := learnPastFull(t, cfg, cl, past, w, now)
	set := screenedPast(cfg, past)
	got, err := learnPast(context.Background(), cfg, cl, people.Ledger{}, set, w, now)
	if err != nil {
		t.Fatal(err)
	}
	wantJSON, _ := people.Encode(want)
	gotJSON, _ := people.Encode(got)
	if !bytes.Equal(gotJSON, wantJSON) || !reflect.DeepEqual(got, want) {
		t.Fatalf("the lean history read learns another ledger:\n got %d people, %d events: %.2000s\nwant %d people, %d events: %.2000s",
			len(got.People), len(got.Events), gotJSON, len(want.People), len(want.Events), wantJSON)
	}
	t.Logf("%d people, %d events; %d of %d objects left out unread (exact: %v)", len(got.People), len(got.Events), set.leftOut(), len(past), set.exact())
	samePick(t, cfg, cl, set.kept(), w, now)
	samePick(t, cfg, cl, past, w, now)
	return got
}

// samePick requires people.Needed to mark the same occurrences of srcs
// when handed the items of one reading in full but for alarms
// (pipeline.ClassifiedNeededCounted, learnPast's path when the screen left
// objects out) as when handed lean ones (pipeline.ClassifiedSomeCounted),
// and both to give the same items where it marks them, and the same count.
func samePick(t *testing.T, cfg *config.Config, cl *classify.Classifier, srcs []event.Source, w pipeline.Window, now time.Time) {
	t.Helper()
	ctx := pipeline.Lean(context.Background())
	picked := func(marks map[string]bool) func([]limits.Item) []bool {
		return func(items []limits.Item) []bool {
			need := people.Needed(items, cfg, now)
			for i, ok := range need {
				marks[items[i].Occ.Key()] = ok
			}
			return need
		}
	}
	lean, full := map[string]bool{}, map[string]bool{}
	leanItems, leanN, err := pipeline.ClassifiedSomeCounted(ctx, cfg, cl, srcs, w, picked(lean))
	if err != nil {
		t.Fatal(err)
	}
	fullItems, fullN, err := pipeline.ClassifiedNeededCounted(ctx, cfg, cl, srcs, w, picked(full))
	if err != nil {
		t.Fatal(err)
	}
	if leanN >= 0 && leanN != fullN {
		t.Fatalf("%d occurrences read leanly, %d in full", leanN, fullN)
	}
	if !reflect.DeepEqual(lean, full) || len(leanItems) != len(fullItems) {
		t.Fatalf("Needed marks %d items on the lean reading, %d on the full one (%d marks, %d; %d items, %d)",
			count(lean), count(full), len(lean), len(full), len(leanItems), len(fullItems))
	}
	for i := range fullItems {
		if k := fullItems[i].Occ.Key(); full[k] && !reflect.DeepEqual(fullItems[i], leanItems[i]) {
			t.Fatalf("item %d (%s), needed, differs:\n full %+v\n lean %+v", i, k, fullItems[i], leanItems[i])
		}
	}
}

func count(marks map[string]bool) int {
	n := 0
	for _, ok := range marks {
		if ok {
			n++
		}
	}
	return n
}

// screenedPast is past as the fold screens the history's objects: every
// one that names no one (people.Look.NoOne) may be left out.
func screenedPast(cfg *config.Config, past []event.Source) *pastSet {
	screen := people.NewScreen(cfg)
	set := newPastSet()
	for _, src := range past {
		set.add(screen, src, src.Data, true)
	}
	return set
}

// TestLearnPastIsTheFullLedger: the history read's lean path (learnPast)
// learns the very ledger that reading and classifying every object in
// full learns: over benchdata's year of history (as the first pass reads
// it), over the people command's test calendar, and over every persona of
// the classifier's corpus (hosts, descriptions, declined and cancelled
// events, calendars of several languages).
func TestLearnPastIsTheFullLedger(t *testing.T) {
	t.Run("benchdata", func(t *testing.T) {
		cfg, past, hw := benchHistory(t)
		l := sameLedger(t, cfg, past, hw, fixtureNow)
		if len(l.People) < 50 || len(l.Events) == 0 {
			t.Fatalf("benchdata's history should meet many people at hosted events too: %d people, %d events", len(l.People), len(l.Events))
		}
	})
	t.Run("people.ics", func(t *testing.T) {
		cfg, _, err := config.LoadOffline("../app/testdata/config.yaml")
		if err != nil {
			t.Fatal(err)
		}
		data, err := os.ReadFile("../app/testdata/people.ics")
		if err != nil {
			t.Fatal(err)
		}
		now := time.Date(2026, 12, 1, 9, 0, 0, 0, cfg.Zone())
		w := pipeline.Window{From: now.AddDate(-1, 0, 0), To: now.AddDate(0, 1, 0)}
		if l := sameLedger(t, cfg, []event.Source{{Calendar: "people", Data: data}}, w, now); len(l.People) < 3 {
			t.Fatalf("people.ics should meet several people: %d", len(l.People))
		}
	})
	dirs, _ := filepath.Glob("../classify/testdata/corpus/*/*/config.yaml")
	if len(dirs) < 10 {
		t.Fatalf("the classifier's corpus has %d personas here", len(dirs))
	}
	leftOut, objects := 0, 0 // over every persona: some hold no object that names no one
	for _, conf := range dirs {
		dir := filepath.Dir(conf)
		t.Run(filepath.Base(dir), func(t *testing.T) {
			cfg, _, err := config.LoadOffline(conf)
			if err != nil {
				t.Fatal(err)
			}
			files, _ := filepath.Glob(filepath.Join(dir, "*.ics"))
			var past []event.Source
			for _, f := range files {
				data, err := os.ReadFile(f)
				if err != nil {
					t.Fatal(err)
				}
				name := strings.TrimSuffix(filepath.Base(f), ".ics")
				past = append(past, event.Source{Calendar: name, CalendarPath: "/" + name + "/", Data: data})
			}
			// now in the middle of the persona's weeks: half their
			// occurrences happened, the others are still to come.
			mid := time.Date(2027, 1, 1, 0, 0, 0, 0, cfg.Zone())
			w := pipeline.Window{From: mid.AddDate(-3, 0, 0), To: mid.AddDate(3, 0, 0)}
			occs, _ := event.ExpandAll(past, w.From, w.To, cfg.Zone())
			if len(occs) < 20 {
				t.Fatalf("%d occurrences", len(occs))
			}
			now := occs[len(occs)/2].Start
			if l := sameLedger(t, cfg, past, w, now); len(l.People) == 0 {
				t.Fatal("no one met")
			}
			// As a server holds it: one object per UID, which the screen
			// can leave out.
			var objs []event.Source
			for _, src := range past {
				for i, data := range splitByUID(string(src.Data)) {
					objs = append(objs, event.Source{Calendar: src.Calendar, CalendarPath: src.CalendarPath, Href: fmt.Sprintf("%s%d.ics", src.CalendarPath, i), Data: []byte(data)})
				}
			}
			sameLedger(t, cfg, objs, w, now)
			leftOut += screenedPast(cfg, objs).leftOut()
			objects += len(objs)
		})
	}
	if leftOut == 0 {
		t.Errorf("none of the personas' %d objects left out", objects)
	}
	t.Run("one UID in two objects", func(t *testing.T) {
		cfg, _, err := config.LoadOffline("../app/testdata/config.yaml")
		if err != nil {
			t.Fatal(err)
		}
		now := time.Date(2026, 12, 1, 9, 0, 0, 0, cfg.Zone())
		w := pipeline.Window{From: now.AddDate(-1, 0, 0), To: now.AddDate(0, 1, 0)}
		ev := func(lines ...string) []byte {
			return []byte("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:twice@example\r\nDTSTART:20261110T150000Z\r\nDTEND:20261110T160000Z\r\n" +
				strings.Join(lines, "\r\n") + "\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
		}
		// The copy of the event that names no one comes first: to the
		// full reading it is the event, the other a second copy of it.
		past := []event.Source{
			{Calendar: "a", CalendarPath: "/a/", Href: "/a/1.ics", Data: ev("SUMMARY:Coffee")},
			{Calendar: "b", CalendarPath: "/b/", Href: "/b/1.ics", Data: ev("SUMMARY:Coffee with Priya Raman", "ATTENDEE;CN=Priya Raman:mailto:priya@northwind.example")},
		}
		set := screenedPast(cfg, past)
		if set.leftOut() != 1 || set.exact() {
			t.Fatalf("%d left out, exact %v: the guard should see the UID twice", set.leftOut(), set.exact())
		}
		full := sameLedger(t, cfg, past, w, now)
		cl, err := classify.New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		if alone := learnPastFull(t, cfg, cl, set.kept(), w, now); reflect.DeepEqual(alone, full) {
			t.Fatal("learning without the object left out gives the same ledger here: the case does not test the guard")
		}
	})
}

// splitByUID is an iCalendar file as one object per UID: the calendar's
// own lines and every VTIMEZONE in each, and the VEVENTs of that UID.
func splitByUID(data string) []string {
	lines := strings.SplitAfter(data, "\n")
	var head, zones strings.Builder
	var order []string
	events := map[string]*strings.Builder{}
	var block strings.Builder
	in, uid := "", ""
	for _, l := range lines {
		trimmed := strings.TrimRight(l, "\r\n")
		switch {
		case in == "" && (trimmed == "BEGIN:VTIMEZONE" || trimmed == "BEGIN:VEVENT"):
			in, uid = trimmed[len("BEGIN:"):], ""
			block.Reset()
			block.WriteString(l)
		case in != "":
			block.WriteString(l)
			if strings.HasPrefix(trimmed, "UID:") && uid == "" {
				uid = trimmed[len("UID:"):]
			}
			if trimmed == "END:"+in {
				if in == "VTIMEZONE" {
					zones.WriteString(block.String())
				} else {
					if events[uid] == nil {
						events[uid] = &strings.Builder{}
						order = append(order, uid)
					}
					events[uid].WriteString(block.String())
				}
				in = ""
			}
		case trimmed != "END:VCALENDAR" && trimmed != "":
			head.WriteString(l)
		}
	}
	out := make([]string, 0, len(order))
	for _, u := range order {
		out = append(out, head.String()+zones.String()+events[u].String()+"END:VCALENDAR\r\n")
	}
	return out
}

// benchHistory is what the first pass learns the ledger from over
// benchdata's 5,000 events: the objects that name someone but me and my
// colleagues (people.Screen), over people.history before the window.
func benchHistory(t testing.TB) (*config.Config, []event.Source, pipeline.Window) {
	cfg := scaleConfig(t, "http://127.0.0.1:1/")
	s := scaleSyncer(t, cfg)
	hw := s.historyWindow(pipeline.WindowAround(cfg, fixtureNow), fixtureNow)
	screen := people.NewScreen(cfg)
	var past []event.Source
	for _, o := range benchdata.Calendar(benchdata.Options{Events: scaleEvents, Seed: 1, Now: fixtureNow}) {
		if !screen.Nobody(o.Data) {
			past = append(past, event.Source{Calendar: "Personal", CalendarPath: "/alice/personal/", Href: "/alice/personal/" + o.Name, Data: o.Data})
		}
	}
	return cfg, past, hw
}

// BenchmarkLearnPast5000 is the history's cost in the first pass outside
// the fetch: learning the ledger from benchdata's year of history, every
// object read in full and classified ("full", as before learnPast), and
// as learnPast does it ("lean").
func BenchmarkLearnPast5000(b *testing.B) {
	cfg, past, hw := benchHistory(b)
	cl, err := classify.New(cfg)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("full", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			learnPastFull(b, cfg, cl, past, hw, fixtureNow)
		}
	})
	b.Run("lean", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			all := newPastSet()
			all.srcs, all.out = past, make([]bool, len(past))
			if _, err := learnPast(context.Background(), cfg, cl, people.Ledger{}, all, hw, fixtureNow); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("screened", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := learnPast(context.Background(), cfg, cl, people.Ledger{}, screenedPast(cfg, past), hw, fixtureNow); err != nil {
				b.Fatal(err)
			}
		}
	})
}
