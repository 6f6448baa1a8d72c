package milestone

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/netsyncd/netsyncd/internal/classify"
	"github.com/netsyncd/netsyncd/internal/config"
	"github.com/netsyncd/netsyncd/internal/event"
	"github.com/netsyncd/netsyncd/internal/limits"
	"github.com/netsyncd/netsyncd/internal/people"
	"github.com/netsyncd/netsyncd/internal/state"
)

var ny = func() *time.Location {
	l, err := time.LoadLocation("America/New_York")
	if err != nil {
		panic(err)
	}
	return l
}()

func at(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, ny)
	if err != nil {
		panic(err)
	}
	return t
}

func ip(n int) *int { return &n }

func testConfig() *config.Config {
	cfg := config.Default()
	cfg.Location = ny
	h := 10.0
	cfg.Plan.Milestones = []config.Milestone{
		{Name: "first month", By: config.Date{Year: 2026, Month: 11, Day: 30}, ActiveMeetings: ip(8), NewContacts: ip(4)},
		{Name: "second month", By: config.Date{Year: 2026, Month: 12, Day: 30}, ActiveMeetings: ip(6), Reconnects: ip(2), InPersonHours: &h},
	}
	return cfg
}

// rec has n active in-person meetings of 1.5 h from start, one a day at 08:00.
func rec(start string, n int) Record {
	r := Record{Occurrences: map[string]Occurrence{}}
	s := at(start + " 08:00")
	for i := range n {
		r.Occurrences[s.AddDate(0, 0, i).String()] = Occurrence{Start: s.AddDate(0, 0, i), Active: true, InPerson: true, InPersonHours: 1.5}
	}
	return r
}

func ledger(meetings map[string][]string) people.Ledger {
	l := people.Ledger{People: map[string]people.Person{}}
	for key, starts := range meetings {
		p := people.Person{Key: key}
		for _, s := range starts {
			p.Meetings = append(p.Meetings, people.Meeting{Occ: key + s, Start: at(s), Networking: true})
		}
		l.People[key] = p
	}
	return l
}

func TestCompute(t *testing.T) {
	start := at("2026-11-01 00:00") // 29 days and 25 h (DST) to the end of Nov 30
	tests := []struct {
		name     string
		rec      Record
		ledger   people.Ledger
		now      string
		statuses []Status
		first    string // the first milestone's Summary contains
	}{
		{"on pace half way", rec("2026-11-02", 4), ledger(map[string][]string{"a": {"2026-11-03 08:00"}, "b": {"2026-11-04 08:00"}}), "2026-11-16 00:00",
			[]Status{OnTrack, OnTrack}, "4/8 active meetings (4.01 expected by now), 2/4 new contacts (2 expected by now)"},
		{"behind on meetings", rec("2026-11-02", 2), ledger(map[string][]string{"a": {"2026-11-03 08:00"}, "b": {"2026-11-04 08:00"}}), "2026-11-16 00:00",
			[]Status{Behind, OnTrack}, "behind; 2/8 active meetings"},
		{"met before the end", rec("2026-11-02", 9), ledger(map[string][]string{"a": {"2026-11-03 08:00"}, "b": {"2026-11-04 08:00"}, "c": {"2026-11-04 09:00"}, "d": {"2026-11-05 09:00"}}), "2026-11-16 00:00",
			[]Status{Met, OnTrack}, "met"},
		{"missed, and the next one counts from its by", rec("2026-11-25", 10), ledger(map[string][]string{"a": {"2026-11-03 08:00", "2026-12-02 08:00", "2026-12-03 08:00"}}), "2026-12-04 00:00",
			[]Status{Missed, OnTrack}, "missed; 6/8 active meetings"},
		{"a future meeting is not done", rec("2026-11-20", 12), people.Ledger{}, "2026-11-16 00:00",
			[]Status{Behind, OnTrack}, "0/8 active meetings"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps := Compute(Input{Config: testConfig(), Start: start, Record: tt.rec, Ledger: tt.ledger, Now: at(tt.now)})
			var got []Status
			for _, p := range ps {
				got = append(got, p.Status)
			}
			if !reflect.DeepEqual(got, tt.statuses) {
				t.Errorf("statuses = %v; want %v (%s | %s)", got, tt.statuses, ps[0].Summary(ny), ps[1].Summary(ny))
			}
			if s := ps[0].Summary(ny); !strings.Contains(s, tt.first) {
				t.Errorf("Summary = %q; want it to contain %q", s, tt.first)
			}
		})
	}
}

