package systemd

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// The units in deploy/: the system service, its template (one instance per
// person on a shared host) and the user service (systemctl --user).
const (
	unitPath     = "../../deploy/netsyncd.service"
	templatePath = "../../deploy/netsyncd@.service"
	userUnitPath = "../../deploy/netsyncd-user.service"
)

func readUnit(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// TestUnitHasWhatTheDaemonNeeds: the shipped units keep the settings the
// daemon relies on (notify protocol, reload by SIGHUP, watchdog, its
// directories and the password credential), stop restarting on a bad
// config (exit status 2), and point at the installed man pages.
func TestUnitHasWhatTheDaemonNeeds(t *testing.T) {
	common := []string{
		"Type=notify", "ExecReload=/bin/kill -HUP $MAINPID", "WatchdogSec=", "Restart=on-failure",
		"Documentation=man:netsyncd(1) man:netsyncd.yaml(5)",
	}
	system := append(common, "DynamicUser=yes", "ConfigurationDirectory=netsyncd", "RestartPreventExitStatus=2")
	for _, tc := range []struct {
		path string
		want []string
	}{
		{unitPath, append(system, "ExecStart=/usr/local/bin/netsyncd run\n", "StateDirectory=netsyncd\n",
			"LoadCredential=caldav-password:/etc/netsyncd/password")},
		{templatePath, append(system, "ExecStart=/usr/local/bin/netsyncd run --config /etc/netsyncd/%i.yaml",
			"StateDirectory=netsyncd-%i\n", "LoadCredential=caldav-password:/etc/netsyncd/%i.password")},
		{userUnitPath, append(common, "ExecStart=%h/.local/bin/netsyncd run\n", "ConfigurationDirectory=netsyncd",
			"StateDirectory=netsyncd\n", "WantedBy=default.target")},
	} {
		unit := readUnit(t, tc.path)
		for _, want := range tc.want {
			if !strings.Contains(unit, "\n"+want) {
				t.Errorf("%s lacks %q", filepath.Base(tc.path), want)
			}
		}
	}
}

func needSystemdAnalyze(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("systemd-analyze"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("systemd-analyze not installed (apt-get install systemd)")
		}
		t.Skip("systemd-analyze not installed")
	}
}

// TestUnitHardeningScore: systemd-analyze rates the exposure of the system
// unit and of its template at 1.5 or lower (lower is safer).
func TestUnitHardeningScore(t *testing.T) {
	needSystemdAnalyze(t)
	for _, path := range []string{unitPath, templatePath} {
		out, _ := exec.Command("systemd-analyze", "security", "--offline=true", path).CombinedOutput()
		m := regexp.MustCompile(`Overall exposure level for netsyncd@?i?\.service: ([0-9.]+)`).FindSubmatch(out)
		if m == nil {
			t.Fatalf("no exposure level for %s in systemd-analyze's output:\n%s", path, out)
		}
		score, _ := strconv.ParseFloat(string(m[1]), 64)
		if score > 1.5 {
			t.Errorf("systemd-analyze security scores %s %.1f; want 1.5 or lower", filepath.Base(path), score)
		}
		t.Logf("%s: exposure level %.1f", filepath.Base(path), score)
	}
}

// TestUnitsVerify: `systemd-analyze verify` finds nothing to say about the
// units (unknown keys, bad values, a template that cannot be instantiated).
// The binary is not installed here, so ExecStart is pointed at an existing
// executable; and the man pages are checked once installed, by
// scripts/package.sh --check.
func TestUnitsVerify(t *testing.T) {
	needSystemdAnalyze(t)
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	exe := regexp.MustCompile(`(?m)^ExecStart=\S+`)
	copyUnit := func(src, name string) string {
		path := filepath.Join(dir, name)
		unit := exe.ReplaceAllString(readUnit(t, src), "ExecStart="+self)
		if err := os.WriteFile(path, []byte(unit), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	runtime := filepath.Join(dir, "runtime") // a user manager needs $XDG_RUNTIME_DIR
	if err := os.Mkdir(runtime, 0o700); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"system", []string{copyUnit(unitPath, "netsyncd.service")}},
		{"template", []string{copyUnit(templatePath, "netsyncd@.service")}},
		{"template instance", []string{copyUnit(templatePath, "netsyncd@jane.service")}},
		{"user", []string{"--user", copyUnit(userUnitPath, "netsyncd.service")}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cmd := exec.Command("systemd-analyze", append([]string{"verify", "--man=no"}, tc.args...)...)
			cmd.Env = append(os.Environ(), "XDG_RUNTIME_DIR="+runtime, "SYSTEMD_LOG_LEVEL=notice")
			out, err := cmd.CombinedOutput()
			if err != nil || len(strings.TrimSpace(string(out))) > 0 {
				t.Errorf("systemd-analyze verify %s: %v\n%s", strings.Join(tc.args, " "), err, out)
			}
		})
	}
}
