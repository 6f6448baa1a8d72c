package daemon

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/zap/zaptest/observer"

	"github.com/netsyncd/netsyncd/internal/caldav"
	"github.com/netsyncd/netsyncd/internal/config"
	"github.com/netsyncd/netsyncd/internal/testservers"
)

// TestSkippedSourceKeepsItsEntries, against Radicale, for each way one
// source object can fail to be read: its text over what one response may
// hold, calendar-data that is not iCalendar, iCalendar whose event cannot
// be read, and a series over a budget. The entries netsyncd made from it
// earlier are neither deleted nor rewritten by the pass that skips it, by
// the next pass that reads the calendar whole (no cached copy: sync.json
// lost), nor by the incremental pass after that; once the object reads
// again, the target converges and no UID is doubled.
func TestSkippedSourceKeepsItsEntries(t *testing.T) {
	big := "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:coffee-sarah\r\nDTSTAMP:20261120T120000Z\r\n" +
		"DTSTART;TZID=America/New_York:20261202T083000\r\nSUMMARY:Coffee with Sarah Chen\r\nDESCRIPTION:" + strings.Repeat("agenda ", 10<<20/7) + "\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
	for _, tc := range []struct {
		name   string
		uid    string // the source whose entries are watched
		served string // what the server answers for its calendar-data; "" for the budget case
	}{
		{"over the response cap", "coffee-sarah", big},
		{"not iCalendar", "coffee-sarah", "this is not a calendar"},
		{"bad iCalendar", "coffee-sarah", "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:coffee-sarah\r\nDTSTAMP:20261120T120000Z\r\nDTSTART:never\r\nSUMMARY:Coffee with Sarah Chen\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"},
		{"over a budget", "coffee-daily", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := testservers.Radicale(t)
			events := fixtureEvents()
			events = append(events, fixtureEvent{UID: "coffee-daily", Summary: "Coffee with Lea Park", Location: "Blue Bottle, 5th Ave, Midtown",
				Start: day(2, 7, 30), Length: 30 * 60e9, Extra: "ATTENDEE;PARTSTAT=ACCEPTED:mailto:lea@park.example\r\nRRULE:FREQ=DAILY;COUNT=6\r\n"})
			h := newHarness(t, srv, events)
			var broken atomic.Bool
			href := regexp.QuoteMeta(tc.uid + ".ics")
			data := regexp.MustCompile(`(?s)(` + href + `</[^>]*>.*?<[^>/]*calendar-data[^>]*>)(.*?)(</[^>]*calendar-data>)`)
			up, _ := url.Parse(h.proxy.URL)
			rp := httputil.NewSingleHostReverseProxy(up)
			director := rp.Director
			rp.Director = func(r *http.Request) {
				director(r)
				r.Header.Del("Accept-Encoding") // a body to rewrite, not gzip
			}
			rp.ModifyResponse = func(r *http.Response) error {
				if !broken.Load() || tc.served == "" || r.Request.Method != "REPORT" {
					return nil
				}
				b, err := io.ReadAll(r.Body)
				r.Body.Close()
				if err != nil {
					return err
				}
				var esc bytes.Buffer
				_ = xmlEscape(&esc, tc.served)
				b = data.ReplaceAllFunc(b, func(m []byte) []byte {
					sub := data.FindSubmatch(m)
					return append(append(append([]byte{}, sub[1]...), esc.Bytes()...), sub[3]...)
				})
				r.Body, r.ContentLength = io.NopCloser(bytes.NewReader(b)), int64(len(b))
				r.Header.Del("Content-Length")
				return nil
			}
			front := httptest.NewServer(rp)
			defer front.Close()
			h.cfg.CalDAV.URL = front.URL

			if sum, _, err := h.runWith(false, nil); err != nil || len(sum.Errors) > 0 {
				t.Fatalf("first pass = %v, %v", err, sum)
			}
			h.target = srv.Home + "networking/"
			before := entriesOf(h, tc.uid)
			if len(before) == 0 {
				t.Fatalf("no entry made from %s by the first pass", tc.uid)
			}

			// The object changes on the server (the user edits it), and
			// what the server then answers for it cannot be read.
			broken.Store(true)
			if tc.served == "" {
				h.cfg.Budgets.EntriesPerSeries = 3 // the series is now over its budget
			} else {
				for _, e := range events {
					if e.UID == tc.uid {
						e.Extra += "COMMENT:edited\r\n"
						h.putSource(e)
					}
				}
			}
			check := func(when string) *observer.ObservedLogs {
				t.Helper()
				sum, logs, err := h.runWith(false, nil)
				if err != nil {
					t.Fatalf("%s: the pass failed: %v", when, err)
				}
				if sum.Deleted > 0 {
					t.Errorf("%s: the pass deleted %d entries", when, sum.Deleted)
				}
				after := entriesOf(h, tc.uid)
				for uid, etag := range before {
					if after[uid] != etag {
						t.Errorf("%s: the entry %s made from %s was deleted or rewritten (ETag %q, was %q)", when, uid, tc.uid, after[uid], etag)
					}
				}
				if logs.FilterMessageSnippet("skip").Len()+logs.FilterMessageSnippet("kept").Len() == 0 && sum.SkippedInvalid == 0 {
					t.Errorf("%s: nothing says an object was skipped", when)
				}
				return logs
			}
			check("the pass that skips it")
			h.now = h.now.Add(25 * time.Hour) // a calendar is read whole once a day
			logs := check("the pass that reads the calendar whole a day later, with the copy read before")
			if fetchSkip := tc.name != "bad iCalendar" && tc.served != ""; fetchSkip && logs.FilterMessageSnippet("copy read before").Len() == 0 {
				t.Errorf("the whole read did not plan from the copy read before")
			}
			if err := os.Remove(filepath.Join(h.dir, "sync.json")); err != nil {
				t.Fatal(err)
			}
			check("the next pass, reading the calendar whole")
			// Another event comes, so the next pass is not idle: it reads
			// the changes alone, and the skipped object is not among them.
			h.putSource(fixtureEvent{UID: "coffee-new", Summary: "Coffee with Noa Lee", Location: "Blue Bottle, 5th Ave, Midtown",
				Start: day(9, 8, 0), Length: 45 * 60e9, Extra: "ATTENDEE;PARTSTAT=ACCEPTED:mailto:noa@lee.example\r\n"})
			check("the incremental pass after it")

			// Readable again: the target converges.
			broken.Store(false)
			h.cfg.Budgets.EntriesPerSeries = config.Default().Budgets.EntriesPerSeries
			if _, err := h.cfg.Validate(); err != nil {
				t.Fatal(err)
			}
			for _, e := range events {
				if e.UID == tc.uid {
					e.Extra += "COMMENT:readable again\r\n"
					h.putSource(e)
				}
			}
			if sum, _, err := h.runWith(false, nil); err != nil || len(sum.Errors) > 0 {
				t.Fatalf("the pass after the object reads again = %v, %v", err, sum)
			}
			if got := entriesOf(h, tc.uid); len(got) != len(before) {
				t.Errorf("after it reads again: %d entries made from %s, want %d", len(got), tc.uid, len(before))
			}
			if sum, _, err := h.runWith(false, nil); err != nil || sum.Changed() {
				t.Errorf("the pass after that = %v, %+v; want no change", err, sum)
			}
		})
	}
}

