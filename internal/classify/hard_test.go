package classify

import (
	"fmt"
	"strings"
	"testing"
)

// TestHardCases: every case of testdata/hard.yaml must be right on every
// field. They are the kinds of events the first-keyword classifier got
// wrong on calendars it was never tuned on (see the file's header).
func TestHardCases(t *testing.T) {
	occs, wants := loadLabelledFile(t, "testdata/hard.yaml")
	c := mustNew(t, testConfig())
	for i := range occs {
		got := c.Classify(&occs[i])
		w := wants[i]
		var wrong []string
		check := func(name string, g, w any) {
			if g != w {
				wrong = append(wrong, fmt.Sprintf("%s %s, want %s", name, show(g), show(w)))
			}
		}
		check("networking", got.Networking, *w.Networking)
		check("mode", got.Mode, Mode(w.Mode))
		check("type", got.Type, w.Type)
		check("in_person", got.InPerson, *w.InPerson)
		check("confidential_risk", got.ConfidentialRisk, *w.ConfidentialRisk)
		check("declined", got.Declined, w.Declined)
		if len(wrong) > 0 {
			t.Errorf("item %d %q: %s\n\t%s", i+1, occs[i].Summary, strings.Join(wrong, "; "), strings.Join(got.Reasons, "\n\t"))
		}
	}
}
