package daemon

import (
	"bytes"
	"context"
	"sync"
	"time"

	"go.uber.org/zap"

	"github.com/netsyncd/netsyncd/internal/budget"
	"github.com/netsyncd/netsyncd/internal/caldav"
	"github.com/netsyncd/netsyncd/internal/classify"
	"github.com/netsyncd/netsyncd/internal/config"
	"github.com/netsyncd/netsyncd/internal/event"
	"github.com/netsyncd/netsyncd/internal/limits"
	"github.com/netsyncd/netsyncd/internal/people"
	"github.com/netsyncd/netsyncd/internal/pipeline"
)

// historyFold is the people.history read folded into a first pass's own
// query of each source calendar: one calendar-query over [From, the
// window's end), whose objects over before the window are kept here for the
// people ledger (and not cached), the rest cached as the window's.
type historyFold struct {
	window pipeline.Window // people.history: [From, the window's start)
	screen *people.Screen
	mu     sync.Mutex
	past   map[string]*pastSet // by calendar path: the calendars read so
	// inWindow is, by href, the ETag of each window object of those
	// calendars and whether it is a series that names someone (pastOf
	// expands those back over the history): screened as it arrives, so
	// that pastOf need not read the cached bytes again.
	inWindow map[string]screened
}

// screened is what fetchWindow found of a window object.
type screened struct {
	etag   string
	series bool
	facts  *pastSet // of a series: its UIDs and zone names, for pastSet's guards
}

// foldHistory readies the pass's full queries of source calendars to read
// people.history too, when the pass will need it: there is no ledger yet.
func (s *Syncer) foldHistory(ps *passState, p *pass) {
	ps.people.fold = nil
	if s.withoutPeople || ps.people.known {
		return
	}
	hw := s.historyWindow(p.window, p.started)
	if !hw.From.Before(hw.To) {
		return
	}
	ps.people.fold = &historyFold{window: hw, screen: people.NewScreen(s.cfg), past: map[string]*pastSet{}, inWindow: map[string]screened{}}
}

// fetchWindow is the full query of a source calendar's window (cache.go's
// fullFetch). In a pass that folds the history read in (foldHistory), the
// query reaches back over people.history, and what lies before the window
// goes to the fold, not to the cache. A server that refuses the longer
// range is asked for the window alone; the history is then read apart.
func (s *Syncer) fetchWindow(ctx context.Context, cal caldav.Calendar, w pipeline.Window) ([]caldav.Object, []caldav.Skipped, error) {
	var h *historyFold
	if s.ps != nil {
		h = s.ps.people.fold
	}
	if h == nil || !h.window.To.Equal(w.From) {
		return s.dav.Fetch(ctx, cal.Path, w.From, w.To)
	}
	set := newPastSet()
	learn := func(o caldav.Object) error {
		// An object of colleagues only (most of a work calendar) brings
		// no one: it is neither kept nor parsed.
		l, ids := set.look(h.screen, o.Data)
		if l.Nobody {
			return nil
		}
		src, err := s.pastSource(cal, o)
		if src.Load == nil {
			// Not spooled (no state directory): o.Data is the decoder's,
			// lent for this call only (caldav.Client.FetchHistoryEach).
			src.Data = bytes.Clone(src.Data)
		}
		// One that names no one is kept aside (pastSet), read only if
		// leaving it out were not exact.
		set.keep(src, l, ids, true)
		return err
	}
	objs, skipped, err := s.fetchHistory(ctx, cal.Path, h.window.From, w.From, w.To, learn)
	if caldav.Refused(err) {
		s.log.Info("the server refuses a query over people.history and the window together; reading them apart",
			zap.String("calendar", cal.Path), zap.Error(err))
		return s.dav.Fetch(ctx, cal.Path, w.From, w.To)
	}
	if err != nil {
		return nil, nil, err
	}
	seen := make(map[string]screened, len(objs))
	for _, o := range objs {
		if o.ETag != "" {
			sc := screened{etag: o.ETag, series: caldav.Recurs(o.Data) && !h.screen.Nobody(o.Data)}
			if sc.series {
				sc.facts = facts(h.screen, o.Data)
			}
			seen[o.Path] = sc
		}
	}
	h.mu.Lock()
	h.past[cal.Path] = set
	for p, sc := range seen {
		h.inWindow[p] = sc
	}
	h.mu.Unlock()
	return objs, skipped, nil
}

