package daemon

import (
	"errors"
	"maps"
	"net/http"
	"slices"

	"go.uber.org/zap"

	"github.com/netsyncd/netsyncd/internal/caldav"
)

// What a pass does with an object the fetch skipped (too large, not
// iCalendar, a bad href; the adapter logs each with why).
//
// When the cache holds a copy of it read before (old), that copy stands in
// for it: the pass plans from it as it did, so the entries made from it are
// neither deleted nor rewritten, and the object is read again when it
// changes (its ETag in the cache is the old one), or at the next full read.
// When there is no such copy (a new object, or sync.json lost), its path is
// kept in calState.Unread, and every pass while it stays unread deletes no
// entry that no source plans (core's keepUnplanned, as for a calendar that
// cannot be read): the object may be the source of any of them. It leaves
// Unread once it reads, or once the server no longer lists it.

// unread records skipped objects in cs.Unread, with why.
func (cs *calState) unread(skipped []caldav.Skipped) {
	for _, sk := range skipped {
		if !mayHoldASource(sk.Err) {
			continue
		}
		if cs.Unread == nil {
			cs.Unread = map[string]string{}
		}
		cs.Unread[sk.Path] = sk.Err.Error()
	}
}

// keepCopies puts, into fresh (a calendar just read whole), old's copy of
// each object fresh could not read.
func (s *Syncer) keepCopies(cal caldav.Calendar, fresh, old *calState) {
	if old == nil {
		return
	}
	for p := range fresh.Unread {
		o, ok := old.Objects[p]
		if !ok {
			continue
		}
		fresh.Objects[p] = o
		delete(fresh.Unread, p)
		s.log.Warn("an object could not be read; the pass plans from the copy read before, so its entries stay as they are",
			zap.String("calendar", cal.Path), zap.String("href", p))
	}
}

// unreadCount counts the objects of the pass's calendars that were skipped and
// have no copy to plan from, and names them in a warning.
func (s *Syncer) unreadCount(p *pass) int {
	n := 0
	for _, cal := range append(slices.Clip(p.srcs), p.tgt) {
		cs := s.ps.sync.Calendars[cal.Path]
		if cs == nil || len(cs.Unread) == 0 {
			continue
		}
		n += len(cs.Unread)
		hrefs := slices.Sorted(maps.Keys(cs.Unread))
		fields := []zap.Field{zap.String("calendar", cal.Path), zap.Int("objects", len(hrefs))}
		if len(hrefs) > unreadNamed {
			hrefs = hrefs[:unreadNamed] // a lying answer of 100,000 such members made one line of megabytes
		}
		s.log.Warn("objects of this calendar could not be read and there is no earlier copy of them; no entry that no source plans is deleted until they read",
			append(fields, zap.Strings("hrefs", hrefs))...)
	}
	return n
}

// unreadNamed is how many unread objects of one calendar a warning names.
const unreadNamed = 20

// mayHoldASource tells whether a skipped member could be the source of an
// entry: not when the server said it is gone (404, 410) or answered it for
// another collection. Those delete nothing by being skipped, and a server
// that keeps answering so must not stop deletions for good.
func mayHoldASource(err error) bool {
	if errors.Is(err, caldav.ErrOtherCollection) {
		return false
	}
	var se *caldav.StatusError
	return !errors.As(err, &se) || (se.Status != http.StatusNotFound && se.Status != http.StatusGone)
}
