package classify

import (
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/netsyncd/netsyncd/internal/config"
	"github.com/netsyncd/netsyncd/internal/event"
)

func testOccurrence(summary string) *event.Occurrence {
	start := time.Date(2026, 3, 3, 12, 30, 0, 0, newYork)
	return &event.Occurrence{UID: "t@test", Calendar: "Personal", Summary: summary, Start: start, End: start.Add(time.Hour)}
}

func mustNew(t *testing.T, cfg *config.Config) *Classifier {
	t.Helper()
	c, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c
}

func ptr[T any](v T) *T { return &v }

func TestReasons(t *testing.T) {
	c := mustNew(t, testConfig())
	tests := []struct {
		name   string
		edit   func(o *event.Occurrence)
		reason string // one line that must be among the reasons
	}{
		{"networking word", func(o *event.Occurrence) { o.Summary = "NYC CFO Spring Mixer" },
			`networking: "mixer" in summary (default rule event-words, weight`},
		{"my invitation", func(o *event.Occurrence) {
			o.Summary, o.Organizer = "Coffee w/ Sarah", "jane@home.example"
			o.Attendees = []event.Attendee{{Email: "jane@home.example"}, {Email: "sarah@bain.com"}}
		}, `mode=active: organizer jane@home.example is me and 1 other person (default rule organised-by-me, weight`},
		{"meal", func(o *event.Occurrence) { o.Summary = "Lunch - Tom @ Balthazar" },
			`type=meal: "lunch" in summary (default rule meal-words, weight 2)`},
		{"video link", func(o *event.Occurrence) {
			o.Summary, o.Location = "Catch up with Raj", "https://us02web.zoom.us/j/812"
		}, `in_person=false: "zoom.us" in location (default rule video-link, weight`},
		{"remote type follows the video link", func(o *event.Occurrence) {
			o.Summary, o.Location = "Catch up with Raj", "https://us02web.zoom.us/j/812"
		}, `type=remote: "zoom.us" in location (default rule video-link, weight`},
		{"employer attendee", func(o *event.Occurrence) {
			o.Summary = "Coffee with Ben"
			o.Attendees = []event.Attendee{{Email: "bob@acme-corp.com"}, {Email: "ben@kkr.com"}}
		}, `confidential_risk: attendee bob@acme-corp.com is from employer domain acme-corp.com (default rule employer-people, weight`},
		{"employer name", func(o *event.Occurrence) { o.Summary = "Dinner w/ Paul (Acme board member)" },
			`confidential_risk: employer name "Acme" in summary (default rule employer-name, weight`},
		{"shared calendar", func(o *event.Occurrence) { o.Summary, o.Calendar = "Breakfast w/ Dan", "Work" },
			`confidential_risk: calendar "Work" is shared with the employer (default rule shared-calendar, weight`},
		{"fallback mode", func(o *event.Occurrence) {
			o.Summary, o.Organizer = "Paul R #networking", "paul.r@kirkland.com"
			o.Attendees = []event.Attendee{{Email: "jane@home.example"}, {Email: "a@x.com"}, {Email: "b@y.com"}}
		}, `mode=passive: organised by someone else (paul.r@kirkland.com) (default rule organised-by-someone-else, weight`},
		{"office invitation", func(o *event.Occurrence) {
			o.Summary, o.Organizer = "Autumn reception", "events@kirkland.com"
			o.Attendees = []event.Attendee{{Email: "jane@home.example"}}
		}, `mode=passive: sent from an office's address (events@kirkland.com) (default rule office-invitation, weight 2.5)`},
		{"cancelled in the summary", func(o *event.Occurrence) { o.Summary = "CANCELLED: lunch with Victoria" },
			`declined: the summary says it is cancelled ("cancelled")`},
		{"role in the notes", func(o *event.Occurrence) {
			o.Summary, o.Description = "Padel – Erik L.", "Erik Lagerlöf (COO, Spotify). Court 2."
		}, `networking: names someone's role ("COO, Spotify") (default rule person-with-role, weight 1.5)`},
		{"fallback in_person", func(o *event.Occurrence) { o.Summary, o.Location = "Dentist", "200 W 57th St" },
			`in_person: the location names a place ("57th") (default rule physical-location, weight`},
		{"internal meeting", func(o *event.Occurrence) {
			o.Summary, o.Organizer = "Lunch with Tom", "tom@acme-corp.com"
			o.Attendees = []event.Attendee{{Email: "tom@acme-corp.com"}, {Email: "jane.doe@acme-corp.com"}}
		}, `networking=false: the other person (tom@acme-corp.com) is from the employer (acme-corp.com, acme.co.uk) (default rule internal-meeting, weight`},
		{"nothing", func(o *event.Occurrence) { o.Summary = "Pay Amex bill" },
			`networking=false: no rule found a networking signal`},
		{"not networking has no risk", func(o *event.Occurrence) { o.Summary, o.Calendar = "Dentist", "Work" },
			`confidential_risk=false: not networking`},
		{"owned", func(o *event.Occurrence) { o.Summary, o.Owned = "Prep: Coffee with Sarah", true },
			`networking=false: written by netsyncd`},
		{"declined", func(o *event.Occurrence) {
			o.Summary = "Coffee with Luis"
			o.Attendees = []event.Attendee{{Email: "luis@carlyle.com"}, {Email: "jane@home.example", PartStat: "DECLINED"}}
		}, `declined: I declined (jane@home.example)`},
		{"cancelled", func(o *event.Occurrence) { o.Summary, o.Status = "Lunch with Victoria", "CANCELLED" },
			`declined: the event is cancelled`},
		{"evidence against", func(o *event.Occurrence) {
			o.Summary, o.Organizer = "Coffee with the audit partner", "cosec@acme-corp.com"
			o.Attendees = []event.Attendee{{Email: "cosec@acme-corp.com"}, {Email: "partner@kpmg.com"}}
		}, `networking=false: organised from the employer's domain (acme-corp.com) (default rule colleague-organised, weight 4); also "audit" in summary (default rule business-counterparts, weight 2); against: "coffee" in summary (default rule one-on-one-words, weight 1.5)`},
		{"uncertain", func(o *event.Occurrence) { o.Summary = "Practice dinner" },
			`uncertain: networking=false by a margin of 0`},
		{"possible networking", func(o *event.Occurrence) {
			o.Summary, o.Organizer = "Budget review", "jane.doe@acme-corp.com"
			o.Attendees = []event.Attendee{{Email: "jane.doe@acme-corp.com"}, {Email: "lena@nordsearch.se"}}
		}, `possible networking: default rule search-firm-domain is a sign of a job search: exposure checks apply`},
		{"the employer's hiring", func(o *event.Occurrence) {
			o.Summary, o.Organizer = "Spencer Stuart – CFO search kickoff", "hr@acme-corp.com"
			o.Attendees = []event.Attendee{{Email: "hr@acme-corp.com"}, {Email: "jane.doe@acme-corp.com"}, {Email: "x@spencerstuart.com"}}
		}, `networking=false: organised from the employer's domain (acme-corp.com) (default rule colleague-organised, weight 4)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := testOccurrence("")
			tt.edit(o)
			got := c.Classify(o)
			if !slices.ContainsFunc(got.Reasons, func(r string) bool { return strings.HasPrefix(r, tt.reason) }) {
				t.Errorf("Classify(%q).Reasons =\n\t%s\nwant one starting with:\n\t%s", o.Summary, strings.Join(got.Reasons, "\n\t"), tt.reason)
			}
		})
	}
}

// TestEveryFieldHasAReason: networking, in_person and confidential_risk
// always; mode and type only for networking events.
func TestEveryFieldHasAReason(t *testing.T) {
	c := mustNew(t, testConfig())
	occs, _ := loadLabelled(t)
	for i := range occs {
		cl := c.Classify(&occs[i])
		fields := []string{"networking", "in_person", "confidential_risk"}
		if cl.Networking {
			fields = append(fields, "mode", "type")
		}
		for _, f := range fields {
			if !slices.ContainsFunc(cl.Reasons, func(r string) bool { return strings.HasPrefix(r, f+":") || strings.HasPrefix(r, f+"=") }) {
				t.Errorf("Classify(%q) has no reason for %s: %q", occs[i].Summary, f, cl.Reasons)
			}
		}
		if !cl.Networking && (cl.Mode != "" || cl.Type != "" || (cl.ConfidentialRisk && !cl.Possible)) {
			t.Errorf("Classify(%q) = %+v; a non-networking event has no mode, type or risk (unless it might be networking)", occs[i].Summary, cl)
		}
	}
}

func TestUserRuleOverridesDefault(t *testing.T) {
	cfg := testConfig()
	cfg.Classify.Rules = []config.Rule{{
		Name:  "board dinners",
		Match: config.Match{Summary: []string{"board dinner"}},
		Set:   config.Set{Networking: ptr(true), Type: "meal", Mode: "passive"},
	}}
	o := testOccurrence("Board dinner")
	o.Organizer = "chair@citymeals.org"
	o.Attendees = []event.Attendee{{Email: "chair@citymeals.org"}, {Email: "jane@home.example"}}

	before := mustNew(t, testConfig()).Classify(o)
	if before.Mode != Active {
		t.Fatalf("without the rule, Classify(%q).Mode = %q; the test needs the default to say active", o.Summary, before.Mode)
	}
	got := mustNew(t, cfg).Classify(o)
	if got.Mode != Passive || got.Type != "meal" || !got.Networking {
		t.Errorf("Classify(%q) = %v %v %q; want networking passive meal", o.Summary, got.Networking, got.Mode, got.Type)
	}
	want := `mode=passive: "board dinner" in summary (rule "board dinners")`
	if !slices.Contains(got.Reasons, want) {
		t.Errorf("Classify(%q).Reasons = %q; want %q among them", o.Summary, got.Reasons, want)
	}
}

// TestUserTypeSurvivesRemote: a user rule's type is kept for a video call;
// a default rule's type is not.
func TestUserTypeSurvivesRemote(t *testing.T) {
	cfg := testConfig()
	cfg.Classify.Rules = []config.Rule{{
		Name:  "alumni calls",
		Match: config.Match{Summary: []string{"kellogg"}},
		Set:   config.Set{Type: "alumni"},
	}}
	c := mustNew(t, cfg)
	for _, tt := range []struct{ summary, want string }{
		{"Zoom coffee with Kellogg classmate", "alumni"},
		{"Zoom coffee with Wharton classmate", "remote"},
	} {
		if got := c.Classify(testOccurrence(tt.summary)); got.Type != tt.want || got.InPerson {
			t.Errorf("Classify(%q) = type %q in_person %v; want type %q, not in person", tt.summary, got.Type, got.InPerson, tt.want)
		}
	}
}

func TestConfidentialOff(t *testing.T) {
	cfg := testConfig()
	cfg.Employer.Confidential = false
	o := testOccurrence("Coffee with Ben")
	o.Calendar, o.Organizer = "Work", "jane.doe@acme-corp.com"
	got := mustNew(t, cfg).Classify(o)
	want := "confidential_risk=false: employer.confidential is off"
	if got.ConfidentialRisk || !slices.Contains(got.Reasons, want) {
		t.Errorf("Classify(%q) = risk %v, reasons %q; want no risk and %q", o.Summary, got.ConfidentialRisk, got.Reasons, want)
	}
}

// TestBadInput: odd events are classified, never a crash.
func TestBadInput(t *testing.T) {
	c := mustNew(t, testConfig())
	start := time.Date(2026, 3, 3, 12, 0, 0, 0, newYork)
	tests := []struct {
		name       string
		o          event.Occurrence
		networking bool
	}{
		{"zero value", event.Occurrence{}, false},
		{"no summary", event.Occurrence{Location: "Balthazar", Start: start, End: start.Add(time.Hour)}, false},
		{"end before start", event.Occurrence{Summary: "Coffee with Ann", Start: start, End: start.Add(-time.Hour)}, true},
		{"ten years long", event.Occurrence{Summary: "Summit", Start: start, End: start.AddDate(10, 0, 0)}, true},
		{"broken attendees", event.Occurrence{Summary: "Lunch with Bo", Organizer: "@", Attendees: []event.Attendee{
			{}, {Email: "mailto:"}, {Email: "a@@b"}, {Email: "@acme-corp.com"}, {Email: "x@"}, {Email: "JANE@HOME.EXAMPLE", PartStat: "declined"},
		}}, true},
		{"only the employer's broken addresses", event.Occurrence{Summary: "Team sync", Attendees: []event.Attendee{{Email: "acme-corp.com"}}}, false},
		{"invalid UTF-8", event.Occurrence{Summary: "Coffee \xff\xfe with \xc3", Location: "\xff"}, true},
		{"huge description", event.Occurrence{Summary: "x", Description: strings.Repeat("board dinner zoom.us ", 50000)}, false},
		{"control characters", event.Occurrence{Summary: "\x00\x01mixer\x7f"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := c.Classify(&tt.o)
			if got.Networking != tt.networking {
				t.Errorf("Classify(%q).Networking = %v; want %v (%q)", tt.o.Summary, got.Networking, tt.networking, got.Reasons)
			}
			if len(got.Reasons) < 3 {
				t.Errorf("Classify(%q).Reasons = %q; want a reason per field", tt.o.Summary, got.Reasons)
			}
		})
	}
}

func TestNewErrors(t *testing.T) {
	tests := []struct {
		name string
		rule config.Rule
		want []string // all must be in the error
	}{
		{"invalid regexp", config.Rule{Name: "bad regexp", Match: config.Match{Summary: []string{"coffee", "/(unclosed/"}}, Set: config.Set{Networking: ptr(true)}},
			[]string{`rule "bad regexp"`, "classify.rules[1]", "match.summary[1]", `"/(unclosed/" is not a valid regular expression`}},
		{"invalid regexp in text", config.Rule{Name: "bad text", Match: config.Match{Text: []string{"/a{2,1}/"}}, Set: config.Set{Networking: ptr(true)}},
			[]string{`rule "bad text"`, "match.text[0]"}},
		{"unknown mode", config.Rule{Name: "bad mode", Match: config.Match{Summary: []string{"x"}}, Set: config.Set{Mode: "activ"}},
			[]string{`rule "bad mode"`, "set.mode", `"activ"`, "active or passive"}},
		{"unknown type", config.Rule{Name: "bad type", Match: config.Match{Summary: []string{"x"}}, Set: config.Set{Type: "brunch"}},
			[]string{`rule "bad type"`, "set.type", "one_on_one"}},
		{"sets nothing", config.Rule{Name: "idle", Match: config.Match{Summary: []string{"x"}}},
			[]string{`rule "idle"`, "sets nothing"}},
		{"pattern without words", config.Rule{Name: "blank", Match: config.Match{Summary: []string{"  "}}, Set: config.Set{Networking: ptr(true)}},
			[]string{`rule "blank"`, "match.summary[0]", "no words"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := testConfig()
			good := config.Rule{Name: "fine", Match: config.Match{Summary: []string{"coffee"}}, Set: config.Set{Networking: ptr(true)}}
			cfg.Classify.Rules = []config.Rule{good, tt.rule}
			_, err := New(cfg)
			if err == nil {
				t.Fatalf("New(rule %q) = nil error; want one", tt.rule.Name)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("New(rule %q) error = %q; want it to contain %q", tt.rule.Name, err, w)
				}
			}
		})
	}
}

// TestDefaults checks the embedded rules as data: they parse with no
// unknown key, have unique names, set something, and compile.
func TestDefaults(t *testing.T) {
	f, err := parseDefaults(defaultsYAML)
	if err != nil {
		t.Fatal(err)
	}
	rules := f.Rules
	if len(rules) < 20 {
		t.Fatalf("defaults.yaml has %d rules; want the full vocabulary", len(rules))
	}
	seen := map[string]bool{}
	for i, r := range rules {
		if r.Name == "" || seen[r.Name] {
			t.Errorf("default rule %d: name %q is empty or used twice", i+1, r.Name)
		}
		seen[r.Name] = true
	}
	if _, err := New(config.Default()); err != nil {
		t.Errorf("New(config.Default()) = %v", err)
	}
	if _, err := parseDefaults([]byte("rules:\n- name: x\n  match: {sumary: [a]}\n  set: {networking: true}\n")); err == nil {
		t.Errorf("parseRules accepted an unknown key; the defaults would hide typos")
	}
}

// TestDefaultsAreUsed: every default rule matches at least one event of the
// labelled set or the hard cases, so none is dead weight.
func TestDefaultsAreUsed(t *testing.T) {
	c := mustNew(t, testConfig())
	occs, _ := loadLabelled(t)
	hard, _ := loadLabelledFile(t, "testdata/hard.yaml")
	occs = append(occs, hard...)
	used := map[string]bool{}
	for i := range occs {
		d := &doc{}
		d.reset(c, &occs[i])
		for _, r := range slices.Concat(c.evidence.rules, c.late.rules) {
			if _, ok := r.apply(d); ok {
				used[r.origin] = true
			}
		}
	}
	for _, r := range DefaultRules() {
		if !used["default rule "+r.Name] {
			t.Errorf("default rule %q matches nothing in testdata/labelled.yaml or testdata/hard.yaml", r.Name)
		}
	}
}

func TestConcurrentUse(t *testing.T) {
	c := mustNew(t, testConfig())
	occs, _ := loadLabelled(t)
	want := make([]Class, len(occs))
	for i := range occs {
		want[i] = c.Classify(&occs[i])
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for i := range occs {
				if got := c.Classify(&occs[i]); !slices.Equal(got.Reasons, want[i].Reasons) {
					t.Errorf("Classify(%q) in parallel = %q; want %q", occs[i].Summary, got.Reasons, want[i].Reasons)
					return
				}
			}
		})
	}
	wg.Wait()
}

func BenchmarkClassify100k(b *testing.B) {
	c, err := New(testConfig())
	if err != nil {
		b.Fatal(err)
	}
	occs, _ := loadLabelled(b)
	const n = 100_000
	b.ReportAllocs()
	for b.Loop() {
		for i := range n {
			c.Classify(&occs[i%len(occs)])
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/n, "ns/occurrence")
}

// TestDocExamples runs the rules of docs/classification.md.
func TestDocExamples(t *testing.T) {
	cfg := testConfig()
	before := config.ClockTime(8 * 60)
	cfg.Classify.Rules = []config.Rule{
		{Name: "third thursday", Match: config.Match{Summary: []string{"third thursday"}},
			Set: config.Set{Networking: ptr(true), Mode: "active", Type: "meal"}},
		{Name: "globex alumni calls", Match: config.Match{Organizer: []string{"@globex.com"}, MaxAttendees: ptr(3)},
			Set: config.Set{Networking: ptr(true), Type: "alumni"}},
		{Name: "family calendar", Match: config.Match{Calendar: []string{"Family"}}, Set: config.Set{Networking: ptr(false)}},
		{Name: "club breakfasts", Match: config.Match{Location: []string{"union league club"},
			Days: []config.Weekday{1, 2, 3, 4, 5}, Before: &before},
			Set: config.Set{Networking: ptr(true), Type: "meal", Mode: "active"}},
	}
	c := mustNew(t, cfg)

	o := testOccurrence("Third Thursday")
	if got := c.Classify(o); !got.Networking || got.Type != "meal" ||
		!slices.Contains(got.Reasons, `networking: "third thursday" in summary (rule "third thursday")`) {
		t.Errorf("Classify(%q) = %v %q %q", o.Summary, got.Networking, got.Type, got.Reasons)
	}
	o = testOccurrence("Jane / Bob sync")
	o.Location, o.Organizer = "Microsoft Teams Meeting", "bob@globex.com"
	o.Attendees = []event.Attendee{{Email: "bob@globex.com"}, {Email: "jane@home.example"}, {Email: "amy@globex.com"}}
	if got := c.Classify(o); !got.Networking || got.Type != "alumni" || got.InPerson || got.Mode != Passive {
		t.Errorf("Classify(%q) = %v %q %q in_person %v; want networking alumni passive remote", o.Summary, got.Networking, got.Type, got.Mode, got.InPerson)
	}
	o = testOccurrence("Coffee with Sam")
	o.Calendar = "Family"
	if got := c.Classify(o); got.Networking {
		t.Errorf("Classify(%q on Family) is networking; want not", o.Summary)
	}
	o = testOccurrence("Breakfast")
	o.Location = "Union League Club, 38 E 37th St"
	o.Start = time.Date(2026, 3, 4, 7, 30, 0, 0, newYork) // a Wednesday
	o.End = o.Start.Add(time.Hour)
	if got := c.Classify(o); !got.Networking || got.Type != "meal" {
		t.Errorf("Classify(%q at 07:30 Wed) = %v %q; want a networking meal", o.Summary, got.Networking, got.Type)
	}
	o.Start = o.Start.Add(time.Hour)
	if got := c.Classify(o); got.Networking {
		t.Errorf("Classify(%q at 08:30) is networking; the meal-break default should win", o.Summary)
	}
}

// TestFamilyAndHolidays pins the word boundaries and the precedence of the
// holiday, family and school vocabulary, both ways: everyday life is not
// networking, and networking that only looks like it still is.
func TestFamilyAndHolidays(t *testing.T) {
	c := mustNew(t, testConfig())
	tests := []struct {
		summary    string
		networking bool
	}{
		{"Christmas dinner with the in-laws", false},
		{"Holiday lunch with cousins", false},
		{"Easter brunch with family", false},
		{"Lunch with my sister", false},
		{"Hanukkah dinner", false},
		{"Chanukah party", false},
		{"School concert", false},
		{"Mother's Day brunch", false},
		{"Dinner with the family", false},
		{"Brunch w/ family", false},
		{"Thanksgiving at Aunt Carol's", false},
		{"Back-to-school night", false},
		{"Eid al-Fitr lunch", false},
		{"Rosh Hashanah dinner", false},
		{"Lunar New Year dinner", false},
		{"Xmas Eve drinks", false},
		{"Alumni reunion", true},
		{"Family office investor lunch", true},
		{"Lunch with family office LPs", true},
		{"Dinner with Sarah (Partner at Bain)", true},
		{"Coffee – Brother Capital LP", true},
		{"School of Business alumni mixer", true},
		{"Harvard Business School alumni breakfast", true},
		{"Children's Aid board gala", true},
		{"Women in Law breakfast", true},
		{"Dinner with Tom and his wife", true},
		{"Wharton Alumni Club Christmas party", true},
		{"Chamber of Commerce Christmas mixer", true},
		{"Christmas Cocktail Reception – Evercore", true},
		{"Working Parents in Finance panel", true},
	}
	for _, tt := range tests {
		got := c.Classify(testOccurrence(tt.summary))
		if got.Networking != tt.networking {
			t.Errorf("Classify(%q).Networking = %v; want %v\n\t%s", tt.summary, got.Networking, tt.networking,
				strings.Join(got.Reasons, "\n\t"))
		}
	}
}
