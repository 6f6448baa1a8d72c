//go:build !linux

package systemd

import "time"

var started = time.Now()

// Monotonic is a monotonic reading of the time since the process started.
// systemd exists only on Linux, so elsewhere $NOTIFY_SOCKET is unset and
// the value never leaves the process; this keeps netsyncd building (and
// `netsyncd demo`, `once`, `run` working) on macOS and the BSDs.
func Monotonic() time.Duration { return time.Since(started) }
