package event

import "time"

// DayStart is the first instant of the date y-m-d in loc (d may be out of
// range, as for time.Date). That is midnight, except where a time zone
// moves its clocks forward at midnight (America/Santiago, America/Havana,
// America/Asuncion, Asia/Beirut): that day has no 00:00, time.Date answers
// with an instant of the day before, and the day begins at 01:00. Weeks,
// windows and all-day events begin here, never at the day before.
func DayStart(y int, m time.Month, d int, loc *time.Location) time.Time {
	t := time.Date(y, m, d, 0, 0, 0, 0, loc)
	wy, wm, wd := time.Date(y, m, d, 12, 0, 0, 0, loc).Date()
	for i := 0; i < 4*6; i++ { // no clock jumps by more than a few hours
		if ty, tm, td := t.Date(); ty == wy && tm == wm && td == wd {
			return t
		}
		t = t.Add(15 * time.Minute)
	}
	return time.Date(y, m, d, 0, 0, 0, 0, loc)
}
