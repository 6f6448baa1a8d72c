package app

import (
	"encoding/json"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/netsyncd/netsyncd/internal/davserver"
	"github.com/netsyncd/netsyncd/internal/people"
	"github.com/netsyncd/netsyncd/internal/state"
	"github.com/netsyncd/netsyncd/internal/testservers"
	"go.uber.org/zap"
)

// TestPeopleFromFile: the ledger learned offline from an export with
// months of history, as a table, as JSON and --due.
func TestPeopleFromFile(t *testing.T) {
	args := []string{"people", "--config", "testdata/config.yaml", "--ics", "testdata/people.ics"}
	code, text, errOut := run(t, nil, args...)
	if code != ExitOK {
		t.Fatalf("people --ics = %d: %s", code, errOut)
	}
	golden(t, "people.txt", text)
	code, js, errOut := run(t, nil, append(args, "--json")...)
	if code != ExitOK {
		t.Fatalf("people --ics --json = %d: %s", code, errOut)
	}
	golden(t, "people.json", js)
	var r people.Report
	if err := json.Unmarshal([]byte(js), &r); err != nil {
		t.Fatalf("people --json is not the report: %v", err)
	}
	status := map[string]people.Status{}
	for _, p := range r.People {
		status[p.Key] = p.Status
	}
	// Tom's coffee was cancelled and Elena's declined: neither is a person
	// met; the room, the employer's sync and the dentist bring no one.
	for _, gone := range []string{"tom.nguyen@lumen-ventures.example", "elena.petrova@brightline-advisors.example", "room4@lattice-partners.example", "mark@acme-corp.com", "name:feldman"} {
		if _, ok := status[gone]; ok {
			t.Errorf("people --json lists %s", gone)
		}
	}
	if status["grace.park@atlas-robotics.example"] != people.Scheduled || status["name:dana whitfield"] != people.Due {
		t.Errorf("statuses = %v; want Grace scheduled (lunch on Thursday) and Dana due", status)
	}
	// Every key of the SPEC's shape is there.
	var raw struct {
		People []map[string]any `json:"people"`
		Hosts  []map[string]any `json:"hosts"`
	}
	_ = json.Unmarshal([]byte(js), &raw)
	for _, k := range []string{"key", "name", "email", "organization", "first_met", "last_met", "meetings", "in_person", "next_due", "status", "hosts"} {
		if _, ok := raw.People[0][k]; !ok {
			t.Errorf("people[0] has no %q", k)
		}
	}
	for _, k := range []string{"host", "events", "people_met", "later_one_on_one"} {
		if _, ok := raw.Hosts[0][k]; !ok {
			t.Errorf("hosts[0] has no %q", k)
		}
	}
	code, due, _ := run(t, nil, append(args, "--due")...)
	if code != ExitOK || strings.Contains(due, "Grace Park") || strings.Contains(due, "HOST") || strings.Count(due, "\ndue ") != 3 {
		t.Errorf("people --due = %d:\n%s\nwant the three most overdue (people.max_reconnects_per_week), no host table", code, due)
	}
}

// TestPeopleFromServer reads the demo's sample calendar, past included,
// from the embedded CalDAV server, as `people` without --ics does.
func TestPeopleFromServer(t *testing.T) {
	_, url, stop, err := startDemoServer(fixedNow, "127.0.0.1:0", zap.NewNop())
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	conf := t.TempDir() + "/config.yaml"
	writeSampleConfig(t, conf, url)
	env := map[string]string{"NETSYNCD_DEMO_PASSWORD": "demo"}
	r, met := peopleJSON(t, env, conf)
	if p := met["priya.raman@northwind-capital.com"]; p.Meetings < 2 || p.FirstMet >= "2026-11-01" {
		t.Errorf("Priya = %+v; want several meetings since months before the sample's weeks", p)
	}
	for k := range met {
		if strings.HasSuffix(k, "@acme-corp.com") {
			t.Errorf("an employer address is a person: %s", k)
		}
	}
	if len(r.Hosts) == 0 {
		t.Errorf("no host records from the sample's past events")
	}
	code, text, _ := run(t, env, "people", "--config", conf)
	if code != ExitOK || !strings.Contains(text, "Priya Raman") || !strings.Contains(text, "HOST") {
		t.Errorf("people (table) from the sample server = %d:\n%s", code, text)
	}
}

