package caldav

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// testFetchHistoryEach: the query that hands over each past object as it
// is decoded gives the window and the past FetchHistory gives.
func testFetchHistoryEach(t *testing.T, ctx context.Context, c *Client, cal string) {
	from := windowFrom.AddDate(0, -3, 0)
	win, past, _, err := c.FetchHistory(ctx, cal, from, windowFrom, windowTo)
	if err != nil {
		t.Fatal(err)
	}
	var got []Object
	win2, skipped, err := c.FetchHistoryEach(ctx, cal, from, windowFrom, windowTo, func(o Object) error {
		o.Data = slices.Clone(o.Data) // lent for the call only
		got = append(got, o)
		return nil
	})
	if err != nil || len(skipped) != 0 {
		t.Fatalf("FetchHistoryEach = %v, skipped %v", err, skipped)
	}
	sorted := func(objs []Object) []string { n := basenames(objs); slices.Sort(n); return n }
	if w, w2 := sorted(win), sorted(win2); !slices.Equal(w, w2) {
		t.Errorf("FetchHistoryEach's window = %q; FetchHistory's = %q", w2, w)
	}
	if p, p2 := sorted(past), sorted(got); !slices.Equal(p, p2) {
		t.Errorf("FetchHistoryEach handed over %q; FetchHistory's past = %q", p2, p)
	}
	// The bytes too: the past's were lent while handed over, the window's
	// kept (a kept response owns its copy before the next is decoded).
	sameData(t, "past", past, got)
	sameData(t, "window", win, win2)
	stop := errors.New("stop")
	if _, _, err := c.FetchHistoryEach(ctx, cal, from, windowFrom, windowTo, func(Object) error { return stop }); !errors.Is(err, stop) {
		t.Errorf("FetchHistoryEach with a failing callback = %v; want its error", err)
	}
}

// TestDecodeEachKeepsWhatItIsTold: a response the callback does not keep
// is not in the answer and does not count towards MaxKept, so an answer
// far larger than MaxKept is read when the caller keeps little of it.
func TestDecodeEachKeepsWhatItIsTold(t *testing.T) {
	bodyCap, keptCap, skipCap = 16<<20, 4<<20, 12<<20
	defer func() { bodyCap, keptCap, skipCap = MaxBody, MaxKept, MaxSkip }()
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?><d:multistatus xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav">`)
	for i := range 40 { // 40 objects of 200 KiB: twice keptCap
		fmt.Fprintf(&b, `<d:response><d:href>/cal/%d.ics</d:href><d:propstat><d:prop><d:getetag>"%d"</d:getetag><c:calendar-data>%s</c:calendar-data></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>`,
			i, i, eventWith(fmt.Sprint(i), "DESCRIPTION:"+strings.Repeat("x", 200<<10)+"\r\n"))
	}
	b.WriteString(`</d:multistatus>`)
	body := b.String()
	if _, err := decodeMultistatusEach(strings.NewReader(body), nil); !errors.Is(err, ErrTooMuchData) {
		t.Fatalf("the whole answer kept: %v; want ErrTooMuchData", err)
	}
	seen := 0
	ms, err := decodeMultistatusEach(strings.NewReader(body), func(r *response) (bool, error) {
		seen++
		return r.Hrefs[0] == "/cal/7.ics", nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if seen != 40 || len(ms.Responses) != 1 || ms.Responses[0].Hrefs[0] != "/cal/7.ics" {
		t.Fatalf("saw %d responses, kept %d; want 40, and 7.ics alone", seen, len(ms.Responses))
	}
	// Its calendar data was lent while handed over; kept, it is its own,
	// not overwritten by the 32 responses read after it.
	// (XML reads a line's CR LF as LF.)
	want := strings.ReplaceAll(eventWith("7", "DESCRIPTION:"+strings.Repeat("x", 200<<10)+"\r\n"), "\r\n", "\n")
	if got := ms.Responses[0].prop().CalendarData; got == nil || *got != want {
		t.Errorf("the kept response's calendar data is not 7.ics's")
	}
}

// sameData: every object of got that want has holds want's bytes.
func sameData(t *testing.T, what string, want, got []Object) {
	t.Helper()
	by := map[string][]byte{}
	for _, o := range want {
		by[o.Path] = o.Data
	}
	for _, o := range got {
		if w, ok := by[o.Path]; ok && string(w) != string(o.Data) {
			t.Errorf("FetchHistoryEach's %s object %s = %q; FetchHistory's = %q", what, o.Path, o.Data, w)
		}
	}
}
