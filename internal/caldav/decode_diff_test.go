package caldav

import (
	"bufio"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// multistatusSeeds are the answers the decoders are held to agree on:
// every multi-status the tests of this package write, the answers real
// servers gave in them (testdata/multistatus), and the hostile answers
// written for this decoder without reading it
// (testdata/multistatus-hostile).
func multistatusSeeds(t testing.TB) []string {
	c2 := strings.Replace(tinyCal, "UID:u", "UID:c", 1)
	seeds := []string{
		multistatusXML(objectXML("/cal/a.ics", "1", tinyCal)),
		multistatusXML(objectXML("/cal/a.ics", "1", eventWith("x", "DESCRIPTION:a\x0b&#11;\xff\r\n"))),
		multistatusXML(objectXML("/cal/a.ics", "1", eventWith("x", "ATTACH;ENCODING=BASE64;VALUE=BINARY:QUJD\r\n QUJD\r\n"))),
		`<?xml version="1.0"?><d:multistatus xmlns:d="DAV:"><d:sync-token>t</d:sync-token><d:other><d:response/></d:other></d:multistatus>`,
		`<d:multistatus xmlns:d="DAV:"><d:response><d:href>&#x0;</d:href>`,
		multistatusXML(objectXML("/cal/a.ics", "1", tinyCal), objectXML("/cal/b.ics", "2", eventWith("b", "DESCRIPTION:"+strings.Repeat("long ", 40)+"\r\n")), objectXML("/cal/c.ics", "3", c2)),
		`<?xml version="1.0"?><multistatus xmlns="DAV:"><response><href>/a</href><propstat><prop><getetag>` + strings.Repeat("e", 300) + `</getetag></prop></propstat></response><!-- </response> --><response><href>/b</href></response></multistatus>`,
		multistatusXML(`<d:response xmlns:x="urn:x"><d:href>/cal/b.ics</d:href><d:propstat><d:prop><c:calendar-data><![CDATA[`+tinyCal+`</d:response>]]></c:calendar-data><x:y a="</d:response>"/><?pi > ?></d:prop></d:propstat></d:response>`, objectXML("/cal/c.ics", "3", c2)),
		multistatusXML(objectXML("/cal/a.ics", "1", eventWith("x", "DESCRIPTION:a\x0b&#11;\xff\r\nATTACH;ENCODING=BASE64;VALUE=BINARY:QUJD\r\n QUJD\r\n")), objectXML("/cal/c.ics", "3", c2)),
		`<?xml version="1.0" encoding="ISO-8859-1"?><d:multistatus xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav">` + objectXML("/cal/a.ics", "1", eventWith("caf", "SUMMARY:Caf\xe9\r\n")) + `</d:multistatus>`,
		multistatusXML(`<d:response><d:href>/cal/huge.ics</d:href><d:propstat><d:prop>`+strings.Repeat("<x>", 100)+strings.Repeat("</x>", 100)+`</d:prop></d:propstat></d:response>`, objectXML("/cal/c.ics", "3", c2)),
		// The properties of a home and its calendars (calendars.go, discover.go).
		multistatusXML(`<d:response><d:href>/home/cal-1/</d:href><d:propstat><d:prop><d:displayname>Calendar 1</d:displayname>` +
			`<d:resourcetype><d:collection/><c:calendar/></d:resourcetype><c:supported-calendar-component-set><c:comp name="VEVENT"/><c:comp name='VTODO'></c:comp></c:supported-calendar-component-set>` +
			`<cs:getctag xmlns:cs="http://calendarserver.org/ns/">ctag-1</cs:getctag><d:sync-token>http://example/sync/1</d:sync-token>` +
			`<d:current-user-principal><d:href>/p/</d:href></d:current-user-principal><c:calendar-home-set><d:href>/home/</d:href></c:calendar-home-set>` +
			`</d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat><d:propstat><d:prop><d:getetag/></d:prop><d:status>HTTP/1.1 404 Not Found</d:status></d:propstat></d:response>`),
		multistatusXML(`<d:response><d:href>/cal/x.ics</d:href><d:status>HTTP/1.1 403 Forbidden</d:status><d:error><c:valid-calendar-data/><x:y xmlns:x="urn:x"/></d:error><d:responsedescription>no &amp; never</d:responsedescription></d:response>`,
			`<d:sync-token>http://example.com/sync/2</d:sync-token>`),
		// Radicale, Xandikos and Cyrus as they write an object.
		benchAnswer(3, "radicale"), benchAnswer(3, "xandikos"), benchAnswer(3, "davical"), benchAnswer(3, "cyrus"),
	}
	dirs := []string{"testdata/multistatus", "testdata/multistatus-hostile"}
	if more := os.Getenv("MULTISTATUS_SEEDS"); more != "" { // more directories, for a local run
		dirs = append(dirs, filepath.SplitList(more)...)
	}
	for _, dir := range dirs {
		files, _ := filepath.Glob(filepath.Join(dir, "*.xml"))
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if len(b) > maxSeed {
				continue // TestLargeAnswersAgree's
			}
			seeds = append(seeds, string(b))
		}
	}
	return seeds
}

