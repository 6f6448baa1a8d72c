package caldav

import (
	"context"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"
)

// bigDescription is an object whose text, attachments aside, is over
// respCap: what a response may hold before it is skipped.
func bigDescription(uid string) string {
	return eventWith(uid, "DESCRIPTION:"+strings.Repeat("agenda ", int(respCap)/7+1<<10)+"\r\n")
}

// wantSkippedBig checks that the objects are a.ics and c.ics, whole, and
// that huge.ics is skipped and named with its size, the cap and what to do.
func wantSkippedBig(t *testing.T, objs []Object, skipped []Skipped, err error, logs interface{ Len() int }) {
	t.Helper()
	if err != nil {
		t.Fatalf("the fetch failed: %v; want the object too large skipped and the others read", err)
	}
	var paths []string
	for _, o := range objs {
		paths = append(paths, o.Path)
		if !strings.Contains(string(o.Data), "END:VCALENDAR") {
			t.Errorf("%s came back cut: %.200q", o.Path, o.Data)
		}
	}
	if strings.Join(paths, " ") != "/cal/a.ics /cal/c.ics" {
		t.Errorf("objects %v; want /cal/a.ics /cal/c.ics", paths)
	}
	if len(skipped) != 1 || skipped[0].Path != "/cal/huge.ics" {
		t.Fatalf("skipped %v; want /cal/huge.ics alone", skipped)
	}
	msg := skipped[0].Err.Error()
	for _, w := range []string{"KiB, more than the 4096 KiB netsyncd reads", "in your calendar app", "left as they are"} {
		if !strings.Contains(msg, w) {
			t.Errorf("the skip says %q; want it to say %q", msg, w)
		}
	}
	if logs.Len() == 0 {
		t.Errorf("nothing logged")
	}
}