func writeSampleConfig(t *testing.T, path, url string) {
	t.Helper()
	if err := os.WriteFile(path, davserver.SampleConfigYAML(url), 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestDemoShowsPeople: the demo prints the people learned from the sample
// calendar's past, someone due among them, and the hosts' records.
func TestDemoShowsPeople(t *testing.T) {
	code, out, errOut := run(t, nil, "demo")
	if code != ExitOK {
		t.Fatalf("demo = %d: %s", code, errOut)
	}
	i := strings.Index(out, "== netsyncd people")
	if i < 0 {
		t.Fatalf("demo prints no people table:\n%s", out)
	}
	table := out[i:]
	table = table[:strings.Index(table, "== netsyncd once")]
	for _, want := range []string{"\ndue ", "Dana Whitfield", "Lazard", "Finance Leaders NYC", "hbscny.example"} {
		if !strings.Contains(table, want) {
			t.Errorf("the demo's people table lacks %q:\n%s", want, table)
		}
	}
	// The pass writes a reconnect entry for someone due.
	if !regexp.MustCompile(`(?m)^\w{3} \d\d \w{3} \d\d:\d\d  reconnect +Reconnect: Dana Whitfield$`).MatchString(out) {
		t.Errorf("the demo's Networking calendar has no reconnect entry for Dana Whitfield:\n%s", out[strings.Index(out, "== the "):])
	}
}

// TestPeopleReadsTheSameFromServers puts the months of history of
// testdata/people.ics on Radicale, Xandikos and DAViCal, as a client
// uploads it, and requires `people --json` to learn from the server exactly
// what it learns from the file: a year back is read, not only the window.
func TestPeopleReadsTheSameFromServers(t *testing.T) {
	_, fromFile, _ := run(t, nil, "people", "--config", "testdata/config.yaml", "--ics", "testdata/people.ics", "--json")
	if !strings.Contains(fromFile, `"first_met": "2026-06-10"`) {
		t.Fatalf("people --ics does not reach back to June:\n%s", fromFile)
	}
	data, err := os.ReadFile("testdata/people.ics")
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := os.ReadFile("testdata/config.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, srv := range testservers.All(t) {
		t.Run(srv.Name, func(t *testing.T) {
			objs, _, _ := clientUpload(t, "people.ics", string(data))
			path := srv.MakeCalendar(t, "people")
			putObjects(t, srv, path, objs)
			conf, env := serverConfig(t, string(cfg), srv, path)
			code, out, errOut := run(t, env, "people", "--config", conf, "--json")
			if code != ExitOK {
				t.Fatalf("people from %s = %d: %s", srv.Name, code, errOut)
			}
			if out != fromFile {
				t.Errorf("people from %s differs from the file's:\n%s", srv.Name, lineDiff(out, fromFile))
			}
		})
	}
}

// TestPeopleReadsTheDaemonsLedger: with a people.json in state_dir, the
// table is the daemon's ledger (a person met two years ago, long out of
// people.history, is there) brought up to date with the window.
func TestPeopleReadsTheDaemonsLedger(t *testing.T) {
	_, url, stop, err := startDemoServer(fixedNow, "127.0.0.1:0", zap.NewNop())
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	dir := t.TempDir()
	store, err := state.Open(dir + "/state")
	if err != nil {
		t.Fatal(err)
	}
	old := people.Person{Key: "old.friend@example.org", Name: "Old Friend", Email: "old.friend@example.org",
		Meetings: []people.Meeting{{Occ: "old-coffee", Start: fixedNow.AddDate(-2, 0, 0), Summary: "Coffee", InPerson: true, Networking: true}}}
	if err := people.Save(store, people.Ledger{People: map[string]people.Person{old.Key: old}}); err != nil {
		t.Fatal(err)
	}
	store.Close()
	conf := dir + "/config.yaml"
	if err := os.WriteFile(conf, append(davserver.SampleConfigYAML(url), []byte("\nstate_dir: "+dir+"/state\n")...), 0o600); err != nil {
		t.Fatal(err)
	}
	_, met := peopleJSON(t, map[string]string{"NETSYNCD_DEMO_PASSWORD": "demo"}, conf)
	if _, ok := met["old.friend@example.org"]; !ok {
		t.Errorf("people = %v; want the daemon's old friend", met)
	}
	// The months before the window are the daemon's to learn, not read here.
	if p, ok := met["priya.raman@northwind-capital.com"]; !ok || p.FirstMet < "2026-11-01" {
		t.Errorf("Priya = %+v; want her learned from the window alone", p)
	}
}

// peopleJSON runs `people --config conf --json` and returns the report and
// its people by key.
func peopleJSON(t *testing.T, env map[string]string, conf string) (people.Report, map[string]people.PersonRow) {
	t.Helper()
	code, js, errOut := run(t, env, "people", "--config", conf, "--json")
	if code != ExitOK {
		t.Fatalf("people --config %s = %d: %s", conf, code, errOut)
	}
	var r people.Report
	if err := json.Unmarshal([]byte(js), &r); err != nil {
		t.Fatal(err)
	}
	met := map[string]people.PersonRow{}
	for _, p := range r.People {
		met[p.Key] = p
	}
	return r, met
}
