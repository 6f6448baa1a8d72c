package hostile

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// childEnv names, in a child process, the test whose case it runs.
const childEnv = "NETSYNCD_HOSTILE_CHILD"

// Bounds are what a case may cost. A child over Time is killed; one whose
// resident set passes RSS is killed too (sampled on Linux, where the machine
// is shared and a runaway case must not take it down) and the case fails.
type Bounds struct {
	Time time.Duration
	RSS  int64 // bytes; the race detector's share is added by raceFactor
}

// Figure is one case's measured cost, as TestMain prints it.
type Figure struct {
	Case    string
	Time    time.Duration
	PeakRSS int64 // bytes; 0 when not measured
	Note    string
}

var (
	figuresMu sync.Mutex
	figures   []Figure
)

// Record adds a case's figures to the table TestMain prints. Case calls it;
// a test that measures its own figures (in-process, say) may call it too.
func Record(f Figure) {
	figuresMu.Lock()
	defer figuresMu.Unlock()
	figures = append(figures, f)
}

func inChild() bool { return os.Getenv(childEnv) != "" }

// Case runs fn in a child process of this test binary and fails t when the
// child fails, takes longer than b.Time or its peak RSS passes b.RSS. The
// child runs only this test (by -test.run) with childEnv set, so there Case
// calls fn directly. Peak RSS is the child's ru_maxrss from wait4: the
// whole process, Go runtime and all, which is what a MemoryMax counts.
func Case(t *testing.T, b Bounds, note string, fn func(t *testing.T)) {
	t.Helper()
	if inChild() {
		if os.Getenv(childEnv) == t.Name() {
			fn(t)
		}
		return
	}
	f, problems, err := runChild(t.Name(), b)
	if err != nil {
		t.Fatal(err)
	}
	f.Note = note
	Record(f)
	for _, p := range problems {
		t.Error(p)
	}
}

// runChild runs the test name in a child process within b and returns its
// figures and what went wrong, if anything.
func runChild(name string, b Bounds) (Figure, []string, error) {
	limit := b.RSS * raceFactor
	ctx, cancel := context.WithTimeout(context.Background(), b.Time)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^"+runPattern(name)+"$", "-test.count=1", "-test.v")
	cmd.Env = append(os.Environ(), childEnv+"="+name)
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	began := time.Now()
	if err := cmd.Start(); err != nil {
		return Figure{}, nil, err
	}
	killed, peak := watchRSS(ctx, cmd.Process, limit)
	err := cmd.Wait()
	f := Figure{Case: name, Time: time.Since(began), PeakRSS: peak()}
	if f.PeakRSS == 0 { // no /proc: ru_maxrss, which may count the parent too (below)
		f.PeakRSS = maxRSS(cmd.ProcessState)
	}
	var problems []string
	switch {
	case ctx.Err() != nil:
		problems = append(problems, fmt.Sprintf("the case took longer than %v and was killed; output:\n%s", b.Time, tail(out.String())))
	case killed():
		problems = append(problems, fmt.Sprintf("the case's resident set passed %d MB and it was killed; output:\n%s", limit>>20, tail(out.String())))
	case err != nil:
		problems = append(problems, fmt.Sprintf("the case failed (%v):\n%s", err, tail(out.String())))
	case !strings.Contains(out.String(), "--- PASS: "+name+" ("):
		problems = append(problems, fmt.Sprintf("the child did not run the case; output:\n%s", tail(out.String())))
	}
	if f.PeakRSS > limit {
		problems = append(problems, fmt.Sprintf("peak RSS %d MB; want at most %d MB", f.PeakRSS>>20, limit>>20))
	}
	return f, problems, nil
}

// runPattern quotes each level of a (sub)test name for -test.run, which
// splits the pattern at slashes.
func runPattern(name string) string {
	parts := strings.Split(name, "/")
	for i, p := range parts {
		parts[i] = regexp.QuoteMeta(p)
	}
	return strings.Join(parts, "$/^")
}

