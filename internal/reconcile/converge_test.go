package reconcile

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/netsyncd/netsyncd/internal/entry"
)

// server is a fake target calendar that honours If-None-Match and If-Match
// the way Radicale does, and a caller that keeps the ledger as the Ledger
// doc asks.
type server struct {
	t       *testing.T
	objects map[string]Owned // by href
	ledger  Ledger
	etag    int
	writes  int
}

func newServer(t *testing.T) *server {
	return &server{t: t, objects: map[string]Owned{}, ledger: Ledger{}}
}

func (s *server) owned() []Owned {
	var out []Owned
	for _, o := range s.objects {
		out = append(out, o)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Href < out[j].Href })
	return out
}

// pass runs one pass, stopping after limit changes (-1: no limit); with
// crashBeforeLedger the last write's ledger update is lost, as in a kill -9
// between the PUT and saving the state.
func (s *server) pass(desired []entry.Entry, limit int, crashBeforeLedger bool) {
	owned := s.owned()
	s.ledger.Adopt(owned, now)
	for i, c := range Reconcile(desired, owned, s.ledger, now, stamp) {
		if limit >= 0 && i >= limit {
			return
		}
		record := !(crashBeforeLedger && i == limit-1)
		s.apply(c, record)
	}
}

func (s *server) apply(c Change, record bool) {
	switch c.Action {
	case Create:
		href := "/cal/" + c.Href
		for _, o := range s.objects {
			if o.UID == c.UID {
				return // 412 (If-None-Match) or 409 (no-uid-conflict)
			}
		}
		s.put(href, c.Data)
		if record {
			s.ledger.Created(c.UID, href, now)
		}
	case Update:
		if s.objects[c.Href].ETag == c.IfMatch {
			s.put(c.Href, c.Data)
		}
	case Delete:
		s.ledger.Deleting(c.UID, now)
		if s.objects[c.Href].ETag == c.IfMatch {
			delete(s.objects, c.Href)
			s.writes++
		}
	}
}

func (s *server) put(href string, data []byte) {
	o, err := entry.Decode(data)
	if err != nil {
		s.t.Fatalf("server refuses %s: %v", href, err)
	}
	s.etag++
	o.Href, o.ETag = href, fmt.Sprintf(`"%d"`, s.etag)
	s.objects[href] = o
	s.writes++
}

// state is what the user sees: one line per object.
func (s *server) state() string {
	var lines []string
	uids := map[string]int{}
	for _, o := range s.objects {
		uids[o.UID]++
		lines = append(lines, fmt.Sprintf("%s %s %s %q", o.UID, o.Start.Format("Mon 15:04"), o.Kind, o.Description))
	}
	for uid, n := range uids {
		if n > 1 {
			s.t.Errorf("UID %s is in the calendar %d times", uid, n)
		}
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

// plans are two successive plans: the second moves b, drops c, adds d and
// e, and changes a's text.
func plans() (first, second []entry.Entry) {
	a, b, c := planned("a", 8, 9, "Q."), planned("b", 8, 10, "Q."), planned("c", 9, 11, "Q.")
	first = []entry.Entry{a, b, c}
	second = []entry.Entry{retext(a, "New Q."), moved(b, at(10, 15, 0)), planned("d", 9, 9, "Q."), planned("e", 11, 8, "Q.")}
	return first, second
}

func TestSecondPassWritesNothing(t *testing.T) {
	first, _ := plans()
	s := newServer(t)
	s.pass(first, -1, false)
	if s.writes != 3 {
		t.Fatalf("first pass wrote %d times; want 3 creates", s.writes)
	}
	before, writes := s.state(), s.writes
	s.pass(first, -1, false)
	if s.writes != writes || s.state() != before {
		t.Errorf("second pass wrote %d times; want none", s.writes-writes)
	}
}

// TestInterruptedPassConverges stops the second pass after every possible
// number of writes, with and without losing the last ledger update, and
// checks that the next pass reaches the same calendar as an uninterrupted
// one, with no duplicate, and that a further pass writes nothing.
func TestInterruptedPassConverges(t *testing.T) {
	first, second := plans()
	ref := newServer(t)
	ref.pass(first, -1, false)
	ref.pass(second, -1, false)
	want := ref.state()
	for limit := 0; limit <= 6; limit++ {
		for _, lost := range []bool{false, true} {
			t.Run(fmt.Sprintf("stop after %d writes, ledger lost %v", limit, lost), func(t *testing.T) {
				s := newServer(t)
				s.pass(first, -1, false)
				s.pass(second, limit, lost)
				s.pass(second, -1, false)
				if got := s.state(); got != want {
					t.Errorf("calendar after recovery:\n%s\nwant:\n%s", got, want)
				}
				writes := s.writes
				s.pass(second, -1, false)
				if s.writes != writes {
					t.Errorf("a pass after recovery wrote %d times; want none", s.writes-writes)
				}
			})
		}
	}
}

func TestUserDeletedStaysDeleted(t *testing.T) {
	first, _ := plans()
	s := newServer(t)
	s.pass(first, -1, false)
	delete(s.objects, "/cal/"+first[0].UID+".ics") // the user deletes a's prep
	for i := 0; i < 3; i++ {
		s.pass(first, -1, false)
	}
	for _, o := range s.objects {
		if o.UID == first[0].UID {
			t.Fatalf("an entry the user deleted was created again")
		}
	}
	if len(s.objects) != 2 {
		t.Errorf("%d objects; want the 2 the user kept", len(s.objects))
	}
}

// TestUserEditSurvivesPasses edits an entry's text, then moves its source
// and changes the generated text twice: the user's text stays, the time
// follows the source, and a pass with nothing new writes nothing.
func TestUserEditSurvivesPasses(t *testing.T) {
	first, _ := plans()
	s := newServer(t)
	s.pass(first, -1, false)
	href := "/cal/" + first[0].UID + ".ics"
	s.objects[href] = edit(t, s.objects[href], func(e *entry.Entry) { e.Description = "Ask about the Lisbon office." })
	next := append([]entry.Entry(nil), first...)
	for i, day := range []int{9, 10} {
		next[0] = retext(moved(first[0], at(day, 14, 0)), fmt.Sprintf("Generated text %d.", i))
		s.pass(next, -1, false)
		o := s.objects[href]
		if o.Description != "Ask about the Lisbon office." || !o.Start.Equal(at(day, 14, 0)) || !o.Edited() {
			t.Fatalf("after move %d: description %q start %s edited %v; want the user's text at the new time, still edited", i+1, o.Description, o.Start, o.Edited())
		}
		// What a 412 retry does: reconcile the change's Entry against the
		// entry as written. It must see nothing to do.
		for _, c := range Reconcile(next, s.owned(), s.ledger, now, stamp) {
			if c.Action != Keep {
				t.Errorf("after move %d: %s %s (%s); want nothing to write", i+1, c.Action, c.UID, c.Reason)
			}
		}
	}
}
