package hostile

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// Configs whose aliases multiply (issue 12, configs that loop): each is
// refused by check-config in bounded time and memory. Over the node limit,
// with one error (file:line:key, the limit, the alias, what to do): before,
// a rule aliased 1,500 times gave the limit's error and then 49 follow-on
// errors of the half-decoded rules, the last "and 2634 more problems".
func TestAliasBombConfigs(t *testing.T) {
	words := make([]string, 100)
	for i := range words {
		words[i] = fmt.Sprintf("w%d", i)
	}
	rule := "  rules: [&r {name: r, match: {summary: [" + strings.Join(words, ", ") + "]}, set: {networking: true}}, " + strings.TrimSuffix(strings.Repeat("*r, ", 1500), ", ") + "]\n"
	// the classic: each level ten aliases of the one before, 10^9 leaves
	var laughs strings.Builder
	laughs.WriteString("  rules:\n    - name: l\n      set: {networking: true}\n      match:\n        summary: &l0 [a, a, a, a, a, a, a, a, a, a]\n")
	for i := 1; i <= 8; i++ {
		fmt.Fprintf(&laughs, "    - name: l%d\n      set: {networking: true}\n      match:\n        location: &l%d [%s]\n", i, i, strings.TrimSuffix(strings.Repeat(fmt.Sprintf("*l%d, ", i-1), 10), ", "))
	}
	cases := []struct {
		name, yaml, want string
		lines            int // at most
	}{
		{"a rule aliased 1500 times", "classify:\n" + rule, "more than 100000 YAML values", 1},
		// the types do not fit: each level's copies are refused at once,
		// and the same error on one line is folded after three
		{"a billion laughs", "classify:\n" + laughs.String(), "more keys like classify.rules[1].match.location[2] with the same problem", 9 * 4},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			Case(t, Bounds{Time: 30 * time.Second, RSS: 150 << 20}, "check-config: "+c.name, func(t *testing.T) {
				code, out, errOut := checkConfig(t, c.yaml)
				if code != 2 || !strings.Contains(errOut, c.want) {
					t.Fatalf("check-config = %d\n%s%s\nwant exit 2 and %q", code, out, tail(errOut), c.want)
				}
				if n := strings.Count(strings.TrimSpace(errOut), "\n") + 1; n > c.lines {
					t.Errorf("check-config printed %d lines; want at most %d:\n%s", n, c.lines, tail(errOut))
				}
			})
		})
	}
}

// A config of 200,000 unknown keys (3 MB, under the 4 MB a config may
// be): each asked for the whole schema's index of keys and kept a long
// message, 59 s and 350 MB for check-config. Now the index is built once
// and past 1,000 errors they are counted: under a second.
func TestConfigOfManyKeys(t *testing.T) {
	Case(t, Bounds{Time: 20 * time.Second, RSS: 200 << 20}, "check-config: 200,000 unknown keys", func(t *testing.T) {
		var b strings.Builder
		b.WriteString("limits:\n")
		for i := range 200_000 {
			fmt.Fprintf(&b, "  k%d: 1\n", i)
		}
		code, out, errOut := checkConfig(t, b.String())
		if code != 2 || !strings.Contains(errOut, "limits.k0: unknown key") || !strings.Contains(errOut, "and 199951 more problems") {
			t.Errorf("check-config = %d\n%s%s\nwant exit 2, the first keys named and the rest counted", code, out, tail(errOut))
		}
	})
}
