package caldav

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

func eventWith(uid, extra string) string {
	return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:" + uid +
		"\r\nDTSTAMP:20261101T000000Z\r\nDTSTART:20261208T100000Z\r\n" + extra + "END:VEVENT\r\nEND:VCALENDAR\r\n"
}

// TestOneBadObjectCannotFailTheAnswer: characters XML forbids and bytes
// that are not UTF-8 in one object are repaired, that object is named in
// a warning, and every other object of the answer comes back intact.
func TestOneBadObjectCannotFailTheAnswer(t *testing.T) {
	for _, tc := range []struct{ name, desc, want string }{
		{"raw U+000B", "DESCRIPTION:agenda\x0bnext\r\n", "DESCRIPTION:agenda next"},
		{"reference &#11;", "DESCRIPTION:agenda&#11;next\r\n", "DESCRIPTION:agenda next"},
		{"reference &#x1F;", "DESCRIPTION:agenda&#x1F;next\r\n", "DESCRIPTION:agenda next"},
		{"invalid UTF-8", "DESCRIPTION:caf\xe9 \xff\r\n", "DESCRIPTION:caf\uFFFD \uFFFD"},
		{"NUL byte", "DESCRIPTION:a\x00b\r\n", "DESCRIPTION:a b"},
		{"U+FFFE", "DESCRIPTION:a\uFFFEb\r\n", "DESCRIPTION:a\uFFFDb"},
		{"raw ampersand", "DESCRIPTION:AT&T\r\n", "DESCRIPTION:AT&T"},
		{"undefined entity", "DESCRIPTION:a &x; b\r\n", "DESCRIPTION:a &x; b"},
		{"reference past Unicode", "DESCRIPTION:a&#99999999;b\r\n", "DESCRIPTION:a b"},
		{"reference without digits", "DESCRIPTION:a&#xZZ;b\r\n", "DESCRIPTION:a&#xZZ;b"},
		{"CDATA", "DESCRIPTION:<![CDATA[Jordan & Sam &amp; &#11; &x;\x0b]]>\r\n", "DESCRIPTION:Jordan & Sam &amp; &#11; &x; "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			body := multistatusXML(objectXML("/cal/a.ics", "1", tinyCal), objectXML("/cal/bad.ics", "2", eventWith("bad", tc.desc)),
				objectXML("/cal/c.ics", "3", strings.Replace(tinyCal, "UID:u", "UID:c", 1)))
			f := newFake(t, func(w http.ResponseWriter, r *http.Request) { write207(w, body) })
			c, logs := fakeClient(t, f.URL)
			objs, skipped, err := c.FetchAll(context.Background(), "/cal/")
			if err != nil || len(objs) != 3 || len(skipped) != 0 {
				t.Fatalf("FetchAll = %d objects, %v skipped, %v; want 3, none, no error", len(objs), skipped, err)
			}
			if got := string(objs[1].Data); !strings.Contains(got, tc.want) {
				t.Errorf("repaired object = %q; want it to hold %q", got, tc.want)
			}
			named := false
			for _, e := range logs.FilterMessageSnippet("repaired").All() {
				named = named || e.ContextMap()["href"] == "/cal/bad.ics"
			}
			if !named {
				t.Errorf("no warning names /cal/bad.ics: %v", logs.All())
			}
		})
	}
}

// TestAttachmentsAreNotKept: inline binary attachments are dropped as
// the answer is decoded; attachments by URI and everything else stay.
func TestAttachmentsAreNotKept(t *testing.T) {
	blob := strings.Repeat("QUJD", 25<<10)
	var folded strings.Builder
	for i := 0; i < len(blob); i += 74 {
		if i > 0 {
			folded.WriteString("\r\n ")
		}
		folded.WriteString(blob[i:min(i+74, len(blob))])
	}
	ev := eventWith("att", "ATTACH;FMTTYPE=application/pdf;ENCODING=BASE64;VALUE=BINARY:"+folded.String()+"\r\n"+
		"ATTACH:https://example.com/agenda.pdf\r\nSUMMARY:Coffee\r\n")
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		write207(w, multistatusXML(objectXML("/cal/a.ics", "1", ev)))
	})
	c, _ := fakeClient(t, f.URL)
	objs, _, err := c.FetchAll(context.Background(), "/cal/")
	if err != nil || len(objs) != 1 {
		t.Fatalf("FetchAll = %v, %v", objs, err)
	}
	got := string(objs[0].Data)
	if len(got) > 1000 || strings.Contains(got, "QUJD") || !strings.Contains(got, "ATTACH:https://example.com/agenda.pdf") || !strings.Contains(got, "SUMMARY:Coffee") {
		t.Errorf("object kept %d bytes:\n%.400s", len(got), got)
	}
}

