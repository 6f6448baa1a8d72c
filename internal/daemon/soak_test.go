package daemon

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"math/rand/v2"
	"net/http"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"go.uber.org/zap"
	"go.uber.org/zap/zaptest"

	"github.com/netsyncd/netsyncd/internal/caldav"
	"github.com/netsyncd/netsyncd/internal/classify"
	"github.com/netsyncd/netsyncd/internal/config"
	"github.com/netsyncd/netsyncd/internal/core"
	"github.com/netsyncd/netsyncd/internal/entry"
	"github.com/netsyncd/netsyncd/internal/event"
	"github.com/netsyncd/netsyncd/internal/people"
	"github.com/netsyncd/netsyncd/internal/pipeline"
	"github.com/netsyncd/netsyncd/internal/reconcile"
	"github.com/netsyncd/netsyncd/internal/state"
	"github.com/netsyncd/netsyncd/internal/testservers"
)

// TestSoak runs many passes of one long-lived Syncer (restarted now and
// then, as a daemon is) against Radicale behind a proxy that fails a share
// of the requests (see testservers.Faults), while the source events move,
// appear, disappear and are cancelled between passes. A failed pass is
// fine: the daemon backs off and tries again. After the faults stop and a
// clean pass or two, the target calendar must be exactly what the plan
// wants (see checkConverged), with no duplicate UID, the user's objects
// byte-identical, every user edit kept, and a last pass that changes
// nothing.
//
// NETSYNCD_SOAK_PASSES (default 100), NETSYNCD_SOAK_RATE (default 0.2) and
// NETSYNCD_SOAK_SEED (default 1) size it; docs/reliability.md has the
// results of the full-size run.
func TestSoak(t *testing.T) {
	passes := envInt("NETSYNCD_SOAK_PASSES", 100)
	rate, err := strconv.ParseFloat(os.Getenv("NETSYNCD_SOAK_RATE"), 64)
	if err != nil || rate < 0 || rate > 1 {
		rate = 0.2
	}
	seed := uint64(envInt("NETSYNCD_SOAK_SEED", 1))
	began := time.Now()

	srv := testservers.Radicale(t)
	src := newSoakSources(seed)
	h := newHarness(t, srv, src.all())
	timeout := time.Second
	faults := testservers.NewFaults(t, srv, testservers.FaultOptions{Seed: seed, Hold: 3 * timeout, Slow: timeout / 5})
	h.cfg.CalDAV.URL = faults.URL
	// The clean passes get a timeout a loaded machine cannot miss: with 8
	// writes in flight, a request to Radicale (which takes PUTs one at a
	// time) may wait for the seven before it.
	clean := config.Duration(15 * time.Second)
	h.cfg.CalDAV.Timeout = clean

	// A clean first pass makes the target calendar; then the user puts
	// objects of their own in it and edits one entry.
	h.pass()
	user := putUserObjects(t, h)
	editedUID, editedSummary := editOneEntry(t, h)

	h.cfg.CalDAV.Timeout = config.Duration(timeout) // a held request costs one second, not thirty
	d := &soakDaemon{h: h}
	defer d.stop()
	faults.SetRate(rate)
	var failed, refused int
	why := map[string]int{} // failed passes by the error that ended them
	for i := 0; i < passes; i++ {
		h.now = h.now.Add(10 * time.Minute)
		src.change(t, h)
		if i%40 == 39 {
			d.restart() // a restart reads the state directory again
		}
		sum, err := d.pass()
		if err != nil {
			failed++
			why[errorClass(err)]++
			continue
		}
		refused += len(sum.Errors)
		for _, e := range sum.Errors {
			t.Logf("pass %d: write refused: %s", i+1, e)
		}
	}

	// The faults stop: two clean passes converge (the first may still
	// finish what the faults left over), then the checks.
	faults.SetRate(0)
	h.cfg.CalDAV.Timeout = clean
	d.restart()
	h.now = h.now.Add(10 * time.Minute)
	for i := 0; i < 2; i++ {
		if _, err := d.pass(); err != nil {
			t.Fatalf("clean pass %d after the faults: %v", i+1, err)
		}
	}
	before := h.objects()
	last, err := d.pass()
	if err != nil {
		t.Fatalf("last pass: %v", err)
	}
	if last.Changed() || len(last.Errors) > 0 {
		t.Errorf("the last pass changed %d/%d/%d (created/updated/deleted), errors %v; want nothing to do",
			last.Created, last.Updated, last.Deleted, last.Errors)
	}
	after := h.objects()
	for href, o := range before {
		if after[href].ETag != o.ETag {
			t.Errorf("%s changed on the last pass (ETag %q became %q)", href, o.ETag, after[href].ETag)
		}
	}
	checkConverged(t, h, src.desired(t, h))
	checkUserObjects(t, h, user)
	checkEdits(t, h, editedUID, editedSummary, faults.Edited())

	report := fmt.Sprintf("soak: %d passes (seed %d, %.0f%% of requests faulted), %d failed and retried at the next pass, "+
		"%d writes refused; failures by cause: %s; %d requests, %d faults injected (%s); %d answers 412 (each re-read and planned again once); "+
		"source changes %s; target holds %d objects; wall time %v",
		passes, seed, rate*100, failed, refused, tally(why), faults.Requests(), faults.Injected(), faults, faults.Status(412),
		src.stats(), len(after), time.Since(began).Round(time.Millisecond))
	t.Log(report)
	if testing.Verbose() {
		fmt.Println(report)
	}
	if passes >= 50 && rate > 0 && failed == 0 {
		t.Errorf("no pass failed in %d passes at %.0f%% faults: the faults did not reach the daemon", passes, rate*100)
	}
}

