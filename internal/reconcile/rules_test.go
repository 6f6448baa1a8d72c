package reconcile

import (
	"strings"
	"testing"
	"time"

	"github.com/netsyncd/netsyncd/internal/entry"
)

// want is the expected change for one UID.
type want struct {
	action Action
	reason string // a part of the reason
	kept   bool   // KeptUserEdit
	check  func(t *testing.T, c Change)
}

func TestReconcileRules(t *testing.T) {
	d := planned("ev", 8, 17, "Questions.")
	mine := written(t, d, stamp)
	todo := written(t, d, entry.EncodeOptions{As: "todo", Stamp: now})
	past := planned("old", 1, 17, "Questions.")
	foreign := Owned{UID: d.UID, Href: "/cal/x.ics", ETag: `"x"`} // no X-NETSYNCD-KIND

	tests := []struct {
		name    string
		desired []entry.Entry
		owned   []Owned
		ledger  Ledger
		opts    entry.EncodeOptions
		want    want
	}{
		{name: "new entry is created",
			desired: []entry.Entry{d},
			want: want{action: Create, reason: "new", check: func(t *testing.T, c Change) {
				o := decoded(t, c.Data)
				if c.Href != d.UID+".ics" || c.IfMatch != "" || o.Sequence != 0 || !o.Start.Equal(d.Start) || o.Summary != d.Summary {
					t.Errorf("create href %q if-match %q seq %d start %s summary %q; want %q, none, 0, %s, %q", c.Href, c.IfMatch, o.Sequence, o.Start, o.Summary, d.UID+".ics", d.Start, d.Summary)
				}
			}}},
		{name: "entry the user deleted is not created again",
			desired: []entry.Entry{d}, ledger: Ledger{d.UID: {Created: at(1, 9, 0)}},
			want: want{action: Keep, reason: "deleted by the user"}},
		{name: "entry netsyncd deleted itself comes back with its source",
			desired: []entry.Entry{d}, ledger: Ledger{d.UID: {Created: at(1, 9, 0), Deleted: at(3, 9, 0)}},
			want: want{action: Create}},
		{name: "entry already over is not created",
			desired: []entry.Entry{past},
			want:    want{action: Keep, reason: "over"}},
		{name: "same content: kept, nothing written",
			desired: []entry.Entry{d}, owned: []Owned{mine},
			want: want{action: Keep, reason: "unchanged", check: noData}},
		{name: "source moved: entry moves with If-Match and SEQUENCE+1",
			desired: []entry.Entry{moved(d, at(9, 12, 0))}, owned: []Owned{mine},
			want: want{action: Update, reason: "moved", check: func(t *testing.T, c Change) {
				o := decoded(t, c.Data)
				if c.IfMatch != mine.ETag || c.Href != mine.Href || o.Sequence != mine.Sequence+1 || !o.Start.Equal(at(9, 12, 0)) || o.Edited() {
					t.Errorf("update if-match %q href %q seq %d start %s edited %v; want %q %q %d %s false", c.IfMatch, c.Href, o.Sequence, o.Start, o.Edited(), mine.ETag, mine.Href, mine.Sequence+1, at(9, 12, 0))
				}
			}}},
		{name: "generated text changed: entry rewritten",
			desired: []entry.Entry{retext(d, "New findings.")}, owned: []Owned{mine},
			want: want{action: Update, reason: "text changed", check: func(t *testing.T, c Change) {
				if o := decoded(t, c.Data); o.Description != "New findings." || o.Edited() {
					t.Errorf("description %q edited %v; want the new text, not edited", o.Description, o.Edited())
				}
			}}},
		{name: "source moved, user edited the text: text kept, times follow",
			desired: []entry.Entry{retext(moved(d, at(9, 12, 0)), "New findings.")},
			owned:   []Owned{edit(t, mine, func(e *entry.Entry) { e.Description = "My own notes." })},
			want: want{action: Update, kept: true, check: func(t *testing.T, c Change) {
				o := decoded(t, c.Data)
				if o.Description != "My own notes." || !o.Start.Equal(at(9, 12, 0)) || !o.Edited() {
					t.Errorf("description %q start %s edited %v; want the user's text at the new time, still edited", o.Description, o.Start, o.Edited())
				}
			}}},
		{name: "user edited the text, generated text changed: kept",
			desired: []entry.Entry{retext(d, "New findings.")},
			owned:   []Owned{edit(t, mine, func(e *entry.Entry) { e.Summary = "Prep, my way" })},
			want:    want{action: Keep, kept: true, check: noData}},
		{name: "user moved the entry: kept where the user put it",
			desired: []entry.Entry{d}, owned: []Owned{edit(t, mine, moveTo(at(8, 8, 0)))},
			want: want{action: Keep, kept: true, check: noData}},
		{name: "user moved the entry and the source moved: the user's time wins",
			desired: []entry.Entry{moved(d, at(9, 12, 0))}, owned: []Owned{edit(t, mine, moveTo(at(8, 8, 0)))},
			want: want{action: Keep, kept: true, check: noData}},
		{name: "user moved the entry, generated text changed: text updated, time kept",
			desired: []entry.Entry{retext(d, "New findings.")}, owned: []Owned{edit(t, mine, moveTo(at(8, 8, 0)))},
			want: want{action: Update, kept: true, check: func(t *testing.T, c Change) {
				o := decoded(t, c.Data)
				if !o.Start.Equal(at(8, 8, 0)) || o.Description != "New findings." || !o.Moved() {
					t.Errorf("start %s description %q moved %v; want the user's time, the new text, still moved", o.Start, o.Description, o.Moved())
				}
			}}},
		{name: "source moved, user changed the alarm: times follow, the user's alarm stays",
			desired: []entry.Entry{moved(d, at(9, 12, 0))}, owned: []Owned{userAlarm(t, mine, "TRIGGER:-PT1H")},
			want: want{action: Update, reason: "moved", kept: true, check: func(t *testing.T, c Change) {
				o := decoded(t, c.Data)
				if !o.Start.Equal(at(9, 12, 0)) || !strings.Contains(string(c.Data), "TRIGGER:-PT1H\r\n") || strings.Contains(string(c.Data), "TRIGGER:-PT15M") || !o.AlarmsEdited {
					t.Errorf("start %s, alarms %q, edited %v; want the new time with only the user's alarm, still the user's", o.Start, o.Alarms, o.AlarmsEdited)
				}
			}}},
		{name: "user changed the alarm only: kept, nothing written",
			desired: []entry.Entry{d}, owned: []Owned{userAlarm(t, mine, "TRIGGER:-PT1H")},
			want: want{action: Keep, reason: "unchanged", kept: true, check: noData}},
		{name: "configured alarm changed: the entry's alarm follows",
			desired: []entry.Entry{realarm(d, time.Hour)}, owned: []Owned{mine},
			want: want{action: Update, reason: "alarm changed", check: func(t *testing.T, c Change) {
				if o := decoded(t, c.Data); o.PlannedAlarm != "-PT1H" || o.AlarmsEdited || !strings.Contains(string(c.Data), "TRIGGER:-PT1H\r\n") {
					t.Errorf("planned %q edited %v; want netsyncd's alarm an hour before", o.PlannedAlarm, o.AlarmsEdited)
				}
			}}},
		{name: "configured alarm changed, the user's alarm wins",
			desired: []entry.Entry{realarm(d, time.Hour)}, owned: []Owned{userAlarm(t, mine, "TRIGGER:-PT5M")},
			want: want{action: Keep, reason: "unchanged", kept: true, check: noData}},
		{name: "entry without the alarm record keeps its alarm until it changes",
			desired: []entry.Entry{realarm(d, time.Hour)}, owned: []Owned{unrecorded(t, mine)},
			want: want{action: Keep, reason: "unchanged", check: noData}},
		{name: "completed task is never reopened",
			desired: []entry.Entry{moved(d, at(9, 12, 0))}, owned: []Owned{completed(t, todo)}, opts: entry.EncodeOptions{As: "todo", Stamp: now},
			want: want{action: Keep, reason: "completed", check: noData}},
		{name: "output.as changed: rewritten as the new component",
			desired: []entry.Entry{d}, owned: []Owned{mine}, opts: entry.EncodeOptions{As: "todo", Stamp: now},
			want: want{action: Update, reason: "output.as", check: func(t *testing.T, c Change) {
				if o := decoded(t, c.Data); o.As != "todo" {
					t.Errorf("rewritten as %q; want todo", o.As)
				}
			}}},
		{name: "source gone: future entry deleted with If-Match",
			owned: []Owned{mine},
			want: want{action: Delete, check: func(t *testing.T, c Change) {
				if c.IfMatch != mine.ETag || c.Href != mine.Href {
					t.Errorf("delete %q if-match %q; want %q %q", c.Href, c.IfMatch, mine.Href, mine.ETag)
				}
			}}},
		{name: "source gone: past entry is history",
			owned: []Owned{written(t, past, stamp)},
			want:  want{action: Keep, reason: "over"}},
		{name: "source gone: entry the user edited stays",
			owned: []Owned{edit(t, mine, func(e *entry.Entry) { e.Description = "Notes." })},
			want:  want{action: Keep, kept: true}},
		{name: "source gone: completed task stays",
			owned: []Owned{completed(t, todo)},
			want:  want{action: Keep, reason: "completed"}},
		{name: "desired but over: owned entry left alone",
			desired: []entry.Entry{moved(past, at(2, 17, 0))}, owned: []Owned{written(t, past, stamp)},
			want: want{action: Keep, reason: "history", check: noData}},
		{name: "markers altered by hand: left alone, not recreated",
			desired: []entry.Entry{d}, owned: []Owned{altered(mine)},
			want: want{action: Keep, reason: "markers"}},
		{name: "unreadable entry: left alone, not recreated",
			desired: []entry.Entry{d}, owned: []Owned{invalid(mine)},
			want: want{action: Keep, reason: "cannot be read"}},
		{name: "object without the marker has the UID: never touched, not created",
			desired: []entry.Entry{d}, owned: []Owned{foreign},
			want: want{action: Keep, reason: "without netsyncd's marker"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := stamp
			if tt.opts.As != "" {
				opts = tt.opts
			}
			ledger := tt.ledger
			if ledger == nil {
				ledger = Ledger{}
			}
			cs := Reconcile(tt.desired, tt.owned, ledger, now, opts)
			if len(cs) != 1 {
				t.Fatalf("Reconcile gave %d changes; want 1:%s", len(cs), describe(cs))
			}
			c := cs[0]
			if c.Action != tt.want.action || c.KeptUserEdit != tt.want.kept || !strings.Contains(c.Reason, tt.want.reason) {
				t.Errorf("Reconcile = %s (%q) kept_user_edit=%v; want %s (%q) kept_user_edit=%v", c.Action, c.Reason, c.KeptUserEdit, tt.want.action, tt.want.reason, tt.want.kept)
			}
			if tt.want.check != nil {
				tt.want.check(t, c)
			}
		})
	}
}

