package caldav

import (
	"testing"
	"time"
)

// TestDayOf: dayOf reads a day as time.Parse("20060102", dateOf(v)) does.
func TestDayOf(t *testing.T) {
	for _, v := range []string{"20260101", "20260229", "20240229", "20261301", "20260100", "20260132", "2026011", "2026-01-01", "00000101", "99991231", "20260431", "20260430T120000Z", "+2026010", "2026010a"} {
		want, err := time.Parse("20060102", dateOf(v))
		got, ok := dayOf([]byte(v))
		if ok != (err == nil) || !got.Equal(want) {
			t.Errorf("%q: %v %v, want %v %v", v, got, ok, want, err)
		}
	}
}