// maxSeed bounds the seeds of the fuzz target: larger answers slow every
// one of its runs down, and are compared once, by TestLargeAnswersAgree.
const maxSeed = 256 << 10

// TestLargeAnswersAgree: the decoders read the large answers of the test
// data (thousands of objects, megabytes of one attribute, deep nesting)
// the same.
func TestLargeAnswersAgree(t *testing.T) {
	dirs := []string{"testdata/multistatus", "testdata/multistatus-hostile"}
	if more := os.Getenv("MULTISTATUS_SEEDS"); more != "" {
		dirs = append(dirs, filepath.SplitList(more)...)
	}
	for _, dir := range dirs {
		files, _ := filepath.Glob(filepath.Join(dir, "*.xml"))
		for _, f := range files {
			st, err := os.Stat(f)
			if err != nil || st.Size() <= maxSeed || raceOn && st.Size() > 1<<20 {
				continue // the seeds', or minutes under the race detector
			}
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			t.Run(filepath.Base(f), func(t *testing.T) { sameDecoding(t, string(b), respCap, skipCap) })
		}
	}
}

// FuzzMultistatusDecoders: the scanner (msdecode.go) and encoding/xml's
// Unmarshal (decode_oracle_test.go) read every answer the same: the same
// responses (hrefs, statuses, properties, calendar-data, repairs, objects
// skipped and why) and sync-token, or the same error; with the bounds of
// today, and with a response cap of a few hundred bytes, so that objects
// are skipped and the decoding resynchronised after them.
func FuzzMultistatusDecoders(f *testing.F) {
	for i, s := range multistatusSeeds(f) {
		f.Add(s, 150+i*37)
	}
	f.Fuzz(func(t *testing.T, body string, limit int) {
		sameDecoding(t, body, respCap, skipCap)
		resp := int64(limit%4096+4096) % 4096
		sameDecoding(t, body, resp, resp*4+64)
	})
}

// TestMultistatusDecodersAgree is FuzzMultistatusDecoders over its seeds
// alone, and over each seed cut short at every 97th byte.
func TestMultistatusDecodersAgree(t *testing.T) {
	for i, s := range multistatusSeeds(t) {
		sameDecoding(t, s, respCap, skipCap)
		sameDecoding(t, s, int64(150+i*37), int64(150+i*37)*4+64)
		for n := 0; n < len(s) && len(s) < 16<<10; n += 97 {
			sameDecoding(t, s[:n], respCap, skipCap)
		}
	}
}

