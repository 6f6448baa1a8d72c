package hostile

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// A stranger's invitation can carry an attendee whose CN is 1 MB, or whose
// address is: neither is a person's name or mailbox. The CN was kept whole
// (the organiser's name was cut to budget.TextBytes, the attendees' not):
// `netsyncd people` padded every row of its table to 1 MB, the ledger kept
// it, and a reconnect entry's summary would have carried it to the server.
// A 1 MB address was a person whose key (and X-NETSYNCD-SOURCE-UID) was
// 1 MB. Now an attendee's name is cut as the organiser's is, and what is
// longer than any mailbox (RFC 5321: 64 bytes, "@", a domain of 255) is
// no address.
func TestSeventhPeopleHugeAttendee(t *testing.T) {
	Case(t, Bounds{Time: 60 * time.Second, RSS: 400 << 20}, "people --ics: a 1 MB CN, a 1 MB address", func(t *testing.T) {
		big := strings.Repeat("A", 1<<20)
		att := func(cn, addr string) string { return "ATTENDEE;CN=" + cn + ";PARTSTAT=ACCEPTED:mailto:" + addr }
		ics := calendar(
			plainCoffee("cn", now.AddDate(0, 0, -30), att(big, "priya@northwind.example")),
			plainCoffee("local", now.AddDate(0, 0, -20), att("Big Local", strings.Repeat("b", 1<<20)+"@northwind.example")),
			plainCoffee("domain", now.AddDate(0, 0, -10), att("Big Domain", "d@"+strings.Repeat("d", 1<<20)+".example")),
		)
		path := writeFile(t, "calendar.ics", ics)
		cfg := peopleConfig(t, "")
		code, stdout, stderr := netsyncd(t, context.Background(), nil, "people", "--config", cfg, "--ics", path, "--json")
		if code != 0 {
			t.Fatalf("people --json = exit %d\n%s", code, tail(stderr))
		}
		var r struct {
			People []struct{ Key, Name string } `json:"people"`
		}
		if err := json.Unmarshal([]byte(stdout), &r); err != nil {
			t.Fatalf("people --json: %v", err)
		}
		if len(r.People) != 1 || r.People[0].Key != "priya@northwind.example" {
			var keys []string
			for _, p := range r.People {
				keys = append(keys, budgetClip(p.Key))
			}
			t.Fatalf("people = %q; want priya@northwind.example alone (a 1 MB address is no one)", keys)
		}
		if n := len(r.People[0].Name); n > 8<<10 {
			t.Errorf("Priya's name is %d bytes; want it cut to the text budget (4 KiB)", n)
		}
		code, stdout, stderr = netsyncd(t, context.Background(), nil, "people", "--config", cfg, "--ics", path)
		if code != 0 {
			t.Fatalf("people = exit %d\n%s", code, tail(stderr))
		}
		for i, line := range strings.Split(stdout+stderr, "\n") {
			if len(line) > 8<<10 {
				t.Errorf("people output line %d is %d bytes: %.100q", i+1, len(line), line)
			}
		}
	})
}

// plainCoffee is coffeeWith under the summary "Coffee", which names no
// one: an event with no one else on it is not read for Priya's name.
func plainCoffee(uid string, start time.Time, attendee string) string {
	return strings.Replace(coffeeWith(uid, start, attendee), "SUMMARY:Coffee w/ Priya Raman", "SUMMARY:Coffee", 1)
}

// budgetClip keeps a failure message short.
func budgetClip(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

// ROLE=NON-PARTICIPANT is "copied for information purposes only" (RFC
// 5545 section 3.2.16): an assistant or a shared mailbox told of my
// coffee, not someone I met. Such an attendee was a person met, and a
// coffee with Priya and one copied for information was not one on one.
func TestSeventhPeopleNonParticipant(t *testing.T) {
	day := func(d int) time.Time { return now.AddDate(0, 0, -d) }
	const copied = "ATTENDEE;CN=Pat Assistant;ROLE=NON-PARTICIPANT;PARTSTAT=ACCEPTED:mailto:pat@northwind.example"
	ics := calendar(
		plainCoffee("alone", day(30), copied),
		plainCoffee("with-priya", day(20), "ATTENDEE;CN=Priya Raman;PARTSTAT=ACCEPTED:mailto:priya@northwind.example\r\n"+copied),
	)
	code, people, stderr := peopleJSON(t, peopleConfig(t, ""), ics)
	if code != 0 {
		t.Fatalf("people = exit %d\n%s", code, tail(stderr))
	}
	if len(people) != 1 || people[0].Key != "priya@northwind.example" || people[0].Meetings != 1 {
		t.Errorf("people = %+v; want Priya alone, met once (one copied for information is no one met)", people)
	}
}

// The ways of writing an address and a name a stranger's calendar uses
// that held already (no change): mailto: twice, my own address in
// capitals or with the domain's dot, CUTYPE=ROOM/RESOURCE/GROUP, a list
// address, an empty CN. Each run prints the same bytes.
func TestSeventhPeopleHeld(t *testing.T) {
	day := func(d int) time.Time { return now.AddDate(0, 0, -d) }
	ics := calendar(
		coffeeWith("twice", day(40), "ATTENDEE;CN=Priya Raman;PARTSTAT=ACCEPTED:mailto:MAILTO:Priya@Northwind.example"),
		coffeeWith("me-caps", day(35), "ATTENDEE;CN=Jane;PARTSTAT=ACCEPTED:mailto:JANE@HOME.EXAMPLE."),
		coffeeWith("room", day(30), "ATTENDEE;CUTYPE=ROOM;CN=Room 4;PARTSTAT=ACCEPTED:mailto:room4@northwind.example"),
		coffeeWith("resource", day(29), "ATTENDEE;CUTYPE=RESOURCE;CN=Beamer;PARTSTAT=ACCEPTED:mailto:beamer@northwind.example"),
		coffeeWith("group", day(28), "ATTENDEE;CUTYPE=GROUP;CN=Sales;PARTSTAT=ACCEPTED:mailto:sales@northwind.example"),
		coffeeWith("list", day(27), "ATTENDEE;CN=Partners;PARTSTAT=ACCEPTED:mailto:partners-list@northwind.example"),
		coffeeWith("empty-cn", day(26), "ATTENDEE;CN=\"\";PARTSTAT=ACCEPTED:mailto:sam@kestrel.example"),
	)
	cfg := peopleConfig(t, "")
	code, people, stderr := peopleJSON(t, cfg, ics)
	if code != 0 {
		t.Fatalf("people = exit %d\n%s", code, tail(stderr))
	}
	var got []string
	for _, p := range people {
		got = append(got, p.Key)
	}
	if strings.Join(got, " ") != "priya@northwind.example sam@kestrel.example" {
		t.Errorf("people = %q; want Priya and Sam only", got)
	}
	path := writeFile(t, "again.ics", ics)
	_, first, _ := netsyncd(t, context.Background(), nil, "people", "--config", cfg, "--ics", path, "--json")
	_, second, _ := netsyncd(t, context.Background(), nil, "people", "--config", cfg, "--ics", path, "--json")
	if first != second {
		t.Error("two runs of people --json over one file printed different bytes")
	}
}
