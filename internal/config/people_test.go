package config

import (
	"strings"
	"testing"
	"time"
)

func TestParsePeriod(t *testing.T) {
	day := 24 * time.Hour
	for in, want := range map[string]time.Duration{
		"8w": 56 * day, "2w3d": 17 * day, "365d": 365 * day, "36h": 36 * time.Hour, "1w12h": 7*day + 12*time.Hour, "0": 0,
	} {
		got, err := ParsePeriod(in)
		if err != nil || got != want {
			t.Errorf("ParsePeriod(%q) = %v, %v; want %v", in, got, err, want)
		}
		if back, err := ParsePeriod(Period(got).String()); err != nil || back != got {
			t.Errorf("ParsePeriod(Period(%v).String() = %q) = %v, %v", got, Period(got).String(), back, err)
		}
	}
	for _, in := range []string{"w", "8W", "2w-3d", "-1w", "eight weeks", "9999w", ""} {
		if got, err := ParsePeriod(in); err == nil {
			t.Errorf("ParsePeriod(%q) = %v; want an error", in, got)
		}
	}
	// Ten years is the longest period: 100 years of people.history was
	// "not a period: write it like 8w, 60d or 36h", although written so.
	for _, in := range []string{"36500d", "5200w", "1w36500d"} {
		if _, err := ParsePeriod(in); err == nil || !strings.Contains(err.Error(), "more than 3650 days (ten years)") {
			t.Errorf("ParsePeriod(%q) = %v; want the error to say it is more than ten years", in, err)
		}
	}
	if s := (Cadence{Never: true}).String(); s != "never" {
		t.Errorf("Cadence never = %q", s)
	}
	if s := (Cadence{After: 28 * day}).String(); s != "4w" {
		t.Errorf("Cadence 28d = %q; want 4w", s)
	}
}
