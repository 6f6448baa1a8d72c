package report

import (
	"io"
	"strings"
	"time"

	"github.com/netsyncd/netsyncd/internal/limits"
)

// ExplainRow is one occurrence of `explain --json`, as SPEC.md names it.
type ExplainRow struct {
	UID              string    `json:"uid"`
	RecurrenceID     string    `json:"recurrence_id"` // RFC 3339 or ""
	Calendar         string    `json:"calendar"`
	Summary          string    `json:"summary"`
	Location         string    `json:"location"`
	Start            string    `json:"start"` // RFC 3339 with offset
	End              string    `json:"end"`
	AllDay           bool      `json:"all_day"`
	Networking       bool      `json:"networking"`
	Mode             string    `json:"mode"` // active | passive | ""
	Type             string    `json:"type"`
	InPerson         bool      `json:"in_person"`
	TravelMinutes    int       `json:"travel_minutes"`
	ConfidentialRisk bool      `json:"confidential_risk"`
	Opportunity      bool      `json:"opportunity"` // not networking, but a chance to network (its reason is in reasons)
	Reasons          []string  `json:"reasons"`
	Findings         []Finding `json:"findings"`
}

// ExplainRows turns checked items into rows, in the items' order. Reasons
// are the classifier's, then how the travel time was found.
func ExplainRows(items []limits.Item) []ExplainRow {
	rows := make([]ExplainRow, 0, len(items))
	for i := range items {
		it := &items[i]
		o := &it.Occ
		rows = append(rows, ExplainRow{
			UID: o.UID, RecurrenceID: o.RecurrenceIDString(), Calendar: o.Calendar,
			Summary: o.Summary, Location: o.Location,
			Start: o.Start.Format(time.RFC3339), End: o.End.Format(time.RFC3339), AllDay: o.AllDay,
			Networking: it.Class.Networking, Mode: string(it.Class.Mode), Type: it.Class.Type,
			InPerson: it.Class.InPerson, TravelMinutes: it.TravelMinutes, ConfidentialRisk: it.Class.ConfidentialRisk,
			Opportunity: it.Opportunity != "", Reasons: reasons(it), Findings: findings(it.Findings),
		})
	}
	return rows
}

func reasons(it *limits.Item) []string {
	out := append([]string{}, it.Class.Reasons...)
	if it.TravelNote != "" {
		out = append(out, it.TravelNote)
	}
	if it.Opportunity != "" {
		out = append(out, it.Opportunity)
	}
	return out
}

// WriteExplainJSON writes the rows as a JSON array ([] when empty).
func WriteExplainJSON(w io.Writer, items []limits.Item) error {
	return writeJSON(w, ExplainRows(items))
}

// WriteExplainText writes one block per occurrence: when, what and where,
// the classification on one line, then its reasons and findings.
func WriteExplainText(w io.Writer, items []limits.Item, loc *time.Location) error {
	ew := &errWriter{w: w}
	if len(items) == 0 {
		ew.printf("No events in the window.\n")
	}
	for i := range items {
		if i > 0 {
			ew.printf("\n")
		}
		writeBlock(ew, &items[i], loc)
	}
	return ew.result()
}

func writeBlock(ew *errWriter, it *limits.Item, loc *time.Location) {
	o := &it.Occ
	title := o.Summary
	if title == "" {
		title = "(no title)"
	}
	ew.printf("%s  %s", when(it, loc), title)
	if o.Calendar != "" {
		ew.printf("  [%s]", o.Calendar)
	}
	ew.printf("\n  %s\n", classLine(it))
	if o.Location != "" {
		ew.printf("  location: %s\n", o.Location)
	}
	for _, r := range reasons(it) {
		ew.printf("  · %s\n", r)
	}
	for _, f := range it.Findings {
		ew.printf("  ! %s: %s\n", f.Code, f.Message)
	}
}

// when writes "Tue 2026-03-10 18:00–20:00", with the end's date when it
// is another day, and "all day" for all-day events.
func when(it *limits.Item, loc *time.Location) string {
	s, e := it.Occ.Start.In(loc), it.Occ.End.In(loc)
	const day = "Mon 2006-01-02"
	if it.Occ.AllDay {
		last := e.AddDate(0, 0, -1)
		if !last.After(s) {
			return s.Format(day) + ", all day"
		}
		return s.Format(day) + "–" + last.Format(day) + ", all day"
	}
	if sy, sm, sd := s.Date(); e.Year() == sy && e.Month() == sm && e.Day() == sd {
		return s.Format(day+" 15:04") + "–" + e.Format("15:04")
	}
	return s.Format(day+" 15:04") + "–" + e.Format(day+" 15:04")
}

// classLine sums up the classification: "networking: passive event, in
// person, 20 min travel each way (zone Midtown), confidential risk".
func classLine(it *limits.Item) string {
	c := &it.Class
	if !c.Networking && it.Opportunity != "" {
		return "not networking, but a chance to network (counts towards no limit)"
	}
	if !c.Networking {
		return "not networking"
	}
	parts := []string{strings.TrimSpace(string(c.Mode) + " " + c.Type)}
	switch {
	case c.InPerson && limits.Counted(it):
		travel := "in person, " + minutes(it.TravelMinutes) + " travel each way"
		if it.Zone != "" {
			travel += " (zone " + it.Zone + ")"
		}
		parts = append(parts, travel)
	case c.InPerson:
		parts = append(parts, "in person")
	case c.Type != "remote":
		parts = append(parts, "remote")
	}
	if c.ConfidentialRisk {
		parts = append(parts, "confidential risk")
	}
	if c.Declined || it.Occ.Cancelled() {
		parts = append(parts, "declined or cancelled: counts for nothing")
	}
	if it.Occ.Owned {
		parts = append(parts, "written by netsyncd: counts for nothing")
	}
	return "networking: " + strings.Join(parts, ", ")
}
