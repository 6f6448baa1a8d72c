package report

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/netsyncd/netsyncd/internal/classify"
	"github.com/netsyncd/netsyncd/internal/config"
	"github.com/netsyncd/netsyncd/internal/event"
	"github.com/netsyncd/netsyncd/internal/limits"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

var ny = func() *time.Location {
	loc, err := time.LoadLocation("America/New_York")
	if err != nil {
		panic(err)
	}
	return loc
}()

// calendarFile is testdata/calendar.yaml: occurrences already classified,
// written by hand so this test does not depend on event and classify.
type calendarFile struct {
	From  string     `yaml:"from"`
	To    string     `yaml:"to"`
	Items []itemYAML `yaml:"items"`
}

type itemYAML struct {
	UID          string    `yaml:"uid"`
	RecurrenceID string    `yaml:"recurrence_id"`
	Calendar     string    `yaml:"calendar"`
	Summary      string    `yaml:"summary"`
	Location     string    `yaml:"location"`
	Geo          []float64 `yaml:"geo"`
	Start        string    `yaml:"start"`
	End          string    `yaml:"end"`
	AllDay       bool      `yaml:"all_day"`
	Organizer    string    `yaml:"organizer"`
	Transparent  bool      `yaml:"transparent"`
	Owned        bool      `yaml:"owned"`
	Class        struct {
		Networking bool     `yaml:"networking"`
		Mode       string   `yaml:"mode"`
		Type       string   `yaml:"type"`
		InPerson   bool     `yaml:"in_person"`
		Risk       bool     `yaml:"risk"`
		Declined   bool     `yaml:"declined"`
		Reasons    []string `yaml:"reasons"`
	} `yaml:"class"`
}

func parseTime(t *testing.T, s string) time.Time {
	t.Helper()
	if s == "" {
		return time.Time{}
	}
	v, err := time.ParseInLocation("2006-01-02 15:04", s, ny)
	if err != nil {
		t.Fatalf("testdata: %v", err)
	}
	return v
}

func (y itemYAML) item(t *testing.T) limits.Item {
	o := event.Occurrence{
		UID: y.UID, RecurrenceID: parseTime(t, y.RecurrenceID), Recurring: y.RecurrenceID != "",
		Calendar: y.Calendar, Summary: y.Summary, Location: y.Location,
		Start: parseTime(t, y.Start), End: parseTime(t, y.End), AllDay: y.AllDay,
		Organizer: y.Organizer, Transparent: y.Transparent, Owned: y.Owned,
	}
	if len(y.Geo) == 2 {
		o.Geo = &event.Geo{Lat: y.Geo[0], Lon: y.Geo[1]}
	}
	c := y.Class
	return limits.Item{Occ: o, Class: classify.Class{
		Networking: c.Networking, Mode: classify.Mode(c.Mode), Type: c.Type, InPerson: c.InPerson,
		ConfidentialRisk: c.Risk, Declined: c.Declined, Reasons: c.Reasons,
	}}
}

// goldenConfig is the default config with the places and caps the
// calendar exercises.
func goldenConfig() *config.Config {
	cfg := config.Default()
	cfg.Location = ny
	cfg.Me.Home = &config.LatLon{Lat: 40, Lon: -74}
	cfg.Limits.Zones = []config.Zone{
		{Name: "Midtown", Match: []string{"midtown", "5th ave"}, TravelMinutes: 20},
		{Name: "Brooklyn", Match: []string{"brooklyn"}, TravelMinutes: 50},
	}
	cfg.Limits.BlockedLocations = []string{"1 acme plaza"}
	max := 12.0
	cfg.Limits.Types = map[string]config.TypeLimit{"conference": {MaxHoursPerWeek: &max}}
	return cfg
}

func checkedCalendar(t *testing.T) limits.Result {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "calendar.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var f calendarFile
	if err := yaml.Unmarshal(data, &f); err != nil {
		t.Fatalf("testdata/calendar.yaml: %v", err)
	}
	var items []limits.Item
	for _, y := range f.Items {
		items = append(items, y.item(t))
	}
	return limits.Check(goldenConfig(), items, parseTime(t, f.From), parseTime(t, f.To))
}

func TestGolden(t *testing.T) {
	r := checkedCalendar(t)
	tests := []struct {
		file  string
		write func(*bytes.Buffer) error
	}{
		{"report.txt", func(b *bytes.Buffer) error { return WriteReportText(b, r.Weeks, ny) }},
		{"report.json", func(b *bytes.Buffer) error { return WriteReportJSON(b, r.Weeks) }},
		{"explain.txt", func(b *bytes.Buffer) error { return WriteExplainText(b, r.Items, ny) }},
		{"explain.json", func(b *bytes.Buffer) error { return WriteExplainJSON(b, r.Items) }},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			var got bytes.Buffer
			if err := tt.write(&got); err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", tt.file)
			if *update {
				if err := os.WriteFile(golden, got.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(got.Bytes(), want) {
				t.Errorf("%s differs from the golden file; got:\n%s", tt.file, got.String())
			}
		})
	}
}