// endless is a body that never ends.
type endless struct{}

func (endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'x'
	}
	return len(p), nil
}

// TestLyingAnswers: an endless body, a cut body, a wrong root, an object
// over MaxObject and more data than MaxKept each end in a bounded time
// with an error (or a skipped object) that says what happened.
func TestLyingAnswers(t *testing.T) {
	// Smaller caps, the same code: 256 MiB read byte by byte under the
	// race detector would take a minute.
	bodyCap, keptCap, skipCap = 16<<20, 4<<20, 12<<20
	defer func() { bodyCap, keptCap, skipCap = MaxBody, MaxKept, MaxSkip }()
	huge := eventWith("huge", "DESCRIPTION:"+strings.Repeat("y", MaxObject)+"\r\n")
	for _, tc := range []struct {
		name    string
		handler http.HandlerFunc
		want    string
		is      error
	}{
		{"endless response", func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusMultiStatus)
			io.WriteString(w, `<?xml version="1.0"?><d:multistatus xmlns:d="DAV:"><d:response><d:href>/cal/a.ics</d:href><d:status>`)
			io.Copy(w, io.LimitReader(endless{}, bodyCap+1<<20))
		}, "larger than any calendar object", ErrResponseTooLarge},
		{"endless attachment", func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusMultiStatus)
			io.WriteString(w, `<?xml version="1.0"?><d:multistatus xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav"><d:response><d:href>/cal/a.ics</d:href>`+
				"<d:propstat><d:prop><c:calendar-data>BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nATTACH;VALUE=BINARY;ENCODING=BASE64:QUJD")
			io.Copy(w, io.LimitReader(endless{}, bodyCap+1<<20))
		}, "larger than the body cap of 16 MiB", ErrBodyTooLarge},
		{"endless text between responses", func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusMultiStatus)
			io.WriteString(w, `<?xml version="1.0"?><d:multistatus xmlns:d="DAV:">`)
			io.Copy(w, io.LimitReader(endless{}, bodyCap+1<<20))
		}, "larger than any calendar object", ErrResponseTooLarge},
		{"endless unknown element", func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusMultiStatus)
			io.WriteString(w, `<?xml version="1.0"?><d:multistatus xmlns:d="DAV:"><d:junk>`)
			io.Copy(w, io.LimitReader(endless{}, bodyCap+1<<20))
		}, "larger than any calendar object", ErrResponseTooLarge},
		{"Content-Length over the cap", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Length", fmt.Sprint(bodyCap+1))
			w.WriteHeader(http.StatusMultiStatus)
		}, "larger than", ErrBodyTooLarge},
		{"cut body", func(w http.ResponseWriter, r *http.Request) {
			write207(w, multistatusXML(objectXML("/cal/a.ics", "1", tinyCal))[:300])
		}, "ended in the middle", io.ErrUnexpectedEOF},
		{"wrong root", func(w http.ResponseWriter, r *http.Request) {
			write207(w, `<?xml version="1.0"?><html><body>hi</body></html>`)
		}, "not DAV:multistatus", nil},
		{"too much data", func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusMultiStatus)
			io.WriteString(w, `<?xml version="1.0"?><d:multistatus xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav">`)
			obj := eventWith("big", "DESCRIPTION:"+strings.Repeat("z", MaxObject-1000)+"\r\n")
			for i := 0; i < int(keptCap/MaxObject)+2; i++ {
				io.WriteString(w, objectXML(fmt.Sprintf("/cal/%d.ics", i), "1", obj))
			}
			io.WriteString(w, `</d:multistatus>`)
		}, "more than", ErrTooMuchData},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if strings.HasPrefix(tc.name, "endless") {
				// 1 MiB a response: the same code, quicker under -race
				respCap, skipCap = 1<<20, 2<<20
				defer func() { respCap, skipCap = MaxObject*2+1<<20, 12<<20 }()
			}
			f := newFake(t, tc.handler)
			c, _ := fakeClient(t, f.URL)
			start := time.Now()
			_, _, err := c.FetchAll(context.Background(), "/cal/")
			if err == nil || !strings.Contains(err.Error(), tc.want) || (tc.is != nil && !errors.Is(err, tc.is)) {
				t.Errorf("FetchAll = %v; want an error saying %q", err, tc.want)
			}
			if err != nil && !strings.Contains(err.Error(), f.URL) {
				t.Errorf("the error %q does not name the URL", err)
			}
			if d := time.Since(start); d > 60*time.Second { // -race on a loaded machine: 23 s for "too much data"
				t.Errorf("took %s", d)
			}
		})
	}
	t.Run("object over MaxObject", func(t *testing.T) {
		f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
			write207(w, multistatusXML(objectXML("/cal/a.ics", "1", tinyCal), objectXML("/cal/huge.ics", "2", huge)))
		})
		c, _ := fakeClient(t, f.URL)
		objs, skipped, err := c.FetchAll(context.Background(), "/cal/")
		if err != nil || len(objs) != 1 || len(skipped) != 1 || skipped[0].Path != "/cal/huge.ics" || !strings.Contains(skipped[0].Err.Error(), "KiB") {
			t.Errorf("FetchAll = %d objects, skipped %v, %v; want a.ics, and huge.ics skipped by name", len(objs), skipped, err)
		}
	})
}

