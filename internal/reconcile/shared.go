package reconcile

import (
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/netsyncd/netsyncd/internal/ics"
)

// The shared ledger: one object in the target calendar (SharedName).
//
// ledger.json is one instance's memory. A second instance on the same
// account (a laptop and a home server, each with its own state
// directory) never saw the entries the first one created, so an entry
// the user deleted would read to it as "never written", and come back.
// So every pass that changes the target also records the ledger's part
// about that calendar in one object of it, netsyncd-ledger.ics, which
// every instance reads with the target fetch it makes anyway and merges
// into its own ledger. The object is netsyncd's (it carries
// X-NETSYNCD-LEDGER, never X-NETSYNCD-KIND, so it is never taken for an
// entry), an all-day transparent private event on 1 January 1970 that no
// calendar view shows, or a completed task in a calendar without events.
//
// Order (docs/design.md): deletes are recorded in the marker before they
// are sent, creates after they succeed, as in ledger.json. Writing the
// marker is a write of the pass: the pass re-reads the target after it,
// so the next pass is idle. A marker that cannot be written fails the
// pass visibly.

const (
	SharedName      = "netsyncd-ledger.ics"
	sharedUID       = "netsyncd-ledger"
	sharedProp      = "X-NETSYNCD-LEDGER"
	sharedEntryProp = "X-NETSYNCD-ENTRY"
	// maxSharedEntries bounds the marker (about 80 bytes an entry): the
	// oldest records go first, as Prune would drop them anyway.
	maxSharedEntries = 20000
)

// ReadShared decodes the shared ledger's records; nil when data is not the shared ledger.
func ReadShared(data string) Ledger {
	if !strings.Contains(data, sharedProp) {
		return nil
	}
	l := Ledger{}
	for _, line := range ics.Unfold(data) {
		name, value, ok := strings.Cut(line, ":")
		if !ok || !strings.EqualFold(name, sharedEntryProp) {
			continue
		}
		f := strings.Fields(value)
		if len(f) < 2 {
			continue
		}
		created, err := strconv.ParseInt(f[1], 10, 64)
		if err != nil {
			continue
		}
		e := LedgerEntry{Created: time.Unix(created, 0).UTC()}
		if len(f) > 2 {
			if d, err := strconv.ParseInt(f[2], 10, 64); err == nil && d != 0 {
				e.Deleted = time.Unix(d, 0).UTC()
			}
		}
		if len(f) > 3 {
			e.Href = f[3]
		}
		l[f[0]] = e
	}
	if len(l) > maxSharedEntries {
		// Anyone who can write to the calendar can write this object: keep
		// the newest records, as EncodeShared does, so that the ledger
		// (and ledger.json) stays within the bound.
		for _, uid := range newestFirst(l)[maxSharedEntries:] {
			delete(l, uid)
		}
	}
	return l
}

// newestFirst is the UIDs of l, the latest record first.
func newestFirst(l Ledger) []string {
	uids := make([]string, 0, len(l))
	for uid := range l {
		uids = append(uids, uid)
	}
	sort.Slice(uids, func(i, j int) bool {
		if a, b := latest(l[uids[i]]), latest(l[uids[j]]); !a.Equal(b) {
			return a.After(b)
		}
		return uids[i] < uids[j]
	})
	return uids
}

// Merge adds to l what shared knows: an entry l does not have, or
// one whose latest event (created, deleted) is later in shared. It
// returns how many records it took.
func (l Ledger) Merge(shared Ledger) int {
	n := 0
	for uid, e := range shared {
		if mine, ok := l[uid]; ok && !latest(e).After(latest(mine)) {
			continue
		}
		l[uid] = e
		n++
	}
	return n
}

func latest(e LedgerEntry) time.Time {
	if e.Deleted.After(e.Created) {
		return e.Deleted
	}
	return e.Created
}

// SameRecords tells whether the shared ledger a already says what b says.
func SameRecords(a, b Ledger) bool {
	if len(a) != len(b) {
		return false
	}
	for uid, e := range a {
		o, ok := b[uid]
		if !ok || !o.Created.Equal(e.Created.Truncate(time.Second)) || !o.Deleted.Equal(e.Deleted.Truncate(time.Second)) {
			return false
		}
	}
	return true
}

// EncodeShared writes the records of l as the shared ledger object: a
// VEVENT, or a VTODO when the calendar takes no events.
func EncodeShared(l Ledger, events bool, now time.Time) []byte {
	uids := newestFirst(l) // so the cap drops the oldest
	if len(uids) > maxSharedEntries {
		uids = uids[:maxSharedEntries]
	}
	sort.Strings(uids)
	var b ics.Writer
	comp := "VEVENT"
	if !events {
		comp = "VTODO"
	}
	b.WriteString("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//netsyncd//ledger//EN\r\nBEGIN:" + comp + "\r\n")
	b.WriteString("UID:" + sharedUID + "\r\nDTSTAMP:" + now.UTC().Format("20060102T150405Z") + "\r\n")
	if comp == "VEVENT" {
		b.WriteString("DTSTART;VALUE=DATE:19700101\r\nTRANSP:TRANSPARENT\r\n")
	} else {
		b.WriteString("STATUS:COMPLETED\r\nCOMPLETED:19700101T000000Z\r\n")
	}
	b.WriteString("CLASS:PRIVATE\r\nSUMMARY:netsyncd: record of the entries it made (leave it)\r\n")
	b.Line("DESCRIPTION:netsyncd keeps here the entries it created in this calendar\\, so that none you delete comes back from another computer running netsyncd.")
	b.WriteString(sharedProp + ":1\r\n")
	for _, uid := range uids {
		e := l[uid]
		line := fmt.Sprintf("%s:%s %d", sharedEntryProp, uid, e.Created.Unix())
		if !e.Deleted.IsZero() || e.Href != "" {
			d := int64(0)
			if !e.Deleted.IsZero() {
				d = e.Deleted.Unix()
			}
			line += fmt.Sprintf(" %d", d)
		}
		if e.Href != "" && !strings.ContainsAny(e.Href, " \r\n") {
			line += " " + e.Href
		}
		b.Line(line)
	}
	b.WriteString("END:" + comp + "\r\nEND:VCALENDAR\r\n")
	return []byte(b.String())
}

// SharedHref is the href of the shared ledger in the calendar at path.
func SharedHref(path string) string { return strings.TrimSuffix(path, "/") + "/" + SharedName }

// Of is the part of the ledger about entries in the calendar at path:
// after the user points caldav.target elsewhere, the entries made in the
// old calendar are not "deleted by the user" of the new one. A record
// without an href (written before hrefs were recorded) counts, to stay
// safe; an href recorded as an absolute URL (entries created in a new
// calendar on iCloud's other host) counts by its path.
func (l Ledger) Of(path string) Ledger {
	out := make(Ledger, len(l))
	for uid, e := range l {
		if e.Href == "" || strings.HasPrefix(PathOf(e.Href), path) {
			out[uid] = e
		}
	}
	return out
}

// PathOf is the path of an href given as an absolute URL (a calendar home
// or an entry on another host, as iCloud lists them), or the href as it is.
func PathOf(href string) string {
	if u, err := url.Parse(href); err == nil && u.IsAbs() {
		return u.Path
	}
	return href
}