// historyEach is a client that hands over each object of the folded
// query's past as soon as its response is decoded
// (caldav.Client.FetchHistoryEach): the answer, a year of history and the
// window, is never held whole. At 50,000 events FetchHistory's whole
// answer was the first pass's peak: 52 MiB live, 85 MiB RSS.
type historyEach interface {
	FetchHistoryEach(ctx context.Context, cal string, from, split, to time.Time, past func(caldav.Object) error) ([]caldav.Object, []caldav.Skipped, error)
}

// fetchHistory is the folded query, each past object handed to past: as
// it is decoded when the client can (historyEach), else once the whole
// answer is in (caldav.Client.FetchHistory).
func (s *Syncer) fetchHistory(ctx context.Context, cal string, from, split, to time.Time, past func(caldav.Object) error) ([]caldav.Object, []caldav.Skipped, error) {
	if he, ok := any(s.dav).(historyEach); ok {
		return he.FetchHistoryEach(ctx, cal, from, split, to, past)
	}
	objs, old, skipped, err := s.dav.FetchHistory(ctx, cal, from, split, to)
	if err != nil {
		return nil, nil, err
	}
	for i := range old {
		if err := past(old[i]); err != nil {
			return nil, nil, err
		}
		old[i].Data = nil // on disk or kept by past: the answer's copy goes
	}
	return objs, skipped, nil
}

// pastOf is what the history read learns from: the fold's objects of the
// calendars it read, and for the others (their cached copy was good, or
// the server refused the longer range) one time-ranged REPORT of
// people.history each. Of the window's objects only the series can have
// occurrences before it; they are expanded back over the history too.
func (s *Syncer) pastOf(ctx context.Context, h *historyFold, srcs []caldav.Calendar, sources []event.Source) (*pastSet, error) {
	past := newPastSet()
	inWindow := make(map[string]bool, len(sources))
	added := map[string]bool{}
	for _, src := range sources {
		inWindow[src.Href] = true
		if seen, ok := h.inWindow[src.Href]; ok && seen.etag == src.ETag {
			if seen.series { // screened as the fold read it
				added[src.Href] = true
				past.merge(seen.facts)
				past.srcs, past.out = append(past.srcs, src), append(past.out, false)
			}
			continue
		}
		data, err := src.Bytes() // a cached object's bytes are on disk (bodies.go)
		if err != nil {
			return nil, err
		}
		if caldav.Recurs(data) && !h.screen.Nobody(data) {
			added[src.Href] = true
			past.add(h.screen, src, data, false)
		}
	}
	for _, cal := range srcs {
		if got, ok := h.past[cal.Path]; ok {
			one := newPastSet()
			one.uids, one.left, one.zones, one.events = got.uids, got.left, got.zones, got.events
			for i, src := range got.srcs {
				if !added[src.Href] { // an event on the window's edge is in both
					added[src.Href] = true
					one.srcs, one.out = append(one.srcs, src), append(one.out, got.out[i])
				}
			}
			past.merge(one)
			continue
		}
		objs, _, err := s.dav.FetchRange(ctx, cal.Path, h.window.From, h.window.To)
		if err != nil {
			if retry, _ := caldav.Retryable(err); retry || ctx.Err() != nil {
				return nil, err
			}
			s.log.Warn("could not read the history of a source calendar for the people ledger; learning from the window alone",
				zap.String("calendar", cal.Path), zap.Error(err))
			continue
		}
		for i := range objs {
			if o := &objs[i]; !inWindow[o.Path] && !added[o.Path] && !h.screen.Nobody(o.Data) {
				added[o.Path] = true
				src, err := s.pastSource(cal, *o)
				if err != nil {
					return nil, err
				}
				past.add(h.screen, src, o.Data, false)
			}
			objs[i].Data = nil
		}
	}
	return past, nil
}