// FuzzDecodeMultistatus: no input panics the decoder or makes it keep
// more than it read, and a repaired answer still decodes.
func FuzzDecodeMultistatus(f *testing.F) {
	f.Add(multistatusXML(objectXML("/cal/a.ics", "1", tinyCal)))
	f.Add(multistatusXML(objectXML("/cal/a.ics", "1", eventWith("x", "DESCRIPTION:a\x0b&#11;\xff\r\n"))))
	f.Add(multistatusXML(objectXML("/cal/a.ics", "1", eventWith("x", "ATTACH;ENCODING=BASE64;VALUE=BINARY:QUJD\r\n QUJD\r\n"))))
	f.Add(`<?xml version="1.0"?><d:multistatus xmlns:d="DAV:"><d:sync-token>t</d:sync-token><d:other><d:response/></d:other></d:multistatus>`)
	f.Add(`<d:multistatus xmlns:d="DAV:"><d:response><d:href>&#x0;</d:href>`)
	f.Fuzz(func(t *testing.T, body string) {
		ms, err := decodeMultistatus(strings.NewReader(body))
		if err != nil {
			return
		}
		var kept int64
		for i := range ms.Responses {
			for _, ps := range ms.Responses[i].Propstats {
				if d := ps.Prop.CalendarData; d != nil {
					kept += int64(len(*d))
				}
			}
		}
		if kept > int64(len(body))*3+16 {
			t.Errorf("kept %d bytes of calendar data from a %d-byte body", kept, len(body))
		}
	})
}

// TestReadingHonoursTheContext: a cancelled context (SIGTERM) ends the
// reading of an answer that trickles in, at once.
func TestReadingHonoursTheContext(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusMultiStatus)
		io.WriteString(w, `<?xml version="1.0"?><d:multistatus xmlns:d="DAV:">`)
		w.(http.Flusher).Flush()
		for r.Context().Err() == nil {
			io.WriteString(w, `<d:response><d:href>/cal/a.ics</d:href></d:response>`)
			w.(http.Flusher).Flush()
			time.Sleep(10 * time.Millisecond)
		}
	})
	c, _ := fakeClient(t, f.URL)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(300*time.Millisecond, cancel)
	start := time.Now()
	_, _, err := c.FetchAll(ctx, "/cal/")
	if err == nil || !errors.Is(err, context.Canceled) {
		t.Errorf("FetchAll after cancel = %v; want context.Canceled", err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("FetchAll returned %s after the cancel", d-300*time.Millisecond)
	}
}
