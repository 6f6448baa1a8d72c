package config

import (
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"
)

func TestParseDuration(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want time.Duration
		str  string // String() of the result
	}{
		{"0", 0, "0"},
		{"90m", 90 * time.Minute, "1h30m"},
		{"1h30m", 90 * time.Minute, "1h30m"},
		{"2d", 48 * time.Hour, "2d"},
		{"1d12h", 36 * time.Hour, "1d12h"},
		{"45s", 45 * time.Second, "45s"},
		{"30s", 30 * time.Second, "30s"},
		{"2h", 2 * time.Hour, "2h"},
		{"18h", 18 * time.Hour, "18h"},
		{"1m30s", 90 * time.Second, "1m30s"},
		{" 15m ", 15 * time.Minute, "15m"},
	} {
		got, err := ParseDuration(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("ParseDuration(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
			continue
		}
		if s := Duration(got).String(); s != tc.str {
			t.Errorf("Duration(%v).String() = %q; want %q", got, s, tc.str)
		}
	}
}

func TestParseDurationRefuses(t *testing.T) {
	for _, in := range []string{"", "90", "2weeks", "d", "-2d", "1d-5h", "3651d", "1.5d", "soon"} {
		if d, err := ParseDuration(in); err == nil {
			t.Errorf("ParseDuration(%q) = %v; want an error", in, d)
		} else if !strings.Contains(err.Error(), "90m, 1h30m or 2d") {
			t.Errorf("ParseDuration(%q) error %q does not say what to write", in, err)
		}
	}
}

func TestDurationRefusesNegativeInYAML(t *testing.T) {
	var d Duration
	err := yaml.Unmarshal([]byte("-5m"), &d)
	if err == nil || !strings.Contains(err.Error(), "negative") {
		t.Errorf("yaml.Unmarshal(-5m) = %v; want a negative-duration error", err)
	}
}

func TestWeekdayAndClock(t *testing.T) {
	for in, want := range map[string]time.Weekday{"mon": time.Monday, "Tuesday": time.Tuesday, "thurs": time.Thursday, "SUN": time.Sunday} {
		if got, err := ParseWeekday(in); err != nil || got != want {
			t.Errorf("ParseWeekday(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"mo", "mondays", "funday", ""} {
		if _, err := ParseWeekday(in); err == nil {
			t.Errorf("ParseWeekday(%q) = ok; want an error", in)
		}
	}
	for in, want := range map[string]ClockTime{"7:00": 420, "07:30": 450, "24:00": 1440, "00:00": 0} {
		if got, err := ParseClock(in); err != nil || got != want {
			t.Errorf("ParseClock(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"7am", "24:30", "12:60", "7:5", "7", ""} {
		if _, err := ParseClock(in); err == nil {
			t.Errorf("ParseClock(%q) = ok; want an error", in)
		}
	}
}

func TestSuggest(t *testing.T) {
	keys := []string{"url", "username", "sources", "target", "timeout"}
	for in, want := range map[string]string{"sourcez": "sources", "URL": "url", "usernme": "username", "calendar": "", "x": ""} {
		if got := suggest(in, keys); got != want {
			t.Errorf("suggest(%q) = %q; want %q", in, got, want)
		}
	}
}
