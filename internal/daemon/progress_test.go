package daemon

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/zap"
	"go.uber.org/zap/zaptest/observer"

	"github.com/netsyncd/netsyncd/internal/benchdata"
	"github.com/netsyncd/netsyncd/internal/config"
	"github.com/netsyncd/netsyncd/internal/state"
	"github.com/netsyncd/netsyncd/internal/systemd"
	"github.com/netsyncd/netsyncd/internal/systemd/systemdtest"
)

// progressSyncer is a Syncer over the in-process server holding two
// source calendars of benchdata events, logging Info and above.
func progressSyncer(t *testing.T) (*Syncer, *observer.ObservedLogs) {
	t.Helper()
	srv, ts := scaleServer(t, 300)
	srv.AddCalendar("work", "Work")
	for _, o := range benchdata.Calendar(benchdata.Options{Events: 100, Seed: 2, Now: fixtureNow}) {
		if err := srv.PutObject("work/"+o.Name, o.Data); err != nil {
			t.Fatal(err)
		}
	}
	cfg := scaleConfig(t, ts.URL)
	cfg.CalDAV.Sources = []string{"Personal", "Work"}
	store, err := state.Open(cfg.StateDir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	core, logs := observer.New(zap.InfoLevel)
	s, err := NewSyncer(cfg, config.Secret{Password: "secret"}, store, zap.New(core), func() time.Time { return fixtureNow })
	if err != nil {
		t.Fatal(err)
	}
	return s, logs
}

func TestPassReportsItsProgress(t *testing.T) {
	s, logs := progressSyncer(t)
	var mu sync.Mutex
	var steps []string
	s.OnProgress(func(p Progress) {
		mu.Lock()
		steps = append(steps, p.String())
		mu.Unlock()
	})
	s.writeLogEvery = time.Nanosecond // every write says how far it is
	sum, err := s.Pass(context.Background(), false)
	if err != nil || len(sum.Errors) > 0 || sum.Created == 0 {
		t.Fatalf("first pass: %v %+v", err, sum)
	}

	// One info line per calendar fetched, with its objects, bytes and time.
	fetched := logs.FilterMessage("fetched a calendar").All()
	if len(fetched) != 2 {
		t.Fatalf("%d \"fetched a calendar\" lines, want 2 (two sources; the target, just made, is not read): %v", len(fetched), fetched)
	}
	byName := map[string]map[string]any{} // fetched together: in any order
	for _, e := range fetched {
		byName[e.ContextMap()["calendar"].(string)] = e.ContextMap()
	}
	for _, name := range []string{"Personal", "Work"} {
		f := byName[name]
		if f == nil || f["objects"].(int64) == 0 || f["bytes"].(int64) < 1000*f["objects"].(int64) || f["took"] == nil {
			t.Errorf("fetch line of %s = %v, want its objects, bytes and time", name, f)
		}
	}
	if byName["Networking"] != nil {
		t.Errorf("a fetch line for the target the pass made: %v", fetched)
	}

	// The steps: each calendar as it is fetched, then every write.
	writes := sum.Created + sum.Updated + sum.Deleted
	want := []string{"fetching Personal (1/2)", "fetching Work (2/2)"}
	for i := 0; i <= writes; i++ {
		want = append(want, fmt.Sprintf("writing %d/%d", i, writes))
	}
	mu.Lock()
	got := strings.Join(steps, "\n")
	mu.Unlock()
	if got != strings.Join(want, "\n") {
		t.Errorf("progress steps:\n%s\nwant:\n%s", got, strings.Join(want, "\n"))
	}
	// "writing N/M" in the log: at the start and (here, every nanosecond) after each write.
	if n := logs.FilterMessage("writing").Len(); n != writes+1 {
		t.Errorf("%d \"writing\" log lines for %d writes, want %d", n, writes, writes+1)
	}
	last := logs.FilterMessage("writing").All()[writes].ContextMap()["progress"]
	if last != fmt.Sprintf("%d/%d", writes, writes) {
		t.Errorf("last writing line says %v, want %d/%d", last, writes, writes)
	}

	// An idle pass fetches nothing and says nothing of it.
	mu.Lock()
	steps = nil
	mu.Unlock()
	before := logs.Len()
	if sum, err := s.Pass(context.Background(), false); err != nil || !sum.Idle {
		t.Fatalf("second pass: idle %v, %v", sum != nil && sum.Idle, err)
	}
	if len(steps) != 0 || logs.Len() != before {
		t.Errorf("an idle pass reported %v and logged %v", steps, logs.All()[before:])
	}
}

func TestWritingIsLoggedEveryFiveSeconds(t *testing.T) {
	core, logs := observer.New(zap.InfoLevel)
	s := &Syncer{log: zap.New(core), writeLogEvery: 50 * time.Millisecond}
	w := s.startWrites(4)
	w.wrote() // at once: not logged
	time.Sleep(60 * time.Millisecond)
	w.wrote() // logged
	w.wrote()
	time.Sleep(60 * time.Millisecond)
	w.wrote() // logged, and the last
	var got []string
	for _, e := range logs.FilterMessage("writing").All() {
		got = append(got, e.ContextMap()["progress"].(string))
	}
	if strings.Join(got, " ") != "0/4 2/4 4/4" {
		t.Errorf("writing lines %v, want 0/4 2/4 4/4", got)
	}
}

func TestPassStatusIsSentToSystemd(t *testing.T) {
	sock := systemdtest.Listen(t)
	d := &Daemon{Notify: systemd.NewNotifier(func(k string) string {
		if k == "NOTIFY_SOCKET" {
			return sock.Path
		}
		return ""
	})}
	status := d.passStatus()
	status(Progress{Phase: PhaseFetching, Calendar: "Work", N: 3, Of: 5})
	status(Progress{Phase: PhaseWriting, N: 0, Of: 2057})
	for i := 1; i <= 2057; i++ {
		status(Progress{Phase: PhaseWriting, N: i, Of: 2057}) // within a second: only the last is sent
	}
	deadline := time.Now().Add(5 * time.Second)
	for len(sock.Messages()) < 3 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	time.Sleep(50 * time.Millisecond)
	want := "STATUS=fetching Work (3/5)\nSTATUS=writing 0/2057\nSTATUS=writing 2057/2057"
	if got := sock.All(); got != want {
		t.Errorf("STATUS messages:\n%s\nwant:\n%s", got, want)
	}
}

// TestWriteProgressNeverGoesBack: writes in flight together end in any
// order, and each says the count; what OnProgress hears must still count
// up one by one (a CI run once saw "writing 14/23" before "13/23").
func TestWriteProgressNeverGoesBack(t *testing.T) {
	var mu sync.Mutex
	var got []int
	s := &Syncer{log: zap.NewNop(), progress: func(p Progress) {
		mu.Lock()
		got = append(got, p.N)
		mu.Unlock()
	}}
	const writes = 400
	w := s.startWrites(writes)
	var wg sync.WaitGroup
	for range writes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w.wrote()
		}()
	}
	wg.Wait()
	if len(got) != writes+1 {
		t.Fatalf("%d reports for %d writes, want %d", len(got), writes, writes+1)
	}
	for i, n := range got {
		if n != i {
			t.Fatalf("report %d says %d written: %v", i, n, got[max(0, i-3):min(len(got), i+3)])
		}
	}
}
