package people

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"golang.org/x/text/unicode/norm"

	"github.com/netsyncd/netsyncd/internal/budget"
	"github.com/netsyncd/netsyncd/internal/mailaddr"
	"github.com/netsyncd/netsyncd/internal/textfold"
)

// Ledger is everyone the user met, and the hosted events they attended.
// The zero value is an empty ledger. Functions of this package never change
// a ledger they are given; they return a new one.
type Ledger struct {
	People map[string]Person // by Key
	Events map[string]Event  // hosted networking events attended, by occurrence key
}

// Person is one person met.
type Person struct {
	// Key is the lower-cased email, or "name:" and NormName for a person
	// known only by a name in summaries.
	Key          string
	Name         string
	Email        string
	Organization string
	Meetings     []Meeting // by Start, one per occurrence
}

// Meeting is one occurrence at which the user met a person.
type Meeting struct {
	Occ        string // the occurrence's key (UID and recurrence id)
	Start      time.Time
	Summary    string
	Location   string
	InPerson   bool
	OneOnOne   bool // the person was the only other one there, at no host's event
	Networking bool
	Host       string // the host of a passive networking event, else ""
}

// Event is a passive networking event someone else hosted that the user
// attended, met anyone there or not: the host's track record counts it.
type Event struct {
	Occ     string
	Start   time.Time
	Summary string
	Host    string
}

// NameKey is the key of a person known only by name.
func NameKey(name string) string { return "name:" + NormName(name) }

// FirstMet and LastMet are the first and the last meeting's start.
func (p Person) FirstMet() time.Time { return p.Meetings[0].Start }

// LastMet is the last meeting's start.
func (p Person) LastMet() time.Time { return p.Meetings[len(p.Meetings)-1].Start }

// clone copies l deeply enough that changing the copy's maps and meeting
// slices leaves l alone.
func (l Ledger) clone() Ledger {
	out := Ledger{People: make(map[string]Person, len(l.People)), Events: make(map[string]Event, len(l.Events))}
	for k, p := range l.People {
		p.Meetings = slices.Clone(p.Meetings)
		out.People[k] = p
	}
	for k, e := range l.Events {
		out.Events[k] = e
	}
	return out
}

// Version is the version of the ledger's file format. A file of another
// version is refused rather than misread.
const Version = 1

// fileLedger is the JSON form: lists sorted by key, so the same ledger
// always encodes to the same bytes.
type fileLedger struct {
	Version int          `json:"version"`
	People  []filePerson `json:"people"`
	Events  []fileEvent  `json:"events"`
}

type filePerson struct {
	Key          string        `json:"key"`
	Name         string        `json:"name,omitempty"`
	Email        string        `json:"email,omitempty"`
	Organization string        `json:"organization,omitempty"`
	Meetings     []fileMeeting `json:"meetings"`
}

type fileMeeting struct {
	Occ        string    `json:"occ"`
	Start      time.Time `json:"start"`
	Summary    string    `json:"summary,omitempty"`
	Location   string    `json:"location,omitempty"`
	InPerson   bool      `json:"in_person,omitempty"`
	OneOnOne   bool      `json:"one_on_one,omitempty"`
	Networking bool      `json:"networking,omitempty"`
	Host       string    `json:"host,omitempty"`
}

type fileEvent struct {
	Occ     string    `json:"occ"`
	Start   time.Time `json:"start"`
	Summary string    `json:"summary,omitempty"`
	Host    string    `json:"host"`
}

// Encode writes the ledger as versioned JSON.
func Encode(l Ledger) ([]byte, error) {
	f := fileLedger{Version: Version, People: []filePerson{}, Events: []fileEvent{}}
	for _, k := range sortedKeys(l.People) {
		p := l.People[k]
		fp := filePerson{Key: p.Key, Name: p.Name, Email: p.Email, Organization: p.Organization, Meetings: make([]fileMeeting, len(p.Meetings))}
		for i, m := range p.Meetings {
			fp.Meetings[i] = fileMeeting(m)
		}
		f.People = append(f.People, fp)
	}
	for _, k := range sortedKeys(l.Events) {
		f.Events = append(f.Events, fileEvent(l.Events[k]))
	}
	return json.MarshalIndent(f, "", " ")
}

