package report

import (
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/netsyncd/netsyncd/internal/config"
	"github.com/netsyncd/netsyncd/internal/people"
)

// WritePeopleJSON writes `netsyncd people --json`.
func WritePeopleJSON(w io.Writer, r people.Report) error { return writeJSON(w, r) }

// WritePeopleText writes the people as a table, most overdue first, then
// the hosts' track records.
func WritePeopleText(w io.Writer, r people.Report, dueOnly bool, cfg *config.Config) error {
	ew := &errWriter{w: w}
	switch {
	case len(r.People) == 0 && dueOnly:
		ew.printf("No one is due for a reconnect this week.\n")
	case len(r.People) == 0:
		ew.printf("No one met yet: no past networking event with other people in the last %s.\n", config.Period(cfg.People.History))
	default:
		tw := tabwriter.NewWriter(ew, 0, 4, 2, ' ', 0)
		io.WriteString(tw, "STATUS\tNEXT DUE\tNAME\tORGANIZATION\tMET\tIN PERSON\tLAST MET\tLAST EVENT\n")
		for _, p := range r.People {
			next := p.NextDue
			if next == "" {
				next = "never"
			}
			io.WriteString(tw, strings.Join([]string{string(p.Status), next, orDash(p.Name, p.Key), orDash(p.Organization, ""),
				strconv.Itoa(p.Meetings), strconv.Itoa(p.InPerson), p.LastMet, clip(p.LastSummary, 40)}, "\t")+"\n")
		}
		tw.Flush()
	}
	if len(r.Hosts) == 0 || dueOnly {
		return ew.result()
	}
	ew.printf("\nHosts (their events you attended, people you met there, met one on one later):\n")
	tw := tabwriter.NewWriter(ew, 0, 4, 2, ' ', 0)
	io.WriteString(tw, "HOST\tEVENTS\tPEOPLE MET\tLATER 1:1\n")
	for _, h := range r.Hosts {
		io.WriteString(tw, h.Host+"\t"+strconv.Itoa(h.Events)+"\t"+strconv.Itoa(h.PeopleMet)+"\t"+strconv.Itoa(h.LaterOneOnOne)+"\n")
	}
	tw.Flush()
	return ew.result()
}

// Write lets the tables write through the first error.
func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	e.err = err
	return n, err
}

func orDash(s, alt string) string {
	switch {
	case s != "":
		return s
	case alt != "":
		return alt
	}
	return "-"
}

func clip(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}
