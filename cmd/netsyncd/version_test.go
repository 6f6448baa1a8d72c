package main

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestVersionFlagAgrees: `netsyncd --version` and `netsyncd version` print
// the same line, with the version and the commit the build was stamped
// with (scripts/package.sh passes both by -ldflags).
func TestVersionFlagAgrees(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "netsyncd")
	const pkg = "github.com/netsyncd/netsyncd/internal/app"
	ldflags := "-X " + pkg + ".Version=1.2.3 -X " + pkg + ".Commit=0123456789abcdef0123"
	if out, err := exec.Command("go", "build", "-ldflags", ldflags, "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	var lines []string
	for _, arg := range []string{"version", "--version", "-version"} {
		out, err := exec.Command(bin, arg).CombinedOutput()
		if err != nil {
			t.Fatalf("netsyncd %s: %v\n%s", arg, err, out)
		}
		lines = append(lines, string(out))
	}
	if !strings.HasPrefix(lines[0], "netsyncd 1.2.3 (commit 0123456789ab, go") {
		t.Errorf("netsyncd version = %q; want the version and the commit", lines[0])
	}
	if lines[1] != lines[0] || lines[2] != lines[0] {
		t.Errorf("netsyncd --version = %q, -version = %q; want what `netsyncd version` prints, %q", lines[1], lines[2], lines[0])
	}
}
