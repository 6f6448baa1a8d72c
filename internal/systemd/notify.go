// Package systemd speaks the sd_notify protocol: a datagram of
// "KEY=VALUE" lines to the unix socket named by $NOTIFY_SOCKET.
//
// Rules: when $NOTIFY_SOCKET is unset every call is a no-op that succeeds,
// so the daemon behaves the same outside systemd; a name starting with "@"
// is an abstract socket (sd_notify(3)).
package systemd

import (
	"fmt"
	"net"
	"strconv"
	"strings"
	"time"
)

// Notifier sends state changes to systemd.
type Notifier struct {
	socket string // "" = not under systemd
}

// NewNotifier reads $NOTIFY_SOCKET through getenv.
func NewNotifier(getenv func(string) string) *Notifier {
	return &Notifier{socket: getenv("NOTIFY_SOCKET")}
}

// Enabled reports whether a notify socket is configured.
func (n *Notifier) Enabled() bool { return n != nil && n.socket != "" }

// Notify sends one message of newline-separated assignments.
func (n *Notifier) Notify(state ...string) error {
	if !n.Enabled() {
		return nil
	}
	name := n.socket
	if strings.HasPrefix(name, "@") {
		name = "\x00" + name[1:]
	}
	conn, err := net.DialUnix("unixgram", nil, &net.UnixAddr{Name: name, Net: "unixgram"})
	if err != nil {
		return fmt.Errorf("systemd: notify: %w", err)
	}
	defer conn.Close()
	if _, err := conn.Write([]byte(strings.Join(state, "\n"))); err != nil {
		return fmt.Errorf("systemd: notify: %w", err)
	}
	return nil
}

// Ready says start-up is done.
func (n *Notifier) Ready(status string) error { return n.Notify("READY=1", "STATUS="+status) }

// Reloading says a reload began; systemd ≥ 253 wants MONOTONIC_USEC with it
// (sd_notify(3), "RELOADING=1").
func (n *Notifier) Reloading(monotonic time.Duration) error {
	return n.Notify("RELOADING=1", "MONOTONIC_USEC="+strconv.FormatInt(monotonic.Microseconds(), 10))
}

// Stopping says shutdown began.
func (n *Notifier) Stopping() error { return n.Notify("STOPPING=1", "STATUS=stopping") }

// Status sets the one-line status shown by `systemctl status`.
func (n *Notifier) Status(s string) error { return n.Notify("STATUS=" + s) }

// Watchdog pings the watchdog.
func (n *Notifier) Watchdog() error { return n.Notify("WATCHDOG=1") }

// WatchdogInterval is half of $WATCHDOG_USEC (ping twice per period, as
// sd_watchdog_enabled(3) advises), or 0 when no watchdog is set or it is
// meant for another process ($WATCHDOG_PID).
func WatchdogInterval(getenv func(string) string, pid int) time.Duration {
	usec, err := strconv.ParseInt(getenv("WATCHDOG_USEC"), 10, 64)
	if err != nil || usec <= 0 {
		return 0
	}
	if p := getenv("WATCHDOG_PID"); p != "" && p != strconv.Itoa(pid) {
		return 0
	}
	return time.Duration(usec) * time.Microsecond / 2
}
