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

// One address written the ways calendar clients and users write it: with
// MAILTO: in capitals, with the trailing dot of a fully qualified domain,
// with its IDNA domain as Punycode (xn--) or in Unicode, as "Name <addr>"
// in the config. Before, each form was another person (Priya met three
// times was three people met once), me.emails written "MAILTO:..." made
// me a person I met, people.forget written so forgot no one, and
// "acme-corp.com." in employer.domains made a colleague a contact. Now the
// reader and the config compare one form (internal/mailaddr). A lookalike
// (a Cyrillic "а" in the local part) is another address, and stays
// another person.
func TestAddressesWrittenTwoWays(t *testing.T) {
	day := func(d int) time.Time { return now.AddDate(0, 0, -d) }
	att := func(addr string) string { return "ATTENDEE;CN=Priya Raman;PARTSTAT=ACCEPTED:" + addr }
	const me = "timezone: America/New_York\nme:\n  emails: [jane@home.example]\n"
	type want struct {
		key      string
		meetings int
	}
	for _, c := range []struct {
		name, config string
		events       []string
		want         []want
	}{
		{"case and trailing dot", me, []string{
			coffeeWith("a", day(30), att("MAILTO:Priya@Northwind.Example")),
			coffeeWith("b", day(20), att("mailto:priya@northwind.example.")),
			coffeeWith("c", day(10), att("mailto:priya@NORTHWIND.example")),
		}, []want{{"priya@northwind.example", 3}}},
		{"IDNA", me, []string{
			coffeeWith("a", day(30), att("mailto:priya@xn--bcher-kva.example")),
			coffeeWith("b", day(20), att("mailto:priya@BÜCHER.example")),
		}, []want{{"priya@bücher.example", 2}}},
		{"lookalike stays another", me, []string{
			coffeeWith("a", day(30), att("mailto:priya@northwind.example")),
			coffeeWith("b", day(20), att("mailto:priy\u0430@northwind.example")),
		}, []want{{"priya@northwind.example", 1}, {"priy\u0430@northwind.example", 1}}},
		{"me.emails as MAILTO:", "timezone: America/New_York\nme:\n  emails: [\"MAILTO:Jane@Home.Example\"]\n", []string{
			coffeeWith("a", day(30), att("mailto:priya@northwind.example")),
		}, []want{{"priya@northwind.example", 1}}},
		{"me.emails with the domain's dot", "timezone: America/New_York\nme:\n  emails: [jane@home.example.]\n", []string{
			coffeeWith("a", day(30), att("mailto:priya@northwind.example")),
		}, []want{{"priya@northwind.example", 1}}},
		{"me.emails as Name <addr>", "timezone: America/New_York\nme:\n  emails: [\"Jane Doe <jane@home.example>\"]\n", []string{
			coffeeWith("a", day(30), att("mailto:priya@northwind.example")),
		}, []want{{"priya@northwind.example", 1}}},
		{"people.forget as Name <addr>", me + "people:\n  forget: [\"Priya Raman <Priya@Northwind.example>\", \"mailto:dana@kestrel.example\"]\n", []string{
			coffeeWith("a", day(30), att("mailto:priya@northwind.example")),
			coffeeWith("b", day(20), "ATTENDEE;CN=Dana Whitfield;PARTSTAT=ACCEPTED:mailto:dana@kestrel.example"),
			coffeeWith("c", day(10), "ATTENDEE;CN=Sam Ortiz;PARTSTAT=ACCEPTED:mailto:sam@kestrel.example"),
		}, []want{{"sam@kestrel.example", 1}}},
		{"employer.domains with the dot", me + "employer:\n  domains: [acme-corp.com.]\n", []string{
			coffeeWith("a", day(30), att("mailto:priya@northwind.example")),
			coffeeWith("b", day(20), "ATTENDEE;CN=Bob Boss;PARTSTAT=ACCEPTED:mailto:bob@acme-corp.com"),
		}, []want{{"priya@northwind.example", 1}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			cfg := writeFile(t, "config.yaml", c.config)
			code, people, stderr := peopleJSON(t, cfg, calendar(c.events...))
			if code != 0 {
				t.Fatalf("people = exit %d\n%s", code, tail(stderr))
			}
			var got []want
			for _, p := range people {
				got = append(got, want{p.Key, p.Meetings})
			}
			if fmt.Sprint(got) != fmt.Sprint(c.want) {
				t.Errorf("people = %v; want %v", got, c.want)
			}
		})
	}
}
