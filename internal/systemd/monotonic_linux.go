package systemd

import (
	"time"

	"golang.org/x/sys/unix"
)

// Monotonic is CLOCK_MONOTONIC, the clock sd_notify(3) wants with
// RELOADING=1 as MONOTONIC_USEC. Go's time package reads this clock but
// does not expose it (Linux only: see monotonic_other.go).
func Monotonic() time.Duration {
	var ts unix.Timespec
	if err := unix.ClockGettime(unix.CLOCK_MONOTONIC, &ts); err != nil {
		return 0 // clock_gettime(2) cannot fail for CLOCK_MONOTONIC with a valid pointer
	}
	return time.Duration(ts.Nano())
}
