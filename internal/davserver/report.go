package davserver

import (
	"encoding/xml"
	"io"
	"net/http"
	"net/url"
	"path"
	"strings"
)

// REPORT is answered here rather than by go-webdav, whose handler re-encodes
// calendar-data through go-ical (sorting properties, unfolding lines, and
// failing the whole report on one object its encoder refuses) and has no
// sync-collection. calendar-data is always the whole object as stored:
// partial retrieval and expand (RFC 4791 section 9.6) are not implemented,
// which RFC 4791 lets a client discover by getting more than it asked for.

type reportReq struct {
	XMLName  xml.Name
	AllProp  *struct{} `xml:"DAV: allprop"`
	PropName *struct{} `xml:"DAV: propname"`
	Prop     *propList `xml:"DAV: prop"`
	Hrefs    []string  `xml:"DAV: href"`
	Filter   *struct {
		Comp compFilter `xml:"urn:ietf:params:xml:ns:caldav comp-filter"`
	} `xml:"urn:ietf:params:xml:ns:caldav filter"`
	SyncToken *string `xml:"DAV: sync-token"`
	SyncLevel string  `xml:"DAV: sync-level"`
}

var (
	calendarQuery    = xml.Name{Space: nsCalDAV, Local: "calendar-query"}
	calendarMultiget = xml.Name{Space: nsCalDAV, Local: "calendar-multiget"}
	syncCollection   = xml.Name{Space: nsDAV, Local: "sync-collection"}
	calendarData     = xml.Name{Space: nsCalDAV, Local: "calendar-data"}
)

func (s *Server) serveReport(w http.ResponseWriter, r *http.Request) {
	var req reportReq
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody))
	if err == nil {
		err = xml.Unmarshal(body, &req)
	}
	if err != nil {
		http.Error(w, "davserver: invalid REPORT body: "+err.Error(), http.StatusBadRequest)
		return
	}
	pr := newPropRequest(req.AllProp, req.PropName, req.Prop)
	var resps []response
	token := ""
	switch req.XMLName {
	case calendarQuery:
		resps, err = s.query(r.URL.Path, req, pr)
	case calendarMultiget:
		resps = s.multiget(req.Hrefs, pr)
	case syncCollection:
		resps, token, err = s.syncCollection(r.URL.Path, req, pr)
	default:
		// RFC 3253 section 3.6: an unsupported report is 403 DAV:supported-report.
		err = &davError{code: http.StatusForbidden, davCond: "supported-report", msg: "unsupported REPORT " + req.XMLName.Local}
	}
	if err != nil {
		writeError(w, err)
		return
	}
	writeMultistatus(w, resps, token)
}

// query answers calendar-query (RFC 4791 section 7.8) on a calendar.
func (s *Server) query(p string, req reportReq, pr propRequest) ([]response, error) {
	c, ok := s.calendar(p, true)
	if !ok {
		return nil, &davError{code: http.StatusNotFound, msg: "no calendar at " + p}
	}
	resps := []response{}
	for _, o := range c.objects {
		if req.Filter == nil || matchCalendar(req.Filter.Comp, o.cal, s.Floating()) {
			resps = append(resps, pr.respond(o.path, reportProps(o)))
		}
	}
	return resps, nil
}

// multiget answers calendar-multiget (RFC 4791 section 7.9): one response
// per href, 404 for an href that names no object.
func (s *Server) multiget(hrefs []string, pr propRequest) []response {
	resps := []response{}
	for _, h := range hrefs {
		p := cleanPath(h)
		if o := s.object(p); o != nil {
			resps = append(resps, pr.respond(o.path, reportProps(o)))
		} else {
			resps = append(resps, response{href: p, status: http.StatusNotFound})
		}
	}
	return resps
}

// syncCollection answers RFC 6578 section 3.2: members changed since the
// token with their properties, removed members as a bare 404.
func (s *Server) syncCollection(p string, req reportReq, pr propRequest) ([]response, string, error) {
	if req.SyncLevel != "1" {
		return nil, "", &davError{code: http.StatusBadRequest, msg: "sync-level must be 1: calendars have no sub-collections"}
	}
	token := ""
	if req.SyncToken != nil {
		token = strings.TrimSpace(*req.SyncToken)
	}
	updated, deleted, next, err := s.changes(p, token)
	if err != nil {
		return nil, "", err
	}
	resps := []response{}
	for _, o := range updated {
		resps = append(resps, pr.respond(o.path, reportProps(o)))
	}
	for _, d := range deleted {
		resps = append(resps, response{href: d, status: http.StatusNotFound})
	}
	return resps, next, nil
}

// reportProps are an object's properties plus its calendar-data.
func reportProps(o *object) props {
	ps := objectProps(o)
	ps[calendarData] = escape(string(o.data))
	return ps
}

// cleanPath turns an href (a path or a full URL, percent-encoded) into a
// clean path.
func cleanPath(h string) string {
	h = strings.TrimSpace(h)
	if u, err := url.Parse(h); err == nil {
		h = u.Path
	}
	trailing := strings.HasSuffix(h, "/")
	h = path.Clean(h)
	if trailing && h != "/" {
		h += "/"
	}
	return h
}
