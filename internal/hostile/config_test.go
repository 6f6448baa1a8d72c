package hostile

import (
	"context"
	"strings"
	"testing"
	"time"
)

// checkConfig runs `netsyncd check-config` on a config with extra YAML.
func checkConfig(t *testing.T, extra string) (int, string, string) {
	t.Helper()
	path := writeFile(t, "config.yaml", "caldav:\n  url: https://dav.example.com/\n  username: jane\n  password_env: P\n"+extra)
	code, out, errOut := netsyncd(t, context.Background(), map[string]string{"P": "secret"}, "check-config", "--config", path)
	return code, out, errOut
}

// Configs that loop or panic a parser (issue 12, defects 5, 6, 11): each is
// refused by check-config with its file:line:key and what to do, in
// bounded time and memory; on main the templates took check-config past
// 1 GB and the schedule panicked it.
func TestHostileConfigs(t *testing.T) {
	cases := []struct {
		name, yaml, want string
	}{
		{"range a billion", "output:\n  templates:\n    prep_description: '{{range 1000000000}}x{{end}}'\n", "config.yaml:7: output.templates.prep_description: {{range}}"},
		{"silent range", "output:\n  templates:\n    week_summary: '{{range 1000000000}}{{end}}'\n", "config.yaml:7: output.templates.week_summary: {{range}}"},
		{"nested ranges", "output:\n  templates:\n    followup_summary: '{{range 1000}}{{range 1000}}{{range 1000}}y{{end}}{{end}}{{end}}'\n", "config.yaml:7: output.templates.followup_summary: {{range}}"},
		{"recursion", "output:\n  templates:\n    prep_summary: '{{define \"x\"}}{{template \"x\" .}}{{end}}{{template \"x\" .}}'\n", "config.yaml:7: output.templates.prep_summary: {{template"},
		{"silent printf", "output:\n  templates:\n    prep_description: '{{range 10000}}{{$x := printf \"%01000000d\" 0}}{{end}}'\n", "template output over budget"},
		{"TZ only", "schedule: \"TZ=UTC\"\n", "config.yaml:5: schedule:"},
		{"CRON_TZ only", "schedule: \"CRON_TZ=Europe/London\"\n", "config.yaml:5: schedule:"},
		{"window of a century", "window:\n  past: 36500d\n", "config.yaml:6: window.past: \"36500d\" is more than 3650 days"},
		{"budget zero", "budgets:\n  entries_per_pass: 0\n", "config.yaml:6: budgets.entries_per_pass: must be more than 0"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			Case(t, Bounds{Time: 30 * time.Second, RSS: 150 << 20}, "check-config: "+c.name, func(t *testing.T) {
				code, out, errOut := checkConfig(t, c.yaml)
				if code != 2 || !strings.Contains(errOut, c.want) {
					t.Errorf("check-config = %d\n%s%s\nwant exit 2 and %q", code, out, errOut, c.want)
				}
				if strings.Contains(errOut, "panic") || strings.Contains(errOut, "goroutine") {
					t.Errorf("check-config panicked:\n%s", errOut)
				}
			})
		})
	}
}
