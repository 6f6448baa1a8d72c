package limits

// Finding codes of the plan (SPEC.md, "The plan").
const (
	BelowInPersonShare = "below_in_person_share"
	BehindMilestone    = "behind_milestone"
)

// InPersonShare is the share of a week's networking hours spent in person
// (travel included), 0..1; 1 for a week without networking hours.
func (w *Week) InPersonShare() float64 {
	if all := w.Hours + w.RemoteHours; all > 0 {
		return w.Hours / all
	}
	return 1
}

// inPersonShare: the article wants in-person networking to be "a good-sized
// chunk"; a week whose remote hours are a larger share than
// limits.min_in_person_share allows gets a finding.
func (v *weekView) inPersonShare() {
	w, min := v.w, v.c.lim.MinInPersonShare
	if w.RemoteHours == 0 || w.InPersonShare() >= min-eps {
		return
	}
	v.add(BelowInPersonShare, "only %s of %s of networking is in person (%s), minimum %s: meet in person instead of on a call where you can (a coffee, a lunch).",
		FormatHours(w.Hours), FormatHours(w.Hours+w.RemoteHours), percent(w.InPersonShare()), percent(min))
}
