// Package davserver is an in-memory CalDAV server: go-webdav's
// caldav.Handler over a map, plus the parts of CalDAV that handler lacks and
// netsyncd relies on. It serves `netsyncd demo` and the fast in-process tests
// of other packages; real-server truth comes from Radicale and Xandikos.
//
// Rules this package keeps:
//   - An object's bytes are stored and served exactly as they were PUT: GET,
//     calendar-query, calendar-multiget and sync-collection return them
//     unchanged, and its ETag is a hash of them (strong, quoted).
//   - Every write (PUT, DELETE, MKCALENDAR) moves the written calendar's CTag
//     and sync-token forward; reads never do.
//   - Conditional headers (If-Match, If-None-Match) are checked under the
//     same lock as the write, so two clients racing on one ETag cannot both
//     win.
//   - Any Basic auth, or none, is accepted: this is a demo and a test fixture,
//     to be bound to loopback only.
//
// Left out on purpose: partial retrieval and expand in calendar-data,
// PROPPATCH, COPY, MOVE, ACLs and scheduling.
package davserver

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	_ "time/tzdata" // TZIDs resolve on hosts without a zoneinfo database

	"github.com/emersion/go-ical"
)

// Server is an in-memory CalDAV server for one user. It is safe for
// concurrent use.
type Server struct {
	user      string
	principal string // "/<user>/"
	home      string // "/<user>/calendars/"
	epoch     string // tells one Server's sync tokens from another's
	now       func() time.Time
	requests  atomic.Int64

	mu       sync.Mutex
	floating *time.Location       // where floating times are read; UTC by default
	seq      int64                // number of the last change, across calendars
	cals     map[string]*calendar // by path, with a trailing slash
}

// calendar is one calendar collection. Its objects never change in place: a
// write replaces the *object, so a pointer read under the lock stays valid.
type calendar struct {
	path    string
	name    string
	desc    string
	comps   []string
	created int64              // seq of MKCALENDAR: older sync tokens are invalid
	changed int64              // seq of the last write: the CTag
	objects map[string]*object // by full path
	deleted map[string]int64   // tombstones for sync-collection: path -> seq
	uids    map[string]string  // UID -> path, for no-uid-conflict
}

// object is one calendar object resource.
type object struct {
	path string
	data []byte
	cal  *ical.Calendar
	comp string // VEVENT, VTODO, ...
	uid  string
	etag string // unquoted
	mod  time.Time
	seq  int64
}

// New returns an empty server for user: principal /<user>/, calendar home
// /<user>/calendars/.
func New(user string) *Server {
	return &Server{
		user:      user,
		principal: "/" + user + "/",
		home:      "/" + user + "/calendars/",
		epoch:     strconv.FormatInt(time.Now().UnixNano(), 36),
		now:       time.Now,
		cals:      map[string]*calendar{},
		floating:  time.UTC,
	}
}

// SetFloating sets the time zone in which time-range queries read floating
// times and all-day dates (RFC 4791 section 9.9 leaves it to the server).
func (s *Server) SetFloating(loc *time.Location) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.floating = loc
}

// Floating is the time zone of floating times; see SetFloating.
func (s *Server) Floating() *time.Location {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.floating
}

// Principal is the user's principal path, "/<user>/".
func (s *Server) Principal() string { return s.principal }

// Home is the calendar home path, "/<user>/calendars/".
func (s *Server) Home() string { return s.home }

// Requests is the number of HTTP requests served so far.
func (s *Server) Requests() int { return int(s.requests.Load()) }

// AddCalendar creates (or renames) a calendar. path is either absolute or
// relative to the home ("work" is /<user>/calendars/work/); go-webdav only
// serves calendars directly under the home, so anything deeper panics. With
// no comps the calendar accepts VEVENT and VTODO.
func (s *Server) AddCalendar(path, name string, comps ...string) {
	p := s.collectionPath(path)
	if !s.isCalendarPath(p) {
		panic(fmt.Sprintf("davserver: calendar %q is not directly under the home %q", p, s.home))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if c, ok := s.cals[p]; ok {
		c.name = name
		if len(comps) > 0 {
			c.comps = comps
		}
		return
	}
	s.createLocked(p, name, "", comps)
}

// PutObject stores data at path (absolute, or relative to the home:
// "work/standup.ics") unconditionally, keeping the bytes exactly. The
// calendar must exist and the data must be one valid calendar object.
func (s *Server) PutObject(path string, data []byte) error {
	_, _, err := s.put(s.abs(path), data, conditions{})
	return err
}

// Objects returns a copy of the objects of a calendar (path absolute or
// relative to the home), by full path. Nil if there is no such calendar.
func (s *Server) Objects(calPath string) map[string][]byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.cals[s.collectionPath(calPath)]
	if c == nil {
		return nil
	}
	out := make(map[string][]byte, len(c.objects))
	for p, o := range c.objects {
		out[p] = append([]byte(nil), o.data...)
	}
	return out
}

// CTag is the calendar's current getctag value ("" if there is no such calendar).
func (s *Server) CTag(calPath string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c := s.cals[s.collectionPath(calPath)]; c != nil {
		return s.ctag(c)
	}
	return ""
}

func (s *Server) createLocked(p, name, desc string, comps []string) *calendar {
	if len(comps) == 0 {
		comps = []string{ical.CompEvent, ical.CompToDo}
	}
	s.seq++
	c := &calendar{
		path: p, name: name, desc: desc, comps: comps,
		created: s.seq, changed: s.seq,
		objects: map[string]*object{}, deleted: map[string]int64{}, uids: map[string]string{},
	}
	s.cals[p] = c
	return c
}

// ctag and syncToken are opaque to clients; both carry the epoch so that a
// token saved against an earlier demo server is refused, not misread.
func (s *Server) ctag(c *calendar) string {
	return s.epoch + "-" + strconv.FormatInt(c.changed, 10)
}

const syncTokenPrefix = "urn:netsyncd:davserver:sync:"

func (s *Server) syncToken(c *calendar) string {
	return syncTokenPrefix + s.ctag(c)
}

// parseSyncToken returns the change number in token, or false if the token
// was not issued for c by this server.
func (s *Server) parseSyncToken(c *calendar, token string) (int64, bool) {
	rest, ok := strings.CutPrefix(token, syncTokenPrefix+s.epoch+"-")
	if !ok {
		return 0, false
	}
	n, err := strconv.ParseInt(rest, 10, 64)
	if err != nil || n < c.created || n > c.changed {
		return 0, false
	}
	return n, true
}

// abs makes a path absolute against the home.
func (s *Server) abs(p string) string {
	if strings.HasPrefix(p, "/") {
		return p
	}
	return s.home + p
}

// collectionPath is abs with exactly one trailing slash.
func (s *Server) collectionPath(p string) string {
	return strings.TrimSuffix(path.Clean(s.abs(p)), "/") + "/"
}

// isCalendarPath reports whether a collection path is directly under the home.
func (s *Server) isCalendarPath(p string) bool {
	rest, ok := strings.CutPrefix(p, s.home)
	return ok && rest != "" && strings.Count(rest, "/") == 1 && strings.HasSuffix(rest, "/")
}

// etagOf is the strong ETag of an object's bytes (unquoted).
func etagOf(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:16])
}
