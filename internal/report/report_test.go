package report

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/netsyncd/netsyncd/internal/limits"
)

func TestEmpty(t *testing.T) {
	tests := []struct {
		name  string
		write func(*bytes.Buffer) error
		want  string
	}{
		{"report JSON", func(b *bytes.Buffer) error { return WriteReportJSON(b, nil) }, "{\n  \"weeks\": [],\n  \"milestones\": []\n}\n"},
		{"report JSON, a week without findings", func(b *bytes.Buffer) error { return WriteReportJSON(b, []limits.Week{{Week: "2026-W11"}}) }, `"findings": []`},
		{"explain JSON", func(b *bytes.Buffer) error { return WriteExplainJSON(b, nil) }, "[]\n"},
		{"explain JSON, an item without reasons", func(b *bytes.Buffer) error { return WriteExplainJSON(b, []limits.Item{{}}) }, `"reasons": [],`},
		{"report text", func(b *bytes.Buffer) error { return WriteReportText(b, nil, ny) }, "No weeks in the window.\n"},
		{"explain text", func(b *bytes.Buffer) error { return WriteExplainText(b, nil, ny) }, "No events in the window.\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := tt.write(&b); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(b.String(), tt.want) {
				t.Errorf("%s wrote %q; want it to hold %q", tt.name, b.String(), tt.want)
			}
		})
	}
}

type failWriter struct{}

var errFull = errors.New("disk full")

func (failWriter) Write([]byte) (int, error) { return 0, errFull }

func TestWriteErrors(t *testing.T) {
	r := checkedCalendar(t)
	writers := map[string]func() error{
		"WriteReportText":  func() error { return WriteReportText(failWriter{}, r.Weeks, ny) },
		"WriteReportJSON":  func() error { return WriteReportJSON(failWriter{}, r.Weeks) },
		"WriteExplainText": func() error { return WriteExplainText(failWriter{}, r.Items, ny) },
		"WriteExplainJSON": func() error { return WriteExplainJSON(failWriter{}, r.Items) },
	}
	for name, write := range writers {
		if err := write(); !errors.Is(err, errFull) || !strings.HasPrefix(err.Error(), "report: ") {
			t.Errorf("%s to a full disk = %v; want a report: error wrapping %v", name, err, errFull)
		}
	}
}

func TestExplainRowsRecurrence(t *testing.T) {
	rows := ExplainRows(checkedCalendar(t).Items)
	for _, r := range rows {
		if r.UID == "weekly-coffee" {
			if r.RecurrenceID != "2026-03-16T12:00:00Z" || r.TravelMinutes != 14 {
				t.Errorf("weekly coffee row = recurrence %q, travel %d; want 2026-03-16T12:00:00Z, 14", r.RecurrenceID, r.TravelMinutes)
			}
			return
		}
	}
	t.Fatal("no row for weekly-coffee")
}
