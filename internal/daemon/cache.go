package daemon

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strconv"
	"time"
	"unicode/utf8"

	"go.uber.org/zap"

	"github.com/netsyncd/netsyncd/internal/caldav"
	"github.com/netsyncd/netsyncd/internal/event"
	"github.com/netsyncd/netsyncd/internal/pipeline"
)

// syncState is what the daemon remembers about the server between passes
// (state file "sync.json"). Losing it costs one full pass, nothing more.
// It holds for the server and user it was learnt from (URL, Username): with
// any other caldav.url or caldav.username, none of it is used.
type syncState struct {
	Version    int    `json:"version"`
	URL        string `json:"url"`
	Username   string `json:"username"`
	Home       string `json:"home"`
	ConfigHash string `json:"config_hash"`
	Day        string `json:"day"` // the local date of the last pass
	// IdleBase: the last pass was complete (no errors) and saved, so with
	// the same config (ConfigHash), day (Day) and calendars the next pass
	// is idle. A file written before it was recorded costs one full pass.
	IdleBase  bool                 `json:"idle_base"`
	Calendars map[string]*calState `json:"calendars"`
	// TargetPath is the target calendar's path at the last pass, and
	// TargetName the caldav.target it was found by: the target is known
	// by its path after the user renames it (target.go).
	TargetPath string `json:"target_path,omitempty"`
	TargetName string `json:"target_name,omitempty"`
	// Findings are the keys of the findings of the last pass, so only new
	// ones are logged as warnings.
	Findings []string `json:"findings"`
	// ObjectsFile is the file in the state directory holding the bytes of
	// the cached objects (bodies.go); "" when there are none.
	ObjectsFile string `json:"objects_file,omitempty"`
}

// syncStateVersion 2 added URL and Username; a version 1 file costs one
// full pass. Version 3 moved the cached objects' bytes out of sync.json
// into the objects file (bodies.go); a version 2 file is read
// as it is, its objects kept in memory until the first save writes them
// out (migrateVersion).
const (
	syncStateVersion = 3
	migrateVersion   = 2
)

// calState is the cached copy of one calendar.
type calState struct {
	Name      string              `json:"name"`
	CTag      string              `json:"ctag"`
	SyncToken string              `json:"sync_token"`
	Window    string              `json:"window"`  // the time range of the last full query; "" = every object
	FullAt    time.Time           `json:"full_at"` // when that full query ran
	Objects   map[string]objState `json:"objects"`
	// Unread holds the objects a fetch skipped that have no copy in
	// Objects, with why (skipped.go).
	Unread map[string]string `json:"unread,omitempty"`
}

// objState is one cached object: its ETag and its bytes, either in Data
// (without a state directory, and what a pass wrote until it is saved) or
// Len bytes at Off in the objects file (or in the spool, until the next
// save), with their CRC-32C (bodies.go).
type objState struct {
	ETag string `json:"etag"`
	Data text   `json:"data,omitempty"`
	Off  int64  `json:"off,omitempty"`
	Len  int64  `json:"len,omitempty"`
	CRC  uint32 `json:"crc,omitempty"`
	// spooled: at Off in the spool, not in the objects file.
	spooled bool
}

// text is an object's iCalendar bytes, written in sync.json as a JSON
// string. It is the very slice the fetch returned and the pipeline reads
// (event.Source.Data): one copy of the window in memory, not three.
type text []byte

func (t text) MarshalJSON() ([]byte, error) { return json.Marshal(string(t)) }

// UnmarshalJSON decodes the JSON string into one new slice: decoding it
// into a string and copying that cost a second copy of every object of
// sync.json while the state is loaded. Escapes other than the ones
// encoding/json writes for iCalendar text (\n, \r, \t, \", \\ and \u for
// control characters, <, > and &) take the standard path.
func (t *text) UnmarshalJSON(b []byte) error {
	if len(b) < 2 || b[0] != '"' || b[len(b)-1] != '"' {
		var s string // null, or not a string: the standard error
		err := json.Unmarshal(b, &s)
		*t = text(s)
		return err
	}
	in := b[1 : len(b)-1]
	out := make([]byte, 0, len(in))
	for i := 0; i < len(in); i++ {
		c := in[i]
		if c != '\\' {
			out = append(out, c)
			continue
		}
		if i+1 >= len(in) {
			return t.slowUnmarshal(b)
		}
		i++
		switch in[i] {
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		case '"', '\\', '/':
			out = append(out, in[i])
		case 'u':
			if i+4 >= len(in) {
				return t.slowUnmarshal(b)
			}
			r, err := strconv.ParseUint(string(in[i+1:i+5]), 16, 16)
			if err != nil || (r >= 0xD800 && r < 0xE000) { // a surrogate pair: the standard path
				return t.slowUnmarshal(b)
			}
			out = utf8.AppendRune(out, rune(r))
			i += 4
		default:
			return t.slowUnmarshal(b)
		}
	}
	*t = out
	return nil
}

