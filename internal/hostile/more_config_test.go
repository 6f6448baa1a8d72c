package hostile

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
)

// Configs that are big rather than looping: many rules, many patterns, one
// huge regular expression, many blocked locations. Each is
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
	organizers := func(n int) func() string { // rules without a text pattern
		return func() string {
			var b strings.Builder
			b.WriteString("classify:\n  rules:\n")
			for i := range n {
				fmt.Fprintf(&b, "    - name: r%d\n      set: {networking: true}\n      match:\n        organizer: [host%d@example.org]\n", i, i)
			}
			return b.String()
		}
	}
	places := func(n int) func() string {
		return func() string {
			var b strings.Builder
			b.WriteString("limits:\n  blocked_locations:\n")
			for i := range n {
				fmt.Fprintf(&b, "    - 'place %d'\n", i)
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
		{"a regular expression of 1 MB", func() string { return rules(1, "/"+strings.Repeat("(a|b)*c", 140_000)+"%d/")() }, 2, "config.yaml:10: classify.rules[0].match.summary[0]: is a regular expression of 980003 bytes, more than 1024"},
		{"1,000 rules, printed", organizers(1_000), 0, "# classify.rules: the first 200 are shown; 800 more are not"},
		// each pattern is tried on every event of every pass: 90,000
		// blocked locations took explain 45 s over 2,000 events, 999 rules
		// of 3.6 KB expressions over 2 minutes
		{"600 rules of one pattern", rules(600, "coffee %d"), 2, "config.yaml:6: classify.rules: hold 600 patterns in all, more than 500"},
		{"5 regular expressions of 1 KB", rules(5, "/"+strings.Repeat("(a|b)*c", 145)+"%d/"), 2, "classify.rules: hold 5090 bytes of regular expressions in all, more than 4096"},
		{"2,000 blocked locations", places(2_000), 2, "limits.blocked_locations: lists 2000 places, more than 500"},
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
