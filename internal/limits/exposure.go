package limits

import "fmt"

// exposed reports whether an occurrence that counts for nothing still gets
// the exposure checks: the classifier says it might be networking (a
// recruiter, a search firm, close evidence), and the user will be there.
// A false alarm costs a glance; a missed one can cost the job.
func exposed(it *Item) bool {
	return it.Class.Possible && !it.Class.Networking && !it.Class.Declined && !it.Occ.Cancelled() && !it.Occ.Owned
}

// exposureFindings are the findings of a possible networking event: a
// blocked place and a confidential risk, said as such.
func (c *checker) exposureFindings(it *Item) []Finding {
	var fs []Finding
	add := func(code, format string, args ...any) {
		start := it.Occ.Start
		fs = append(fs, Finding{Code: code, Message: c.name(it) + " " + fmt.Sprintf(format, args...), UID: it.Occ.UID, Start: &start})
	}
	if b := c.blockedBy(it.Occ.Location); b != "" {
		add(LocationBlocked, "might be networking and is at %q, which matches blocked location %q: move it elsewhere or decline it.", it.Occ.Location, b)
	}
	if it.Class.ConfidentialRisk {
		add(ConfidentialRisk, "might be networking and could expose your search to your employer: %s; keep it off calendars your employer can see.", riskReasons(it.Class.Reasons))
	}
	return fs
}