// TestObjectOverTheResponseCapIsSkipped: one object whose text is over
// what a response may hold (respCap) is skipped, by href, with its size
// and what to do, and the objects after it in the same answer are read,
// whatever way the answer is written (prefixes, a default namespace,
// CDATA holding markup, a comment), by a calendar-query, a multiget and a
// sync-collection followed by its multiget.
func TestObjectOverTheResponseCapIsSkipped(t *testing.T) {
	// A smaller cap, the same code: 9 MiB read byte by byte under the race
	// detector on a loaded machine outlasts the request timeout.
	respCap = 512 << 10
	defer func() { respCap = MaxObject*2 + 1<<20 }()
	c2 := strings.Replace(tinyCal, "UID:u", "UID:c", 1)
	huge := bigDescription("huge")
	for _, tc := range []struct{ name, body string }{
		{"prefixed", multistatusXML(objectXML("/cal/a.ics", "1", tinyCal), objectXML("/cal/huge.ics", "2", huge), objectXML("/cal/c.ics", "3", c2))},
		{"default namespace", `<?xml version="1.0"?><multistatus xmlns="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">` +
			`<response><href>/cal/a.ics</href><propstat><prop><getetag>1</getetag><C:calendar-data>` + tinyCal + `</C:calendar-data></prop></propstat></response>` +
			`<response><href>/cal/huge.ics</href><propstat><prop><getetag>2</getetag><C:calendar-data>` + huge + `</C:calendar-data></prop></propstat></response>` +
			`<!-- a comment </response> --><response><href>/cal/c.ics</href><propstat><prop><getetag>3</getetag><C:calendar-data>` + c2 + `</C:calendar-data></prop></propstat></response></multistatus>`},
		{"CDATA holding markup", multistatusXML(objectXML("/cal/a.ics", "1", tinyCal),
			`<d:response xmlns:x="urn:x"><d:href>/cal/huge.ics</d:href><d:propstat><d:prop><c:calendar-data><![CDATA[`+huge+`</d:response></d:multistatus>]]></c:calendar-data>`+
				`<x:y a="</d:response>"/></d:prop></d:propstat></d:response>`, objectXML("/cal/c.ics", "3", c2))},
		{"two in a row", multistatusXML(objectXML("/cal/a.ics", "1", tinyCal), objectXML("/cal/huge.ics", "2", huge),
			objectXML("/cal/huge.ics", "2", huge), objectXML("/cal/c.ics", "3", c2))},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFake(t, func(w http.ResponseWriter, r *http.Request) { write207(w, tc.body) })
			c, logs := fakeClient(t, f.URL)
			from := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
			objs, skipped, err := c.Fetch(context.Background(), "/cal/", from, from.AddDate(0, 1, 0))
			wantSkippedBig(t, objs, skipped, err, logs.FilterMessageSnippet("skipping"))
		})
	}
	t.Run("multiget", func(t *testing.T) {
		f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
			write207(w, multistatusXML(objectXML("/cal/a.ics", "1", tinyCal), objectXML("/cal/huge.ics", "2", huge), objectXML("/cal/c.ics", "3", c2)))
		})
		c, logs := fakeClient(t, f.URL)
		objs, skipped, err := c.MultiGet(context.Background(), "/cal/", []string{"/cal/a.ics", "/cal/c.ics", "/cal/huge.ics"})
		wantSkippedBig(t, objs, skipped, err, logs.FilterMessageSnippet("skipping"))
	})
	t.Run("sync-collection", func(t *testing.T) {
		// A server that lies in the sync answer too: the entry over the
		// cap counts as changed, so the multiget names it.
		hrefRE := regexp.MustCompile(`<D:href>([^<]*)</D:href>`)
		f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
			raw, _ := io.ReadAll(r.Body)
			body := string(raw)
			if strings.Contains(body, "sync-collection") {
				write207(w, multistatusXML(`<d:response><d:href>/cal/a.ics</d:href><d:propstat><d:prop><d:getetag>1</d:getetag></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>`,
					`<d:response><d:href>/cal/huge.ics</d:href><d:propstat><d:prop><d:getetag>`+strings.Repeat("e", int(respCap)+1)+`</d:getetag></d:prop></d:propstat></d:response>`,
					`<d:response><d:href>/cal/c.ics</d:href><d:propstat><d:prop><d:getetag>3</d:getetag></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>`,
					`<d:sync-token>http://example.com/sync/2</d:sync-token>`))
				return
			}
			var resps []string
			for _, m := range hrefRE.FindAllStringSubmatch(body, -1) {
				switch m[1] {
				case "/cal/a.ics":
					resps = append(resps, objectXML(m[1], "1", tinyCal))
				case "/cal/c.ics":
					resps = append(resps, objectXML(m[1], "3", c2))
				case "/cal/huge.ics":
					resps = append(resps, objectXML(m[1], "2", huge))
				}
			}
			write207(w, multistatusXML(resps...))
		})
		c, logs := fakeClient(t, f.URL)
		changed, _, _, err := c.SyncCollection(context.Background(), "/cal/", "")
		if err != nil || strings.Join(changed, " ") != "/cal/a.ics /cal/c.ics /cal/huge.ics" {
			t.Fatalf("SyncCollection = %v, %v; want the three changed, the one over the cap too", changed, err)
		}
		objs, skipped, err := c.MultiGet(context.Background(), "/cal/", changed)
		wantSkippedBig(t, objs, skipped, err, logs.FilterMessageSnippet("skipping"))
	})
}