func sameDecoding(t *testing.T, body string, resp, skip int64) {
	t.Helper()
	newMS, newErr := decodeWith(decodeCapped, body, resp, skip)
	oldMS, oldErr := decodeWith(oracleDecodeCapped, body, resp, skip)
	if (newErr == nil) != (oldErr == nil) || newErr != nil && newErr.Error() != oldErr.Error() {
		t.Fatalf("with a response cap of %d: the scanner says %v, encoding/xml %v, for\n%.2000q", resp, newErr, oldErr, body)
	}
	if newErr != nil {
		if errorKind(newErr) != errorKind(oldErr) {
			t.Fatalf("with a response cap of %d: the scanner's error is %s, encoding/xml's %s: %v", resp, errorKind(newErr), errorKind(oldErr), newErr)
		}
		return
	}
	a, b := comparable(newMS), comparable(oldMS)
	if !reflect.DeepEqual(a, b) {
		t.Fatalf("with a response cap of %d: the scanner read\n%#v\nencoding/xml\n%#v\nfrom\n%.2000q", resp, a, b, body)
	}
}

// decodeWith is decodeMultistatus with the given decoder.
func decodeWith(decode func(io.Reader, int64, int64) (*multistatus, error), body string, resp, skip int64) (*multistatus, error) {
	ms, err := decode(strings.NewReader(body), resp, skip)
	return ms, asBadXML(err)
}

// errorKind is what report makes of a decoding error.
func errorKind(err error) string {
	var bad *badXML
	var syn *xml.SyntaxError
	switch {
	case errors.Is(err, ErrBodyTooLarge):
		return "body too large"
	case errors.Is(err, ErrTooMuchData):
		return "too much data"
	case errors.Is(err, ErrResponseTooLarge):
		return "response too large"
	case errors.As(err, &syn) && strings.Contains(syn.Msg, "unexpected EOF"):
		return "cut"
	case errors.As(err, &bad):
		return "bad XML"
	}
	return "other: " + err.Error()
}

type decodedResponse struct {
	Hrefs       []string
	Status      string
	Propstats   []propstat
	Error       *davError
	Description string
	Repaired    int
	TooBig      string
}

func comparable(ms *multistatus) any {
	var out []decodedResponse
	for _, r := range ms.Responses {
		d := decodedResponse{r.Hrefs, r.Status, r.Propstats, r.Error, r.Description, r.repaired, ""}
		if r.tooBig != nil {
			d.TooBig = r.tooBig.Error()
		}
		out = append(out, d)
	}
	return struct {
		R []decodedResponse
		T string
	}{out, ms.SyncToken}
}

// benchAnswer is an answer of n objects of internal/benchdata-like
// calendar data as server writes it: Radicale (a default name space,
// escaped text, CR LF), Xandikos (ns0: prefixes, CR as &#13;), DAViCal
// (indented, C: calendar-data) or Cyrus (CDATA).
func benchAnswer(n int, server string) string {
	var b strings.Builder
	switch server {
	case "radicale":
		b.WriteString(`<?xml version='1.0' encoding='utf-8'?>` + "\n" + `<multistatus xmlns="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">`)
	case "xandikos":
		b.WriteString(`<ns0:multistatus xmlns:ns0="DAV:" xmlns:ns1="urn:ietf:params:xml:ns:caldav">`)
	case "davical":
		b.WriteString(`<?xml version="1.0" encoding="utf-8" ?>` + "\n" + `<multistatus xmlns="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">` + "\n")
	case "cyrus":
		b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<D:multistatus xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav" xmlns:CS="http://calendarserver.org/ns/">`)
	}
	for i := range n {
		data := benchObject(i)
		href := fmt.Sprintf("/cal/event-%d@bench.example.ics", i)
		etag := fmt.Sprintf(`"%x-%d"`, i*7919, i)
		switch server {
		case "radicale":
			b.WriteString(`<response><href>` + href + `</href><propstat><prop><getetag>` + etag + `</getetag><C:calendar-data>` +
				xmlEscape(data, false) + `</C:calendar-data></prop><status>HTTP/1.1 200 OK</status></propstat></response>`)
		case "xandikos":
			b.WriteString(`<ns0:response><ns0:href>` + href + `</ns0:href><ns0:propstat><ns0:status>HTTP/1.1 200 OK</ns0:status><ns0:prop><ns0:getetag>` + etag +
				`</ns0:getetag><ns1:calendar-data>` + xmlEscape(data, true) + `</ns1:calendar-data></ns0:prop></ns0:propstat></ns0:response>`)
		case "davical":
			b.WriteString(" <response>\n  <href>" + href + "</href>\n  <propstat>\n   <prop>\n    <getetag>" + etag + "</getetag>\n    <C:calendar-data>" +
				xmlEscape(data, false) + "</C:calendar-data>\n   </prop>\n   <status>HTTP/1.1 200 OK</status>\n  </propstat>\n </response>\n")
		case "cyrus":
			b.WriteString(`<D:response><D:href>` + href + `</D:href><D:propstat><D:prop><D:getetag>` + etag + `</D:getetag><C:calendar-data><![CDATA[` +
				data + `]]></C:calendar-data></D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response>`)
		}
	}
	switch server {
	case "xandikos":
		b.WriteString(`</ns0:multistatus>`)
	case "cyrus":
		b.WriteString(`</D:multistatus>`)
	default:
		b.WriteString(`</multistatus>`)
	}
	return b.String()
}

