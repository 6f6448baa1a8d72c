package davserver

import (
	"encoding/xml"
	"io"
	"net/http"
	"strconv"
	"strings"
)

// PROPFIND on the home, a calendar or an object is answered here rather
// than by go-webdav, whose handler has no getctag, sync-token or
// supported-report-set: a client's idle check is one Depth 1 PROPFIND of the
// home that reads every calendar's getctag and sync-token at once.

type propfindReq struct {
	XMLName  xml.Name  `xml:"DAV: propfind"`
	AllProp  *struct{} `xml:"DAV: allprop"`
	PropName *struct{} `xml:"DAV: propname"`
	Prop     *propList `xml:"DAV: prop"`
}

// ownsPropfind reports whether p is answered by servePropfind.
func (s *Server) ownsPropfind(p string) bool {
	return strings.HasPrefix(s.collectionPath(p), s.home)
}

func (s *Server) servePropfind(w http.ResponseWriter, r *http.Request) {
	var req propfindReq
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody))
	if err == nil && len(strings.TrimSpace(string(body))) > 0 {
		err = xml.Unmarshal(body, &req)
	}
	if err != nil {
		http.Error(w, "davserver: invalid PROPFIND body: "+err.Error(), http.StatusBadRequest)
		return
	}
	// RFC 4918 section 9.1: no Depth means infinity, which a server may
	// refuse. A calendar has no grandchildren, so there it equals Depth 1;
	// only the home refuses it.
	depth := strings.TrimSpace(r.Header.Get("Depth"))
	if depth != "0" && depth != "1" && s.collectionPath(r.URL.Path) == s.home {
		writeError(w, &davError{code: http.StatusForbidden, davCond: "propfind-finite-depth", msg: "Depth infinity is not supported on the home"})
		return
	}
	resps, err := s.propfind(r.URL.Path, depth != "0", newPropRequest(req.AllProp, req.PropName, req.Prop))
	if err != nil {
		writeError(w, err)
		return
	}
	writeMultistatus(w, resps, "")
}

func (s *Server) propfind(p string, children bool, pr propRequest) ([]response, error) {
	switch cp := s.collectionPath(p); {
	case cp == s.home:
		resps := []response{pr.respond(s.home, s.homeProps())}
		if children {
			for _, c := range s.calendars() {
				resps = append(resps, pr.respond(c.path, s.calendarProps(c)))
			}
		}
		return resps, nil
	case s.isCalendarPath(cp):
		if c, ok := s.calendar(cp, children); ok {
			resps := []response{pr.respond(c.path, s.calendarProps(c))}
			for _, o := range c.objects {
				resps = append(resps, pr.respond(o.path, objectProps(o)))
			}
			return resps, nil
		}
	}
	if o := s.object(p); o != nil {
		return []response{pr.respond(o.path, objectProps(o))}, nil
	}
	return nil, &davError{code: http.StatusNotFound, msg: "nothing at " + p}
}

func (s *Server) homeProps() props {
	return props{
		{Space: nsDAV, Local: "resourcetype"}:           "<d:collection/>",
		{Space: nsDAV, Local: "displayname"}:            escape(s.user),
		{Space: nsDAV, Local: "current-user-principal"}: href(s.principal),
		{Space: nsDAV, Local: "owner"}:                  href(s.principal),
	}
}

// calendarProps are the live properties of a calendar (RFC 4791 section 5.2,
// RFC 6578 section 4, and calendarserver.org's getctag).
func (s *Server) calendarProps(c calSnap) props {
	var comps strings.Builder
	for _, name := range c.comps {
		comps.WriteString(`<c:comp name="` + escape(name) + `"/>`)
	}
	ps := props{
		{Space: nsDAV, Local: "resourcetype"}:           "<d:collection/><c:calendar/>",
		{Space: nsDAV, Local: "displayname"}:            escape(c.name),
		{Space: nsDAV, Local: "current-user-principal"}: href(s.principal),
		{Space: nsDAV, Local: "owner"}:                  href(s.principal),
		{Space: nsDAV, Local: "sync-token"}:             escape(c.token),
		{Space: nsDAV, Local: "current-user-privilege-set"}: "<d:privilege><d:read/></d:privilege><d:privilege><d:write/></d:privilege>" +
			"<d:privilege><d:write-content/></d:privilege><d:privilege><d:bind/></d:privilege><d:privilege><d:unbind/></d:privilege>",
		{Space: nsDAV, Local: "supported-report-set"}: supportedReport("c:calendar-query") +
			supportedReport("c:calendar-multiget") + supportedReport("d:sync-collection"),
		{Space: nsCalDAV, Local: "supported-calendar-component-set"}: comps.String(),
		{Space: nsCalDAV, Local: "supported-calendar-data"}:          `<c:calendar-data content-type="text/calendar" version="2.0"/>`,
		{Space: nsCalServer, Local: "getctag"}:                       escape(c.ctag),
	}
	if c.desc != "" {
		ps[xml.Name{Space: nsCalDAV, Local: "calendar-description"}] = escape(c.desc)
	}
	return ps
}

// objectProps are the live properties of a calendar object resource.
func objectProps(o *object) props {
	return props{
		{Space: nsDAV, Local: "resourcetype"}:     "",
		{Space: nsDAV, Local: "getetag"}:          escape(`"` + o.etag + `"`),
		{Space: nsDAV, Local: "getcontenttype"}:   escape("text/calendar; charset=utf-8; component=" + strings.ToLower(o.comp)),
		{Space: nsDAV, Local: "getcontentlength"}: strconv.Itoa(len(o.data)),
		{Space: nsDAV, Local: "getlastmodified"}:  o.mod.Format(http.TimeFormat),
	}
}

func href(p string) string { return "<d:href>" + escape(p) + "</d:href>" }

func supportedReport(name string) string {
	return "<d:supported-report><d:report><" + name + "/></d:report></d:supported-report>"
}
