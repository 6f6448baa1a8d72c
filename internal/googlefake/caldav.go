package googlefake

import (
	"bytes"
	"io"
	"net/http"
	"strings"
)

// caldav serves /caldav/v2/: discovery itself, the rest through the
// calendar's davserver with Google's habits (package comment).
func (f *Fake) caldav(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.counts["caldav"]++
	f.log = append(f.log, r.Method+" "+r.URL.Path)
	if f.expireIn > 0 {
		if f.expireIn--; f.expireIn == 0 {
			f.access = map[string]accessTok{}
		}
	}
	ok := f.bearerLocked(r)
	if !ok {
		f.counts["caldav401"]++
	}
	id, rest := splitPath(r.URL.Path)
	cal := f.cals[id]
	primary := f.Primary
	f.mu.Unlock()
	switch {
	case !ok:
		w.Header().Set("WWW-Authenticate", `Bearer realm="https://accounts.google.com/"`)
		http.Error(w, "Unauthorized", http.StatusUnauthorized)
	case id == "" && r.Method == "PROPFIND":
		principalAnswer(w, r.URL.Path, primary)
	case cal == nil:
		http.Error(w, "Not Found", http.StatusNotFound)
	case (rest == "user" || rest == "user/") && r.Method == "PROPFIND":
		principalAnswer(w, r.URL.Path, id)
	case r.Method == "MKCALENDAR" || r.Method == "MKCOL":
		http.Error(w, "Forbidden: the CalDAV API does not create calendars", http.StatusForbidden)
	case r.Method == http.MethodPut:
		f.put(w, r, cal.dav.Handler())
	default:
		cal.dav.Handler().ServeHTTP(w, r)
	}
}

// splitPath cuts /caldav/v2/<id>/<rest> into id and rest.
func splitPath(p string) (id, rest string) {
	p = strings.TrimPrefix(p, "/caldav/v2/")
	id, rest, _ = strings.Cut(p, "/")
	return id, rest
}

// put refuses VTODO, ignores If-None-Match and drops the ETag of the answer.
func (f *Fake) put(w http.ResponseWriter, r *http.Request, h http.Handler) {
	body, err := io.ReadAll(io.LimitReader(r.Body, 10<<20))
	if err != nil {
		http.Error(w, "Bad Request", http.StatusBadRequest)
		return
	}
	if bytes.Contains(body, []byte("BEGIN:VTODO")) {
		http.Error(w, "Bad Request: VTODO is not supported", http.StatusBadRequest)
		return
	}
	r.Header.Del("If-None-Match")
	r.Body = io.NopCloser(bytes.NewReader(body))
	h.ServeHTTP(noETag{w}, r)
}

// noETag drops the ETag header from an answer.
type noETag struct{ http.ResponseWriter }

func (n noETag) WriteHeader(code int) {
	n.Header().Del("ETag")
	n.ResponseWriter.WriteHeader(code)
}

func (n noETag) Write(b []byte) (int, error) {
	n.Header().Del("ETag")
	return n.ResponseWriter.Write(b)
}

// principalAnswer names the principal of calendar id and its home, for
// PROPFIND of /caldav/v2/ and /caldav/v2/<id>/user.
func principalAnswer(w http.ResponseWriter, at, id string) {
	w.Header().Set("Content-Type", "application/xml; charset=utf-8")
	w.WriteHeader(http.StatusMultiStatus)
	base := "/caldav/v2/" + escapeXML(id) + "/"
	_, _ = io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?>`+
		`<D:multistatus xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:response>`+
		`<D:href>`+escapeXML(at)+`</D:href><D:propstat><D:prop>`+
		`<D:current-user-principal><D:href>`+base+`user</D:href></D:current-user-principal>`+
		`<C:calendar-home-set><D:href>`+base+`</D:href></C:calendar-home-set>`+
		`</D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response></D:multistatus>`)
}

func escapeXML(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '&':
			b.WriteString("&amp;")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
