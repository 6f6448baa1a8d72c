package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestOfflineWithoutServer: the commands that read an .ics file accept a
// config written without caldav (only who I am and my employer), and the
// config still counts: people.forget and me.emails apply. Without --ics
// the same config is refused, naming caldav.url.
func TestOfflineWithoutServer(t *testing.T) {
	conf := filepath.Join(t.TempDir(), "config.yaml")
	body := "timezone: America/New_York\nme:\n  emails: [jane@home.example]\nemployer:\n  domains: [acme-corp.com]\npeople:\n  forget: [\"Dana Whitfield\"]\n"
	if err := os.WriteFile(conf, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := run(t, nil, "people", "--config", conf, "--ics", "testdata/people.ics")
	if code != ExitOK {
		t.Fatalf("people --ics with a config without caldav = %d: %s", code, errOut)
	}
	if strings.Contains(out, "Dana Whitfield") || strings.Contains(out, "jane@home.example") || !strings.Contains(out, "Grace Park") {
		t.Errorf("people --ics ignored the config (people.forget, me.emails):\n%s", out)
	}
	for _, cmd := range []string{"explain", "report"} {
		if code, _, errOut := run(t, nil, cmd, "--config", conf, "--ics", "testdata/people.ics"); code != ExitOK {
			t.Errorf("%s --ics with a config without caldav = %d: %s", cmd, code, errOut)
		}
	}
	if code, _, errOut := run(t, nil, "people", "--config", conf); code != ExitUsage || !strings.Contains(errOut, "caldav.url") {
		t.Errorf("people without --ics and without caldav.url = %d: %s; want a usage error naming caldav.url", code, errOut)
	}
}
