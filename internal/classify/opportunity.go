package classify

import (
	"slices"
	"strings"

	"github.com/netsyncd/netsyncd/internal/budget"
	"github.com/netsyncd/netsyncd/internal/config"
	"github.com/netsyncd/netsyncd/internal/event"
	"github.com/netsyncd/netsyncd/internal/textfold"
)

// opportunityCues are phrases of events whose stated purpose is not
// networking but where outside people are met (the article's "events
// whose stated purpose isn't networking"): charity and school life, talks
// with a reception, openings, parties.
var opportunityCues = []string{
	"charity", "fundraiser", "fundraising", "benefit", "gala", "auction",
	"board of trustees", "trustees", "nonprofit", "non-profit", "volunteer", "volunteering",
	"pta", "parents association", "parent-teacher", "school fair",
	"reception", "lecture", "book launch", "book signing", "vernissage", "premiere",
	"dinner party", "cocktail party", "garden party", "barbecue", "bbq", "club dinner",
}

// Opportunity reports whether an occurrence that is not networking is a
// chance to network: its summary, location or description names one of
// the cues above, it is not cancelled or declined, and it is not an
// internal meeting (everyone else from employer.domains). reason says
// which cue matched where. Networking events are never opportunities: they
// are counted already.
func Opportunity(o *event.Occurrence, c Class, cfg *config.Config) (bool, string) {
	if c.Networking || c.Declined || o.Cancelled() || o.Owned || internal(o, cfg) {
		return false, ""
	}
	for _, f := range []struct{ name, text string }{{"summary", o.Summary}, {"location", o.Location}, {"description", budget.Prefix(o.Description, budget.TextBytes)}} {
		words := " " + strings.Join(strings.Fields(wordsOnly(f.text)), " ") + " "
		for _, cue := range opportunityCues {
			if strings.Contains(words, " "+cue+" ") {
				return true, `opportunity: "` + cue + `" in ` + f.name + `: not networking by its purpose, but you will meet people from outside`
			}
		}
	}
	return false, ""
}

// wordsOnly folds s (case, accents) and turns everything but letters,
// digits and hyphens into spaces.
func wordsOnly(s string) string {
	return strings.Map(func(r rune) rune {
		if isWordRune(r) || r == '-' {
			return r
		}
		return ' '
	}, textfold.Fold(s))
}

// internal: there is someone else, and everyone else is from the employer.
func internal(o *event.Occurrence, cfg *config.Config) bool {
	doms := normDomains(cfg.Employer.Domains)
	others := 0
	for _, a := range o.Attendees {
		email := strings.ToLower(a.Email)
		if email == "" || slices.ContainsFunc(cfg.Me.Emails, func(m string) bool { return strings.EqualFold(m, email) }) {
			continue
		}
		others++
		_, dom, _ := strings.Cut(email, "@")
		if !slices.Contains(doms, dom) {
			return false
		}
	}
	return others > 0
}