// learnHistory is the one read of people.history, when there is no ledger
// (foldHistory, fetchWindow, pastOf). A calendar that refuses it is
// skipped with a warning; the server or the network failing fails the
// pass, which tries again.
func (s *Syncer) learnHistory(ctx context.Context, ps *passState, srcs []caldav.Calendar, sources []event.Source, w pipeline.Window, now time.Time) error {
	h := ps.people.fold
	ps.people.fold = nil // its objects are let go once learned
	if h == nil {
		hw := s.historyWindow(w, now)
		if !hw.From.Before(hw.To) {
			ps.people.known = true
			return nil
		}
		h = &historyFold{window: hw, screen: people.NewScreen(s.cfg)}
	}
	past, err := s.pastOf(ctx, h, srcs, sources)
	if err != nil {
		return err
	}
	l, err := learnPast(ctx, s.cfg, s.cl, ps.people.ledger, past, h.window, now)
	if err != nil {
		return err
	}
	ps.people.ledger = l
	ps.people.known = true
	return nil
}

// pastSource is a history object as the history read keeps it until the
// ledger has learned from it: its bytes in the spool of fetched objects
// (bodies.go) when there is a state directory, read back one at a time
// when the pipeline expands it. At 50,000 events the objects that name
// someone were held in memory from the fetch to the end of the learning,
// next to the window's.
func (s *Syncer) pastSource(cal caldav.Calendar, o caldav.Object) (event.Source, error) {
	src := event.Source{Calendar: cal.Name, CalendarPath: cal.Path, Href: o.Path, ETag: o.ETag, Data: o.Data}
	bs := s.objects
	if bs == nil {
		return src, nil
	}
	kept, err := bs.spill(objState{ETag: o.ETag}, o.Data)
	if err != nil || !kept.onDisk() {
		return src, err
	}
	src.Data, src.Load = nil, func() ([]byte, error) { return bs.read(kept) }
	return src, nil
}

// learnPast is l with the occurrences of past in w learned: the ledger
// people.Learn makes of pipeline.Classified's items, for less. Most past
// events bring no one (a dentist, a gym series, a conference's own
// invitation to me alone): the objects that certainly bring no one are not
// read at all when that is exact (pastSet), and the rest, most of which
// name someone, are read once in full but for alarms and only the items
// people.Needed marks classified (pipeline.ClassifiedNeededCounted);
// otherwise every object is read leanly, only the items people.Needed
// marks are read in full and classified (pipeline.ClassifiedSome). No
// classification reasons are kept (pipeline.Lean).
func learnPast(ctx context.Context, cfg *config.Config, cl *classify.Classifier, l people.Ledger, past *pastSet, w pipeline.Window, now time.Time) (people.Ledger, error) {
	names := people.NewNames() // the summaries' names Needed parses, Learn reads again
	need := func(items []limits.Item) []bool { return people.NeededNames(items, cfg, now, names) }
	// Leaving objects out is exact only for a ledger that has no meeting
	// of theirs to forget (the first learning's is empty).
	if len(l.People) == 0 && len(l.Events) == 0 && past.leftOut() > 0 && past.exact() {
		items, n, err := pipeline.ClassifiedNeededCounted(pipeline.Lean(ctx), cfg, cl, past.kept(), w, need)
		if err != nil {
			return people.Ledger{}, err
		}
		// Left out, their occurrences could not have been refused by
		// budget.OccurrencesPerPass, nor made others be.
		if n >= 0 && n+past.events < budget.OccurrencesPerPass {
			return people.LearnNames(l, items, cfg, now, names), nil
		}
	}
	items, err := pipeline.ClassifiedSome(pipeline.Lean(ctx), cfg, cl, past.srcs, w, need)
	if err != nil {
		return people.Ledger{}, err
	}
	return people.LearnNames(l, items, cfg, now, names), nil
}
