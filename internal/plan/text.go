package plan

import (
	"embed"
	"errors"
	"fmt"
	"strings"
	"text/template"
	"time"

	"github.com/netsyncd/netsyncd/internal/budget"
	"github.com/netsyncd/netsyncd/internal/config"
	"github.com/netsyncd/netsyncd/internal/entry"
)

// The default texts. They are the product's voice: the questions of
// SPEC.md, and with employer.confidential no word of a job search.
//
//go:embed templates/*.tmpl
var defaultFS embed.FS

// slot names one template: a kind and a field.
type slot struct {
	kind  entry.Kind
	field string // "summary" or "description"
}

var slots = []slot{
	{entry.KindPrep, "summary"}, {entry.KindPrep, "description"},
	{entry.KindFollowup, "summary"}, {entry.KindFollowup, "description"},
	{entry.KindWeek, "summary"}, {entry.KindWeek, "description"},
	{entry.KindReconnect, "summary"}, {entry.KindReconnect, "description"},
}

// user returns the user's template for s, "" for the default.
func user(t config.Templates, s slot) string {
	return map[slot]string{
		{entry.KindPrep, "summary"}: t.PrepSummary, {entry.KindPrep, "description"}: t.PrepDescription,
		{entry.KindFollowup, "summary"}: t.FollowupSummary, {entry.KindFollowup, "description"}: t.FollowupDescription,
		{entry.KindWeek, "summary"}: t.WeekSummary, {entry.KindWeek, "description"}: t.WeekDescription,
	}[s]
}

var funcs = template.FuncMap{
	"clock":   func(t time.Time) string { return t.Format("15:04") },
	"day":     func(t time.Time) string { return t.Format("Mon 2 Jan") },
	"date":    func(t time.Time) string { return t.Format("Mon 2 Jan 2006") },
	"hours":   func(h float64) string { return strings.TrimSuffix(fmt.Sprintf("%.1f", h), ".0") },
	"percent": func(f float64) string { return fmt.Sprintf("%.0f%%", f*100) },
	"when":    when,
	"words":   func(s string) string { return strings.ReplaceAll(s, "_", " ") },
}

// when writes an event's time span: "Tue 8 Dec 18:00-20:00", or the days of
// an all-day event.
func when(start, end time.Time, allDay bool) string {
	if allDay {
		last := end.AddDate(0, 0, -1)
		if !last.After(start) {
			return start.Format("Mon 2 Jan") + ", all day"
		}
		return start.Format("Mon 2 Jan") + " to " + last.Format("Mon 2 Jan")
	}
	if sameDay(start, end) {
		return start.Format("Mon 2 Jan 15:04") + "-" + end.Format("15:04")
	}
	return start.Format("Mon 2 Jan 15:04") + " to " + end.Format("Mon 2 Jan 15:04")
}

// texts holds the parsed templates of a pass: the user's where given and
// valid, the defaults otherwise.
type texts struct {
	user, def map[slot]*template.Template
	meter     *budget.Meter // bounds the user's templates' functions
}

// newTexts parses the templates. A user template that does not parse falls
// back to the default (CheckTemplates reports it when the config is loaded).
func newTexts(t config.Templates) *texts {
	tx := &texts{user: map[slot]*template.Template{}, def: map[slot]*template.Template{}, meter: &budget.Meter{}}
	for _, s := range slots {
		tx.def[s] = template.Must(parse(s, defaultText(s), nil))
		if src := user(t, s); src != "" {
			if tmpl, err := parse(s, src, tx.meter); err == nil && budget.CheckTemplate(tmpl) == nil {
				tx.user[s] = tmpl
			}
		}
	}
	return tx
}

// parse parses a template of slot s; a user's template gets the metered
// builtins of m (see budget.Meter).
func parse(s slot, src string, m *budget.Meter) (*template.Template, error) {
	t := template.New(string(s.kind) + "_" + s.field).Funcs(funcs)
	if m != nil {
		t = t.Funcs(m.Funcs())
	}
	return t.Option("missingkey=error").Parse(src)
}

func defaultText(s slot) string {
	b, err := defaultFS.ReadFile("templates/" + string(s.kind) + "_" + s.field + ".tmpl")
	if err != nil {
		panic("plan: missing embedded template: " + err.Error()) // a build defect, caught by every test
	}
	return string(b)
}

// render returns the summary and description of an entry of kind.
func (tx *texts) render(kind entry.Kind, d *Data) (summary, description string) {
	summary = tx.exec(slot{kind, "summary"}, d)
	// A summary is one line: newlines from a template would only confuse clients.
	summary = strings.Join(strings.Fields(summary), " ")
	// The entry keeps its text to the end of the pass: a copy of its own
	// length, not the template's buffer, grown by doubling (a quarter more
	// on average: 1 MiB of 1,930 entries at 50,000 events).
	return strings.Clone(summary), strings.Clone(strings.TrimSpace(tx.exec(slot{kind, "description"}, d)))
}

// exec runs the user's template, falling back to the default when it fails
// on this entry's data (a field the data does not have, say).
// Each run is bounded in output and time (budget.Execute).
func (tx *texts) exec(s slot, d *Data) string {
	if t := tx.user[s]; t != nil {
		out, err := budget.Execute(t, tx.meter, d)
		if err == nil {
			return out
		}
		if errors.Is(err, budget.ErrTemplateOutput) {
			delete(tx.user, s) // over budget once: the built-in text for the rest of the pass
		}
	}
	out, err := budget.Execute(tx.def[s], nil, d)
	if errors.Is(err, budget.ErrTemplateOutput) {
		// a week of thousands of findings: the text is cut, the entry written
		return out + "\n… (cut: the text is longer than netsyncd writes)"
	}
	if err != nil {
		panic("plan: default template " + s.field + " failed: " + err.Error()) // a build defect
	}
	return out
}

// CheckTemplates parses the user's templates and runs each on sample data,
// so check-config and a reload can refuse a template before a pass uses it.
func CheckTemplates(t config.Templates) error {
	for _, s := range slots {
		src := user(t, s)
		if src == "" {
			continue
		}
		m := &budget.Meter{}
		tmpl, err := parse(s, src, m)
		if err == nil {
			err = budget.CheckTemplate(tmpl)
		}
		if err == nil {
			_, err = budget.Execute(tmpl, m, sampleData(s.kind))
		}
		if err != nil {
			return fmt.Errorf("plan: output.templates.%s_%s: %w", s.kind, s.field, err)
		}
	}
	return nil
}
