package limits

import (
	"strings"
	"testing"
	"time"

	"github.com/netsyncd/netsyncd/internal/classify"
	"github.com/netsyncd/netsyncd/internal/config"
	"github.com/netsyncd/netsyncd/internal/event"
)

var ny = mustLoad("America/New_York")

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// testConfig is the default config in New York with two zones, a home and
// a blocked place.
func testConfig() *config.Config {
	cfg := config.Default()
	cfg.Location = ny
	cfg.Me.Home = &config.LatLon{Lat: 40, Lon: -74}
	cfg.Limits.Zones = []config.Zone{
		{Name: "Midtown", Match: []string{"midtown", "5th ave"}, TravelMinutes: 20},
		{Name: "Brooklyn", Match: []string{"brooklyn"}, TravelMinutes: 50},
	}
	cfg.Limits.BlockedLocations = []string{"1 acme plaza"}
	cfg.Limits.MinActivePerWeek = 0 // most tests look at one thing at a time
	cfg.Limits.MinInPersonShare = 0
	return cfg
}

// at reads "2026-03-10 18:00" (or "2026-03-10") in New York.
func at(s string) time.Time {
	layout := "2006-01-02 15:04"
	if len(s) == len("2006-01-02") {
		layout = "2006-01-02"
	}
	t, err := time.ParseInLocation(layout, s, ny)
	if err != nil {
		panic(err)
	}
	return t
}

type opt func(*Item)

// busy is a non-networking opaque event.
func busy(summary, start, end string, opts ...opt) Item {
	it := Item{Occ: event.Occurrence{UID: "uid-" + summary, Calendar: "Work", Summary: summary, Start: at(start), End: at(end)}}
	for _, o := range opts {
		o(&it)
	}
	return it
}

// meet is an active, in-person meal in Midtown (20 min away).
func meet(summary, start, end string, opts ...opt) Item {
	it := busy(summary, start, end)
	it.Occ.Calendar = "Personal"
	it.Occ.Location = "Grand Central, Midtown"
	it.Class = classify.Class{Networking: true, Mode: classify.Active, Type: "meal", InPerson: true, Reasons: []string{"test: networking"}}
	for _, o := range opts {
		o(&it)
	}
	return it
}

func passive(it *Item) { it.Class.Mode = classify.Passive; it.Class.Type = "event" }
func remote(it *Item) {
	it.Class.InPerson = false
	it.Class.Type = "remote"
	it.Occ.Location = "https://zoom.example/j/1"
}
func allDay(it *Item) { it.Occ.AllDay = true }
func declined(it *Item) {
	it.Class.Declined = true
}
func owned(it *Item)       { it.Occ.Owned = true }
func cancelled(it *Item)   { it.Occ.Status = "CANCELLED" }
func transparent(it *Item) { it.Occ.Transparent = true }
func typ(t string) opt     { return func(it *Item) { it.Class.Type = t } }
func where(l string) opt   { return func(it *Item) { it.Occ.Location = l } }
func geo(lat, lon float64) opt {
	return func(it *Item) { it.Occ.Geo = &event.Geo{Lat: lat, Lon: lon} }
}
func risk(reasons ...string) opt {
	return func(it *Item) {
		it.Class.ConfidentialRisk = true
		it.Class.Reasons = append(it.Class.Reasons, reasons...)
	}
}

func codes(fs []Finding) string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Code)
	}
	return strings.Join(out, ",")
}

// weekCodes lists only the findings about the week as a whole.
func weekCodes(w Week) string {
	var out []Finding
	for _, f := range w.Findings {
		if f.UID == "" {
			out = append(out, f)
		}
	}
	return codes(out)
}

// find returns the checked item with the summary.
func find(t *testing.T, r Result, summary string) Item {
	t.Helper()
	for _, it := range r.Items {
		if it.Occ.Summary == summary {
			return it
		}
	}
	t.Fatalf("no item %q in the result", summary)
	return Item{}
}
