package hostile

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// A lying CalDAV server: discovery and the calendar listing are honest,
// the source calendar's REPORT is whatever the case makes it. Bodies are
// generated as they are sent, so the server costs the child process
// nothing of what it measures.
type liar struct {
	report func(w http.ResponseWriter) // the source calendar's REPORT answer
	// stall, when set, answers the source calendar's REPORT instead, and
	// sees the request (its context ends when the client gives up)
	stall func(w http.ResponseWriter, r *http.Request)
	puts  atomic.Int64 // a pass sends its writes together
}

const liarHome = "/home/"

func (l *liar) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	io.Copy(io.Discard, io.LimitReader(r.Body, 1<<20))
	switch {
	case r.Method == "PROPFIND" && r.URL.Path == liarHome:
		ms(w, `<d:response><d:href>/home/work/</d:href><d:propstat><d:prop><d:displayname>Work</d:displayname>`+
			`<d:resourcetype><d:collection/><c:calendar/></d:resourcetype><cs:getctag>1</cs:getctag>`+
			`<c:supported-calendar-component-set><c:comp name="VEVENT"/></c:supported-calendar-component-set>`+
			`</d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>`+
			`<d:response><d:href>/home/networking/</d:href><d:propstat><d:prop><d:displayname>Networking</d:displayname>`+
			`<d:resourcetype><d:collection/><c:calendar/></d:resourcetype><cs:getctag>1</cs:getctag>`+
			`</d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>`)
	case r.Method == "PROPFIND":
		ms(w, `<d:response><d:href>`+r.URL.Path+`</d:href><d:propstat><d:prop>`+
			`<d:current-user-principal><d:href>/p/</d:href></d:current-user-principal>`+
			`<c:calendar-home-set><d:href>/home/</d:href></c:calendar-home-set>`+
			`</d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>`)
	case r.Method == "REPORT" && strings.HasPrefix(r.URL.Path, "/home/work/") && l.stall != nil:
		l.stall(w, r)
	case r.Method == "REPORT" && strings.HasPrefix(r.URL.Path, "/home/work/"):
		l.report(w)
	case r.Method == "REPORT":
		ms(w, "")
	case r.Method == "PUT":
		w.Header().Set("ETag", fmt.Sprintf(`"%d"`, l.puts.Add(1)))
		w.WriteHeader(http.StatusCreated)
	default:
		w.WriteHeader(http.StatusNoContent)
	}
}

const msOpen = `<?xml version="1.0" encoding="utf-8"?><d:multistatus xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav" xmlns:cs="http://calendarserver.org/ns/">`

func ms(w http.ResponseWriter, responses string) {
	w.Header().Set("Content-Type", "application/xml; charset=utf-8")
	w.WriteHeader(http.StatusMultiStatus)
	io.WriteString(w, msOpen+responses+`</d:multistatus>`)
}

// object is one response holding a networking coffee on day d of
// December 2026 with extra content lines.
func object(href string, i int, extra string) string {
	start := time.Date(2026, 11, 30, 14, 0, 0, 0, time.UTC).Add(time.Duration(i) * 9 * time.Minute)
	ics := calendar(vevent(fmt.Sprintf("ev-%d", i), start.Format("20060102T150405Z"), extra))
	var b strings.Builder
	xmlEscape(&b, ics)
	return `<d:response><d:href>` + href + `</d:href><d:propstat><d:prop><d:getetag>"e` + fmt.Sprint(i) + `"</d:getetag>` +
		`<c:calendar-data>` + b.String() + `</c:calendar-data></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>`
}

func xmlEscape(b *strings.Builder, s string) {
	r := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")
	b.WriteString(r.Replace(s))
}

// onceAgainst runs `netsyncd once --json` against l and returns its exit code,
// its JSON and its stderr.
func onceAgainst(t *testing.T, l *liar) (int, map[string]any, string) {
	t.Helper()
	return onceAgainstWith(t, l, "")
}

func errorsOf(sum map[string]any) string {
	b, _ := json.Marshal(sum["errors"])
	return string(b)
}

// 2,000 events with 100 KB attachments: a 200 MB answer is decoded as it
// arrives and the attachments are not kept (800 MB peak before). Under
// the race detector, a tenth of it.
func TestServerBigAnswerWithAttachments(t *testing.T) {
	n := 2000 / raceFactor
	Case(t, Bounds{Time: 3 * time.Minute, RSS: 256 << 20}, fmt.Sprintf("once: a %d MB REPORT of %d events with 100 KB attachments", n/10, n), func(t *testing.T) {
		blob := strings.Repeat("QUJD", 100<<10/4)
		var folded strings.Builder
		for i := 0; i < len(blob); i += 74 {
			folded.WriteString("\r\n " + blob[i:min(i+74, len(blob))])
		}
		attach := "ATTACH;FMTTYPE=application/pdf;ENCODING=BASE64;VALUE=BINARY:" + folded.String()[3:]
		// One object's text, split at its attachment, written n times: the
		// server makes no garbage for the child's peak.
		pre, post, _ := strings.Cut(object("/home/work/ev-%d.ics", 0, "X-AT:here"), "X-AT:here")
		pre = strings.Replace(pre, "DTSTART:20261130T140000Z", "DTSTART:%s", 1)
		att := []byte(attach)
		l := &liar{report: func(w http.ResponseWriter) {
			w.Header().Set("Content-Type", "application/xml")
			w.WriteHeader(http.StatusMultiStatus)
			io.WriteString(w, msOpen)
			for i := 0; i < n; i++ {
				start := time.Date(2026, 11, 30, 14, 0, 0, 0, time.UTC).Add(time.Duration(i) * 9 * time.Minute)
				fmt.Fprintf(w, strings.Replace(pre, "UID:ev-0", "UID:ev-%d", 1), i, i, start.Format("20060102T150405Z"))
				w.Write(att)
				io.WriteString(w, post)
			}
			io.WriteString(w, `</d:multistatus>`)
		}}
		code, sum, errOut := onceAgainst(t, l)
		if code != 0 || sum["created"].(float64) < 1 {
			t.Errorf("once = exit %d, created %v, errors %s; want a whole pass\n%.2000s", code, sum["created"], errorsOf(sum), errOut)
		}
	})
}

