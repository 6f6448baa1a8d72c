package systemd

import (
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

const unitPath = "../../deploy/netsyncd.service"

// TestUnitHasWhatTheDaemonNeeds: the shipped unit keeps the settings the
// daemon relies on (notify protocol, reload by SIGHUP, watchdog, its
// directories and the password credential).
func TestUnitHasWhatTheDaemonNeeds(t *testing.T) {
	data, err := os.ReadFile(unitPath)
	if err != nil {
		t.Fatal(err)
	}
	unit := string(data)
	for _, want := range []string{
		"Type=notify", "ExecReload=/bin/kill -HUP $MAINPID", "WatchdogSec=", "Restart=on-failure",
		"DynamicUser=yes", "StateDirectory=netsyncd", "ConfigurationDirectory=netsyncd",
		"LoadCredential=caldav-password:/etc/netsyncd/password",
	} {
		if !strings.Contains(unit, "\n"+want) {
			t.Errorf("deploy/netsyncd.service lacks %q", want)
		}
	}
}

// TestUnitHardeningScore: systemd-analyze rates the unit's exposure at 1.5
// or lower (lower is safer).
func TestUnitHardeningScore(t *testing.T) {
	if _, err := exec.LookPath("systemd-analyze"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("systemd-analyze not installed (apt-get install systemd)")
		}
		t.Skip("systemd-analyze not installed")
	}
	out, _ := exec.Command("systemd-analyze", "security", "--offline=true", unitPath).CombinedOutput()
	m := regexp.MustCompile(`Overall exposure level for netsyncd.service: ([0-9.]+)`).FindSubmatch(out)
	if m == nil {
		t.Fatalf("no exposure level in systemd-analyze's output:\n%s", out)
	}
	score, _ := strconv.ParseFloat(string(m[1]), 64)
	if score > 1.5 {
		t.Errorf("systemd-analyze security scores the unit %.1f; want 1.5 or lower", score)
	}
	t.Logf("exposure level %.1f", score)
}
