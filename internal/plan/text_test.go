package plan

import (
	"strings"
	"testing"
	"time"

	"github.com/netsyncd/netsyncd/internal/config"
	"github.com/netsyncd/netsyncd/internal/entry"
	"github.com/netsyncd/netsyncd/internal/limits"
)

// twoWeeks is a neutral two-week calendar: event texts with no word of a job search.
func twoWeeks() limits.Result {
	lunch := netItem("lunch-1", "Lunch with Dana Reyes", at(8, 12, 30), 75*time.Minute, 20)
	lunch.Class.Mode, lunch.Class.Type = "active", "meal"
	lunch.Occ.Organizer, lunch.Occ.OrganizerName = "jane@home.example", ""
	mixer := netItem("mixer-1", "Fintech evening, Midtown", at(10, 18, 0), 2*time.Hour, 20)
	mixer.Findings = []limits.Finding{{Code: limits.OverWeeklyHours, Message: "This week plans 7.2 h of networking; your budget is 6 h.", UID: "mixer-1"}}
	call := remoteItem("call-1", "Video call with Lee", at(15, 9, 0), 30*time.Minute)
	breakfast := netItem("bk-1", "Alumni breakfast", at(17, 7, 30), time.Hour, 30)
	breakfast.Class.Type = "alumni"
	return limits.Result{
		Items: []limits.Item{
			busyItem("w1", at(8, 9, 0), at(8, 11, 45)),
			lunch, mixer,
			busyItem("w2", at(10, 13, 0), at(10, 17, 0)),
			call, breakfast,
		},
		Weeks: []limits.Week{
			weekOf("2026-W50", 7, 2, limits.Finding{Code: limits.OverWeeklyHours, Message: "This week plans 7.2 h of networking; your budget is 6 h."}),
			weekOf("2026-W51", 14, 3),
		},
	}
}

var searchWords = []string{"job", "search", "career", "hiring", "recruit", "interview", "resume", "opportunit"}

// telltale adds what other packages may say about a confidential event:
// limits' confidential_risk message and a reason naming a rule.
func telltale(res limits.Result) limits.Result {
	it := &res.Items[2] // the mixer
	it.Class.ConfidentialRisk = true
	it.Class.Reasons = append(it.Class.Reasons, `networking: summary has "evening" (rule executive-search-words)`)
	start := it.Occ.Start
	it.Findings = append(it.Findings, limits.Finding{Code: limits.ConfidentialRisk, UID: it.Occ.UID, Start: &start,
		Message: `"Fintech evening" could expose your search to your employer: attendee x@acme-corp.com; keep it off calendars your employer can see.`})
	res.Weeks[0].Findings = append(res.Weeks[0].Findings, limits.Finding{Code: limits.BelowWeeklyTarget, Message: "Only 1 job-search meeting this week."})
	return res
}

func TestConfidentialTextsHaveNoSearchWords(t *testing.T) {
	for _, as := range []string{"event", "todo"} {
		cfg := testConfig()
		cfg.Employer.Confidential = true
		es, _ := Plan(cfg, telltale(twoWeeks()))
		if len(es) == 0 {
			t.Fatal("no entries planned")
		}
		for _, e := range es {
			body := strings.ToLower(string(entry.Encode(e, entry.EncodeOptions{As: as, Private: true, Stamp: at(1, 0, 0)})))
			for _, w := range searchWords {
				if strings.Contains(body, w) {
					t.Errorf("%s entry %q written as %s contains %q", e.Kind, e.Summary, as, w)
				}
			}
		}
	}
}

func TestPrepAsksTheQuestions(t *testing.T) {
	questions := []string{
		"Why am I going, and what do I want from it?",
		"What do I know about the host and their track record?",
		"How will I turn card-collecting into relationships that last?",
	}
	employer := "How would I describe this to my employer as useful to the company?"
	for _, confidential := range []bool{true, false} {
		cfg := testConfig()
		cfg.Employer.Confidential = confidential
		es, _ := Plan(cfg, twoWeeks())
		p := find(t, es, entry.KindPrep, "mixer-1")
		for _, q := range questions {
			if !strings.Contains(p.Description, q) {
				t.Errorf("confidential=%v: prep lacks %q", confidential, q)
			}
		}
		if got := strings.Contains(p.Description, employer); got != confidential {
			t.Errorf("confidential=%v: prep asks the employer question = %v; want %v", confidential, got, confidential)
		}
		for _, fact := range []string{"Fintech evening, Midtown", "Thu 10 Dec 18:00-20:00", "Midtown Hall, 5th Ave", "20 min each way; leave by 17:40", "Pat Host", "passive, event, in person", `summary matched "mixer"`, "your budget is 6 h"} {
			if !strings.Contains(p.Description, fact) {
				t.Errorf("prep lacks the fact %q:\n%s", fact, p.Description)
			}
		}
		if p.Summary != "Prep: Fintech evening, Midtown" {
			t.Errorf("prep summary %q; want %q", p.Summary, "Prep: Fintech evening, Midtown")
		}
	}
}

