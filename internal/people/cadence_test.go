package people

import (
	"reflect"
	"testing"
	"time"

	"github.com/netsyncd/netsyncd/internal/config"
	"github.com/netsyncd/netsyncd/internal/limits"
)

func cadence(s string) *config.Cadence {
	if s == "never" {
		return &config.Cadence{Never: true}
	}
	d, err := config.ParsePeriod(s)
	if err != nil {
		panic(err)
	}
	return &config.Cadence{After: d}
}

func TestStandings(t *testing.T) {
	cfg := testConfig() // reconnect_after 8w, lead 3d, at most 3 a week
	cfg.People.Rules = []config.PeopleRule{
		{Match: config.PeopleMatch{Domain: []string{"kestrel.example"}}, ReconnectAfter: cadence("never")},
		{Match: config.PeopleMatch{Name: []string{"Grace"}}, ReconnectAfter: cadence("2w")},
		{Match: config.PeopleMatch{Email: []string{"OWEN@harbor.example"}}, ReconnectAfter: cadence("4w")},
	}
	items := []limits.Item{
		meet("p", -100, "Coffee", att("priya@northwind.example", "Priya Raman")), // due 44 days ago
		meet("m", -70, "Lunch", att("marcus@hudson.example", "Marcus Bell")),     // due 14 days ago
		meet("g", -16, "Lunch", att("grace@atlas.example", "Grace Park")),        // 2w: due 2 days ago
		meet("o", -26, "Coffee", att("owen@harbor.example", "Owen Blake")),       // 4w: due in 2 days, within the lead
		meet("s", -300, "Coffee", att("sam@kestrel.example", "Sam Ortiz")),       // never
		meet("t", -20, "Coffee", att("tom@lumen.example", "Tom Nguyen")),         // ok, due in 36 days
		meet("e", -90, "Zoom", att("elena@bright.example", "Elena Petrova")),     // overdue, but booked below
	}
	l := Learn(Ledger{}, items, cfg, now)
	future := []limits.Item{meet("e2", 5, "Catch-up with Elena Petrova")}
	future[0].Occ.Attendees = future[0].Occ.Attendees[:1] // known only by the summary
	got := map[string]Status{}
	var order []string
	for _, s := range Standings(l, future, cfg, now) {
		got[s.Email] = s.Status
		order = append(order, s.Email)
	}
	want := map[string]Status{
		"priya@northwind.example": Due, "marcus@hudson.example": Due, "grace@atlas.example": Due,
		"owen@harbor.example": Due, "sam@kestrel.example": Never, "tom@lumen.example": OK,
		"elena@bright.example": Scheduled,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Standings statuses = %v; want %v", got, want)
	}
	due := DueNow(l, future, cfg, now)
	var names []string
	for _, s := range due {
		names = append(names, s.Name)
	}
	if want := []string{"Priya Raman", "Marcus Bell", "Grace Park"}; !reflect.DeepEqual(names, want) {
		t.Errorf("DueNow = %q (standings %q); want the three most overdue %q", names, order, want)
	}
	cfg.People.MaxReconnectsPerWeek = 0
	if d := DueNow(l, future, cfg, now); len(d) != 0 {
		t.Errorf("DueNow with a cap of 0 = %d people", len(d))
	}
}

func TestHosts(t *testing.T) {
	cfg := testConfig()
	dana, sam := att("dana@lazard.example", "Dana Whitfield"), att("sam@kestrel.example", "Sam Ortiz")
	mixer := passive("mix1", -60, "CFO Mixer", "noreply@eventbrite.com", "Finance Leaders NYC", dana, sam)
	mixer.Occ.Description = "Hosted by Finance Leaders NYC on Eventbrite."
	mixer2 := passive("mix2", -20, "CFO Mixer", "noreply@eventbrite.com", "Finance Leaders NYC")
	breakfast := passive("bf", -40, "Monthly breakfast", "events@nyccfo.example", "NYC CFO Association", dana)
	gala := passive("gala", -10, "Gala", me, "Jane Doe") // a ticket she added herself
	gala.Occ.URL = "https://www.eventbrite.com/e/gala-123"
	gala.Occ.Description = "Organized by City Harvest. Black tie."
	items := []limits.Item{mixer, mixer2, breakfast, gala, meet("c", -30, "Coffee", dana)}
	l := Learn(Ledger{}, items, cfg, now)
	got := Hosts(l)
	want := []Host{
		{Host: "Finance Leaders NYC", Events: 2, PeopleMet: 2, LaterOneOnOne: 1},
		{Host: "City Harvest", Events: 1},
		{Host: "nyccfo.example", Events: 1, PeopleMet: 1, LaterOneOnOne: 1},
	}
	for i := range got {
		got[i].LastEvent = time.Time{}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Hosts =\n%+v\nwant\n%+v", got, want)
	}
	if h := l.People["dana@lazard.example"].Hosts(); !reflect.DeepEqual(h, []string{"Finance Leaders NYC", "nyccfo.example"}) {
		t.Errorf("Dana's hosts = %q", h)
	}
}

func TestCodecRoundTrip(t *testing.T) {
	cfg := testConfig()
	l := Learn(Ledger{}, []limits.Item{
		meet("a", -10, "Coffee w/ Dana Whitfield (Lazard)"),
		passive("b", -5, "Mixer", "events@cfo.example", "CFO", att("sam@kestrel.example", "Sam Ortiz")),
	}, cfg, now)
	data, err := Encode(l)
	if err != nil {
		t.Fatal(err)
	}
	back, err := Decode(data)
	if err != nil {
		t.Fatalf("Decode(Encode(l)): %v", err)
	}
	again, _ := Encode(back)
	if string(again) != string(data) {
		t.Errorf("Encode(Decode(Encode(l))) differs:\n%s\n%s", data, again)
	}
	if len(back.People) != 2 || len(back.Events) != 1 {
		t.Errorf("decoded %d people and %d events; want 2 and 1", len(back.People), len(back.Events))
	}
	for _, bad := range []string{`{"version":2,"people":[]}`, `{"version":1,"people":[{"key":""}]}`, `{`} {
		if _, err := Decode([]byte(bad)); err == nil {
			t.Errorf("Decode(%s) = ok; want an error", bad)
		}
	}
}
