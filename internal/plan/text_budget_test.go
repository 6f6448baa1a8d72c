package plan

import (
	"strings"
	"testing"
	"time"

	"github.com/netsyncd/netsyncd/internal/config"
	"github.com/netsyncd/netsyncd/internal/entry"
)

// A template that loops or writes without end is refused by CheckTemplates
// at once, and a pass that meets one anyway (a config never checked) uses
// the built-in text.
func TestLoopingTemplatesAreBounded(t *testing.T) {
	for _, src := range []string{
		"{{range 1000000000}}x{{end}}",
		"{{range 1000000000}}{{end}}",
		"{{range 1000}}{{range 1000}}{{range 1000}}{{end}}{{end}}{{end}}",
	} {
		began := time.Now()
		err := CheckTemplates(config.Templates{PrepDescription: src})
		if err == nil || !strings.Contains(err.Error(), "output.templates.prep_description") {
			t.Errorf("CheckTemplates(%q) = %v; want an error naming output.templates.prep_description", src, err)
		}
		if took := time.Since(began); took > time.Second {
			t.Errorf("CheckTemplates(%q) took %v; want it refused at once", src, took)
		}
		tx := newTexts(config.Templates{PrepDescription: src})
		_, desc := tx.render(entry.KindPrep, sampleData(entry.KindPrep))
		if strings.Contains(desc, "xxxx") || desc == "" {
			t.Errorf("a pass with prep_description %q wrote %.40q; want the built-in text", src, desc)
		}
	}
}
