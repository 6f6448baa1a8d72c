package systemd

import (
	"syscall"
	"time"
	"unsafe"
)

// Monotonic is CLOCK_MONOTONIC, the clock sd_notify(3) wants with
// RELOADING=1 as MONOTONIC_USEC. Go's time package reads this clock but
// does not expose it, and the syscall package has no clock_gettime wrapper,
// hence the raw call (Linux only: see monotonic_other.go).
func Monotonic() time.Duration {
	var ts syscall.Timespec
	const clockMonotonic = 1 // CLOCK_MONOTONIC in <linux/time.h>, on every architecture
	syscall.Syscall(syscall.SYS_CLOCK_GETTIME, clockMonotonic, uintptr(unsafe.Pointer(&ts)), 0)
	return time.Duration(ts.Nano())
}