func (t *text) slowUnmarshal(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	*t = text(s)
	return nil
}

// fetchStats says what a refresh cost.
type fetchStats struct {
	Calendars, Cached, Full, Incremental, Fetched, Removed, Skipped int
	Bytes                                                           int64 // of the objects fetched
}

func (st *fetchStats) add(o fetchStats) {
	st.Calendars += o.Calendars
	st.Cached += o.Cached
	st.Full += o.Full
	st.Incremental += o.Incremental
	st.Fetched += o.Fetched
	st.Removed += o.Removed
	st.Skipped += o.Skipped
	st.Bytes += o.Bytes
}

// span is what a pass reads of a calendar: the events overlapping a
// window (a source), or every object (the target: whole).
type span struct {
	whole  bool
	window pipeline.Window
}

// wholeCalendar is every object of a calendar, whatever its dates.
var wholeCalendar = span{whole: true}

// within is the events overlapping w.
func within(w pipeline.Window) span { return span{window: w} }

// key is how calState.Window records the span of its last full query.
func (sp span) key() string {
	if sp.whole {
		return ""
	}
	return sp.window.From.UTC().Format("20060102T150405Z") + "/" + sp.window.To.UTC().Format("20060102T150405Z")
}

// unchanged reports whether the server's ctag/sync-token say cal is as cached.
func (cs *calState) unchanged(cal caldav.Calendar, sp span) bool {
	if cs == nil || cs.Window != sp.key() {
		return false
	}
	if cal.CTag == "" && cal.SyncToken == "" {
		return false // nothing to compare: the server must be asked
	}
	return cs.CTag == cal.CTag && cs.SyncToken == cal.SyncToken
}

// refresh brings the cached copy of cal up to date, fetching only what
// changed: nothing when its ctag and sync-token are as stored; the changes
// since the stored token (RFC 6578 sync-collection) where the server has
// them; an ETag listing compared with the cache otherwise (no token, or
// the report refused); a full query when there is no usable cache or the
// server refused the token. Within a window, the full query asks only for
// events overlapping it.
func (s *Syncer) refresh(ctx context.Context, cal caldav.Calendar, cs *calState, sp span) (*calState, fetchStats, error) {
	st := fetchStats{Calendars: 1}
	// The ctag and token are trusted for a day: a server whose ctag never
	// moves (or moves back to a value seen) cannot hide a change longer.
	if cs.unchanged(cal, sp) && fresh(s.now(), cs.FullAt) {
		st.Cached++
		return cs, st, nil
	}
	// A calendar read whole (the target) is read whole once a
	// day: a server that forgets sync tokens without refusing them (DAViCal
	// answers an expired one with a plain listing) cannot hide a deletion
	// for longer than that.
	if cs != nil && cs.Window == sp.key() && fresh(s.now(), cs.FullAt) {
		if cs.SyncToken != "" && cal.SyncToken != "" {
			err := s.syncChanges(ctx, cal, cs, &st)
			switch {
			case err == nil:
				return cs, st, nil
			case errors.Is(err, caldav.ErrSyncUnsupported):
				// A token listed, the report refused: compare ETags.
				s.log.Info("the server refuses sync-collection; comparing ETags instead", zap.String("calendar", cal.Path), zap.Error(err))
				if err := s.etagChanges(ctx, cal, cs, &st); err != nil {
					return nil, st, err
				}
				return cs, st, nil
			case !errors.Is(err, caldav.ErrSyncTokenInvalid):
				return nil, st, err
			}
			s.log.Info("sync token refused, fetching the calendar again", zap.String("calendar", cal.Path), zap.Error(err))
		} else if cal.SyncToken == "" {
			if err := s.etagChanges(ctx, cal, cs, &st); err != nil {
				return nil, st, err
			}
			return cs, st, nil
		}
	}
	fresh, st2, err := s.fullFetch(ctx, cal, sp, &st)
	if err == nil {
		s.keepCopies(cal, fresh, cs)
	}
	return fresh, st2, err
}