// maxRSS is the child's peak resident set in bytes (ru_maxrss is KiB on
// Linux, bytes on macOS). On Linux it is no more than a fallback: a child
// started with vfork shares the parent's memory until exec, and exec keeps
// that memory's high-water mark in ru_maxrss, so every child would seem at
// least as large as the test process that started it.
func maxRSS(ps *os.ProcessState) int64 {
	ru, ok := ps.SysUsage().(*syscall.Rusage)
	if !ok {
		return 0
	}
	if runtime.GOOS == "darwin" {
		return int64(ru.Maxrss)
	}
	return int64(ru.Maxrss) << 10
}

// watchRSS kills p when its resident set passes limit (Linux only: it reads
// /proc). The returned funcs tell whether it did, and the highest VmHWM
// (the process's own peak resident set since exec) it read; 0 without /proc.
func watchRSS(ctx context.Context, p *os.Process, limit int64) (killed func() bool, peak func() int64) {
	var mu sync.Mutex
	was, hwm := false, int64(0)
	go func() {
		tick := time.NewTicker(2 * time.Millisecond) // VmHWM keeps the peak; a sample after it sees it
		defer tick.Stop()
		for first := true; ; first = false {
			if !first {
				select {
				case <-ctx.Done():
					return
				case <-tick.C:
				}
			}
			rss, high, ok := currentRSS(p.Pid)
			if !ok {
				return // gone, or no /proc
			}
			mu.Lock()
			hwm = max(hwm, high, rss)
			mu.Unlock()
			if rss > limit {
				mu.Lock()
				was = true
				mu.Unlock()
				p.Kill()
				return
			}
		}
	}()
	return func() bool { mu.Lock(); defer mu.Unlock(); return was },
		func() int64 { mu.Lock(); defer mu.Unlock(); return hwm }
}

// currentRSS reads the resident set (VmRSS) and its high-water mark (VmHWM)
// of pid, in bytes.
func currentRSS(pid int) (rss, hwm int64, ok bool) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, 0, false
	}
	kb := func(rest string) int64 {
		var n int64
		fmt.Sscan(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), &n)
		return n << 10
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, found := strings.CutPrefix(line, "VmRSS:"); found {
			rss, ok = kb(rest), true
		} else if rest, found := strings.CutPrefix(line, "VmHWM:"); found {
			hwm = kb(rest)
		}
	}
	return rss, hwm, ok
}

func tail(s string) string {
	if len(s) > 4000 {
		return "..." + s[len(s)-4000:]
	}
	return s
}

// printFigures writes the table of every case's figures.
func printFigures(w io.Writer) {
	figuresMu.Lock()
	defer figuresMu.Unlock()
	if len(figures) == 0 {
		return
	}
	sort.SliceStable(figures, func(i, j int) bool { return figures[i].Case < figures[j].Case })
	fmt.Fprintf(w, "\nhostile inputs: %d cases (peak RSS of each case's own process%s)\n", len(figures), raceNote)
	fmt.Fprintf(w, "%-64s %10s %10s  %s\n", "case", "time", "peak RSS", "what")
	for _, f := range figures {
		rss := "-"
		if f.PeakRSS > 0 {
			rss = fmt.Sprintf("%d MB", f.PeakRSS>>20)
		}
		fmt.Fprintf(w, "%-64s %10s %10s  %s\n", f.Case, f.Time.Round(time.Millisecond), rss, f.Note)
	}
}

// figuresEnv names a file that TestMain also writes the table to, since
// `go test ./...` shows a passing package's output only with -v:
// scripts/test.sh sets it and prints the file after the tests.
const figuresEnv = "NETSYNCD_HOSTILE_FIGURES"

func TestMain(m *testing.M) {
	code := m.Run()
	if !inChild() {
		printFigures(os.Stdout)
		if path := os.Getenv(figuresEnv); path != "" {
			var b strings.Builder
			printFigures(&b)
			if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
				fmt.Fprintf(os.Stderr, "hostile: %s: %v\n", figuresEnv, err)
			}
		}
	}
	os.Exit(code)
}
