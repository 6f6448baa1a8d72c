package plan

import (
	"testing"
	"time"

	"github.com/netsyncd/netsyncd/internal/classify"
	"github.com/netsyncd/netsyncd/internal/config"
	"github.com/netsyncd/netsyncd/internal/entry"
	"github.com/netsyncd/netsyncd/internal/event"
	"github.com/netsyncd/netsyncd/internal/limits"
)

var ny = mustLoad("America/New_York")

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// at is a time on a day of December 2026 in New York: at(8, 18, 30) is
// Tue 8 Dec 18:30.
func at(day, hour, min int) time.Time { return time.Date(2026, 12, day, hour, min, 0, 0, ny) }

func testConfig() *config.Config {
	cfg := config.Default()
	cfg.Location = ny
	cfg.Timezone = "America/New_York"
	cfg.Me.Emails = []string{"jane@home.example"}
	return cfg
}

// netItem is an in-person passive networking event with travel each way.
func netItem(uid, summary string, start time.Time, d time.Duration, travel int) limits.Item {
	return limits.Item{
		Occ: event.Occurrence{
			UID: uid, Summary: summary, Location: "Midtown Hall, 5th Ave", Calendar: "Personal",
			Start: start, End: start.Add(d), Organizer: "host@example.org", OrganizerName: "Pat Host",
		},
		Class: classify.Class{
			Networking: true, Mode: classify.Passive, Type: "event", InPerson: true,
			Reasons: []string{`type event: summary matched "mixer"`},
		},
		TravelMinutes: travel,
	}
}

// remoteItem is a remote active networking call.
func remoteItem(uid, summary string, start time.Time, d time.Duration) limits.Item {
	it := netItem(uid, summary, start, d, 0)
	it.Occ.Location = "https://meet.example.org/abc"
	it.Class.InPerson, it.Class.Type, it.Class.Mode = false, "remote", classify.Active
	return it
}

// busyItem is an opaque ordinary meeting.
func busyItem(uid string, start, end time.Time) limits.Item {
	return limits.Item{Occ: event.Occurrence{UID: uid, Summary: "Budget review", Calendar: "Work", Start: start, End: end}}
}

// weekOf builds the summary limits would give for the week starting on day.
func weekOf(label string, day int, events int, findings ...limits.Finding) limits.Week {
	start := at(day, 0, 0)
	return limits.Week{Week: label, Start: start, End: start.AddDate(0, 0, 7), Hours: 3.5, BudgetHours: 6,
		Events: events, Active: 1, Passive: events - 1, ActiveShare: 1 / float64(max(events, 1)), Findings: findings}
}

// find returns the entry of kind for the source uid, failing if absent.
func find(t *testing.T, es []entry.Entry, kind entry.Kind, uid string) entry.Entry {
	t.Helper()
	for _, e := range es {
		if e.Kind == kind && e.SourceUID == uid {
			return e
		}
	}
	t.Fatalf("no %s entry for %q among %d entries", kind, uid, len(es))
	return entry.Entry{}
}

func has(es []entry.Entry, kind entry.Kind, uid string) bool {
	for _, e := range es {
		if e.Kind == kind && e.SourceUID == uid {
			return true
		}
	}
	return false
}

func limitsResult(it limits.Item, w limits.Week) limits.Result {
	return limits.Result{Items: []limits.Item{it}, Weeks: []limits.Week{w}}
}
