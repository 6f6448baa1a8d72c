package davserver

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strconv"

	"github.com/emersion/go-webdav/caldav"
)

// maxBody bounds every request body read into memory.
const maxBody = 10 << 20

// Handler serves CalDAV: go-webdav's caldav.Handler (well-known redirect,
// OPTIONS, principal discovery, PUT, DELETE, MKCOL) wrapped with what it
// lacks; see the package comment. Every request counts in Requests.
func (s *Server) Handler() http.Handler {
	dav := &caldav.Handler{Backend: backend{s}}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.requests.Add(1)
		s.serve(dav, w, r)
	})
}

func (s *Server) serve(dav http.Handler, w http.ResponseWriter, r *http.Request) {
	switch {
	case r.URL.Path == "/.well-known/caldav":
		dav.ServeHTTP(w, r)
	case r.Method == "MKCALENDAR":
		s.serveMkcalendar(w, r)
	case r.Method == "PROPFIND" && s.ownsPropfind(r.URL.Path):
		s.servePropfind(w, r)
	case r.Method == "REPORT":
		s.serveReport(w, r)
	case r.Method == http.MethodGet || r.Method == http.MethodHead:
		s.serveGet(w, r)
	case r.Method == http.MethodPut:
		s.servePut(dav, w, r)
	case r.Method == http.MethodDelete:
		// go-webdav's handler passes no precondition to DeleteCalendarObject:
		// carry If-Match to it, to be checked under the store's lock.
		ctx := context.WithValue(r.Context(), ifMatchKey, r.Header.Get("If-Match"))
		dav.ServeHTTP(w, r.WithContext(ctx))
	default:
		dav.ServeHTTP(w, r)
	}
}

// servePut keeps the body as sent for the backend (go-webdav parses it and
// passes on only the parsed calendar) and delegates.
func (s *Server) servePut(dav http.Handler, w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err != nil {
		http.Error(w, "davserver: reading body: "+err.Error(), http.StatusBadRequest)
		return
	}
	if len(body) > maxBody {
		http.Error(w, "davserver: object too large", http.StatusRequestEntityTooLarge)
		return
	}
	r = r.WithContext(context.WithValue(r.Context(), rawBodyKey, body))
	r.Body = io.NopCloser(bytes.NewReader(body))
	dav.ServeHTTP(w, r)
}

// serveGet answers GET and HEAD of an object with its stored bytes (go-webdav
// would re-encode them). A collection has no body: it is read with PROPFIND
// and REPORT.
func (s *Server) serveGet(w http.ResponseWriter, r *http.Request) {
	o := s.object(r.URL.Path)
	if o == nil {
		http.Error(w, "davserver: no object at "+r.URL.Path, http.StatusNotFound)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/calendar; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(len(o.data)))
	h.Set("ETag", `"`+o.etag+`"`)
	h.Set("Last-Modified", o.mod.Format(http.TimeFormat))
	if inm := r.Header.Get("If-None-Match"); inm != "" && matchETag(inm, o.etag, true) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	if r.Method == http.MethodHead {
		return
	}
	_, _ = w.Write(o.data)
}