// FuzzMultistatusResync: an answer decoded with a tiny response cap, so
// that any response may be skipped and the decoder resynchronised after
// it, never panics, and when it succeeds it holds the same responses as
// the answer decoded whole, each either the same or skipped by its href.
func FuzzMultistatusResync(f *testing.F) {
	c2 := strings.Replace(tinyCal, "UID:u", "UID:c", 1)
	f.Add(multistatusXML(objectXML("/cal/a.ics", "1", tinyCal), objectXML("/cal/b.ics", "2", eventWith("b", "DESCRIPTION:"+strings.Repeat("long ", 40)+"\r\n")), objectXML("/cal/c.ics", "3", c2)), 200)
	f.Add(`<?xml version="1.0"?><multistatus xmlns="DAV:"><response><href>/a</href><propstat><prop><getetag>`+strings.Repeat("e", 300)+`</getetag></prop></propstat></response><!-- </response> --><response><href>/b</href></response></multistatus>`, 100)
	f.Add(multistatusXML(`<d:response xmlns:x="urn:x"><d:href>/cal/b.ics</d:href><d:propstat><d:prop><c:calendar-data><![CDATA[`+tinyCal+`</d:response>]]></c:calendar-data><x:y a="</d:response>"/><?pi > ?></d:prop></d:propstat></d:response>`, objectXML("/cal/c.ics", "3", c2)), 120)
	f.Add(multistatusXML(objectXML("/cal/a.ics", "1", eventWith("x", "DESCRIPTION:a\x0b&#11;\xff\r\nATTACH;ENCODING=BASE64;VALUE=BINARY:QUJD\r\n QUJD\r\n")), objectXML("/cal/c.ics", "3", c2)), 150)
	f.Fuzz(func(t *testing.T, body string, limit int) {
		resp := int64(limit%4096+4096) % 4096
		whole, err := decodeCapped(strings.NewReader(body), respCap, skipCap)
		if err != nil {
			return
		}
		part, err := decodeCapped(strings.NewReader(body), resp, resp*4+64)
		if err != nil {
			return
		}
		if len(part.Responses) != len(whole.Responses) {
			t.Fatalf("%d responses with a cap of %d bytes, %d whole", len(part.Responses), resp, len(whole.Responses))
		}
		for i := range whole.Responses {
			w, p := &whole.Responses[i], &part.Responses[i]
			if p.tooBig != nil && len(p.Propstats) == 0 && len(p.Hrefs) > 0 && len(p.Hrefs) <= len(w.Hrefs) &&
				strings.Join(p.Hrefs, "\x00") == strings.Join(w.Hrefs[:len(p.Hrefs)], "\x00") {
				continue // skipped, by its href
			}
			if hrefs(p) != hrefs(w) || p.Status != w.Status || len(p.Propstats) != len(w.Propstats) {
				t.Fatalf("response %d: %q %q with a cap of %d bytes, %q %q whole", i, hrefs(p), p.Status, resp, hrefs(w), w.Status)
			}
			for j := range w.Propstats {
				a, b := w.Propstats[j].Prop.CalendarData, p.Propstats[j].Prop.CalendarData
				if (a == nil) != (b == nil) || (a != nil && *a != *b) {
					t.Fatalf("response %d (%s): its calendar-data differs with a cap of %d bytes", i, hrefs(w), resp)
				}
			}
		}
		if part.SyncToken != whole.SyncToken {
			t.Fatalf("sync-token %q with a cap, %q whole", part.SyncToken, whole.SyncToken)
		}
	})
}

// TestAnswerThatNestsOrDeclaresLatin1: a response nesting elements
// 200,000 deep (encoding/xml keeps a frame for each: hundreds of MB for
// 9 MiB) is skipped by its href as soon as it passes maxDepth, and the
// responses after it are read; an answer declaring ISO-8859-1 is read as
// UTF-8 (its bytes that are not UTF-8 become U+FFFD, and the object is
// named as repaired) instead of failing the calendar.
func TestAnswerThatNestsOrDeclaresLatin1(t *testing.T) {
	c2 := strings.Replace(tinyCal, "UID:u", "UID:c", 1)
	t.Run("nesting", func(t *testing.T) {
		deep := `<d:response><d:href>/cal/huge.ics</d:href><d:propstat><d:prop>` + strings.Repeat("<x>", 200_000) + strings.Repeat("</x>", 200_000) + `</d:prop></d:propstat></d:response>`
		f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
			write207(w, multistatusXML(objectXML("/cal/a.ics", "1", tinyCal), deep, objectXML("/cal/c.ics", "3", c2)))
		})
		c, _ := fakeClient(t, f.URL)
		objs, skipped, err := c.FetchAll(context.Background(), "/cal/")
		if err != nil || len(objs) != 2 || len(skipped) != 1 || skipped[0].Path != "/cal/huge.ics" || !strings.Contains(skipped[0].Err.Error(), "more than 64 deep") {
			t.Errorf("FetchAll = %d objects, skipped %v, %v; want a.ics and c.ics, huge.ics skipped for its depth", len(objs), skipped, err)
		}
	})
	t.Run("ISO-8859-1", func(t *testing.T) {
		body := `<?xml version="1.0" encoding="ISO-8859-1"?>` + strings.TrimPrefix(multistatusXML(objectXML("/cal/a.ics", "1", eventWith("caf", "SUMMARY:Caf\xe9\r\n")), objectXML("/cal/c.ics", "3", c2)), `<?xml version="1.0" encoding="utf-8"?>`)
		f := newFake(t, func(w http.ResponseWriter, r *http.Request) { write207(w, body) })
		c, logs := fakeClient(t, f.URL)
		objs, _, err := c.FetchAll(context.Background(), "/cal/")
		if err != nil || len(objs) != 2 || !strings.Contains(string(objs[0].Data), "SUMMARY:Caf\uFFFD") {
			t.Fatalf("FetchAll = %d objects, %v; want both, the first repaired", len(objs), err)
		}
		if logs.FilterMessageSnippet("repaired").Len() != 1 {
			t.Errorf("the repaired object is not named: %v", logs.All())
		}
	})
}
