package davserver

import (
	"encoding/xml"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// The multistatus answers of this package are written by hand rather than
// with encoding/xml, so that calendar-data carries an object's bytes exactly
// (CR escaped, since XML parsers turn a literal CR LF into LF) and property
// values stay under fixed, readable prefixes.

const (
	nsDAV          = "DAV:"
	nsCalDAV       = "urn:ietf:params:xml:ns:caldav"
	nsCalServer    = "http://calendarserver.org/ns/"
	xmlHeader      = `<?xml version="1.0" encoding="utf-8"?>` + "\n"
	xmlContentType = `application/xml; charset="utf-8"`
)

var prefixes = map[string]string{nsDAV: "d", nsCalDAV: "c", nsCalServer: "cs"}

// props maps a property name to its value as inner XML (already escaped).
type props map[xml.Name]string

// propRequest is what a PROPFIND or REPORT asked for (RFC 4918 section 14.20).
type propRequest struct {
	allProp, propName bool
	names             []xml.Name
}

// anyElem captures one element of a <prop> list by name.
type anyElem struct {
	XMLName xml.Name
}

type propList struct {
	Names []anyElem `xml:",any"`
}

func newPropRequest(allProp, propName *struct{}, prop *propList) propRequest {
	pr := propRequest{allProp: allProp != nil || prop == nil && propName == nil, propName: propName != nil}
	if prop != nil && !pr.propName {
		pr.allProp = false
		for _, e := range prop.Names {
			pr.names = append(pr.names, e.XMLName)
		}
	}
	return pr
}

// wants reports whether name was asked for explicitly.
func (pr propRequest) wants(name xml.Name) bool { return slices.Contains(pr.names, name) }

// response is one DAV:response: either found/missing properties, or a bare
// status for the href (a deleted member in sync-collection).
type response struct {
	href    string
	found   []xml.Name
	values  props
	missing []xml.Name
	status  int
}

// respond selects from all what pr asked for: named properties are found or
// missing, allprop returns every one, propname returns empty elements.
func (pr propRequest) respond(href string, all props) response {
	r := response{href: href, values: all}
	switch {
	case pr.propName:
		r.values = props{}
		for n := range all {
			r.found = append(r.found, n)
		}
	case pr.allProp:
		for n := range all {
			r.found = append(r.found, n)
		}
	default:
		for _, n := range pr.names {
			if _, ok := all[n]; ok {
				r.found = append(r.found, n)
			} else {
				r.missing = append(r.missing, n)
			}
		}
	}
	slices.SortFunc(r.found, compareNames)
	return r
}

func compareNames(a, b xml.Name) int {
	if c := strings.Compare(a.Space, b.Space); c != 0 {
		return c
	}
	return strings.Compare(a.Local, b.Local)
}

// writeMultistatus answers 207 with resps; syncToken, when set, is the
// multistatus-level DAV:sync-token of RFC 6578 section 6.4.
func writeMultistatus(w http.ResponseWriter, resps []response, syncToken string) {
	var b strings.Builder
	b.WriteString(xmlHeader)
	b.WriteString(`<d:multistatus xmlns:d="DAV:" xmlns:c="` + nsCalDAV + `" xmlns:cs="` + nsCalServer + `">`)
	for _, r := range resps {
		r.write(&b)
	}
	if syncToken != "" {
		b.WriteString("<d:sync-token>" + escape(syncToken) + "</d:sync-token>")
	}
	b.WriteString("</d:multistatus>\n")
	w.Header().Set("Content-Type", xmlContentType)
	w.WriteHeader(http.StatusMultiStatus)
	_, _ = w.Write([]byte(b.String()))
}

func (r response) write(b *strings.Builder) {
	b.WriteString("<d:response><d:href>" + escape((&url.URL{Path: r.href}).EscapedPath()) + "</d:href>")
	if r.status != 0 {
		b.WriteString(statusLine(r.status) + "</d:response>")
		return
	}
	writePropstat(b, r.found, r.values, http.StatusOK)
	writePropstat(b, r.missing, nil, http.StatusNotFound)
	b.WriteString("</d:response>")
}

func writePropstat(b *strings.Builder, names []xml.Name, values props, code int) {
	if len(names) == 0 {
		return
	}
	b.WriteString("<d:propstat><d:prop>")
	for _, n := range names {
		b.WriteString(element(n, values[n]))
	}
	b.WriteString("</d:prop>" + statusLine(code) + "</d:propstat>")
}

func statusLine(code int) string {
	return fmt.Sprintf("<d:status>HTTP/1.1 %d %s</d:status>", code, http.StatusText(code))
}

// element writes <prefix:local>inner</prefix:local>, declaring a namespace
// the multistatus root does not.
func element(n xml.Name, inner string) string {
	p, ok := prefixes[n.Space]
	open := p + ":" + n.Local
	if !ok {
		open = "x:" + n.Local + ` xmlns:x="` + escape(n.Space) + `"`
		p = "x"
	}
	if inner == "" {
		return "<" + open + "/>"
	}
	return "<" + open + ">" + inner + "</" + p + ":" + n.Local + ">"
}

var escaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "\r", "&#13;")

// escape escapes text for XML, keeping CR as a character reference.
func escape(s string) string { return escaper.Replace(s) }