// entriesOf maps the UIDs of the target's entries made from the source
// event uid to their ETags.
func entriesOf(h *harness, uid string) map[string]string {
	out := map[string]string{}
	for u, o := range h.owned() {
		if o.SourceUID == uid {
			out[u] = o.ETag
		}
	}
	return out
}

func xmlEscape(w *bytes.Buffer, s string) error {
	r := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", "\r", "&#13;")
	_, err := r.WriteString(w, s)
	return err
}

// TestGoneMembersAreNotUnread: a member the server says is gone (404,
// 410) or answered for another collection is no object of the calendar
// that could hold a source, so it does not stop deletions; one that could
// not be read (too big, bad data, a 500) does.
func TestGoneMembersAreNotUnread(t *testing.T) {
	cs := &calState{}
	cs.unread([]caldav.Skipped{
		{Path: "/c/gone.ics", Err: &caldav.StatusError{Method: "REPORT", Status: 404}},
		{Path: "/c/gone2.ics", Err: &caldav.StatusError{Method: "REPORT", Status: 410}},
		{Path: "/other/x.ics", Err: fmt.Errorf("not in that calendar: %w", caldav.ErrOtherCollection)},
		{Path: "/c/broken.ics", Err: &caldav.StatusError{Method: "REPORT", Status: 500}},
		{Path: "/c/big.ics", Err: errors.New("over the cap")},
	})
	got := slices.Sorted(maps.Keys(cs.Unread))
	if want := []string{"/c/big.ics", "/c/broken.ics"}; !slices.Equal(got, want) {
		t.Errorf("Unread = %v; want %v", got, want)
	}
}
