package config

import (
	"strings"
	"testing"
)

func hasWarning(warns []Warning, text string) bool {
	for _, w := range warns {
		if strings.Contains(w.String(), text) {
			return true
		}
	}
	return false
}

func TestWarnings(t *testing.T) {
	pinZone(t)
	const (
		url = "caldav: {url: https://dav.example.com/}\n"
		emp = "employer: {domains: [acme-corp.com]}\n"
	)
	for _, tc := range []struct {
		name, yaml string
		want       string // "key: words"; "" for no warning at all
	}{
		{"quiet", url + emp, ""},
		{"no hours but active target", url + emp + "limits: {hours_per_week: 0, min_active_per_week: 2}\n", "w.yaml:3: limits.hours_per_week: is 0"},
		{"no hours but active share", url + emp + "limits: {hours_per_week: 0, min_active_per_week: 0, min_active_share: 0.3}\n", "limits.hours_per_week: is 0"},
		{"fewer events than active meetings", url + emp + "limits: {max_events_per_week: 1, min_active_per_week: 3}\n", "limits.max_events_per_week: 1 is less than"},
		{"zone farther than max travel is fine", url + emp + "limits:\n  max_travel_minutes: 30\n  zones: [{name: Brooklyn, match: [brooklyn], travel_minutes: 50}]\n", ""},
		{"insecure tls", emp + "caldav:\n  url: https://dav.example.com/\n  insecure_skip_tls_verify: true\n", "w.yaml:4: caldav.insecure_skip_tls_verify: is true"},
		{"plain http", emp + "caldav: {url: \"http://dav.example.com/\"}\n", "caldav.url: \"http://dav.example.com/\" is plain http"},
		{"plain http on loopback is fine", emp + "caldav: {url: \"http://localhost:5232/\"}\n", ""},
		{"confidential without domains or names", url + "employer: {confidential: true}\n", "w.yaml:2: employer.confidential: is true but"},
		{"not confidential", url + "employer: {confidential: false}\n", ""},
		{"polling too fast", url + emp + "schedule: \"@every 10s\"\n", "schedule: polls every 10s"},
		{"missing password file", emp + "caldav:\n  url: https://dav.example.com/\n  username: jane\n  password_file: /nonexistent/pw\n", "caldav.password_file: /nonexistent/pw does not exist"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, warns, err := Parse([]byte(tc.yaml), "w.yaml")
			if err != nil {
				t.Fatalf("Parse:\n%s\n= %v; want only warnings", tc.yaml, err)
			}
			if tc.want == "" && len(warns) != 0 {
				t.Errorf("warnings = %v; want none", warns)
			}
			if tc.want != "" && (len(warns) != 1 || !hasWarning(warns, tc.want)) {
				t.Errorf("warnings = %v; want one containing %q", warns, tc.want)
			}
		})
	}
}
