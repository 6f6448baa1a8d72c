package daemon

import (
	"bytes"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync/atomic"
	"testing"

	"github.com/netsyncd/netsyncd/internal/caldav"
	"github.com/netsyncd/netsyncd/internal/people"
)

// rangeCounter is davserver holding benchdata's calendar, counting the
// calendar-queries with a time-range it is sent.
type rangeCounter struct {
	url    string
	ranged atomic.Int64
}

func newRangeCounter(t *testing.T, events int) *rangeCounter {
	t.Helper()
	srv, _ := scaleServer(t, events)
	rc := &rangeCounter{}
	dav := srv.Handler()
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == "REPORT" {
			body, _ := io.ReadAll(r.Body)
			// The RRULE and RDATE queries are bounded by a time-range too
			// (caldav's seriesFilter); they are not the window's.
			if bytes.Contains(body, []byte("time-range")) && !bytes.Contains(body, []byte("prop-filter")) {
				rc.ranged.Add(1)
			}
			r.Body = io.NopCloser(bytes.NewReader(body))
		}
		dav.ServeHTTP(w, r)
	}))
	t.Cleanup(ts.Close)
	rc.url = ts.URL
	return rc
}

// TestFirstPassFoldsHistory: the first pass without a people ledger reads
// people.history in its window's one time-ranged query; its cache holds
// what the window's query alone gives (the history's events are learned,
// not kept); and the ledger it learns is the one a separate history read
// learns.
func TestFirstPassFoldsHistory(t *testing.T) {
	const events = 1200
	cached := func(s *Syncer) map[string]objState {
		for path, cs := range s.ps.sync.Calendars {
			if path == "/alice/calendars/personal/" {
				return cs.Objects
			}
		}
		t.Fatal("no cached copy of the source calendar")
		return nil
	}

	// The first pass as it was before the people ledger.
	base := newRangeCounter(t, events)
	b := scaleSyncer(t, scaleConfig(t, base.url))
	b.withoutPeople = true
	mustPass(t, b)
	want := cached(b)

	// The first pass with people: one time-ranged query for both.
	fold := newRangeCounter(t, events)
	f := scaleSyncer(t, scaleConfig(t, fold.url))
	mustPass(t, f)
	if got, was := fold.ranged.Load(), base.ranged.Load(); got != was {
		t.Errorf("the first pass with people.history sent %d time-ranged queries; without it %d: want the same", got, was)
	}
	got := cached(f)
	for href := range want {
		if _, ok := got[href]; !ok {
			t.Errorf("the window's %s is not cached after the history read", href)
		}
	}
	var extra []string
	for href, o := range got {
		if _, ok := want[href]; !ok {
			extra = append(extra, href)
			if !caldav.Recurs(o.Data) {
				t.Logf("cached, not in the window's own answer: %s (on the window's edge)", href)
			}
		}
	}
	if len(extra) > len(want)/5 {
		t.Errorf("the cache holds %d objects, %d more than the window's own query gives: the history's events are cached", len(got), len(extra))
	}
	t.Logf("cached %d objects; the window's own query gives %d", len(got), len(want))
	if f.ps.people.fold != nil {
		t.Error("the history's objects are still held after the pass")
	}

	// The ledger a separate history read learns: the window cached by a
	// pass without people, then a pass with people and no ledger.
	sep := newRangeCounter(t, events)
	s := scaleSyncer(t, scaleConfig(t, sep.url))
	s.withoutPeople = true
	mustPass(t, s)
	s.withoutPeople, s.ps.sync.IdleBase = false, false
	before := sep.ranged.Load()
	mustPass(t, s)
	if n := sep.ranged.Load() - before; n != 1 {
		t.Errorf("a pass with the window cached and no ledger sent %d time-ranged queries; want 1 (people.history)", n)
	}
	assertSameLedger(t, f.ps.people.ledger, s.ps.people.ledger)
}

func assertSameLedger(t *testing.T, got, want people.Ledger) {
	t.Helper()
	if len(want.People) == 0 {
		t.Fatal("the separate history read learned no one")
	}
	for _, k := range slices.Sorted(maps.Keys(want.People)) {
		g, ok := got.People[k]
		if !ok {
			t.Errorf("%s is in the ledger of a separate history read, not in the folded one's", k)
			continue
		}
		if len(g.Meetings) != len(want.People[k].Meetings) {
			t.Errorf("%s: %d meetings folded, %d read apart", k, len(g.Meetings), len(want.People[k].Meetings))
		}
	}
	for k := range got.People {
		if _, ok := want.People[k]; !ok {
			t.Errorf("%s is in the folded ledger only", k)
		}
	}
	if len(got.Events) != len(want.Events) {
		t.Errorf("%d host events folded, %d read apart", len(got.Events), len(want.Events))
	}
}