func TestFollowupText(t *testing.T) {
	es, _ := Plan(testConfig(), twoWeeks())
	f := find(t, es, entry.KindFollowup, "mixer-1")
	if f.Summary != "Follow up: Fintech evening, Midtown" {
		t.Errorf("followup summary %q; want %q", f.Summary, "Follow up: Fintech evening, Midtown")
	}
	for _, want := range []string{"within 48 hours (by Sat 12 Dec 20:00)", "Record who they were", "Book one active follow-up meeting", "Pat Host's events are worth attending again"} {
		if !strings.Contains(f.Description, want) {
			t.Errorf("followup lacks %q:\n%s", want, f.Description)
		}
	}
}

func TestUserTemplates(t *testing.T) {
	tests := []struct {
		name        string
		templates   config.Templates
		wantSummary string
		checkErr    bool
	}{
		{"override", config.Templates{PrepSummary: "Get ready: {{.Event.Summary}} at {{clock .Event.Start}}"}, "Get ready: Fintech evening, Midtown at 18:00", false},
		{"newlines collapse in a summary", config.Templates{PrepSummary: "Prep\n{{.Event.Summary}}\n"}, "Prep Fintech evening, Midtown", false},
		{"does not parse: default", config.Templates{PrepSummary: "{{.Event.Summary"}, "Prep: Fintech evening, Midtown", true},
		{"fails on the data: default", config.Templates{PrepSummary: "{{.Week.Label}}"}, "Prep: Fintech evening, Midtown", true},
		{"unknown function: default", config.Templates{PrepSummary: "{{shout .Event.Summary}}"}, "Prep: Fintech evening, Midtown", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := testConfig()
			cfg.Output.Templates = tt.templates
			es, _ := Plan(cfg, twoWeeks())
			if got := find(t, es, entry.KindPrep, "mixer-1").Summary; got != tt.wantSummary {
				t.Errorf("prep summary = %q; want %q", got, tt.wantSummary)
			}
			err := CheckTemplates(tt.templates)
			if (err != nil) != tt.checkErr {
				t.Errorf("CheckTemplates = %v; want error %v", err, tt.checkErr)
			}
			if err != nil && !strings.Contains(err.Error(), "output.templates.prep_summary") {
				t.Errorf("CheckTemplates error %q does not name the key", err)
			}
		})
	}
}

func TestConfidentialKeepsTheUsersOwnWords(t *testing.T) {
	cfg := testConfig()
	res := telltale(twoWeeks())
	res.Items[2].Occ.Summary = "Search committee evening"
	es, _ := Plan(cfg, res)
	p := find(t, es, entry.KindPrep, "mixer-1")
	if !strings.Contains(p.Summary, "Search committee evening") {
		t.Errorf("prep summary %q lost the event's own words", p.Summary)
	}
	if strings.Contains(p.Description, "could expose your search") || !strings.Contains(p.Description, "Your employer could learn of this") {
		t.Errorf("netsyncd's own telling words were kept because the event's text has one too:\n%s", p.Description)
	}
	// A finding that only quotes the event's telling words is kept as is.
	res = telltale(twoWeeks())
	res.Items[2].Occ.Summary = "Search committee evening"
	res.Items[2].Findings[len(res.Items[2].Findings)-1].Message = `"Search committee evening" needs 50 min of travel each way.`
	es, _ = Plan(cfg, res)
	if p := find(t, es, entry.KindPrep, "mixer-1"); !strings.Contains(p.Description, `"Search committee evening" needs 50 min`) {
		t.Errorf("a finding quoting only the event's own words was reworded:\n%s", p.Description)
	}
	cfg.Employer.Confidential = false
	es, _ = Plan(cfg, telltale(twoWeeks()))
	if p := find(t, es, entry.KindPrep, "mixer-1"); !strings.Contains(p.Description, "could expose your search") || !strings.Contains(p.Description, "executive-search-words") {
		t.Errorf("not confidential: findings and reasons should be written as given:\n%s", p.Description)
	}
}
