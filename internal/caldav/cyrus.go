package caldav

import (
	"bytes"
	"encoding/xml"
	"strings"
)

// What Cyrus IMAP 3.6's CalDAV (the engine Fastmail runs) does differently,
// and what this package does about it. docs/compatibility.md lists them
// with the evidence; TestCyrusQuirks (cyrus_test.go) fails when one stops.

// cyrusUIDConflict is the precondition Cyrus names when a PUT brings a UID
// that another object of the calendar already has: 403 with
// CALDAV:unique-scheduling-object-resource (RFC 6638 section 3.2.4.1),
// whether or not the object is a scheduling object (it has no ORGANIZER),
// where RFC 4791 section 5.3.2.1 names CALDAV:no-uid-conflict. Both mean
// the same to netsyncd: the UID is taken, retrying cannot help.
const cyrusUIDConflict = "unique-scheduling-object-resource"

// conditionDetail says, for a refusal whose body names no text of its own
// the caller could act on, what the server's DAV:error holds: for a UID
// conflict the href of the object that has the UID (Cyrus names it, RFC
// 4791 section 5.3.2.1 says servers should) and what to do; otherwise the
// error's DAV:responsedescription (Cyrus explains a valid-calendar-data
// refusal there, e.g. "DTEND must occur after DTSTART"). "" when it holds
// neither.
func conditionDetail(condition string, body []byte) string {
	href, desc := errorHrefAndDescription(body)
	if condition == "no-uid-conflict" || condition == cyrusUIDConflict {
		where := "another object"
		if href != "" {
			where = href
		}
		scope := ""
		if condition == cyrusUIDConflict {
			scope = " (Cyrus and Fastmail keep a UID unique across all of an account's calendars)"
		}
		return condition + ": the UID is already used by " + where + scope + ": delete netsyncd's entries from " +
			"the calendar that holds it (an earlier target calendar?), then run netsyncd again"
	}
	return firstLine(desc)
}

// errorHrefAndDescription returns the first DAV:href and the
// DAV:responsedescription of a DAV:error body.
func errorHrefAndDescription(body []byte) (href, desc string) {
	d := xml.NewDecoder(bytes.NewReader(body))
	var in string
	for {
		tok, err := d.Token()
		if err != nil {
			return href, desc
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			if tok.Name.Space == "DAV:" {
				in = tok.Name.Local
			}
		case xml.EndElement:
			in = ""
		case xml.CharData:
			switch {
			case in == "href" && href == "":
				href = strings.TrimSpace(string(tok))
			case in == "responsedescription":
				desc += string(tok)
			}
		}
	}
}
