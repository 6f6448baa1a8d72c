package event

import (
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestRulePeriodBound: rules whose one period would make more instants
// than budget.RulePeriodInstants are refused before they are expanded;
// everyday rules, and a whole day of seconds, are not.
func TestRulePeriodBound(t *testing.T) {
	all := func(n int) string {
		parts := make([]string, n)
		for i := range parts {
			parts[i] = strconv.Itoa(i)
		}
		return strings.Join(parts, ",")
	}
	start := stamp{t: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)}
	for _, c := range []struct {
		rule string
		ok   bool
	}{
		{"FREQ=WEEKLY;BYDAY=MO,WE,FR", true},
		{"FREQ=DAILY;BYHOUR=9,12,17", true},
		{"FREQ=YEARLY;BYMONTH=1,2,3,4,5,6,7,8,9,10,11,12;BYMONTHDAY=1;BYHOUR=9", true},
		{"FREQ=DAILY;BYMINUTE=" + all(60) + ";BYSECOND=" + all(60), true},                        // 3,600
		{"FREQ=DAILY;BYHOUR=" + all(24) + ";BYMINUTE=" + all(60) + ";BYSECOND=" + all(60), true}, // 86,400
		{"FREQ=WEEKLY;BYHOUR=" + all(24) + ";BYMINUTE=" + all(60), true},                         // 10,080
		{"FREQ=MINUTELY;BYHOUR=9;BYSECOND=" + all(60), true},
		{"FREQ=MONTHLY;BYHOUR=" + all(24) + ";BYMINUTE=" + all(60) + ";BYSECOND=" + all(60), false},
		{"FREQ=YEARLY;BYHOUR=" + all(24) + ";BYMINUTE=" + all(60), false}, // 527,040
		{"FREQ=YEARLY;BYYEARDAY=1,100;BYHOUR=" + all(24) + ";BYMINUTE=" + all(60) + ";BYSECOND=" + all(60), false},
		{"FREQ=YEARLY;BYYEARDAY=1;BYHOUR=" + all(24) + ";BYMINUTE=" + all(60) + ";BYSECOND=" + all(60), true},
	} {
		_, err := parseRule(c.rule, start, time.UTC)
		if (err == nil) != c.ok {
			t.Errorf("parseRule(%.60q...) error = %v; want ok=%v", c.rule, err, c.ok)
		}
		if err != nil && !strings.Contains(err.Error(), "instants in each period") {
			t.Errorf("parseRule(%.60q...) = %v; want the per-period bound", c.rule, err)
		}
	}
}
