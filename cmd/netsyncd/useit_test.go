package main

import (
	"bytes"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/netsyncd/netsyncd/internal/davserver"
)

// unprivileged is the user TestUseItAsAUser runs as when the tests run as
// root (CI does): no account, no groups, no home but the test's.
const unprivileged = 4242

// readmeBlock is the first ```sh block after the README heading.
func readmeBlock(t *testing.T, heading string) []string {
	t.Helper()
	data, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("(?s)\n" + regexp.QuoteMeta(heading) + "\n.*?```sh\n(.*?)```").FindSubmatch(data)
	if m == nil {
		t.Fatalf("README.md has no sh block under %q", heading)
	}
	return strings.Split(strings.TrimSpace(string(m[1])), "\n")
}

// TestUseItAsAUser follows the README's "Use it" lines as a user who is not
// root, in a fresh home, against a CalDAV server holding the demo's sample
// calendar: the config is found in ~/.config/netsyncd without --config, the
// state goes to ~/.local/state/netsyncd, and every command succeeds.
// The build line is done by TestMain (the binary is copied where it says);
// the test makes the edits the README asks for (the server's URL, the
// password file).
func TestUseItAsAUser(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	dav := davserver.New("jane")
	if err := dav.AddSample(time.Now(), ny); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(dav.Handler())
	defer srv.Close()

	home, err := os.MkdirTemp("", "netsyncd-home-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(home)
	checkout := filepath.Join(home, "netsyncd") // where the user cloned the repository
	example, err := os.ReadFile("../../config/netsyncd.example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(checkout, "config", "netsyncd.example.yaml"), example, 0o644)
	bin, err := os.ReadFile(binary)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(home, ".local", "bin", "netsyncd"), bin, 0o755)
	cred := asUnprivileged(t, home)

	cfgPath := filepath.Join(home, ".config", "netsyncd", "config.yaml")
	for _, line := range readmeBlock(t, "## Use it") {
		cmdline, _, _ := strings.Cut(line, "  #")
		cmdline = strings.TrimSpace(cmdline)
		if strings.HasPrefix(cmdline, "go build ") {
			if cmdline != "go build -o ~/.local/bin/netsyncd ./cmd/netsyncd" {
				t.Fatalf("README builds with %q; this test puts the binary in ~/.local/bin/netsyncd", cmdline)
			}
			continue
		}
		cmd := exec.Command("bash", "-c", cmdline)
		cmd.Dir = checkout
		cmd.Env = []string{"HOME=" + home, "PATH=" + filepath.Join(home, ".local", "bin") + ":/usr/bin:/bin", "LANG=C.UTF-8"}
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Run(); err != nil {
			t.Fatalf("%s: %v\nstdout:\n%s\nstderr:\n%s", cmdline, err, stdout.String(), stderr.String())
		}
		t.Logf("%s: %d bytes out", cmdline, stdout.Len())
		switch {
		case strings.HasPrefix(cmdline, "cp "):
			editConfig(t, cfgPath, srv.URL, filepath.Join(home, ".config", "netsyncd", "password"))
		case cmdline == "netsyncd check-config" && !strings.HasPrefix(stdout.String(), "# "+cfgPath+": valid"):
			t.Errorf("check-config did not read %s:\n%s", cfgPath, stdout.String())
		case cmdline == "netsyncd once --dry-run" && !strings.Contains(stdout.String(), "prep"):
			t.Errorf("once --dry-run plans no prep entry:\n%s\n%s", stdout.String(), stderr.String())
		}
	}
	fi, err := os.Stat(filepath.Join(home, ".local", "state", "netsyncd"))
	if err != nil {
		t.Fatalf("no state in ~/.local/state/netsyncd: %v", err)
	}
	if st := fi.Sys().(*syscall.Stat_t); cred != nil && st.Uid != cred.Uid {
		t.Errorf("~/.local/state/netsyncd belongs to uid %d; want the user's, %d", st.Uid, cred.Uid)
	}
}

// editConfig makes the README's edits: the server's URL and the password file.
func editConfig(t *testing.T, path, url, passwordFile string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	edited := regexp.MustCompile(`(?m)^  url: .*$`).ReplaceAll(data, []byte("  url: "+url+"/"))
	edited = regexp.MustCompile(`(?m)^  #   password_file: \S+`).ReplaceAll(edited, []byte("  password_file: "+passwordFile))
	if bytes.Equal(edited, data) || !bytes.Contains(edited, []byte("password_file: "+passwordFile)) {
		t.Fatalf("the example config no longer has the url and the commented password_file this test edits")
	}
	if err := os.WriteFile(path, edited, 0o600); err != nil {
		t.Fatal(err)
	}
}

// asUnprivileged hands home to the unprivileged user and returns the
// credential to run as; nil when the tests already run as a user.
func asUnprivileged(t *testing.T, home string) *syscall.Credential {
	t.Helper()
	if os.Getuid() != 0 {
		return nil
	}
	err := filepath.Walk(home, func(p string, _ os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		return os.Lchown(p, unprivileged, unprivileged)
	})
	if err != nil {
		t.Fatal(err)
	}
	return &syscall.Credential{Uid: unprivileged, Gid: unprivileged, Groups: []uint32{}}
}

func writeFile(t *testing.T, path string, data []byte, mode os.FileMode) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, mode); err != nil {
		t.Fatal(err)
	}
}