func xmlEscape(s string, cr bool) string {
	r := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")
	s = r.Replace(s)
	if cr {
		s = strings.ReplaceAll(s, "\r", "&#13;")
	}
	return s
}

// benchObject is a meeting as internal/benchdata writes one: a VTIMEZONE,
// attendees, a folded description, CR LF.
func benchObject(i int) string {
	var b strings.Builder
	w := bufio.NewWriter(&b)
	fmt.Fprintf(w, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//netsyncd//benchdata//EN\r\nCALSCALE:GREGORIAN\r\n"+
		"BEGIN:VTIMEZONE\r\nTZID:America/New_York\r\nBEGIN:DAYLIGHT\r\nTZOFFSETFROM:-0500\r\nTZOFFSETTO:-0400\r\nTZNAME:EDT\r\nDTSTART:19700308T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU\r\nEND:DAYLIGHT\r\n"+
		"BEGIN:STANDARD\r\nTZOFFSETFROM:-0400\r\nTZOFFSETTO:-0500\r\nTZNAME:EST\r\nDTSTART:19701101T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n"+
		"BEGIN:VEVENT\r\nUID:event-%d@bench.example\r\nDTSTAMP:20261101T120000Z\r\nDTSTART;TZID=America/New_York:20261208T%02d3000\r\nDTEND;TZID=America/New_York:20261208T%02d0000\r\n"+
		"SUMMARY:Coffee with Dana Whitfield (Lazard) & Jordan Lee\r\nLOCATION:Café Grumpy, 224 W 20th St\r\nORGANIZER;CN=Jane Doe:mailto:jane@home.example\r\n"+
		"ATTENDEE;CN=Dana Whitfield;PARTSTAT=ACCEPTED;ROLE=REQ-PARTICIPANT:mailto:dana.whitfield@lazard.example\r\n"+
		"ATTENDEE;CN=Jordan Lee;PARTSTAT=NEEDS-ACTION;ROLE=REQ-PARTICIPANT:mailto:jordan@lee.example\r\n"+
		"DESCRIPTION:Agenda: catch up on the search\\, the board intro and next steps. Bring the deck <v3>\r\n  and the list of firms to ask about; 30 minutes.\r\n"+
		"BEGIN:VALARM\r\nACTION:DISPLAY\r\nTRIGGER:-PT15M\r\nDESCRIPTION:Reminder\r\nEND:VALARM\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n", i, 8+i%9, 9+i%9)
	w.Flush()
	return b.String()
}

