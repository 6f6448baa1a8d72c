package main

import (
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
)

// TestManPageListsEveryCommand: netsyncd(1) (docs/man/netsyncd.1.md, made
// into the package's man page by scripts/package.sh) has an entry for every
// command `netsyncd --help` lists, and netsyncd.yaml(5) takes in the
// configuration reference.
func TestManPageListsEveryCommand(t *testing.T) {
	help, err := exec.Command(binary, "--help").Output()
	if err != nil {
		t.Fatal(err)
	}
	page, err := os.ReadFile("../../docs/man/netsyncd.1.md")
	if err != nil {
		t.Fatal(err)
	}
	_, list, _ := strings.Cut(string(help), "Commands:\n")
	names := regexp.MustCompile(`(?m)^  ([a-z-]+) `).FindAllStringSubmatch(list, -1)
	if len(names) < 5 {
		t.Fatalf("netsyncd --help lists %d commands:\n%s", len(names), help)
	}
	for _, m := range names {
		if !regexp.MustCompile(`(?m)^\*\*` + m[1] + `\*\*`).Match(page) {
			t.Errorf("docs/man/netsyncd.1.md has no entry for the command %s", m[1])
		}
	}
	yaml, err := os.ReadFile("../../docs/man/netsyncd.yaml.5.md")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(yaml), "\n{{configuration.md}}\n") {
		t.Error("docs/man/netsyncd.yaml.5.md no longer takes in docs/configuration.md ({{configuration.md}})")
	}
}
