package hostile

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"
)

// peopleConfig is a config for people --ics: me, New York, no server.
func peopleConfig(t *testing.T, extra string) string {
	t.Helper()
	return writeFile(t, "config.yaml", "timezone: America/New_York\nme:\n  emails: [jane@home.example]\n"+extra)
}

// peopleJSON runs people --ics FILE --json with cfg and decodes it.
func peopleJSON(t *testing.T, cfg, ics string) (code int, people []struct {
	Key      string `json:"key"`
	Name     string `json:"name"`
	Meetings int    `json:"meetings"`
	LastMet  string `json:"last_met"`
}, stderr string) {
	t.Helper()
	path := writeFile(t, "calendar.ics", ics)
	code, stdout, stderr := netsyncd(t, context.Background(), nil, "people", "--config", cfg, "--ics", path, "--json")
	if code != 0 {
		return code, nil, stderr
	}
	var r struct {
		People []struct {
			Key      string `json:"key"`
			Name     string `json:"name"`
			Meetings int    `json:"meetings"`
			LastMet  string `json:"last_met"`
		} `json:"people"`
	}
	if err := json.Unmarshal([]byte(stdout), &r); err != nil {
		t.Fatalf("people --json printed no JSON (%v):\n%.2000s", err, stdout)
	}
	return code, r.People, stderr
}

// coffeeWith is a past one-hour coffee I organised, with one attendee.
func coffeeWith(uid string, start time.Time, attendee string) string {
	return fmt.Sprintf("BEGIN:VEVENT\r\nUID:%s\r\nDTSTAMP:20261101T000000Z\r\nDTSTART:%s\r\nDURATION:PT1H\r\n"+
		"SUMMARY:Coffee w/ Priya Raman\r\nLOCATION:Blue Bottle\r\nORGANIZER;CN=Jane Doe:mailto:jane@home.example\r\n"+
		"ATTENDEE;CN=Jane Doe;PARTSTAT=ACCEPTED:mailto:jane@home.example\r\n%s\r\nEND:VEVENT\r\n",
		uid, start.UTC().Format("20060102T150405Z"), attendee)
}

// One person met 20,000 times in people.history: a year of an assistant's
// calendar, or a shared calendar of a team's standing calls. Learn
// appended each meeting and sorted the person's meetings again: quadratic,
// 2,000 meetings 76 ms, 8,000 458 ms, 20,000 about 3 s of one pass
// (BenchmarkLearnOnePerson in internal/people measures it).
func TestOnePersonMetTwentyThousandTimes(t *testing.T) {
	Case(t, Bounds{Time: 60 * time.Second, RSS: 400 << 20}, "people --ics: one person, 20,000 meetings", func(t *testing.T) {
		var evs []string
		start := now.AddDate(0, 0, -360)
		for i := range 20000 {
			evs = append(evs, coffeeWith(fmt.Sprint("c", i), start.Add(time.Duration(i)*25*time.Minute), "ATTENDEE;CN=Priya Raman;PARTSTAT=ACCEPTED:mailto:priya@northwind.example"))
		}
		code, people, stderr := peopleJSON(t, peopleConfig(t, ""), calendar(evs...))
		if code != 0 {
			t.Fatalf("people = exit %d\n%s", code, tail(stderr))
		}
		if len(people) != 1 || people[0].Key != "priya@northwind.example" || people[0].Meetings != 20000 {
			t.Fatalf("people = %+v; want priya@northwind.example with 20000 meetings", people)
		}
	})
}
