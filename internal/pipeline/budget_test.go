package pipeline

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/netsyncd/netsyncd/internal/event"
	"github.com/netsyncd/netsyncd/internal/limits"
)

func coffee(uid, rule string) event.Source {
	data := "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VEVENT\r\nUID:" + uid + "\r\nDTSTAMP:20261120T120000Z\r\n" +
		"DTSTART:20261202T150000Z\r\nDURATION:PT1H\r\nSUMMARY:Coffee w/ Dana\r\nLOCATION:Blue Bottle\r\n" + rule + "END:VEVENT\r\nEND:VCALENDAR\r\n"
	return event.Source{Calendar: "Personal", Href: "/p/" + uid + ".ics", Data: []byte(data)}
}

// A pass whose context ends (SIGTERM) stops inside the pure core, with the
// context's error, instead of finishing a hostile calendar first.
func TestAnalyzeContextEnds(t *testing.T) {
	cfg, cl := setup(t)
	w := Window{From: time.Date(2026, 11, 30, 0, 0, 0, 0, cfg.Location), To: time.Date(2026, 12, 14, 0, 0, 0, 0, cfg.Location)}
	var srcs []event.Source
	for i := range 50 {
		srcs = append(srcs, coffee(fmt.Sprintf("s-%d", i), "RRULE:FREQ=SECONDLY\r\n"))
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	began := time.Now()
	_, err := AnalyzeContext(ctx, cfg, cl, srcs, w)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("AnalyzeContext with a cancelled context = %v; want context.Canceled", err)
	}
	if took := time.Since(began); took > time.Second {
		t.Errorf("AnalyzeContext took %v after its context ended; want it to stop at once", took)
	}
}

// An hourly coffee gets at most budgets.entries_per_series entries, and a
// budget_exceeded finding naming it; a series is not its own busy time.
func TestAnalyzeCapsASeries(t *testing.T) {
	cfg, cl := setup(t)
	cfg.Budgets.EntriesPerSeries = 20
	w := Window{From: time.Date(2026, 11, 30, 0, 0, 0, 0, cfg.Location), To: time.Date(2026, 12, 14, 0, 0, 0, 0, cfg.Location)}
	an := Analyze(cfg, cl, []event.Source{coffee("hourly", "RRULE:FREQ=HOURLY\r\n"), coffee("minutely", "RRULE:FREQ=MINUTELY;COUNT=1000\r\n")}, w)
	per := map[string]int{}
	for _, e := range an.Entries {
		per[e.SourceUID]++
	}
	if per["hourly"] > 20 || per["minutely"] > 20 {
		t.Errorf("entries per series = %v; want at most 20 each", per)
	}
	capped := an.Capped()
	if len(capped) != 2 || !strings.Contains(capped[0].Message, "budgets.entries_per_series") {
		t.Errorf("Capped() = %v; want one finding per series naming budgets.entries_per_series", capped)
	}
	overlaps := 0
	for _, it := range an.Items {
		for _, f := range it.Findings {
			if f.Code == limits.OverlapsBusyTime {
				overlaps++
			}
		}
	}
	// the two series overlap each other: each instance names a few of the
	// other's and counts the rest, never its own series
	if max := len(an.Items) * 6; overlaps > max {
		t.Errorf("%d overlaps_busy_time findings for %d occurrences; want at most %d", overlaps, len(an.Items), max)
	}
}