// errorClass names what ended a failed pass: the status, or the kind of
// network failure.
func errorClass(err error) string {
	var se *caldav.StatusError
	switch {
	case errors.As(err, &se):
		return strconv.Itoa(se.Status)
	case errors.Is(err, context.DeadlineExceeded) || strings.Contains(err.Error(), "Client.Timeout"):
		return "timeout"
	case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
		return "eof"
	case strings.Contains(err.Error(), "XML") || strings.Contains(err.Error(), "xml"):
		return "xml"
	}
	if retry, _ := caldav.Retryable(err); retry {
		return "network"
	}
	return "other: " + err.Error()
}

func tally(m map[string]int) string {
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(m)) {
		parts = append(parts, fmt.Sprintf("%s=%d", k, m[k]))
	}
	return strings.Join(parts, " ")
}

func envInt(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil && n > 0 {
		return n
	}
	return def
}

// soakDaemon is what Daemon keeps between passes: one Syncer and its store.
type soakDaemon struct {
	h     *harness
	store *state.Store
	s     *Syncer
}

func (d *soakDaemon) pass() (*Summary, error) {
	if d.s == nil {
		d.restart()
	}
	return d.s.Pass(context.Background(), false)
}

func (d *soakDaemon) restart() {
	h := d.h
	h.t.Helper()
	d.stop()
	store, err := state.Open(h.dir)
	if err != nil {
		h.t.Fatalf("the state directory is unusable: %v", err)
	}
	s, err := NewSyncer(h.cfg, config.Secret{Password: h.srv.Password}, store,
		zaptest.NewLogger(h.t, zaptest.Level(zap.ErrorLevel+1)), func() time.Time { return h.now })
	if err != nil {
		h.t.Fatal(err)
	}
	d.store, d.s = store, s
}

func (d *soakDaemon) stop() {
	if d.store != nil {
		d.store.Close()
		d.store, d.s = nil, nil
	}
}

// soakSources is the source calendar as the test changes it: the events
// by UID, the networking ones among them changing between passes.
type soakSources struct {
	rng    *rand.Rand
	events map[string]fixtureEvent
	next   int
	counts map[string]int
}

func newSoakSources(seed uint64) *soakSources {
	s := &soakSources{rng: rand.New(rand.NewPCG(seed, 7)), events: map[string]fixtureEvent{}, counts: map[string]int{}}
	for _, e := range fixtureEvents() {
		s.events[e.UID] = e
	}
	for i := 0; i < 8; i++ {
		s.add(fixtureNow)
	}
	return s
}