func (s *Syncer) fullFetch(ctx context.Context, cal caldav.Calendar, sp span, st *fetchStats) (*calState, fetchStats, error) {
	st.Full++
	cs := &calState{Name: cal.Name, CTag: cal.CTag, SyncToken: cal.SyncToken, Window: sp.key(), FullAt: s.now(), Objects: map[string]objState{}}
	var objs []caldav.Object
	var skipped []caldav.Skipped
	var err error
	if sp.whole {
		objs, skipped, err = s.dav.FetchAll(ctx, cal.Path)
	} else {
		objs, skipped, err = s.fetchWindow(ctx, cal, sp.window) // history.go
	}
	if err != nil {
		return nil, *st, err
	}
	st.Skipped += len(skipped) // the adapter logs each with its href and why
	if err := s.keep(cs, objs, st); err != nil {
		return nil, *st, err
	}
	cs.unread(skipped)
	return cs, *st, nil
}

// keep puts fetched objects into the cached copy cs: their bytes go to
// the spool (bodies.go) when there is a state directory, and stay in
// memory otherwise. Each object of objs is let go as it is kept.
func (s *Syncer) keep(cs *calState, objs []caldav.Object, st *fetchStats) error {
	bs := s.objects
	for i := range objs {
		o := &objs[i]
		st.Bytes += int64(len(o.Data))
		kept := objState{ETag: o.ETag, Data: o.Data}
		if bs != nil {
			var err error
			if kept, err = bs.spill(kept, o.Data); err != nil {
				return err
			}
		}
		cs.Objects[o.Path] = kept
		o.Data = nil
	}
	st.Fetched += len(objs)
	return nil
}

// syncChanges applies the changes since cs.SyncToken (RFC 6578 §3.8: the
// changed members come back with their href, the removed ones with 404).
func (s *Syncer) syncChanges(ctx context.Context, cal caldav.Calendar, cs *calState, st *fetchStats) error {
	changed, deleted, token, err := s.dav.SyncCollection(ctx, cal.Path, cs.SyncToken)
	if err != nil {
		return err
	}
	st.Incremental++
	for _, p := range deleted {
		delete(cs.Unread, p)
		if _, ok := cs.Objects[p]; ok {
			delete(cs.Objects, p)
			st.Removed++
		}
	}
	if err := s.fetchInto(ctx, cal, cs, changed, st); err != nil {
		return err
	}
	cs.SyncToken, cs.CTag = token, cal.CTag
	if cs.SyncToken == "" {
		cs.SyncToken = cal.SyncToken
	}
	return nil
}

// etagChanges compares a Depth 1 listing of ETags with the cache.
func (s *Syncer) etagChanges(ctx context.Context, cal caldav.Calendar, cs *calState, st *fetchStats) error {
	etags, err := s.dav.ListETags(ctx, cal.Path)
	if err != nil {
		return err
	}
	st.Incremental++
	var changed []string
	for p, e := range etags {
		if o, ok := cs.Objects[p]; !ok || o.ETag != e {
			changed = append(changed, p)
		}
	}
	for p := range cs.Objects {
		if _, ok := etags[p]; !ok {
			delete(cs.Objects, p)
			st.Removed++
		}
	}
	for p := range cs.Unread {
		if _, ok := etags[p]; !ok {
			delete(cs.Unread, p)
		}
	}
	sort.Strings(changed)
	if err := s.fetchInto(ctx, cal, cs, changed, st); err != nil {
		return err
	}
	cs.CTag, cs.SyncToken = cal.CTag, cal.SyncToken
	return nil
}

func (s *Syncer) fetchInto(ctx context.Context, cal caldav.Calendar, cs *calState, paths []string, st *fetchStats) error {
	if len(paths) == 0 {
		return nil
	}
	objs, skipped, err := s.dav.MultiGet(ctx, cal.Path, paths)
	if err != nil {
		return fmt.Errorf("fetch changes of %s: %w", cal.Path, err)
	}
	st.Skipped += len(skipped)
	for _, o := range objs {
		delete(cs.Unread, o.Path)
	}
	if err := s.keep(cs, objs, st); err != nil {
		return err
	}
	for _, sk := range skipped {
		if _, ok := cs.Objects[sk.Path]; !ok { // else the copy read before stands in for it
			cs.unread([]caldav.Skipped{sk})
		}
	}
	return nil
}

// sources turns the cached objects of a calendar into pipeline input. The
// bytes of an object on disk are read when the pipeline comes to it
// (event.Source.Load), from bs.
func (cs *calState) sources(cal caldav.Calendar, bs *bodyStore) []event.Source {
	out := make([]event.Source, 0, len(cs.Objects))
	for _, p := range slices.Sorted(maps.Keys(cs.Objects)) {
		o := cs.Objects[p]
		src := event.Source{Calendar: cal.Name, CalendarPath: cal.Path, Href: p, ETag: o.ETag, Data: o.Data}
		if o.onDisk() {
			src.Load = func() ([]byte, error) { return bs.read(o) }
		}
		out = append(out, src)
	}
	return out
}
