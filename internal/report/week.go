package report

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/netsyncd/netsyncd/internal/limits"
)

var weekHeader = []string{"WEEK", "DATES", "HOURS", "EVENTS", "ACTIVE", "PASSIVE", "ACTIVE %", "REMOTE", "TRAVEL", "RISKS"}

// WriteReportText writes the weekly view as a table, one row per week,
// with that week's findings listed under its row.
func WriteReportText(w io.Writer, weeks []limits.Week, loc *time.Location) error {
	ew := &errWriter{w: w}
	if len(weeks) == 0 {
		ew.printf("No weeks in the window.\n")
		return ew.result()
	}
	rows := [][]string{weekHeader}
	for _, wk := range weeks {
		rows = append(rows, weekRow(wk, loc))
	}
	widths := columnWidths(rows)
	ew.printf("%s\n", joinRow(rows[0], widths))
	for i, wk := range weeks {
		ew.printf("%s\n", joinRow(rows[i+1], widths))
		if len(wk.Findings) == 0 {
			ew.printf("  no findings\n")
		}
		for _, f := range wk.Findings {
			ew.printf("  - %s: %s\n", f.Code, f.Message)
		}
	}
	return ew.result()
}

func weekRow(wk limits.Week, loc *time.Location) []string {
	s, last := wk.Start.In(loc), wk.End.In(loc).AddDate(0, 0, -1)
	share := "-"
	if wk.Events > 0 {
		share = pct(wk.ActiveShare) + " (" + pct(wk.ActiveHoursShare) + " of h)"
	}
	remote := strconv.Itoa(wk.Remote)
	if wk.Remote > 0 {
		remote += " (" + hours(wk.RemoteHours) + ")"
	}
	return []string{
		wk.Week,
		s.Format("Mon 2 Jan") + "–" + last.Format("Mon 2 Jan"),
		strings.TrimSuffix(hours(wk.Hours), " h") + " / " + hours(wk.BudgetHours),
		strconv.Itoa(wk.Events), strconv.Itoa(wk.Active), strconv.Itoa(wk.Passive),
		share, remote, minutes(wk.TravelMinutes), strconv.Itoa(wk.Confidential),
	}
}

func columnWidths(rows [][]string) []int {
	widths := make([]int, len(rows[0]))
	for _, r := range rows {
		for i, c := range r {
			widths[i] = max(widths[i], len([]rune(c)))
		}
	}
	return widths
}

func joinRow(cells []string, widths []int) string {
	var b strings.Builder
	for i, c := range cells {
		if i == len(cells)-1 {
			b.WriteString(c)
			break
		}
		b.WriteString(pad(c, widths[i]+2))
	}
	return b.String()
}

// weekJSON is one week of `report --json`, as SPEC.md names its fields.
type weekJSON struct {
	Week             string    `json:"week"`
	Start            string    `json:"start"`
	End              string    `json:"end"`
	Hours            float64   `json:"hours"`
	BudgetHours      float64   `json:"budget_hours"`
	Events           int       `json:"events"`
	Active           int       `json:"active"`
	Passive          int       `json:"passive"`
	ActiveShare      float64   `json:"active_share"`
	ActiveHoursShare float64   `json:"active_hours_share"`
	Remote           int       `json:"remote"`
	RemoteHours      float64   `json:"remote_hours"`
	TravelMinutes    int       `json:"travel_minutes"`
	Confidential     int       `json:"confidential_risks"`
	Findings         []Finding `json:"findings"`
}

// Finding is a finding as JSON shows it: start in RFC 3339 with its offset.
type Finding struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	UID     string `json:"uid,omitempty"`
	Start   string `json:"start,omitempty"`
}

func findings(fs []limits.Finding) []Finding {
	out := make([]Finding, 0, len(fs))
	for _, f := range fs {
		j := Finding{Code: f.Code, Message: f.Message, UID: f.UID}
		if f.Start != nil {
			j.Start = f.Start.Format(time.RFC3339)
		}
		out = append(out, j)
	}
	return out
}

// WriteReportJSON writes {"weeks": [...], "milestones": []}, the shape of SPEC.md.
func WriteReportJSON(w io.Writer, weeks []limits.Week) error {
	return WritePlanJSON(w, weeks, Plan{}, time.UTC)
}

// WritePlanJSON writes {"weeks": [...], "milestones": [...]}, the shape
// of SPEC.md; milestone days are in loc.
func WritePlanJSON(w io.Writer, weeks []limits.Week, p Plan, loc *time.Location) error {
	out := struct {
		Weeks      []weekJSON      `json:"weeks"`
		Milestones []milestoneJSON `json:"milestones"`
	}{Weeks: make([]weekJSON, 0, len(weeks)), Milestones: milestonesJSON(p.Milestones, loc)}
	for _, wk := range weeks {
		out.Weeks = append(out.Weeks, weekJSON{
			Week: wk.Week, Start: wk.Start.Format(time.RFC3339), End: wk.End.Format(time.RFC3339),
			Hours: round2(wk.Hours), BudgetHours: wk.BudgetHours,
			Events: wk.Events, Active: wk.Active, Passive: wk.Passive,
			ActiveShare: round2(wk.ActiveShare), ActiveHoursShare: round2(wk.ActiveHoursShare),
			Remote: wk.Remote, RemoteHours: round2(wk.RemoteHours), TravelMinutes: wk.TravelMinutes,
			Confidential: wk.Confidential, Findings: findings(wk.Findings),
		})
	}
	return writeJSON(w, out)
}

// writeJSON writes v indented, without escaping <, > and & (messages are
// read by people and quote places like "Smith & Wollensky").
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	return nil
}
