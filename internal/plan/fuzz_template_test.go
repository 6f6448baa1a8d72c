package plan

import (
	"testing"
	"time"

	"github.com/netsyncd/netsyncd/internal/budget"
	"github.com/netsyncd/netsyncd/internal/config"
	"github.com/netsyncd/netsyncd/internal/entry"
)

// FuzzTemplate: any text as a user template never panics check-config's
// CheckTemplates or a pass's rendering, and whatever CheckTemplates
// accepts renders within the template bounds of package budget.
func FuzzTemplate(f *testing.F) {
	for _, s := range []string{
		"Prep: {{.Event.Summary}}", "{{range .Findings}}- {{.Message}}\n{{end}}", "{{range 1000000000}}x{{end}}",
		"{{range 100}}{{range 100}}{{range 100}}{{end}}{{end}}{{end}}", `{{define "x"}}{{template "x" .}}{{end}}{{template "x" .}}`,
		"{{printf \"%01000000d\" 0}}", "{{$n := 5}}{{range $n}}{{end}}", "{{clock .Event.Start}} {{when .Event.Start .Event.End .Event.AllDay}}",
		"{{range .Week.List}}{{.Summary}}{{end}}", "{{with .Event}}{{.Host}}{{else}}none{{end}}", "{{.Nope}}", "{{",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		tmpl := config.Templates{PrepSummary: src, PrepDescription: src, WeekDescription: src}
		accepted := CheckTemplates(tmpl) == nil
		began := time.Now()
		tx := newTexts(tmpl)
		for _, k := range []entry.Kind{entry.KindPrep, entry.KindWeek} {
			tx.render(k, sampleData(k))
		}
		if took := time.Since(began); accepted && took > 4*budget.TemplateTime {
			t.Fatalf("template %q passed CheckTemplates but took %v to render", src, took)
		}
	})
}
