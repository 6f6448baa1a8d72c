package pipeline

import (
	"strings"

	"github.com/netsyncd/netsyncd/internal/event"
)

// interner keeps one copy of each text of a pass's occurrences, of its own
// length. An occurrence's texts are parts of the content lines its object
// was read into (a SUMMARY's value keeps its whole line; an attendee's
// e-mail and name keep the whole ATTENDEE line, parameters and all), and
// each is held to the end of the pass: at 50,000 events those lines were
// several MiB more than the texts themselves.
type interner struct {
	seen  map[string]string
	lists map[*event.Attendee]bool // attendee lists a series' occurrences share, done once
}

func newInterner() *interner {
	return &interner{seen: map[string]string{}, lists: map[*event.Attendee]bool{}}
}

func (in *interner) str(s string) string {
	if s == "" {
		return s
	}
	if c, ok := in.seen[s]; ok {
		return c
	}
	c := strings.Clone(s)
	in.seen[c] = c
	return c
}

// occurrence replaces o's texts by their kept copies. The lists a series'
// occurrences share get the same values in place: nothing else changes.
// The calendar's names, the href and the ETag are the source's own strings,
// not parts of a line: they stay.
func (in *interner) occurrence(o *event.Occurrence) {
	o.UID = in.str(o.UID)
	o.Summary, o.Description, o.Location, o.URL = in.str(o.Summary), in.str(o.Description), in.str(o.Location), in.str(o.URL)
	o.Organizer, o.OrganizerName = in.str(o.Organizer), in.str(o.OrganizerName)
	o.Status, o.Class = in.str(o.Status), in.str(o.Class)
	if len(o.Attendees) > 0 && !in.lists[&o.Attendees[0]] {
		in.lists[&o.Attendees[0]] = true
		for i := range o.Attendees {
			a := &o.Attendees[i]
			a.Email, a.Name, a.PartStat, a.Role, a.CUType = in.str(a.Email), in.str(a.Name), in.str(a.PartStat), in.str(a.Role), in.str(a.CUType)
		}
	}
	for i := range o.Categories {
		o.Categories[i] = in.str(o.Categories[i])
	}
}