func TestSecondMilestoneCounts(t *testing.T) {
	r := rec("2026-11-28", 5) // Nov 28, 29, 30 in the first; Dec 1, 2 in the second
	l := ledger(map[string][]string{"a": {"2026-11-03 08:00", "2026-12-02 08:00"}, "b": {"2026-12-01 08:00"}})
	ps := Compute(Input{Config: testConfig(), Start: at("2026-11-01 00:00"), Record: r, Ledger: l, Now: at("2026-12-15 00:00")})
	p := ps[1]
	if !p.From.Equal(at("2026-12-01 00:00")) || !p.End.Equal(at("2026-12-31 00:00")) {
		t.Fatalf("second span = %s to %s; want Dec 1 to Dec 31", p.From, p.End)
	}
	want := []Measure{
		{Name: "active meetings", Target: 6, Done: 2, Planned: 2, Expected: 2.8},
		{Name: "reconnects", Target: 2, Done: 1, Planned: 1, Expected: 0.93},
		{Name: "in-person hours", Target: 10, Done: 3, Planned: 3, Expected: 4.67, Hours: true},
	}
	if got := p.Measures(); !reflect.DeepEqual(got, want) {
		t.Errorf("Measures = %+v\nwant %+v", got, want)
	}
	// 2 of 2.8 meetings and 1 of 0.93 reconnects are within the rounding;
	// 3 of 4.67 h is more than an hour short.
	if p.Status != Behind {
		t.Errorf("status = %s; want behind on hours: %v", p.Status, p.Measures())
	}
}

func TestFindingsAndShortfall(t *testing.T) {
	ps := Compute(Input{Config: testConfig(), Start: at("2026-11-01 00:00"), Record: rec("2026-11-02", 1), Now: at("2026-11-23 12:00")})
	fs := Findings(ps, at("2026-11-23 12:00"), ny)
	if len(fs) != 1 || fs[0].Code != limits.BehindMilestone || !strings.Contains(fs[0].Message, `Milestone "first month" (by Mon 30 Nov) is behind its pace: 1/8 active meetings (6 expected by now), 0/4 new contacts (3 expected by now)`) {
		t.Fatalf("Findings = %+v", fs)
	}
	if n := Shortfall(ps); n != 5 {
		t.Errorf("Shortfall = %d; want 5 (6 expected, 1 done)", n)
	}
	if n := Shortfall(nil); n != 0 {
		t.Errorf("Shortfall(nil) = %d; want 0", n)
	}
}

func TestLearnAndFile(t *testing.T) {
	occ := func(uid, start string, mode classify.Mode, inPerson bool) limits.Item {
		return limits.Item{Occ: event.Occurrence{UID: uid, Summary: uid, Start: at(start), End: at(start).Add(time.Hour)},
			Class: classify.Class{Networking: true, Mode: mode, InPerson: inPerson}, Hours: 1.5}
	}
	from, to := at("2026-11-01 00:00"), at("2026-12-01 00:00")
	r := Learn(Record{}, []limits.Item{occ("a", "2026-11-02 08:00", classify.Active, true), occ("b", "2026-11-03 08:00", classify.Passive, false)}, from, to)
	ka, kb := (&event.Occurrence{UID: "a"}).Key(), (&event.Occurrence{UID: "b"}).Key()
	if len(r.Occurrences) != 2 || !r.Occurrences[ka].Active || r.Occurrences[ka].InPersonHours != 1.5 || r.Occurrences[kb].InPersonHours != 0 {
		t.Fatalf("Learn = %+v", r)
	}
	cancelled := occ("a", "2026-11-02 08:00", classify.Active, true)
	cancelled.Occ.Status = "CANCELLED"
	r2 := Learn(r, []limits.Item{cancelled, occ("b", "2026-11-03 08:00", classify.Passive, false)}, from, to)
	if _, ok := r2.Occurrences[ka]; ok || len(r2.Occurrences) != 1 || len(r.Occurrences) != 2 {
		t.Errorf("a cancelled occurrence stays in the record, or the old record changed: %+v / %+v", r2, r)
	}
	if r3 := Learn(r, nil, at("2026-11-03 00:00"), to); len(r3.Occurrences) != 1 || r3.Occurrences[ka].Summary != "a" {
		t.Errorf("Learn(nothing in the window from Nov 3) = %+v; want a kept (before the window), b gone (deleted)", r3)
	}
	data, err := Encode(r)
	if err != nil {
		t.Fatal(err)
	}
	back, err := Decode(data)
	if err != nil || !reflect.DeepEqual(back.Occurrences[ka].Start.Unix(), r.Occurrences[ka].Start.Unix()) || len(back.Occurrences) != 2 {
		t.Errorf("Decode(Encode) = %+v, %v", back, err)
	}
	if _, err := Decode([]byte(`{"version": 9}`)); err == nil || !strings.Contains(err.Error(), "version 9") {
		t.Errorf("Decode(version 9) = %v; want a version error", err)
	}
	if p := r.Prune(at("2026-11-03 00:00")); len(p.Occurrences) != 1 {
		t.Errorf("Prune = %+v; want only b", p)
	}
}

