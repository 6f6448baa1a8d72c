package systemd

import (
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestMonotonicAdvances: the clock moves forward with wall time and, on
// Linux, is CLOCK_MONOTONIC: never ahead of the time since boot
// (/proc/uptime is CLOCK_BOOTTIME, which also counts suspend).
func TestMonotonicAdvances(t *testing.T) {
	a := Monotonic()
	time.Sleep(20 * time.Millisecond)
	b := Monotonic()
	if d := b - a; d < 15*time.Millisecond || d > 5*time.Second {
		t.Fatalf("Monotonic advanced by %v over a 20ms sleep", d)
	}
	if runtime.GOOS != "linux" {
		return
	}
	data, err := os.ReadFile("/proc/uptime")
	if err != nil {
		t.Skipf("no /proc/uptime: %v", err)
	}
	up, err := strconv.ParseFloat(strings.Fields(string(data))[0], 64)
	if err != nil {
		t.Fatal(err)
	}
	uptime := time.Duration(up * float64(time.Second))
	if c := Monotonic(); c <= 0 || c > uptime+time.Second {
		t.Errorf("Monotonic() = %v; want CLOCK_MONOTONIC, in (0, uptime %v]", c, uptime)
	}
}
