package davserver

import (
	"encoding/xml"
	"io"
	"net/http"
	"strings"
)

// go-webdav's handler knows MKCOL but not MKCALENDAR (RFC 4791 section
// 5.3.1), the method clients and netsyncd use to create a calendar.

type mkcalendarReq struct {
	XMLName xml.Name `xml:"urn:ietf:params:xml:ns:caldav mkcalendar"`
	Set     struct {
		Prop struct {
			DisplayName string `xml:"DAV: displayname"`
			Description string `xml:"urn:ietf:params:xml:ns:caldav calendar-description"`
			Comps       *struct {
				Comp []struct {
					Name string `xml:"name,attr"`
				} `xml:"urn:ietf:params:xml:ns:caldav comp"`
			} `xml:"urn:ietf:params:xml:ns:caldav supported-calendar-component-set"`
		} `xml:"DAV: prop"`
	} `xml:"DAV: set"`
}

func (s *Server) serveMkcalendar(w http.ResponseWriter, r *http.Request) {
	var req mkcalendarReq
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody))
	if err == nil && len(strings.TrimSpace(string(body))) > 0 {
		err = xml.Unmarshal(body, &req)
	}
	if err != nil {
		http.Error(w, "davserver: invalid MKCALENDAR body: "+err.Error(), http.StatusBadRequest)
		return
	}
	props := req.Set.Prop
	var comps []string
	if props.Comps != nil {
		for _, c := range props.Comps.Comp {
			comps = append(comps, strings.ToUpper(c.Name))
		}
	}
	if err := s.mkcalendar(r.URL.Path, props.DisplayName, props.Description, comps); err != nil {
		writeError(w, err)
		return
	}
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(http.StatusCreated)
}
