package config

import (
	"strings"
	"testing"
)

// FuzzSchedule: no schedule value panics, in the validator or in the parser
// the daemon builds its cron with, and one that validates also parses.
func FuzzSchedule(f *testing.F) {
	for _, s := range []string{"@every 10m", "*/10 * * * *", "TZ=UTC", "CRON_TZ=UTC", "TZ=UTC */5 * * * *",
		"CRON_TZ=America/New_York 0 9 * * 1-5", "TZ=", "@every 2d", "@hourly", "0 0 31 2 *", "60 * * * *",
		"*/0 * * * *", "1-0 * * * *", "0 0 * * 7", "@every -1s", "@every 0s", "? ? ? ? ?", "0-59/100000000000 * * * *"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, spec string) {
		ScheduleParser().Parse(spec) // must not panic
		c := Default()
		c.CalDAV.URL = "https://dav.example.com/"
		c.Schedule = spec
		if _, err := c.Validate(); err == nil || !strings.Contains(err.Error(), "schedule") {
			if _, perr := ParseSchedule(spec); perr != nil {
				t.Fatalf("schedule %q validates but does not parse: %v", spec, perr)
			}
		}
	})
}

// TestScheduleNeverPanics: values that panicked robfig/cron's parser are
// errors that name the key.
func TestScheduleNeverPanics(t *testing.T) {
	for _, spec := range []string{"TZ=UTC", "CRON_TZ=Europe/London", "TZ=", strings.Repeat("* ", 1000)} {
		c := Default()
		c.CalDAV.URL = "https://dav.example.com/"
		c.Schedule = spec
		_, err := c.Validate()
		if err == nil || !strings.Contains(err.Error(), "schedule") {
			t.Errorf("Validate with schedule %.40q = %v; want an error naming schedule", spec, err)
		}
	}
	if _, err := ParseSchedule("TZ=UTC */5 * * * *"); err != nil {
		t.Errorf("ParseSchedule with a zone and fields = %v; want it parsed", err)
	}
}

// TestScheduleUnderASecondIsRefused: "@every 1ns" parses, but cron runs it
// every second, without end: it is an error naming the key, while a fast
// schedule of whole seconds stays a warning.
func TestScheduleUnderASecondIsRefused(t *testing.T) {
	for _, tc := range []struct {
		spec    string
		refused bool
	}{{"@every 1ns", true}, {"@every 999ms", true}, {"@every 1s", false}, {"@every 10s", false}} {
		c := Default()
		c.CalDAV.URL = "https://dav.example.com/"
		c.Schedule = tc.spec
		_, err := c.Validate()
		if got := err != nil && strings.Contains(err.Error(), "schedule"); got != tc.refused {
			t.Errorf("Validate with schedule %q = %v; want refused %v", tc.spec, err, tc.refused)
		}
	}
}
