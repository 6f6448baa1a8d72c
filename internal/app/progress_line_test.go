package app

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.uber.org/zap"

	"github.com/netsyncd/netsyncd/internal/daemon"
	"github.com/netsyncd/netsyncd/internal/davserver"
)

func TestLiveLineKeepsLogLinesWhole(t *testing.T) {
	var term bytes.Buffer
	l := newLiveLine(&term)
	fmt.Fprint(l, "12:00:00 INFO starting\n") // no progress line yet: written as is
	l.show(daemon.Progress{Phase: daemon.PhaseFetching, Calendar: "Work", N: 1, Of: 2})
	fmt.Fprint(l, "12:00:01 INFO fetched a calendar\n")
	l.show(daemon.Progress{Phase: daemon.PhaseWriting, N: 3, Of: 10})
	fmt.Fprint(l.before(&term), "3 created\n")
	l.done() // nothing left to clear

	want := "12:00:00 INFO starting\n" +
		clearLine + "fetching Work (1/2) ..." +
		clearLine + "12:00:01 INFO fetched a calendar\n" + "fetching Work (1/2) ..." +
		clearLine + "writing 3/10 ..." +
		clearLine + "3 created\n"
	if got := term.String(); got != want {
		t.Errorf("terminal got\n%q\nwant\n%q", got, want)
	}
}

// Off a terminal, once prints no progress line: the log's info lines are
// the plain progress lines, and --json gets nothing but its JSON.
func TestOnceOffATerminalHasNoLiveLine(t *testing.T) {
	out, errOut := runOnceForProgress(t, "--json")
	if strings.Contains(errOut, clearLine) || strings.Contains(out, clearLine) {
		t.Errorf("once --json wrote a live progress line:\nstdout %q\nstderr %q", out, errOut)
	}
	if !strings.HasPrefix(strings.TrimSpace(out), "{") || !strings.HasSuffix(strings.TrimSpace(out), "}") {
		t.Errorf("once --json printed more than its JSON: %q", out)
	}
	if !strings.Contains(errOut, `"msg":"fetched a calendar"`) || !strings.Contains(errOut, `"msg":"writing"`) {
		t.Errorf("once's log has no plain progress lines:\n%s", errOut)
	}
	out, errOut = runOnceForProgress(t)
	if strings.Contains(errOut, clearLine) || strings.Contains(out, clearLine) {
		t.Errorf("once off a terminal wrote a live progress line: %q", errOut)
	}
}

// runOnceForProgress makes one first pass of `once` against the demo's
// sample server, stderr not a terminal, and returns stdout and stderr.
func runOnceForProgress(t *testing.T, flags ...string) (string, string) {
	t.Helper()
	_, url, stop, err := startDemoServer(fixedNow, "127.0.0.1:0", zap.NewNop())
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	conf := filepath.Join(t.TempDir(), "config.yaml")
	yaml := string(davserver.SampleConfigYAML(url)) + "state_dir: " + filepath.Join(t.TempDir(), "state") + "\n"
	if err := os.WriteFile(conf, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{davserver.SampleConfigPasswordEnv: "demo"}
	code, out, errOut := run(t, env, append([]string{"once", "--config", conf}, flags...)...)
	if code != ExitOK {
		t.Fatalf("once %v = %d: %s", flags, code, errOut)
	}
	return out, errOut
}