func (s *soakSources) all() []fixtureEvent {
	out := make([]fixtureEvent, 0, len(s.events))
	for _, uid := range slices.Sorted(maps.Keys(s.events)) {
		out = append(out, s.events[uid])
	}
	return out
}

var soakPlaces = []string{"Blue Bottle, 5th Ave, Midtown", "Balthazar, 80 Spring St, SoHo", "Maison Kayser, Midtown", "The Yale Club, 50 Vanderbilt Ave, Midtown"}

// add makes a new networking event in the next two weeks, on a weekday in
// working hours.
func (s *soakSources) add(now time.Time) fixtureEvent {
	s.next++
	start := now.Truncate(time.Hour).Add(time.Duration(1+s.rng.IntN(14)) * 24 * time.Hour)
	start = time.Date(start.Year(), start.Month(), start.Day(), 8+s.rng.IntN(10), 30*s.rng.IntN(2), 0, 0, start.Location())
	if wd := start.Weekday(); wd == time.Saturday || wd == time.Sunday {
		start = start.AddDate(0, 0, 2)
	}
	kind := []string{"Coffee", "Lunch", "Breakfast"}[s.rng.IntN(3)]
	e := fixtureEvent{
		UID: fmt.Sprintf("soak-%03d", s.next), Summary: fmt.Sprintf("%s with Contact %d", kind, s.next),
		Location: soakPlaces[s.rng.IntN(len(soakPlaces))], Start: start, Length: 45 * time.Minute,
		Extra: fmt.Sprintf("ATTENDEE;PARTSTAT=ACCEPTED:mailto:contact%d@firm%d.example\r\n", s.next, s.next%5),
	}
	s.events[e.UID] = e
	return e
}

// change makes up to two changes to the source calendar, straight on the
// server (the user's phone, not the proxy): move, add, delete or cancel.
func (s *soakSources) change(t *testing.T, h *harness) {
	for n := s.rng.IntN(3); n > 0; n-- {
		uids := s.networking()
		op := []string{"move", "move", "add", "delete", "cancel"}[s.rng.IntN(5)]
		if len(uids) < 6 {
			op = "add"
		} else if len(uids) > 20 && op == "add" {
			op = "delete"
		}
		var e fixtureEvent
		if op != "add" {
			e = s.events[uids[s.rng.IntN(len(uids))]]
		}
		switch op {
		case "add":
			e = s.add(h.now)
		case "move":
			e.Start = e.Start.Add(time.Duration(s.rng.IntN(9)-4) * 45 * time.Minute).Add(time.Duration(s.rng.IntN(3)-1) * 24 * time.Hour)
		case "cancel":
			e.Extra += "STATUS:CANCELLED\r\n"
		case "delete":
			delete(s.events, e.UID)
			h.srv.Delete(t, h.source+e.UID+".ics")
			s.counts[op]++
			continue
		}
		s.events[e.UID] = e
		h.putSource(e)
		s.counts[op]++
	}
}

// networking lists the UIDs of the events the test changes: its own,
// not cancelled yet.
func (s *soakSources) networking() []string {
	var out []string
	for _, uid := range slices.Sorted(maps.Keys(s.events)) {
		if e := s.events[uid]; strings.HasPrefix(uid, "soak-") && !strings.Contains(e.Extra, "CANCELLED") {
			out = append(out, uid)
		}
	}
	return out
}

func (s *soakSources) stats() string {
	return fmt.Sprintf("add=%d move=%d delete=%d cancel=%d", s.counts["add"], s.counts["move"], s.counts["delete"], s.counts["cancel"])
}

