package daemon

import (
	"bytes"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"testing"
	"time"

	"github.com/netsyncd/netsyncd/internal/testservers"
)

// `netsyncd once --dry-run` against a real Radicale: it prints the plan and
// writes nothing, neither to the server nor to the state directory.

// stateFiles reads the state files a pass writes; a missing one is nil.
func (h *harness) stateFiles() map[string][]byte {
	h.t.Helper()
	out := map[string][]byte{}
	for _, name := range []string{"sync.json", "ledger.json"} {
		b, err := os.ReadFile(filepath.Join(h.dir, name))
		if err != nil && !os.IsNotExist(err) {
			h.t.Fatal(err)
		}
		out[name] = b
	}
	return out
}

// dryRun runs `once --dry-run` and checks that it wrote nothing: no write
// request through the proxy, the state files as they were.
func (h *harness) dryRun() *Summary {
	h.t.Helper()
	files := h.stateFiles()
	h.proxy.Reset()
	sum, _, err := h.runWith(true, nil)
	if err != nil {
		h.t.Fatalf("dry run: %v", err)
	}
	if len(sum.Errors) > 0 || !sum.DryRun {
		h.t.Fatalf("dry run: errors %v, dry_run=%v", sum.Errors, sum.DryRun)
	}
	if w := h.proxy.Writes(); len(w) > 0 {
		h.t.Errorf("the dry run sent writes %v; want none", w)
	}
	for name, b := range h.stateFiles() {
		if !bytes.Equal(b, files[name]) {
			h.t.Errorf("the dry run changed %s:\n%s\nwant:\n%s", name, b, files[name])
		}
	}
	return sum
}

// changeSet lists a summary's changes as "action kind summary", sorted.
func changeSet(sum *Summary) []string {
	var out []string
	for _, c := range sum.Changes {
		out = append(out, c.Action+" "+c.Kind+" "+c.Summary)
	}
	sort.Strings(out)
	return out
}

// TestDryRunFreshInstall: no state directory content and no target
// calendar yet. The dry run must not create the calendar, must not read it
// (Radicale answers 404), and must list every entry the real pass then
// creates.
func TestDryRunFreshInstall(t *testing.T) {
	h := newHarness(t, testservers.Radicale(t), fixtureEvents())
	dry := h.dryRun()
	target := h.srv.Home + "networking/"
	if code, _, _ := h.srv.Do(t, "PROPFIND", target, http.Header{"Depth": {"0"}}, nil); code != http.StatusNotFound {
		t.Errorf("PROPFIND %s after the dry run: %d; want 404 (no calendar created)", target, code)
	}
	for name, b := range h.stateFiles() {
		if b != nil {
			t.Errorf("the dry run wrote %s", name)
		}
	}
	want := map[string]bool{"create prep Prep: Coffee with Sarah Chen": true, "create followup Follow up: Lunch with Tom Reyes": true}
	for _, c := range changeSet(dry) {
		delete(want, c)
	}
	if dry.Created == 0 || dry.Created != len(dry.Changes) || len(want) > 0 {
		t.Errorf("dry run: created %d, changes %q; want every entry listed as a create, among them %v", dry.Created, changeSet(dry), want)
	}
	real := h.pass()
	if got, want := changeSet(real), changeSet(dry); real.Created != dry.Created || !slices.Equal(got, want) {
		t.Errorf("the real pass made %q; the dry run said %q", got, want)
	}
}

// TestDryRunExistingTarget: after a real pass, a source event moves, one is
// cancelled and one is added. The dry run lists the updates, deletes and
// creates, and leaves the target calendar and the state files as they were.
func TestDryRunExistingTarget(t *testing.T) {
	h := newHarness(t, testservers.Radicale(t), fixtureEvents())
	h.pass()
	ev := fixtureEvents()
	ev[0].Start = day(3, 8, 30)
	ev[2].Extra += "STATUS:CANCELLED\r\n"
	added := fixtureEvent{UID: "coffee-lee", Summary: "Coffee with Lee Wong", Location: "Blue Bottle, 5th Ave, Midtown", Start: day(4, 8, 0), Length: 45 * time.Minute,
		Extra: "ATTENDEE;PARTSTAT=ACCEPTED:mailto:lee@wong-advisors.com\r\n"}
	for _, e := range []fixtureEvent{ev[0], ev[2], added} {
		h.putSource(e)
	}
	before := h.objects()
	dry := h.dryRun()
	for href, o := range h.objects() {
		if before[href].ETag != o.ETag {
			t.Errorf("%s changed during the dry run", href)
		}
	}
	if len(h.objects()) != len(before) {
		t.Errorf("the target holds %d objects after the dry run; had %d", len(h.objects()), len(before))
	}
	got := changeSet(dry)
	for _, want := range []string{"create prep Prep: Coffee with Lee Wong", "update prep Prep: Coffee with Sarah Chen",
		"delete prep Prep: NYC CFO Forum Winter Networking Mixer"} {
		if !slices.Contains(got, want) {
			t.Errorf("dry run changes %q; want %q among them", got, want)
		}
	}
	if dry.Created < 2 || dry.Updated < 2 || dry.Deleted < 2 {
		t.Errorf("dry run: created %d, updated %d, deleted %d; want at least 2 of each", dry.Created, dry.Updated, dry.Deleted)
	}
	real := h.pass()
	if g, w := changeSet(real), got; !slices.Equal(g, w) {
		t.Errorf("the real pass made %q; the dry run said %q", g, w)
	}
}
