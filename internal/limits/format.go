package limits

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// name is how a message refers to an occurrence: its summary and when.
func (c *checker) name(it *Item) string {
	s := strings.TrimSpace(it.Occ.Summary)
	if s == "" {
		s = "(no title)"
	}
	return s + " (" + When(it.Occ.Start, it.Occ.End, it.Occ.AllDay, c.loc) + ")"
}

// When writes an occurrence's time for people, in loc:
// "Tue 10 Mar 18:00–20:00", "Fri 13 Mar 20:00–Sat 14 Mar 01:00",
// "Tue 10 Mar, all day", "Tue 10 Mar–Thu 12 Mar, all day".
func When(start, end time.Time, allDay bool, loc *time.Location) string {
	s, e := start.In(loc), end.In(loc)
	const day, clock = "Mon 2 Jan", "15:04"
	if allDay {
		last := e.AddDate(0, 0, -1)
		if daysBetween(s, last) <= 0 {
			return s.Format(day) + ", all day"
		}
		return s.Format(day) + "–" + last.Format(day) + ", all day"
	}
	if daysBetween(s, e) == 0 {
		return s.Format(day+" "+clock) + "–" + e.Format(clock)
	}
	return s.Format(day+" "+clock) + "–" + e.Format(day+" "+clock)
}

// dayList writes days as "Sun 15 Mar" joined with commas.
func (c *checker) dayList(days []time.Time) string {
	parts := make([]string, len(days))
	for i, d := range days {
		parts[i] = d.In(c.loc).Format("Mon 2 Jan")
	}
	return strings.Join(parts, ", ")
}

// FormatHours writes hours rounded to the hundredth: "7.5 h", "6 h", "0.02 h".
func FormatHours(h float64) string {
	return strconv.FormatFloat(math.Round(h*100)/100, 'f', -1, 64) + " h"
}

// fmtMinutes writes a span of minutes: "40 min", "2 h", "1 h 30 min".
func fmtMinutes(m float64) string {
	n := int(math.Round(m))
	switch {
	case n < 60:
		return strconv.Itoa(n) + " min"
	case n%60 == 0:
		return strconv.Itoa(n/60) + " h"
	default:
		return strconv.Itoa(n/60) + " h " + strconv.Itoa(n%60) + " min"
	}
}

// percent writes a share as "25%".
func percent(share float64) string {
	return strconv.Itoa(int(math.Round(share*100))) + "%"
}

// listAnd joins "a", "a and b", "a, b and c".
func listAnd(parts []string) string {
	switch len(parts) {
	case 0:
		return ""
	case 1:
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

// plural picks the word for n.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