// desired computes the entries a pass wants, the way Pass does, from the
// source calendar as the server holds it (read without the proxy).
func (s *soakSources) desired(t *testing.T, h *harness) map[string]entry.Entry {
	t.Helper()
	c := directClient(t, h)
	ctx := context.Background()
	cals, err := c.Calendars(ctx, h.srv.Home)
	if err != nil {
		t.Fatal(err)
	}
	var srcs []event.Source
	for _, cal := range cals {
		if cal.Path != h.source {
			continue
		}
		objs, skipped, err := c.FetchAll(ctx, cal.Path)
		if err != nil || len(skipped) > 0 {
			t.Fatalf("read the sources: %v %v", err, skipped)
		}
		for _, o := range objs {
			srcs = append(srcs, event.Source{Calendar: cal.Name, CalendarPath: cal.Path, Href: o.Path, ETag: o.ETag, Data: o.Data})
		}
	}
	if len(srcs) != len(s.events) {
		t.Errorf("the source calendar holds %d objects; the test put %d", len(srcs), len(s.events))
	}
	cl, err := classify.New(h.cfg)
	if err != nil {
		t.Fatal(err)
	}
	// As a pass analyzes: pipeline, then every stage of the core, with the
	// people ledger the daemon saved.
	l, _, err := people.LoadDir(h.dir)
	if err != nil {
		t.Fatal(err)
	}
	an, err := core.Analyze(ctx, &core.Inputs{Config: h.cfg, Classifier: cl, Now: h.now, Window: pipeline.WindowAround(h.cfg, h.now), Sources: srcs, People: &l})
	if err != nil {
		t.Fatal(err)
	}
	entries := an.Entries
	out := map[string]entry.Entry{}
	for _, e := range entries {
		out[e.UID] = e
	}
	return out
}

