package limits

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/netsyncd/netsyncd/internal/config"
	"github.com/netsyncd/netsyncd/internal/event"
)

// maxSpanDays bounds the days walked for one all-day or multi-day event, so
// that a runaway event (a year-long "out of office") costs a bounded time.
const maxSpanDays = 400

// window is an allowed time of day: minutes after midnight, [from, to).
type window struct{ from, to int }

// newAllowed merges allowed_times into sorted, non-overlapping windows per
// weekday. set is false when allowed_times is empty: every time is allowed.
func newAllowed(ats []config.AllowedTime) (byDay [7][]window, set bool) {
	for _, at := range ats {
		for _, d := range at.Days {
			byDay[d%7] = append(byDay[d%7], window{int(at.From), int(at.To)})
		}
	}
	for d := range byDay {
		byDay[d] = merge(byDay[d])
	}
	return byDay, len(ats) > 0
}

func merge(ws []window) []window {
	sort.Slice(ws, func(i, j int) bool { return ws[i].from < ws[j].from })
	var out []window
	for _, w := range ws {
		if n := len(out); n > 0 && w.from <= out[n-1].to {
			out[n-1].to = max(out[n-1].to, w.to)
			continue
		}
		out = append(out, w)
	}
	return out
}

// spans reports whether an occurrence is counted by the day (all-day, or
// timed and longer than a day, like a conference entered 09:00 Tue to 17:00
// Thu) rather than by its duration.
func spans(o *event.Occurrence) bool { return o.AllDay || o.Duration() > 24*time.Hour }

// dayMinutes counts a spanning occurrence: on each calendar day it touches,
// the part of it inside the allowed times, at most all_day_hours. days is the
// number of days that count; closed lists the days whose weekday has no
// allowed time at all.
func (c *checker) dayMinutes(o *event.Occurrence) (total float64, days int, closed []time.Time) {
	start, end := o.Start.In(c.loc), o.End.In(c.loc)
	y, m, d := start.Date()
	for i := 0; i < maxSpanDays; i++ {
		ds, de := event.DayStart(y, m, d+i, c.loc), event.DayStart(y, m, d+i+1, c.loc) // not time.Date: a day may begin at 01:00
		if !ds.Before(end) {
			break
		}
		seg := c.allowedIn(ds, later(start, ds), earlier(end, de))
		if c.hasAllowed && len(c.allowed[ds.Weekday()]) == 0 {
			closed = append(closed, ds)
		}
		if mins := min(seg, c.lim.AllDayHours*60); mins > 0 {
			total += mins
			days++
		}
	}
	return total, days, closed
}

// allowedIn returns the minutes of [s, e) on day ds inside the allowed times.
func (c *checker) allowedIn(ds, s, e time.Time) float64 {
	if !c.hasAllowed {
		return e.Sub(s).Minutes()
	}
	y, m, d := ds.Date()
	var total float64
	for _, w := range c.allowed[ds.Weekday()] {
		ws, we := time.Date(y, m, d, 0, w.from, 0, 0, c.loc), time.Date(y, m, d, 0, w.to, 0, 0, c.loc)
		if o := earlier(e, we).Sub(later(s, ws)); o > 0 {
			total += o.Minutes()
		}
	}
	return total
}

// fitsAllowed reports whether a timed occurrence lies inside one allowed
// window of the day it starts on, by wall clock. An event that crosses
// midnight never fits, since no window runs past 24:00.
func (c *checker) fitsAllowed(o *event.Occurrence) bool {
	if !c.hasAllowed {
		return true
	}
	s, e := o.Start.In(c.loc), o.End.In(c.loc)
	sm := s.Hour()*60 + s.Minute()
	em := daysBetween(s, e)*24*60 + e.Hour()*60 + e.Minute()
	if e.Second() > 0 || e.Nanosecond() > 0 {
		em++
	}
	for _, w := range c.allowed[s.Weekday()] {
		if w.from <= sm && em <= w.to {
			return true
		}
	}
	return false
}

// allowedText writes a weekday's windows: "tue 07:00–21:00".
func (c *checker) allowedText(d time.Weekday) string {
	ws := c.allowed[d]
	if len(ws) == 0 {
		return fmt.Sprintf("no allowed time on %s", config.Weekday(d))
	}
	parts := make([]string, len(ws))
	for i, w := range ws {
		parts[i] = config.ClockTime(w.from).String() + "–" + config.ClockTime(w.to).String()
	}
	return config.Weekday(d).String() + " " + strings.Join(parts, ", ")
}

// daysBetween counts calendar days from a's date to b's date.
func daysBetween(a, b time.Time) int {
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	da := time.Date(ay, am, ad, 12, 0, 0, 0, time.UTC)
	db := time.Date(by, bm, bd, 12, 0, 0, 0, time.UTC)
	return int(db.Sub(da).Hours()+12) / 24
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func earlier(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