func TestReconcileIgnoresObjectsWithoutMarker(t *testing.T) {
	foreign := Owned{UID: "dentist", Href: "/cal/dentist.ics", ETag: `"d"`, Start: at(9, 9, 0), End: at(9, 10, 0)}
	if cs := Reconcile(nil, []Owned{foreign}, Ledger{}, now, stamp); len(cs) != 0 {
		t.Errorf("Reconcile touched an object without X-NETSYNCD-KIND:%s", describe(cs))
	}
}

func TestReconcileDuplicateUID(t *testing.T) {
	d := planned("ev", 8, 17, "Q.")
	a, b := written(t, d, stamp), written(t, d, stamp)
	a.Href, b.Href = "/cal/b.ics", "/cal/a.ics"
	cs := Reconcile([]entry.Entry{d}, []Owned{a, b}, Ledger{}, now, stamp)
	if len(cs) != 2 {
		t.Fatalf("%d changes; want 2:%s", len(cs), describe(cs))
	}
	for _, c := range cs {
		if c.Action != Keep {
			t.Errorf("%s %s; want both kept (the first href matches, the other is left alone)", c.Action, c.Href)
		}
		if c.Href == "/cal/b.ics" && !strings.Contains(c.Reason, "same UID") {
			t.Errorf("second object's reason %q; want it to name the duplicate UID", c.Reason)
		}
	}
}