// Decode reads what Encode wrote. A file of another version, or one whose
// people have no key or no meeting, is an error: the caller decides whether
// to start again from history.
func Decode(data []byte) (Ledger, error) {
	var f fileLedger
	if err := json.Unmarshal(data, &f); err != nil {
		return Ledger{}, decodeError(data, err)
	}
	if f.Version != Version {
		return Ledger{}, fmt.Errorf("people: ledger is version %d; this netsyncd reads version %d (remove the file to learn it again from history)", f.Version, Version)
	}
	l := Ledger{People: make(map[string]Person, len(f.People)), Events: make(map[string]Event, len(f.Events))}
	for i, fp := range f.People {
		if fp.Key == "" || len(fp.Meetings) == 0 {
			return Ledger{}, fmt.Errorf("people: ledger: person %d has no key or no meeting", i)
		}
		p := Person{Key: addressKey(fp.Key), Name: fp.Name, Email: fp.Email, Organization: fp.Organization, Meetings: make([]Meeting, len(fp.Meetings))}
		if p.Email != "" {
			p.Email = mailaddr.Norm(p.Email)
		}
		for j, m := range fp.Meetings {
			p.Meetings[j] = Meeting(m)
			p.Meetings[j].Host = hostKey(m.Host)
		}
		if had, ok := l.People[p.Key]; ok {
			p = merged(had, p)
		}
		sortMeetings(p.Meetings)
		l.People[p.Key] = p
	}
	for _, e := range f.Events {
		e.Host = hostKey(e.Host)
		l.Events[e.Occ] = Event(e)
	}
	return l, nil
}

// decodeError is what json.Unmarshal said of the file, short and placed:
// the daemon logs it, and the ledger is private. A syntax or type error
// names its line; a start that is not a time says so (time's own error
// quoted the value whole: a start of 1 MB was 2 MB of one log line);
// anything else is cut.
func decodeError(data []byte, err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	var tim *time.ParseError
	switch {
	case errors.As(err, &syn):
		return fmt.Errorf("people: ledger: line %d: %s", lineOf(data, syn.Offset), budget.Clip(syn.Error(), 120))
	case errors.As(err, &typ):
		return fmt.Errorf("people: ledger: line %d: %s is a JSON %s, not a %s", lineOf(data, typ.Offset),
			budget.Clip(typ.Field, 120), typ.Value, typ.Type)
	case errors.As(err, &tim):
		return errors.New("people: ledger: a start is not a time (RFC 3339, as 2026-12-01T09:00:00Z)")
	}
	return fmt.Errorf("people: ledger: %s", budget.Clip(err.Error(), 200))
}

// lineOf is the line (from 1) of the byte at off in data.
func lineOf(data []byte, off int64) int {
	off = min(max(off, 0), int64(len(data)))
	return 1 + bytes.Count(data[:off], []byte{'\n'})
}

// addressKey is a person's key in the form the calendar reader gives
// addresses now (mailaddr.Norm): a ledger learned before kept
// "priya@x.example." or "priya@xn--..." apart from the same person read
// since. A name key stays as it is, but one learned before text was
// composed (Unicode NFC) before it was folded, which kept a decomposed
// accent ("name:jose\u0301"): it is folded as NameKey folds now
// ("name:jose"), or the person's history split in two.
func addressKey(key string) string {
	if rest, ok := strings.CutPrefix(key, "name:"); ok {
		if !norm.NFC.IsNormalString(rest) {
			return "name:" + textfold.Fold(rest)
		}
		return key
	}
	if k := mailaddr.Norm(key); k != "" {
		return k
	}
	return key
}

// hostKey is a host as hostOf names it now: the organiser's domain (or,
// for a free-mail organiser with no name, the address) in mailaddr's form.
// A ledger learned before kept "xn--bcher-kva.example" or
// "northwind.example." as the host of its events and meetings, apart from
// the same host read since. Only what the reader wrote so changes: a
// lower-case word with a dot and no space, a trailing dot, an IDNA
// label or a decomposed accent; a name ("Acme Events Inc.") stays as it is.
func hostKey(h string) string {
	if h == "" || strings.ToLower(h) != h || strings.ContainsAny(h, " \t") ||
		!strings.HasSuffix(h, ".") && !strings.Contains(h, "xn--") && norm.NFC.IsNormalString(h) {
		return h
	}
	if at := strings.LastIndexByte(h, '@'); at > 0 {
		return mailaddr.Norm(h)
	}
	if strings.Contains(strings.TrimSuffix(h, "."), ".") {
		// composed (NFC) as mailaddr.Norm composes the address a domain
		// is taken from now
		return norm.NFC.String(mailaddr.NormDomain(h))
	}
	return h
}

// merged is one person of two entries of the file under one key: the
// meetings of both, each occurrence once, and the later entry's name,
// email and organisation where it has them.
func merged(a, b Person) Person {
	seen := make(map[string]bool, len(a.Meetings))
	for _, m := range a.Meetings {
		seen[m.Occ] = true
	}
	for _, m := range b.Meetings {
		if !seen[m.Occ] {
			a.Meetings = append(a.Meetings, m)
		}
	}
	b.Meetings = a.Meetings
	for _, f := range []struct {
		to   *string
		from string
	}{{&b.Name, a.Name}, {&b.Email, a.Email}, {&b.Organization, a.Organization}} {
		if *f.to == "" {
			*f.to = f.from
		}
	}
	return b
}

func sortMeetings(ms []Meeting) {
	slices.SortStableFunc(ms, func(a, b Meeting) int {
		if c := a.Start.Compare(b.Start); c != 0 {
			return c
		}
		return strings.Compare(a.Occ, b.Occ)
	})
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
