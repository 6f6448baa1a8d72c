package daemon

import (
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/netsyncd/netsyncd/internal/entry"
	"github.com/netsyncd/netsyncd/internal/testservers"
)

// TestConflictIsDecidedAgain: the user edits an entry's text between the
// pass's fetch and its update, so the server answers the update 412. The
// pass reads the entry again, decides it again with core.Decide (the same
// decision, on what is there now) and writes once: the user's text stays,
// the time follows the source, and the next pass writes nothing.
func TestConflictIsDecidedAgain(t *testing.T) {
	var armed atomic.Bool
	var once sync.Once
	var edit func()
	h, qp := quirkHarness(t, testservers.Quirks{Before: func(r *http.Request) {
		if armed.Load() && r.Method == http.MethodPut && strings.HasSuffix(r.URL.Path, "/"+prepUID("coffee-sarah")+".ics") {
			once.Do(edit)
		}
	}})
	h.mustRun(nil)
	before := h.owned()[prepUID("coffee-sarah")]
	e := entry.Entry{Kind: before.Kind, UID: before.UID, SourceUID: before.SourceUID, Summary: before.Summary,
		Description: "My own notes for Sarah.", Start: before.Start, End: before.End, Alarm: 15 * time.Minute}
	edited := entry.Encode(e, entry.EncodeOptions{As: before.As, Stamp: h.now.UTC(), Sequence: before.Sequence,
		GeneratedHash: before.StoredHash, PlannedStart: before.PlannedStart, PlannedEnd: before.PlannedEnd})
	edit = func() { h.srv.Put(t, before.Href, edited) } // as the user's phone would, behind netsyncd's back
	armed.Store(true)

	ev := fixtureEvents()[0] // coffee-sarah, an hour later
	ev.Start = ev.Start.Add(time.Hour)
	h.putSource(ev)
	qp.Reset()
	sum, logs, err := h.run(nil)
	if err != nil || len(sum.Errors) > 0 {
		t.Fatalf("pass: %v %v", err, sum.Errors)
	}
	if logs.FilterMessageSnippet("entry changed on the server while planning").Len() != 1 {
		t.Errorf("no 412 was met (writes %v): the test tested nothing", qp.Writes())
	}
	after := h.owned()[prepUID("coffee-sarah")]
	if after.Description != "My own notes for Sarah." || !after.Edited() || !after.Start.Equal(before.Start.Add(time.Hour)) {
		t.Errorf("after the conflict: description %q, edited %v, start %s; want the user's text, still the user's, at %s",
			after.Description, after.Edited(), after.Start, before.Start.Add(time.Hour))
	}
	if sum.KeptUserEdits == 0 {
		t.Errorf("summary %+v; want the user's edit counted as kept", sum)
	}
	qp.Reset()
	if again := h.mustRun(nil); !again.Idle || again.Changed() {
		t.Errorf("pass after the conflict: idle %v, %s (requests %v); want an idle pass", again.Idle, again.Short(), qp.Requests())
	}
}
