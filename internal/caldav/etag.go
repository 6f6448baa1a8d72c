package caldav

import "strings"

// normalizeETag returns the opaque value of an entity tag as servers send it
// in an ETag header or a DAV:getetag property: `"x"`, `W/"x"` or a bare x
// all give x. RFC 7232 section 2.3 wants the quoted form; several servers
// send the others, and the value is only ever compared and sent back.
func normalizeETag(s string) string {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(s, "W/")
	s = strings.TrimPrefix(s, "w/")
	if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' {
		s = s[1 : len(s)-1]
	}
	return s
}

// quoteETag is the form of an opaque ETag value for If-Match (RFC 7232
// section 3.1 takes entity-tags, which are quoted).
func quoteETag(v string) string {
	return `"` + v + `"`
}
