package caldav

import (
	"context"
	"slices"
	"testing"
)

// testFetchRange: the history read's one query returns the single events
// of the range and nothing outside it; a server may add the series that
// overlap it (they are expanded and filtered by the caller).
func testFetchRange(t *testing.T, ctx context.Context, c *Client, cal string) {
	objs, skipped, err := c.FetchRange(ctx, cal, windowFrom, windowTo)
	if err != nil || len(skipped) != 0 {
		t.Fatalf("FetchRange = %v, skipped %v", err, skipped)
	}
	got := basenames(objs)
	for _, want := range []string{"in-range.ics", "with-tz.ics"} {
		if !slices.Contains(got, want) {
			t.Errorf("FetchRange(%s .. %s) = %q; want %s in it", windowFrom, windowTo, got, want)
		}
	}
	for _, not := range []string{"after.ics", "before.ics", "todo.ics", "old-recurring.ics"} {
		if slices.Contains(got, not) {
			t.Errorf("FetchRange(%s .. %s) = %q; want no %s", windowFrom, windowTo, got, not)
		}
	}
}