// TestDecodeEachHandsEveryResponse: decodeMultistatusEach gives every
// response, an object skipped for its size too, in order, as it is
// decoded; those not kept are neither returned nor counted towards
// MaxKept; an error of each ends the decoding with it.
func TestDecodeEachHandsEveryResponse(t *testing.T) {
	respCap, keptCap = 4<<10, 3<<10
	defer func() { respCap, keptCap = MaxObject*2+1<<20, MaxKept }()
	c2 := strings.Replace(tinyCal, "UID:u", "UID:c", 1)
	var objs []string
	for i := range 20 {
		objs = append(objs, objectXML(fmt.Sprintf("/cal/%d.ics", i), "1", tinyCal))
	}
	objs = append(objs, objectXML("/cal/huge.ics", "2", eventWith("huge", "DESCRIPTION:"+strings.Repeat("y", 8<<10)+"\r\n")), objectXML("/cal/c.ics", "3", c2))
	body := multistatusXML(objs...)
	if _, err := decodeMultistatus(strings.NewReader(body)); !errors.Is(err, ErrTooMuchData) {
		t.Fatalf("kept whole: %v; want ErrTooMuchData (the test's caps are wrong)", err)
	}
	var seen []string
	ms, err := decodeMultistatusEach(strings.NewReader(body), func(r *response) (bool, error) {
		seen = append(seen, hrefs(r))
		return hrefs(r) == "/cal/c.ics" || r.tooBig != nil, nil
	})
	if err != nil || len(seen) != 22 || seen[20] != "/cal/huge.ics" || seen[21] != "/cal/c.ics" {
		t.Fatalf("decodeMultistatusEach = %v; gave %v", err, seen)
	}
	if len(ms.Responses) != 2 || ms.Responses[0].tooBig == nil || hrefs(&ms.Responses[1]) != "/cal/c.ics" {
		t.Errorf("kept %d responses; want huge.ics (skipped) and c.ics", len(ms.Responses))
	}
	stop := errors.New("stop")
	n := 0
	_, err = decodeMultistatusEach(strings.NewReader(body), func(r *response) (bool, error) {
		if n++; n == 3 {
			return false, stop
		}
		return false, nil
	})
	if err != stop || n != 3 {
		t.Errorf("after an error of each: %v, %d calls; want it, 3", err, n)
	}
}

// TestCRReferencesAgree: a CR written as a reference on every line (as
// Xandikos and libxml2's writers send calendar-data), in each form, next
// to what the scanner's plain runs stop at (a line that may begin an
// attachment, "]]", a reference that is not a CR's, the buffer's end), is
// read as encoding/xml reads it, within the bounds and past them.
func TestCRReferencesAgree(t *testing.T) {
	for _, cr := range []string{"&#13;", "&#xD;", "&#xd;", "&#x0D;", "&#013;", "&#13", "&#1;", "&#x;", "\r"} {
		var obj strings.Builder
		for i := range 1000 {
			fmt.Fprintf(&obj, "DESCRIPTION:line %d ]]%s\nATTACH;VALUE=BINARY;ENCODING=BASE64:QUJD%s\n ZGVm%s\nATTENDEE:mailto:a%d@x.example%s%s\n", i, cr, cr, cr, i, cr, cr)
		}
		body := `<multistatus xmlns="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><response><href>/cal/a.ics</href><propstat><prop><C:calendar-data>` +
			obj.String() + `</C:calendar-data></prop><status>HTTP/1.1 200 OK</status></propstat></response>` +
			`<response><href>/cal/b.ics</href><propstat><prop><C:calendar-data><![CDATA[x` + cr + "\ny]]></C:calendar-data></prop><status>HTTP/1.1 200 OK</status></propstat></response></multistatus>"
		t.Run(fmt.Sprintf("%q", cr), func(t *testing.T) {
			sameDecoding(t, body, respCap, skipCap)
			sameDecoding(t, body, 5000, 5000*4+64)
			for n := 0; n < len(body); n += 4093 {
				sameDecoding(t, body[:n], respCap, skipCap)
			}
		})
	}
}