// lie is one lie of a server: the source calendar's REPORT answer, and
// what once must say. Each fails the pass (exit 1, the error in the JSON
// naming the URL and what happened) in bounded time and memory and
// deletes nothing, or, for answers that are only odd, goes on.
func lie(t *testing.T, want string, code int, report func(w http.ResponseWriter)) {
	Case(t, Bounds{Time: 2 * time.Minute, RSS: 300 << 20}, "once against a server: "+strings.TrimPrefix(t.Name(), "TestServerLies"), func(t *testing.T) {
		out, sum, errOut := onceAgainst(t, &liar{report: report})
		errs := errorsOf(sum)
		if out != code || !strings.Contains(errs, want) {
			t.Errorf("once = exit %d, errors %s; want exit %d and an error saying %q\n%.3000s", out, errs, code, want, errOut)
		}
		if code != 0 && !strings.Contains(errs, "/home/work/") {
			t.Errorf("the errors %s do not name the calendar's URL", errs)
		}
		if d, _ := sum["deleted"].(float64); d > 0 {
			t.Errorf("a failed read deleted %v entries", d)
		}
	})
}

var goodObject = object("/home/work/good.ics", 1, "")

func TestServerLiesEndlessObject(t *testing.T) {
	lie(t, "larger than any calendar object", 1, func(w http.ResponseWriter) {
		w.WriteHeader(http.StatusMultiStatus)
		io.WriteString(w, msOpen+`<d:response><d:href>/home/work/a.ics</d:href><d:propstat><d:prop><c:calendar-data>`)
		endless(w, "DESCRIPTION:endless\r\n")
	})
}

// An endless attachment is dropped as it arrives, so only the body cap
// ends it.
func TestServerLiesEndlessAttachment(t *testing.T) {
	if raceFactor > 1 {
		// Not a missing dependency: the race detector makes the byte-by-byte
		// read of 256 MB outlast the 30 s request timeout. internal/caldav's
		// TestLyingAnswers runs the same code with smaller caps under -race.
		t.Skip("reads 256 MB byte by byte: longer than the request timeout under -race")
	}
	lie(t, "larger than the body cap of 256 MiB", 1, func(w http.ResponseWriter) {
		w.WriteHeader(http.StatusMultiStatus)
		io.WriteString(w, msOpen+`<d:response><d:href>/home/work/a.ics</d:href><d:propstat><d:prop><c:calendar-data>`+
			"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nATTACH;ENCODING=BASE64;VALUE=BINARY:QUJD")
		endless(w, "\r\n QUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJD")
	})
}

// endless writes line to w until the client gives up.
func endless(w io.Writer, line string) {
	chunk := strings.Repeat(line, 32<<10/len(line))
	for {
		if _, err := io.WriteString(w, chunk); err != nil {
			return
		}
	}
}

func TestServerLiesContentLength(t *testing.T) {
	lie(t, "larger than the body cap of 256 MiB", 1, func(w http.ResponseWriter) {
		w.Header().Set("Content-Length", fmt.Sprint(300<<20))
		w.WriteHeader(http.StatusMultiStatus)
	})
}

func TestServerLiesTruncatedBody(t *testing.T) {
	lie(t, "ended in the middle", 1, func(w http.ResponseWriter) {
		w.WriteHeader(http.StatusMultiStatus)
		io.WriteString(w, (msOpen + goodObject)[:400])
	})
}

func TestServerLiesContentType(t *testing.T) {
	lie(t, "", 0, func(w http.ResponseWriter) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusMultiStatus)
		io.WriteString(w, msOpen+goodObject+`</d:multistatus>`)
	})
}

func TestServerLiesBogusHrefs(t *testing.T) {
	lie(t, "", 0, func(w http.ResponseWriter) {
		w.WriteHeader(http.StatusMultiStatus)
		io.WriteString(w, msOpen+goodObject+
			`<d:response><d:href>%zz</d:href><d:status>HTTP/1.1 200 OK</d:status></d:response>`+
			`<d:response><d:href>/a</d:href><d:href>/b</d:href></d:response>`+
			`<d:response></d:response>`+
			object("http://elsewhere.example/x.ics", 2, "")+
			`</d:multistatus>`)
	})
}

func TestServerLiesHugeHeaders(t *testing.T) {
	lie(t, "header", 1, func(w http.ResponseWriter) {
		w.Header().Set("X-Junk", strings.Repeat("j", 8<<20))
		w.WriteHeader(http.StatusMultiStatus)
	})
}

func TestServerLiesNotXML(t *testing.T) {
	lie(t, "bad multi-status", 1, func(w http.ResponseWriter) {
		w.WriteHeader(http.StatusMultiStatus)
		io.WriteString(w, `{"json": "instead"}`)
	})
}
