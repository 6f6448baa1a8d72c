package classify

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/netsyncd/netsyncd/internal/config"
	"github.com/netsyncd/netsyncd/internal/event"
)

// testConfig is Jane's config, the user of testdata/labelled.yaml.
func testConfig() *config.Config {
	cfg := config.Default()
	cfg.Me.Emails = []string{"jane@home.example", "Jane.Doe@acme-corp.com"}
	cfg.Employer = config.Employer{
		Confidential:    true,
		Domains:         []string{"acme-corp.com", "@acme.co.uk"},
		Names:           []string{"Acme"},
		SharedCalendars: []string{"Work"},
	}
	cfg.Limits.BlockedLocations = []string{"1 acme plaza", "55 water st"}
	return cfg
}

var newYork = func() *time.Location {
	loc, err := time.LoadLocation("America/New_York")
	if err != nil {
		return time.FixedZone("EST", -5*3600)
	}
	return loc
}()

type labelled struct {
	Summary     string   `yaml:"summary"`
	Description string   `yaml:"description"`
	Location    string   `yaml:"location"`
	URL         string   `yaml:"url"`
	Calendar    string   `yaml:"calendar"`
	Organizer   string   `yaml:"organizer"`
	OrgName     string   `yaml:"organizer_name"`
	Attendees   []string `yaml:"attendees"`
	Categories  []string `yaml:"categories"`
	Start       string   `yaml:"start"`
	Duration    string   `yaml:"duration"`
	AllDay      bool     `yaml:"all_day"`
	Transparent bool     `yaml:"transparent"`
	Status      string   `yaml:"status"`
	Recurring   bool     `yaml:"recurring"` // one occurrence of a series
	Want        want     `yaml:"want"`
}

type want struct {
	Networking       *bool  `yaml:"networking"`
	Mode             string `yaml:"mode"`
	Type             string `yaml:"type"`
	InPerson         *bool  `yaml:"in_person"`
	ConfidentialRisk *bool  `yaml:"confidential_risk"`
	Declined         bool   `yaml:"declined"`
}

// loadLabelled reads testdata/labelled.yaml into occurrences and their
// expected classes.
func loadLabelled(tb testing.TB) ([]event.Occurrence, []want) {
	tb.Helper()
	return loadLabelledFile(tb, "testdata/labelled.yaml")
}

// loadLabelledFile reads a file in the form of testdata/labelled.yaml.
func loadLabelledFile(tb testing.TB, path string) ([]event.Occurrence, []want) {
	tb.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	dec.KnownFields(true)
	var items []labelled
	if err := dec.Decode(&items); err != nil {
		tb.Fatalf("%s: %v", path, err)
	}
	occs := make([]event.Occurrence, len(items))
	wants := make([]want, len(items))
	for i, it := range items {
		o, err := it.occurrence(i)
		if err != nil {
			tb.Fatalf("%s item %d (%q): %v", path, i+1, it.Summary, err)
		}
		occs[i], wants[i] = o, it.Want
	}
	return occs, wants
}

func (it labelled) occurrence(i int) (event.Occurrence, error) {
	w := it.Want
	if w.Networking == nil || w.InPerson == nil || w.ConfidentialRisk == nil {
		return event.Occurrence{}, fmt.Errorf("want needs networking, in_person and confidential_risk")
	}
	if *w.Networking != (w.Mode != "") || *w.Networking != (w.Type != "") {
		return event.Occurrence{}, fmt.Errorf("want: mode and type are set exactly when networking")
	}
	start, err := time.ParseInLocation("2006-01-02 15:04", it.Start, newYork)
	if err != nil {
		return event.Occurrence{}, err
	}
	dur := time.Hour
	if it.Duration != "" {
		if dur, err = time.ParseDuration(it.Duration); err != nil {
			return event.Occurrence{}, err
		}
	}
	o := event.Occurrence{
		UID: fmt.Sprintf("labelled-%03d@test", i+1), Calendar: it.Calendar,
		Summary: it.Summary, Description: it.Description, Location: it.Location, URL: it.URL,
		Start: start, End: start.Add(dur), AllDay: it.AllDay,
		Organizer: strings.ToLower(it.Organizer), OrganizerName: it.OrgName, Categories: it.Categories,
		Status: it.Status, Transparent: it.Transparent, Recurring: it.Recurring,
	}
	if o.Calendar == "" {
		o.Calendar = "Personal"
	}
	for _, a := range it.Attendees {
		email, stat, _ := strings.Cut(a, " ")
		at := event.Attendee{Email: strings.ToLower(email), PartStat: "ACCEPTED", Role: "REQ-PARTICIPANT"}
		switch stat {
		case "":
		case "OPT-PARTICIPANT":
			at.Role = stat
		default:
			at.PartStat = stat
		}
		o.Attendees = append(o.Attendees, at)
	}
	return o, nil
}

// TestLabelled classifies the labelled set and checks every field is right
// on at least 95% of the events. Misses are listed, not hidden: it prints the
// accuracy per field and every missed event, with the fields it got wrong
// and the reasons, on standard output. go test shows that output with -v,
// when the test fails, and when run inside this directory (go test with no
// package argument); scripts/test.sh prints it on every run.
func TestLabelled(t *testing.T) {
	occs, wants := loadLabelled(t)
	if len(occs) < 150 {
		t.Fatalf("labelled set has %d events; want at least 150", len(occs))
	}
	c, err := New(testConfig())
	if err != nil {
		t.Fatal(err)
	}
	names := []string{"networking", "mode", "type", "in_person", "confidential_risk", "declined"}
	right := make([]int, len(names))
	var misses strings.Builder
	missed, fieldMisses := 0, 0
	for i := range occs {
		got := c.Classify(&occs[i])
		w := wants[i]
		gotV := []any{got.Networking, got.Mode, got.Type, got.InPerson, got.ConfidentialRisk, got.Declined}
		wantV := []any{*w.Networking, Mode(w.Mode), w.Type, *w.InPerson, *w.ConfidentialRisk, w.Declined}
		var wrong []string
		for f := range names {
			if gotV[f] == wantV[f] {
				right[f]++
				continue
			}
			wrong = append(wrong, fmt.Sprintf("%s %s, want %s", names[f], show(gotV[f]), show(wantV[f])))
		}
		if len(wrong) == 0 {
			continue
		}
		missed++
		fieldMisses += len(wrong)
		fmt.Fprintf(&misses, "  item %d %q: %s\n", i+1, occs[i].Summary, strings.Join(wrong, "; "))
		for _, r := range got.Reasons {
			fmt.Fprintf(&misses, "      %s\n", r)
		}
	}
	var report strings.Builder
	fmt.Fprintf(&report, "classify: testdata/labelled.yaml, %d events; every field must be right on at least 95%%\n", len(occs))
	for f, name := range names {
		acc := float64(right[f]) / float64(len(occs))
		fmt.Fprintf(&report, "  %-17s %3d/%d right (%.1f%%)\n", name, right[f], len(occs), 100*acc)
		if acc < 0.95 {
			t.Errorf("%s: %.1f%% right; want at least 95%%", name, 100*acc)
		}
	}
	fmt.Fprintf(&report, "classify: %d events missed, %d fields in all\n%s", missed, fieldMisses, misses.String())
	fmt.Print(report.String())
}

// show writes a label value for the report: "none" for an empty mode or type.
func show(v any) string {
	if s := fmt.Sprint(v); s != "" {
		return s
	}
	return "none"
}