func directClient(t *testing.T, h *harness) *caldav.Client {
	c, err := caldav.New(caldav.Options{URL: h.srv.URL, Username: h.srv.Username, Password: h.srv.Password}, zap.NewNop())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// checkConverged compares the target calendar with the desired entries D
// (by UID); T is netsyncd's entries in the target, now the clock of the
// last pass. Equal means, as reconcile's rules say (no entry is deleted or
// moved by the user in this test):
//   - every d in D not yet over (d.Until after now) is in T, at d's times,
//     with d's text, or with the user's text if the user edited it;
//   - a d in D that is over may be in T with any content: history is left
//     alone, and an entry over before it was first written is never written;
//   - every t in T not in D is over (t.End not after now: history) or was
//     edited by the user (the user's now); anything else is a leftover.
//
// The harness's owned() fails on a duplicate UID.
func checkConverged(t *testing.T, h *harness, desired map[string]entry.Entry) {
	t.Helper()
	owned := h.owned()
	now := h.now
	var live, history, userKept int
	for _, uid := range slices.Sorted(maps.Keys(desired)) {
		d := desired[uid]
		o, ok := owned[uid]
		switch {
		case !d.Until.After(now):
			history++
		case !ok:
			t.Errorf("lost: desired %s %q at %v is not in the target", d.Kind, d.Summary, d.Start)
		case !o.Start.Equal(d.Start) || !o.End.Equal(d.End):
			t.Errorf("%s %q is at %v-%v; the plan wants %v-%v", d.Kind, d.Summary, o.Start, o.End, d.Start, d.End)
		case !o.Edited() && o.ContentHash != d.Hash():
			t.Errorf("%s %q has text hash %s; the plan's %q has %s", d.Kind, o.Summary, o.ContentHash, d.Summary, d.Hash())
		default:
			live++
		}
	}
	for _, uid := range slices.Sorted(maps.Keys(owned)) {
		o := owned[uid]
		if _, ok := desired[uid]; ok {
			continue
		}
		switch {
		case o.Edited():
			userKept++
		case !o.End.After(now):
			history++
		default:
			t.Errorf("leftover: %s %q at %v is in the target but no longer planned", o.Kind, o.Summary, o.Start)
		}
	}
	if live == 0 {
		t.Errorf("no live entry in the target: the soak tested nothing")
	}
	t.Logf("target: %d live entries as planned, %d history, %d no longer planned but edited by the user", live, history, userKept)
}

// soakUserObject is an object of the user's in the target calendar.
type soakUserObject struct {
	path string
	data []byte
	etag string
}

// putUserObjects puts two objects of the user's in the target: a plain
// event and one that mentions netsyncd's marker in its text.
func putUserObjects(t *testing.T, h *harness) []soakUserObject {
	t.Helper()
	objs := map[string]string{
		"users-own-dinner.ics": "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Apple Inc.//macOS 15//EN\r\nBEGIN:VEVENT\r\nUID:users-own-dinner\r\nDTSTAMP:20261120T120000Z\r\nDTSTART:20261205T000000Z\r\nDTEND:20261205T020000Z\r\nSUMMARY:Family dinner\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
		"users-note.ics":       "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Mozilla.org/NONSGML Mozilla Calendar V1.1//EN\r\nBEGIN:VEVENT\r\nUID:users-note\r\nDTSTAMP:20261120T120000Z\r\nDTSTART:20261203T150000Z\r\nDTEND:20261203T153000Z\r\nSUMMARY:Read about X-NETSYNCD-KIND\r\nDESCRIPTION:netsyncd marks its entries with X-NETSYNCD-KIND:prep\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
	}
	var out []soakUserObject
	for _, name := range slices.Sorted(maps.Keys(objs)) {
		p := h.target + name
		h.srv.Put(t, p, []byte(objs[name]))
		out = append(out, soakUserObject{path: p, data: h.srv.Get(t, p)})
	}
	all := h.objects()
	for i := range out {
		out[i].etag = all[out[i].path].ETag
	}
	return out
}

func checkUserObjects(t *testing.T, h *harness, user []soakUserObject) {
	t.Helper()
	all := h.objects()
	for _, u := range user {
		if got := h.srv.Get(t, u.path); !bytes.Equal(got, u.data) {
			t.Errorf("the user's object %s changed:\n%s\nwant:\n%s", u.path, got, u.data)
		}
		if all[u.path].ETag != u.etag {
			t.Errorf("the user's object %s: ETag %q became %q", u.path, u.etag, all[u.path].ETag)
		}
	}
}

// editOneEntry changes the summary of the prep entry of a networking event
// the test does not change (breakfast-ana), as the user would in their app.
func editOneEntry(t *testing.T, h *harness) (uid, summary string) {
	t.Helper()
	uid = prepUID("breakfast-ana")
	o, ok := h.owned()[uid]
	if !ok {
		t.Fatalf("no prep entry for breakfast-ana after the first pass")
	}
	summary = "Prep: Ana - ask about the board seat"
	edited := bytes.Replace(o.Data, []byte("SUMMARY:"+o.Summary), []byte("SUMMARY:"+summary), 1)
	if bytes.Equal(edited, o.Data) {
		t.Fatalf("could not find the SUMMARY line to edit in:\n%s", o.Data)
	}
	h.srv.Put(t, o.Href, edited)
	return uid, summary
}

// checkEdits: the user's edit and every edit the conflict faults made are
// still there.
func checkEdits(t *testing.T, h *harness, uid, summary string, byProxy map[string]string) {
	t.Helper()
	owned := h.owned()
	if o, ok := owned[uid]; !ok {
		t.Errorf("the entry the user edited (%s) is gone", uid)
	} else if o.Summary != summary {
		t.Errorf("the entry the user edited has summary %q; want %q", o.Summary, summary)
	}
	byHref := map[string]entry.Owned{}
	for _, o := range owned {
		byHref[o.Href] = o
	}
	paths := make([]string, 0, len(byProxy))
	for p := range byProxy {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		if strings.HasSuffix(p, "/"+reconcile.SharedName) {
			continue // netsyncd's shared ledger: an edit of it is merged, not kept (marker.go)
		}
		o, ok := byHref[p]
		switch {
		case !ok:
			t.Errorf("the entry at %s, edited while netsyncd was writing it, is gone", p)
		case !strings.Contains(o.Summary+o.Description, strings.TrimSpace(byProxy[p])):
			t.Errorf("the entry at %s lost the edit %q made while netsyncd was writing it: %q / %q", p, byProxy[p], o.Summary, o.Description)
		}
	}
	t.Logf("%d entries edited while netsyncd was writing them: all kept", len(paths))
}

// TestFailedPassLeavesNextPassWhole: a pass that fails half-way (here: the
// server refuses every write with 503) must not let the next pass of the
// same Syncer be idle because the calendars it refreshed look unchanged
// since; the changes it could not write are written by the next one.
func TestFailedPassLeavesNextPassWhole(t *testing.T) {
	srv := testservers.Radicale(t)
	h := newHarness(t, srv, fixtureEvents())
	faults := testservers.NewFaults(t, srv, testservers.FaultOptions{Seed: 1, Kinds: []testservers.Fault{testservers.Fault503}, NeverReached: true,
		Only: func(r *http.Request) bool { return r.Method == http.MethodPut || r.Method == http.MethodDelete }})
	h.cfg.CalDAV.URL = faults.URL
	h.target = srv.Home + "networking/"
	d := &soakDaemon{h: h}
	defer d.stop()
	for i := 0; i < 2; i++ {
		if _, err := d.pass(); err != nil {
			t.Fatalf("pass %d: %v", i+1, err)
		}
	}
	ev := fixtureEvents()[3] // breakfast-ana, an hour later
	ev.Start = ev.Start.Add(time.Hour)
	h.putSource(ev)
	faults.SetRate(1)
	if _, err := d.pass(); err == nil {
		t.Fatalf("the pass with every write refused did not fail")
	}
	faults.SetRate(0)
	sum, err := d.pass()
	switch {
	case err != nil:
		t.Fatalf("pass after the failed one: %v", err)
	case sum.Idle || sum.Updated == 0:
		t.Errorf("pass after a failed one: idle=%v, updated %d; want the moved event's entries updated", sum.Idle, sum.Updated)
	}
	if p := h.owned()[prepUID("breakfast-ana")]; !p.End.After(day(9, 12, 0)) || p.End.After(ev.Start) {
		t.Errorf("prep of the moved breakfast ends %v; want before %v", p.End, ev.Start)
	}
}

// TestBrokenConnectionEndsThePass: a write whose connection breaks before
// the answer (the server may or may not have done it) is a network
// failure: the pass ends with a retryable error so the daemon backs off,
// rather than recording a refusal and sending the next write; the next
// pass finishes the job.
func TestBrokenConnectionEndsThePass(t *testing.T) {
	srv := testservers.Radicale(t)
	h := newHarness(t, srv, fixtureEvents())
	faults := testservers.NewFaults(t, srv, testservers.FaultOptions{Seed: 1, Kinds: []testservers.Fault{testservers.FaultReset},
		Only: func(r *http.Request) bool { return r.Method == http.MethodPut }})
	h.cfg.CalDAV.URL = faults.URL
	// One write at a time, so "the first" is well defined: with more in
	// flight, those already sent when the connection broke are sent
	// (TestThrottleStopsOnAnError: none after it).
	h.cfg.CalDAV.WritesInFlight = 1
	h.target = srv.Home + "networking/"
	d := &soakDaemon{h: h}
	defer d.stop()
	if _, err := d.pass(); err != nil {
		t.Fatalf("first pass: %v", err)
	}
	ev := fixtureEvents()[3]
	ev.Start = ev.Start.Add(time.Hour)
	h.putSource(ev)
	faults.SetRate(1)
	sum, err := d.pass()
	if retry, _ := caldav.Retryable(err); !retry {
		t.Errorf("pass with a broken connection on every write: error %v (retryable %v), %d writes recorded as refused; want a retryable error ending the pass",
			err, retry, len(sum.Errors))
	}
	if n := faults.Counts()[testservers.FaultReset]; n != 1 {
		t.Errorf("the pass sent %d writes after the connection broke; want it to stop at the first", n-1)
	}
	faults.SetRate(0)
	if sum, err := d.pass(); err != nil || sum.Idle || len(sum.Errors) > 0 {
		t.Fatalf("pass after the broken one: %v, %+v", err, sum)
	}
	if again, err := d.pass(); err != nil || again.Changed() {
		t.Errorf("the pass after that changed %+v (%v); want nothing", again, err)
	}
}
