package entry

import "time"

var ny = func() *time.Location {
	loc, err := time.LoadLocation("America/New_York")
	if err != nil {
		panic(err)
	}
	return loc
}()

// at is a time on a day of December 2026 in New York: at(8, 18, 30) is
// Tue 8 Dec 18:30.
func at(day, hour, min int) time.Time { return time.Date(2026, 12, day, hour, min, 0, 0, ny) }
