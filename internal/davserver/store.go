package davserver

import (
	"bytes"
	"fmt"
	"net/http"
	"path"
	"slices"
	"strings"

	"github.com/emersion/go-ical"
	"github.com/emersion/go-webdav/caldav"
)

// conditions are the raw If-Match / If-None-Match header values of a write.
type conditions struct {
	ifMatch, ifNoneMatch string
}

// check applies RFC 7232 section 3.1 and 3.2 to the current ETag ("" when
// the resource does not exist): If-Match uses the strong comparison, so a
// weak ETag never matches; If-None-Match uses the weak one.
func (c conditions) check(etag string) error {
	if c.ifMatch != "" && (etag == "" || !matchETag(c.ifMatch, etag, false)) {
		return &davError{code: http.StatusPreconditionFailed, msg: "If-Match does not match the current ETag"}
	}
	if c.ifNoneMatch != "" && etag != "" && matchETag(c.ifNoneMatch, etag, true) {
		return &davError{code: http.StatusPreconditionFailed, msg: "If-None-Match matches the current resource"}
	}
	return nil
}

// matchETag reports whether a header list ("*" or `"a", W/"b"`) names etag.
func matchETag(header, etag string, weak bool) bool {
	for _, v := range strings.Split(header, ",") {
		v = strings.TrimSpace(v)
		if v == "*" {
			return true
		}
		if w, ok := strings.CutPrefix(v, "W/"); ok {
			if !weak {
				continue
			}
			v = w
		}
		if v == `"`+etag+`"` {
			return true
		}
	}
	return false
}

// parsed is a calendar object checked against RFC 4791 section 4.1.
type parsed struct {
	cal       *ical.Calendar
	comp, uid string
}

func parseObject(data []byte) (parsed, error) {
	cal, err := ical.NewDecoder(bytes.NewReader(data)).Decode()
	if err != nil {
		return parsed{}, &davError{code: http.StatusBadRequest, cond: "valid-calendar-data", msg: fmt.Sprintf("invalid iCalendar: %v", err)}
	}
	comp, uid, err := caldav.ValidateCalendarObject(cal)
	if err == nil && (comp == "" || uid == "") {
		err = fmt.Errorf("a calendar object needs one component with a UID")
	}
	if err != nil {
		return parsed{}, &davError{code: http.StatusConflict, cond: "valid-calendar-object-resource", msg: err.Error()}
	}
	return parsed{cal: cal, comp: comp, uid: uid}, nil
}

