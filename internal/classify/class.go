package classify

// Mode says who arranged a networking event.
type Mode string

const (
	Active  Mode = "active"  // the user arranged it
	Passive Mode = "passive" // someone else organised it; the user attends
)

// Class is the classification of one occurrence. Every decided field has at
// least one line in Reasons saying which rule and which signal decided it.
type Class struct {
	Networking       bool
	Mode             Mode   // "" when not networking
	Type             string // one of config.Types, "" when not networking
	InPerson         bool
	ConfidentialRisk bool
	// Declined: the user declined (or the event is cancelled); it is shown
	// but counts towards nothing.
	Declined bool
	// Possible: not networking by the evidence, but it might be (a
	// recruiter, a search firm, evidence that almost says networking).
	// Confidential risk is judged for it, and the limits check its place,
	// as for networking; it counts towards nothing.
	Possible bool
	// Uncertain: the networking decision rests on weak evidence; a reason
	// line starting "uncertain:" says so.
	Uncertain bool
	Reasons   []string
}