func TestReconcileOrder(t *testing.T) {
	keep, upd, del := planned("a", 8, 9, "Q."), planned("b", 8, 10, "Q."), planned("c", 8, 11, "Q.")
	create1, create2 := planned("d", 9, 9, "Q."), planned("e", 8, 12, "Q.")
	owned := []Owned{written(t, del, stamp), written(t, keep, stamp), written(t, upd, stamp)}
	cs := Reconcile([]entry.Entry{keep, moved(upd, at(8, 14, 0)), create1, create2}, owned, Ledger{}, now, stamp)
	var got []string
	for _, c := range cs {
		got = append(got, string(c.Action)+":"+c.UID[:13])
	}
	wantOrder := []string{"create:" + create2.UID[:13], "create:" + create1.UID[:13], "update:" + upd.UID[:13], "delete:" + del.UID[:13], "keep:" + keep.UID[:13]}
	if strings.Join(got, " ") != strings.Join(wantOrder, " ") {
		t.Errorf("order %v; want %v (creates by start, updates, deletes, keeps)", got, wantOrder)
	}
}

func moved(e entry.Entry, start time.Time) entry.Entry {
	d := e.End.Sub(e.Start)
	e.Start, e.End, e.Until = start, start.Add(d), start.Add(d)
	return e
}

