package daemon

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"go.uber.org/zap"

	"github.com/netsyncd/netsyncd/internal/caldav"
	"github.com/netsyncd/netsyncd/internal/reconcile"
)

// The shared ledger: a marker object in the target calendar.
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
	markerName = "netsyncd-ledger.ics"
	markerUID  = "netsyncd-ledger"
	markerProp = "X-NETSYNCD-LEDGER"
	entryProp  = "X-NETSYNCD-ENTRY"
	// maxMarkerEntries bounds the marker (about 80 bytes an entry): the
	// oldest records go first, as Prune would drop them anyway.
	maxMarkerEntries = 20000
)

func markerHref(tgt caldav.Calendar) string {
	return strings.TrimSuffix(tgt.Path, "/") + "/" + markerName
}

// readMarker decodes the marker's records; nil when data is no marker.
func readMarker(data string) reconcile.Ledger {
	if !strings.Contains(data, markerProp) {
		return nil
	}
	l := reconcile.Ledger{}
	for _, line := range unfoldLines(data) {
		name, value, ok := strings.Cut(line, ":")
		if !ok || !strings.EqualFold(name, entryProp) {
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
		e := reconcile.LedgerEntry{Created: time.Unix(created, 0).UTC()}
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
	return l
}

// mergeLedger adds to l what shared knows: an entry l does not have, or
// one whose latest event (created, deleted) is later in shared. It
// returns how many records it took.
func mergeLedger(l, shared reconcile.Ledger) int {
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

func latest(e reconcile.LedgerEntry) time.Time {
	if e.Deleted.After(e.Created) {
		return e.Deleted
	}
	return e.Created
}

// sameRecords tells whether the marker already says what l says.
func sameRecords(a, b reconcile.Ledger) bool {
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

// encodeMarker writes the records of l as the marker object.
func encodeMarker(l reconcile.Ledger, tgt caldav.Calendar, now time.Time) []byte {
	uids := make([]string, 0, len(l))
	for uid := range l {
		uids = append(uids, uid)
	}
	sort.Slice(uids, func(i, j int) bool { // newest first, so the cap drops the oldest
		if a, b := latest(l[uids[i]]), latest(l[uids[j]]); !a.Equal(b) {
			return a.After(b)
		}
		return uids[i] < uids[j]
	})
	if len(uids) > maxMarkerEntries {
		uids = uids[:maxMarkerEntries]
	}
	sort.Strings(uids)
	var b strings.Builder
	comp := "VEVENT"
	if !tgt.Supports("VEVENT") {
		comp = "VTODO"
	}
	b.WriteString("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//netsyncd//ledger//EN\r\nBEGIN:" + comp + "\r\n")
	b.WriteString("UID:" + markerUID + "\r\nDTSTAMP:" + now.UTC().Format("20060102T150405Z") + "\r\n")
	if comp == "VEVENT" {
		b.WriteString("DTSTART;VALUE=DATE:19700101\r\nTRANSP:TRANSPARENT\r\n")
	} else {
		b.WriteString("STATUS:COMPLETED\r\nCOMPLETED:19700101T000000Z\r\n")
	}
	b.WriteString("CLASS:PRIVATE\r\nSUMMARY:netsyncd: record of the entries it made (leave it)\r\n")
	b.WriteString(fold("DESCRIPTION:netsyncd keeps here the entries it created in this calendar\\, so that none you delete comes back from another computer running netsyncd.") + "\r\n")
	b.WriteString(markerProp + ":1\r\n")
	for _, uid := range uids {
		e := l[uid]
		line := fmt.Sprintf("%s:%s %d", entryProp, uid, e.Created.Unix())
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
		b.WriteString(fold(line) + "\r\n")
	}
	b.WriteString("END:" + comp + "\r\nEND:VCALENDAR\r\n")
	return []byte(b.String())
}

// syncMarker merges the marker of the target into the ledger (before
// reconciling).
func (s *Syncer) syncMarker(cs *calState, tgt caldav.Calendar, ps *passState) {
	o, ok := cs.Objects[markerHref(tgt)]
	if !ok {
		return
	}
	if n := mergeLedger(ps.ledger, readMarker(string(o.Data))); n > 0 {
		s.log.Info("took records of entries made or deleted elsewhere from the target calendar's ledger object",
			zap.Int("records", n), zap.String("href", markerHref(tgt)))
	}
}

// writeMarker brings the marker up to date with the ledger's records of
// the target, when they differ; it tells whether it wrote. A 412 (another
// instance wrote it meanwhile) reads it again, merges and writes once more.
func (s *Syncer) writeMarker(ctx context.Context, cs *calState, tgt caldav.Calendar, ledger reconcile.Ledger) (bool, error) {
	href := markerHref(tgt)
	for try := 0; ; try++ {
		mine := ledgerOf(ledger, tgt.Path)
		o, exists := cs.Objects[href]
		if exists && sameRecords(mine, readMarker(string(o.Data))) {
			return false, nil
		}
		if !exists && len(mine) == 0 {
			return false, nil
		}
		data := encodeMarker(mine, tgt, s.now())
		pre := caldav.Precondition{IfNoneMatch: !exists, IfMatch: o.ETag}
		etag, err := s.dav.Put(ctx, href, data, pre)
		if err == nil {
			cs.Objects[href] = objState{ETag: etag, Data: data}
			return true, nil
		}
		if !caldav.IsPreconditionFailed(err) || try > 0 {
			return false, fmt.Errorf("could not record the entries netsyncd made in %s (which keeps deleted entries from coming back): %w", href, err)
		}
		got, gerr := s.dav.Get(ctx, href)
		switch {
		case caldav.IsNotFound(gerr):
			delete(cs.Objects, href)
		case gerr != nil:
			return false, gerr
		default:
			cs.Objects[href] = objState{ETag: got.ETag, Data: got.Data}
			mergeLedger(ledger, readMarker(string(got.Data)))
		}
	}
}

// unfoldLines splits iCalendar text into unfolded content lines.
func unfoldLines(data string) []string {
	var out []string
	for _, l := range strings.Split(strings.ReplaceAll(data, "\r\n", "\n"), "\n") {
		if (strings.HasPrefix(l, " ") || strings.HasPrefix(l, "\t")) && len(out) > 0 {
			out[len(out)-1] += l[1:]
			continue
		}
		out = append(out, l)
	}
	return out
}

// fold folds a content line at 75 octets (RFC 5545 section 3.1); the
// lines written here are ASCII.
func fold(line string) string {
	if len(line) <= 75 {
		return line
	}
	var b strings.Builder
	b.WriteString(line[:75])
	for rest := line[75:]; rest != ""; {
		n := min(74, len(rest))
		b.WriteString("\r\n " + rest[:n])
		rest = rest[n:]
	}
	return b.String()
}

// recordDeletes marks the entries changes delete as deleted by netsyncd
// and writes the marker, before any delete is sent: a crash in between
// errs towards recreating an entry, never towards another instance
// taking netsyncd's own delete for the user's.
func (s *Syncer) recordDeletes(ctx context.Context, cs *calState, tgt caldav.Calendar, ledger reconcile.Ledger, changes []reconcile.Change) error {
	n := 0
	for i := range changes {
		if changes[i].Action == reconcile.Delete {
			ledger.Deleting(changes[i].UID, s.now().UTC())
			n++
		}
	}
	if n == 0 {
		return nil
	}
	_, err := s.writeMarker(ctx, cs, tgt, ledger)
	return err
}
