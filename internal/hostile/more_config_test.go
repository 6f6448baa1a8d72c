package hostile

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
)

// Configs that are big rather than looping: many rules and one huge
// regular expression. Each is
// refused (or read) by check-config in bounded time and memory, with its
// file:line:key and what to do.
func TestConfigsOfManyRules(t *testing.T) {
	rules := func(n int, pattern string) func() string {
		return func() string {
			var b strings.Builder
			b.WriteString("classify:\n  rules:\n")
			for i := range n {
				fmt.Fprintf(&b, "    - name: r%d\n      set: {networking: true}\n      match:\n        summary: ['%s']\n", i, fmt.Sprintf(pattern, i))
			}
			return b.String()
		}
	}
	cases := []struct {
		name string
		yaml func() string // made in the child only
		code int
		want string
	}{
		// 14 s and 576 MB before, printing the effective config
		{"10,000 rules", rules(10_000, "/coffee%d.*(x|y)+z/"), 2, "config.yaml:6: classify.rules: lists 10000 rules, more than the 1000"},
		// 7 s and 187 MB before, compiling it
		{"a regular expression of 1 MB", func() string { return rules(1, "/"+strings.Repeat("(a|b)*c", 140_000)+"%d/")() }, 2, "config.yaml:10: classify.rules[0].match.summary[0]: is a regular expression of 980003 bytes"},
		{"1,000 rules, printed", rules(1_000, "/coffee%d.*(x|y)+z/"), 0, "# classify.rules: the first 200 are shown; 800 more are not"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			Case(t, Bounds{Time: 30 * time.Second, RSS: 150 << 20}, "check-config: "+c.name, func(t *testing.T) {
				data := "caldav:\n  url: https://dav.example.com/\n  username: jane\n  password_env: P\n" + c.yaml()
				began := time.Now()
				code, out, errOut := netsyncd(t, context.Background(), map[string]string{"P": "secret"}, "check-config", "--config", writeFile(t, "config.yaml", data))
				if code != c.code || !strings.Contains(out+errOut, c.want) {
					t.Errorf("check-config = %d\n%.3000s\n%.3000s\nwant exit %d and %q", code, out, errOut, c.code, c.want)
				}
				if took := time.Since(began); took > 5*time.Second*time.Duration(raceFactor) {
					t.Errorf("check-config took %v", took.Round(time.Millisecond))
				}
			})
		})
	}
}
