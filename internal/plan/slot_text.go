package plan

import (
	"fmt"
	"strings"
	"time"

	"github.com/netsyncd/netsyncd/internal/budget"
	"github.com/netsyncd/netsyncd/internal/config"
	"github.com/netsyncd/netsyncd/internal/entry"
)

// SlotEntries renders slots as entries. A slot's UID derives from its week
// and its start, so the same free time gives the same entry every pass;
// when the time it took is no longer free, the slot moves to a new UID and
// the old one (untouched) is deleted, or stays as the user's if edited.
func SlotEntries(cfg *config.Config, slots []Slot) []entry.Entry {
	loc := cfg.Zone()
	out := make([]entry.Entry, 0, len(slots))
	for i := range slots {
		s := &slots[i]
		src, rid := "slot:"+s.Week, s.Start.UTC().Format(time.RFC3339)
		out = append(out, entry.Entry{
			Kind: entry.KindSlot, UID: entry.UID(entry.KindSlot, src, rid), SourceUID: src, SourceRecurrenceID: rid, Week: s.Week,
			Summary: "Open slot: " + s.who(), Description: slotText(s, loc),
			Start: s.Start.In(loc), End: s.End.In(loc), Alarm: cfg.Output.Prep.Alarm.D(),
			// Until its start: a slot that has begun is the user's time
			// (left alone as history), and one is never created late.
			SourceStart: s.Start.In(loc), Until: s.Start.In(loc),
			Transparent: !cfg.Plan.SlotsBusy,
		})
	}
	return out
}

// slotBehindNamed is how many milestones behind a slot's text names (the
// rest it counts): the week entry lists them, and a plan of thousands of
// milestones would otherwise write megabytes into every slot.
const slotBehindNamed = 3

func (s *Slot) who() string {
	if s.Suggestion == nil {
		return "someone new"
	}
	return s.Suggestion.Name
}

func slotText(s *Slot, loc *time.Location) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Time kept free for a meeting you arrange yourself (a coffee, a breakfast, a lunch).\n")
	fmt.Fprintf(&b, "Week %s: %d of %d self-arranged meetings planned.", s.Week, s.Active, s.Target)
	for i, m := range s.Behind {
		if i == slotBehindNamed {
			fmt.Fprintf(&b, " %d more milestones are behind theirs.", len(s.Behind)-i)
			break
		}
		fmt.Fprintf(&b, " Milestone %q is behind its pace.", budget.Clip(m, 80))
	}
	b.WriteString("\n\n")
	if p := s.Suggestion; p != nil {
		fmt.Fprintf(&b, "Suggested: %s", p.Name)
		if p.Email != "" {
			fmt.Fprintf(&b, " <%s>", p.Email)
		}
		b.WriteString(", due for a reconnect")
		if !p.LastMet.IsZero() {
			fmt.Fprintf(&b, ": last met %s", p.LastMet.In(loc).Format("Mon 2 Jan 2006"))
			if p.LastSummary != "" {
				fmt.Fprintf(&b, " (%s)", p.LastSummary)
			}
		}
		b.WriteString(".\n")
		if p.Zone != "" {
			fmt.Fprintf(&b, "Where: somewhere in %s is practical for you.\n", p.Zone)
		}
		b.WriteString("Send the invitation today: say why you would like to catch up, and offer this time.\n")
	} else {
		b.WriteString("Suggested: someone new. Ask a contact from a recent event, or someone a contact offered to introduce you to.\n")
	}
	b.WriteString("\nOnce the week reaches its target, netsyncd removes the open slots you left as they are. Edit this entry (its title or notes) and it is yours: netsyncd will not change or remove it.")
	return b.String()
}