func retext(e entry.Entry, description string) entry.Entry { e.Description = description; return e }

func realarm(e entry.Entry, before time.Duration) entry.Entry { e.Alarm = before; return e }

// userAlarm is o after the user set its alarm's TRIGGER line to trigger in an app.
func userAlarm(t *testing.T, o Owned, trigger string) Owned {
	t.Helper()
	return redecode(t, o, strings.Replace(string(o.Data), "TRIGGER:-PT15M", trigger, 1))
}

// unrecorded is o as written before netsyncd recorded the alarm it plans.
func unrecorded(t *testing.T, o Owned) Owned {
	t.Helper()
	return redecode(t, o, strings.Replace(string(o.Data), entry.PropAlarm+":-PT15M\r\n", "", 1))
}

func redecode(t *testing.T, o Owned, data string) Owned {
	t.Helper()
	if data == string(o.Data) {
		t.Fatal("the change did not apply")
	}
	c := decoded(t, []byte(data))
	c.Href, c.ETag = o.Href, o.ETag+"-edited"
	return c
}

func altered(o Owned) Owned { o.Kind = entry.KindFollowup; return o }

func invalid(o Owned) Owned { o.Invalid = "DTSTART: unknown time zone"; return o }

func decoded(t *testing.T, data []byte) Owned {
	t.Helper()
	o, err := entry.Decode(data)
	if err != nil {
		t.Fatalf("the body written does not decode: %v", err)
	}
	return o
}

func noData(t *testing.T, c Change) {
	if c.Data != nil || c.IfMatch != "" {
		t.Errorf("keep carries a body (%d bytes) or If-Match %q; want no write", len(c.Data), c.IfMatch)
	}
}