func TestBurnup(t *testing.T) {
	in := Input{Config: testConfig(), Start: at("2026-11-01 00:00"), Record: rec("2026-11-02", 20), Now: at("2026-11-10 12:00")}
	ps := Compute(in)
	pts := Burnup(in, ps)
	if len(pts) < 9 || !pts[0].At.Equal(in.Start) || !pts[len(pts)-1].At.Equal(ps[1].End) {
		t.Fatalf("Burnup = %d points from %v to %v", len(pts), pts[0].At, pts[len(pts)-1].At)
	}
	var sawNow bool
	for i, p := range pts {
		if i > 0 && (p.Target < pts[i-1].Target || p.Planned < pts[i-1].Planned) {
			t.Errorf("point %d goes down: %+v after %+v", i, p, pts[i-1])
		}
		if p.At.After(in.Now) && p.Done != -1 || !p.At.After(in.Now) && p.Done != p.Planned {
			t.Errorf("point %d at %v: Done %v, Planned %v", i, p.At, p.Done, p.Planned)
		}
		if p.At.Equal(in.Now) {
			sawNow = true
			if p.Done != 9 { // Nov 2 .. Nov 10 at 08:00
				t.Errorf("done at now = %v; want 9", p.Done)
			}
		}
	}
	if last := pts[len(pts)-1]; !sawNow || last.Target != 14 || last.Planned != 20 {
		t.Errorf("now seen %v; last point %+v; want target 8+6, planned 20", sawNow, last)
	}
}

func TestFileAndStart(t *testing.T) {
	dir := t.TempDir()
	s, err := state.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if r, err := Load(s); err != nil || len(r.Occurrences) != 0 {
		t.Fatalf("Load(empty dir) = %+v, %v", r, err)
	}
	r := rec("2026-11-02", 3)
	if err := Save(s, r); err != nil {
		t.Fatal(err)
	}
	back, err := Load(s)
	if err != nil || len(back.Occurrences) != 3 {
		t.Fatalf("Load(Save) = %+v, %v", back, err)
	}
	cfg := testConfig()
	now := time.Now()
	lockTime := now.Add(-72 * time.Hour)
	if err := os.Chtimes(filepath.Join(dir, "lock"), lockTime, lockTime); err != nil {
		t.Fatal(err)
	}
	y, m, d := lockTime.In(ny).Date()
	if got := StartOf(cfg, dir, now); !got.Equal(time.Date(y, m, d, 0, 0, 0, 0, ny)) {
		t.Errorf("StartOf(state dir made 3 days ago) = %v", got)
	}
	if got := StartOf(cfg, "", at("2026-11-05 15:00")); !got.Equal(at("2026-11-05 00:00")) {
		t.Errorf("StartOf(no state dir) = %v; want today", got)
	}
	cfg.Plan.Start = config.Date{Year: 2026, Month: 10, Day: 1}
	if got := StartOf(cfg, dir, now); !got.Equal(at("2026-10-01 00:00")) {
		t.Errorf("StartOf(plan.start) = %v", got)
	}
}