// put stores data at an absolute object path; created tells a new resource
// from a replaced one.
func (s *Server) put(p string, data []byte, cond conditions) (o *object, created bool, err error) {
	if strings.HasSuffix(p, "/") {
		return nil, false, &davError{code: http.StatusMethodNotAllowed, msg: "cannot PUT to a collection"}
	}
	obj, err := parseObject(data)
	if err != nil {
		return nil, false, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.cals[path.Dir(p)+"/"]
	if c == nil {
		// RFC 4918 section 9.7.1: a missing parent collection is 409.
		return nil, false, &davError{code: http.StatusConflict, msg: fmt.Sprintf("no calendar at %s", path.Dir(p)+"/")}
	}
	if !slices.Contains(c.comps, obj.comp) {
		return nil, false, &davError{code: http.StatusConflict, cond: "supported-calendar-component", msg: fmt.Sprintf("%s does not accept %s", c.path, obj.comp)}
	}
	if other, ok := c.uids[obj.uid]; ok && other != p {
		return nil, false, &davError{code: http.StatusConflict, cond: "no-uid-conflict", msg: fmt.Sprintf("UID %s is already used by %s", obj.uid, other)}
	}
	old := c.objects[p]
	if err := cond.check(old.etagOrEmpty()); err != nil {
		return nil, false, err
	}
	s.seq++
	o = &object{
		path: p, data: bytes.Clone(data), cal: obj.cal, comp: obj.comp, uid: obj.uid,
		etag: etagOf(data), mod: s.now().UTC(), seq: s.seq,
	}
	if old != nil && old.uid != obj.uid {
		delete(c.uids, old.uid)
	}
	c.objects[p], c.uids[obj.uid], c.changed = o, p, s.seq
	delete(c.deleted, p)
	return o, old == nil, nil
}

// remove deletes an object, or a whole calendar when p names one.
func (s *Server) remove(p, ifMatch string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c := s.cals[s.collectionPath(p)]; c != nil {
		// A collection has no ETag: only "If-Match: *" can hold.
		if ifMatch != "" && strings.TrimSpace(ifMatch) != "*" {
			return &davError{code: http.StatusPreconditionFailed, msg: "a calendar has no ETag to match"}
		}
		delete(s.cals, c.path)
		s.seq++
		return nil
	}
	c := s.cals[path.Dir(p)+"/"]
	var o *object
	if c != nil {
		o = c.objects[p]
	}
	if o == nil {
		// RFC 7232 section 5: preconditions are ignored when the answer
		// without them would not be 2xx, so a missing object is 404.
		return &davError{code: http.StatusNotFound, msg: fmt.Sprintf("no object at %s", p)}
	}
	if err := (conditions{ifMatch: ifMatch}).check(o.etag); err != nil {
		return err
	}
	s.seq++
	delete(c.objects, p)
	delete(c.uids, o.uid)
	c.deleted[p], c.changed = s.seq, s.seq
	return nil
}

// mkcalendar creates a calendar as MKCALENDAR asks (RFC 4791 section 5.3.1).
func (s *Server) mkcalendar(p, name, desc string, comps []string) error {
	p = s.collectionPath(p)
	if !s.isCalendarPath(p) {
		return &davError{code: http.StatusForbidden, cond: "calendar-collection-location-ok", msg: fmt.Sprintf("calendars live directly under %s", s.home)}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cals[p] != nil {
		// RFC 4918 section 9.3.1: MKCOL on a mapped URL is 405.
		return &davError{code: http.StatusMethodNotAllowed, davCond: "resource-must-be-null", msg: fmt.Sprintf("%s already exists", p)}
	}
	s.createLocked(p, name, desc, comps)
	return nil
}

func (o *object) etagOrEmpty() string {
	if o == nil {
		return ""
	}
	return o.etag
}

// calSnap is a calendar as read under the lock.
type calSnap struct {
	path, name, desc string
	comps            []string
	ctag, token      string
	objects          []*object // sorted by path; nil unless asked for
}

func (s *Server) snap(c *calendar, withObjects bool) calSnap {
	cs := calSnap{path: c.path, name: c.name, desc: c.desc, comps: c.comps, ctag: s.ctag(c), token: s.syncToken(c)}
	if withObjects {
		for _, o := range c.objects {
			cs.objects = append(cs.objects, o)
		}
		slices.SortFunc(cs.objects, func(a, b *object) int { return strings.Compare(a.path, b.path) })
	}
	return cs
}

// calendar returns the calendar at p (with or without a trailing slash).
func (s *Server) calendar(p string, withObjects bool) (calSnap, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.cals[s.collectionPath(p)]
	if c == nil {
		return calSnap{}, false
	}
	return s.snap(c, withObjects), true
}

// calendars returns every calendar, sorted by path.
func (s *Server) calendars() []calSnap {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]calSnap, 0, len(s.cals))
	for _, c := range s.cals {
		out = append(out, s.snap(c, false))
	}
	slices.SortFunc(out, func(a, b calSnap) int { return strings.Compare(a.path, b.path) })
	return out
}

// object returns the object at an absolute path, or nil.
func (s *Server) object(p string) *object {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c := s.cals[path.Dir(p)+"/"]; c != nil {
		return c.objects[p]
	}
	return nil
}

// changes implements RFC 6578 section 3.2: with an empty token every member,
// otherwise what changed after the token, and the token to use next.
func (s *Server) changes(calPath, token string) (updated []*object, deleted []string, next string, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.cals[s.collectionPath(calPath)]
	if c == nil {
		return nil, nil, "", &davError{code: http.StatusNotFound, msg: fmt.Sprintf("no calendar at %s", calPath)}
	}
	var since int64
	if token != "" {
		n, ok := s.parseSyncToken(c, token)
		if !ok {
			// RFC 6578 section 3.2: an unknown token is 403 with DAV:valid-sync-token.
			return nil, nil, "", &davError{code: http.StatusForbidden, davCond: "valid-sync-token", msg: "sync token not issued by this server for this calendar"}
		}
		since = n
	}
	for _, o := range c.objects {
		if o.seq > since {
			updated = append(updated, o)
		}
	}
	for p, n := range c.deleted {
		if token != "" && n > since {
			deleted = append(deleted, p)
		}
	}
	slices.SortFunc(updated, func(a, b *object) int { return strings.Compare(a.path, b.path) })
	slices.Sort(deleted)
	return updated, deleted, s.syncToken(c), nil
}
