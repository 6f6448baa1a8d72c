package benchdata

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/netsyncd/netsyncd/internal/event"
)

var testOpts = Options{Events: 1000, Seed: 7, Now: time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)}

func TestCalendarIsDeterministic(t *testing.T) {
	a, b := Calendar(testOpts), Calendar(testOpts)
	for i := range a {
		if a[i].Name != b[i].Name || !bytes.Equal(a[i].Data, b[i].Data) {
			t.Fatalf("Calendar(%+v) twice differs at object %d (%s)", testOpts, i, a[i].Name)
		}
	}
	other := testOpts
	other.Seed++
	if c := Calendar(other); bytes.Equal(a[len(a)-1].Data, c[len(c)-1].Data) {
		t.Errorf("seeds %d and %d gave the same last object", testOpts.Seed, other.Seed)
	}
}

func TestCalendarMix(t *testing.T) {
	objs := Calendar(testOpts)
	var networking, recurring, overrides, exdates int
	uids := map[string]bool{}
	for _, o := range objs {
		if uids[o.UID] {
			t.Fatalf("duplicate UID %s", o.UID)
		}
		uids[o.UID] = true
		networking += b2i(o.Networking)
		recurring += b2i(o.Recurring)
		overrides += b2i(bytes.Contains(o.Data, []byte("RECURRENCE-ID")))
		exdates += b2i(bytes.Contains(o.Data, []byte("\r\nEXDATE")))
	}
	checks := []struct {
		what      string
		got, want int
	}{
		{"objects", len(objs), 1000},
		{"networking objects", networking, 100},
		{"recurring series", recurring, 40},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("Calendar(%d events) has %d %s; want %d", testOpts.Events, c.got, c.what, c.want)
		}
	}
	if overrides == 0 || exdates == 0 {
		t.Errorf("Calendar has %d series with overrides and %d with EXDATEs; want some of each", overrides, exdates)
	}
}

// TestCalendarExpands proves the objects are valid: every one expands
// without a problem, and the window around now holds networking.
func TestCalendarExpands(t *testing.T) {
	loc, _ := time.LoadLocation(Zone)
	var srcs []event.Source
	for _, o := range Calendar(testOpts) {
		srcs = append(srcs, event.Source{Calendar: "Personal", Href: o.Name, Data: o.Data})
	}
	from, to := testOpts.Now.AddDate(-1, 0, -1), testOpts.Now.AddDate(1, 0, 1)
	occs, problems := event.ExpandAll(srcs, from, to, loc)
	for _, p := range problems {
		t.Errorf("problem: %v", p.Err)
	}
	seen := map[string]bool{}
	coffees := 0
	for _, o := range occs {
		seen[o.UID] = true
		if strings.HasPrefix(o.Summary, "Coffee with ") && o.Organizer == Me {
			coffees++
		}
	}
	if len(seen) != testOpts.Events {
		t.Errorf("%d of %d objects have an occurrence in the two years", len(seen), testOpts.Events)
	}
	if coffees < 20 {
		t.Errorf("%d self-arranged coffees in two years; want at least 20", coffees)
	}
}

func TestMoved(t *testing.T) {
	before, after := Moved(testOpts, time.Hour)
	if before.Name != after.Name || before.UID != after.UID || bytes.Equal(before.Data, after.Data) {
		t.Fatalf("Moved: before %s/%s and after %s/%s must share name and UID and differ in data", before.Name, before.UID, after.Name, after.UID)
	}
	loc, _ := time.LoadLocation(Zone)
	occ := func(o Object) event.Occurrence {
		occs, probs := event.ExpandAll([]event.Source{{Data: o.Data}}, testOpts.Now, testOpts.Now.AddDate(0, 0, 3), loc)
		if len(occs) != 1 || len(probs) > 0 {
			t.Fatalf("Moved object: %d occurrences, problems %v; want 1", len(occs), probs)
		}
		return occs[0]
	}
	if b, a := occ(before), occ(after); a.Start.Sub(b.Start) != time.Hour || b.Start.Hour() != 8 {
		t.Errorf("Moved: starts %v then %v; want 08:30 then an hour later", b.Start, a.Start)
	}
}

func TestWriteCollection(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "personal")
	objs := Calendar(Options{Events: 30, Seed: 1, Now: testOpts.Now})
	if err := WriteCollection(dir, "Personal", objs); err != nil {
		t.Fatal(err)
	}
	props, err := os.ReadFile(filepath.Join(dir, ".Radicale.props"))
	if err != nil || !bytes.Contains(props, []byte(`"tag":"VCALENDAR"`)) {
		t.Errorf(".Radicale.props = %s, %v; want the VCALENDAR tag", props, err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.ics"))
	if len(files) != len(objs) {
		t.Errorf("WriteCollection wrote %d .ics files; want %d", len(files), len(objs))
	}
}

func TestFoldedLinesAreShort(t *testing.T) {
	for _, o := range Calendar(testOpts)[:200] {
		for _, l := range strings.Split(string(o.Data), "\r\n") {
			if len(l) > 75 {
				t.Fatalf("%s: line of %d octets: %q", o.Name, len(l), l)
			}
		}
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
