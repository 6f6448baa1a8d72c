package reconcile

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/netsyncd/netsyncd/internal/entry"
)

var (
	ny    = mustLoad("America/New_York")
	now   = time.Date(2026, 12, 7, 9, 0, 0, 0, ny)
	stamp = entry.EncodeOptions{As: "event", Private: true, Stamp: now}
)

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// entry is a desired prep entry for source src starting on day at hour.
func planned(src string, day, hour int, text string) entry.Entry {
	start := time.Date(2026, 12, day, hour, 0, 0, 0, ny)
	return entry.Entry{
		Kind: entry.KindPrep, UID: entry.UID(entry.KindPrep, src, ""), SourceUID: src,
		Summary: "Prep: " + src, Description: text,
		Start: start, End: start.Add(30 * time.Minute), Until: start.Add(30 * time.Minute),
		Alarm: 15 * time.Minute,
	}
}

// written is e as the server holds it after netsyncd wrote it with opts.
func written(t *testing.T, e entry.Entry, opts entry.EncodeOptions) Owned {
	t.Helper()
	o, err := entry.Decode(entry.Encode(e, opts))
	if err != nil {
		t.Fatalf("decode of a written entry: %v", err)
	}
	o.Href, o.ETag = "/cal/"+e.UID+".ics", `"etag-`+e.UID[9:15]+`"`
	return o
}

// edit changes an owned entry as a calendar app would, re-reading it.
func edit(t *testing.T, o Owned, change func(*entry.Entry)) Owned {
	t.Helper()
	e := entry.Entry{Kind: o.Kind, UID: o.UID, SourceUID: o.SourceUID, SourceRecurrenceID: o.SourceRecurrenceID, Week: o.Week,
		Summary: o.Summary, Description: o.Description, Location: o.Location, Start: o.Start, End: o.End,
		Alarm: 15 * time.Minute} // entry's alarm
	change(&e)
	// The app keeps netsyncd's X- properties as they were.
	edited := written(t, e, entry.EncodeOptions{As: o.As, Stamp: now, Sequence: o.Sequence, GeneratedHash: o.StoredHash, PlannedStart: o.PlannedStart, PlannedEnd: o.PlannedEnd})
	edited.Href, edited.ETag = o.Href, o.ETag+"-edited"
	return edited
}

func completed(t *testing.T, o Owned) Owned {
	t.Helper()
	data := strings.Replace(string(o.Data), "STATUS:NEEDS-ACTION", "STATUS:COMPLETED", 1)
	c, err := entry.Decode([]byte(data))
	if err != nil || !c.Completed {
		t.Fatalf("completing the todo: %v (completed %v)", err, c.Completed)
	}
	c.Href, c.ETag = o.Href, o.ETag
	return c
}

func at(day, hour, min int) time.Time { return time.Date(2026, 12, day, hour, min, 0, 0, ny) }

func moveTo(start time.Time) func(*entry.Entry) {
	return func(e *entry.Entry) { e.Start, e.End = start, start.Add(30*time.Minute) }
}

func describe(cs []Change) string {
	var b strings.Builder
	for _, c := range cs {
		fmt.Fprintf(&b, "\n  %s %s (%s) kept_user_edit=%v", c.Action, c.UID, c.Reason, c.KeptUserEdit)
	}
	return b.String()
}
