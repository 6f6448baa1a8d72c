package daemon

import "time"

// trustFor is how long a calendar's ctag or sync-token is trusted after the
// calendar was last read whole.
const trustFor = 24 * time.Hour

// fresh tells whether a whole read at fullAt is recent enough at now to
// trust the calendar's ctag or token. A read in the future is not: the
// clock jumped back since (a wrong clock put right, a VM restored from a
// snapshot), and an age below zero would otherwise pass for fresh until
// the clock caught up, a year later perhaps.
func fresh(now, fullAt time.Time) bool {
	age := now.Sub(fullAt)
	return age >= 0 && age < trustFor
}
