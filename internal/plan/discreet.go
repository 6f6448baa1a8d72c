package plan

import (
	"strings"

	"github.com/netsyncd/netsyncd/internal/limits"
)

// With employer.confidential, what netsyncd writes must not say what the
// networking is for (SPEC.md: "no written entry contains the words of a job
// search unless the user's own templates put them there"). The templates
// are written that way; findings and reasons come from other packages and
// from rule names, so they pass through here before any template sees
// them. The event's own text (its summary, description and location, which
// a finding may quote) is the user's and is kept; any telling word outside
// it is netsyncd's, and the finding is reworded.
var tellingWords = []string{"job", "search", "career", "hiring", "recruit", "headhunt", "interview", "resume", "résumé", "opportunit"}

// telling reports whether s has a telling word outside the lines of the
// event's own text own.
func telling(s, own string) bool {
	s = strings.ToLower(s)
	for _, line := range strings.Split(strings.ToLower(own), "\n") {
		if line = strings.TrimSpace(line); len(line) >= 3 {
			s = strings.ReplaceAll(s, line, " ")
		}
	}
	for _, w := range tellingWords {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// discreetFindings rewords the findings that would tell: their message is
// replaced by a neutral one for their code.
func discreetFindings(fs []limits.Finding, own string) []limits.Finding {
	out := make([]limits.Finding, len(fs))
	for i, f := range fs {
		if telling(f.Message, own) {
			f.Message = neutralMessage(f.Code)
		}
		out[i] = f
	}
	return out
}

// discreetReasons leaves out the classification reasons that would tell.
func discreetReasons(rs []string, own string) []string {
	var out []string
	for _, r := range rs {
		if !telling(r, own) {
			out = append(out, r)
		}
	}
	return out
}

func neutralMessage(code string) string {
	if code == limits.ConfidentialRisk {
		return "Your employer could learn of this: keep it off calendars your employer can see, and be ready to say how it helps the company."
	}
	return "This is outside one of your limits (" + code + "); netsyncd report has the details."
}
