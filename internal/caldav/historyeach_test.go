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
		t.Errorf("saw %d responses, kept %d; want 40, and 7.ics alone", seen, len(ms.Responses))
	}
}
