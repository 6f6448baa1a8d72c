package limits

import (
	"fmt"
	"sort"
	"time"

	"github.com/netsyncd/netsyncd/internal/event"
)

// WeekStart returns the midnight, in loc, that starts the week holding t,
// for weeks that begin on first. It uses calendar arithmetic (time.Date with
// a day offset), never a multiple of 24 h, so a week that holds a DST change
// is 167 or 169 hours long.
func WeekStart(t time.Time, loc *time.Location, first time.Weekday) time.Time {
	t = t.In(loc)
	back := (int(t.Weekday()) - int(first) + 7) % 7
	y, m, d := t.Date()
	return event.DayStart(y, m, d-back, loc)
}

// WeekLabel names the week that starts at start: the ISO 8601 week
// (time.ISOWeek) of start's date, "2026-W48". With week_start: monday this
// is exactly the ISO week; with another first day it is the ISO week of the
// week's first day (a week starting on Sunday 2026-03-08 is 2026-W10, since
// ISO weeks run Monday to Sunday). Every ISO week holds exactly one day of
// each weekday, so the label names one week and ParseWeek inverts it.
func WeekLabel(start time.Time) string {
	y, w := start.ISOWeek()
	return fmt.Sprintf("%04d-W%02d", y, w)
}

// ParseWeek reads a label written by WeekLabel ("2026-W50") and returns the
// week's start and end (exclusive) in loc, for weeks that begin on first.
func ParseWeek(label string, loc *time.Location, first time.Weekday) (start, end time.Time, err error) {
	var y, w int
	if n, e := fmt.Sscanf(label, "%4d-W%2d", &y, &w); n != 2 || e != nil || len(label) != 8 {
		return start, end, fmt.Errorf("limits: week %q: write it like 2026-W48", label)
	}
	jan4 := time.Date(y, time.January, 4, 12, 0, 0, 0, loc)
	monday1 := 4 - (int(jan4.Weekday())+6)%7 // day of January of week 1's Monday
	offset := (int(first) - int(time.Monday) + 7) % 7
	start = event.DayStart(y, time.January, monday1+7*(w-1)+offset, loc)
	if w < 1 || WeekLabel(start) != label {
		return time.Time{}, time.Time{}, fmt.Errorf("limits: week %q: %d has no week %d", label, y, w)
	}
	return start, weekAfter(start), nil
}

// weekAfter is the start of the week after the one starting at start: the
// same weekday's DayStart, which is not always the same time of day.
func weekAfter(start time.Time) time.Time {
	y, m, d := start.Date()
	return event.DayStart(y, m, d+7, start.Location())
}

// weeksBetween returns every week that intersects [from, to).
func weeksBetween(from, to time.Time, loc *time.Location, first time.Weekday) []Week {
	var weeks []Week
	if !from.Before(to) {
		return nil
	}
	for s := WeekStart(from, loc, first); s.Before(to); s = weekAfter(s) {
		weeks = append(weeks, Week{Week: WeekLabel(s), Start: s, End: weekAfter(s), Findings: []Finding{}})
	}
	return weeks
}

// weekIndex returns the index of the week holding t, or -1.
func weekIndex(weeks []Week, t time.Time) int {
	i := sort.Search(len(weeks), func(i int) bool { return weeks[i].End.After(t) })
	if i < len(weeks) && !t.Before(weeks[i].Start) {
		return i
	}
	return -1
}
