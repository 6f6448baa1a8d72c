package people

import (
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/netsyncd/netsyncd/internal/event"
)

// Host is one host's track record: the article's "what is their track
// record".
type Host struct {
	Host          string    `json:"host"`
	Events        int       `json:"events"`           // their events attended
	PeopleMet     int       `json:"people_met"`       // people met at them
	LaterOneOnOne int       `json:"later_one_on_one"` // of those, met one on one afterwards
	LastEvent     time.Time `json:"-"`
}

// ticketing are the domains of ticketing and event platforms: their
// address is not the host, the organiser's name (or "Hosted by") is.
var ticketing = []string{"eventbrite.com", "eventbrite.co.uk", "eventbrite.de", "eventbrite.fr",
	"meetup.com", "lu.ma", "luma.com", "ti.to", "tito.io", "splashthat.com", "cvent.com",
	"hopin.com", "zoom.us", "eventzilla.net", "universe.com", "ticketmaster.com", "xing.com", "linkedin.com"}

// freemail domains say nothing about a host.
var freemail = []string{"gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com",
	"yahoo.com", "icloud.com", "me.com", "mac.com", "aol.com", "proton.me", "protonmail.com",
	"gmx.de", "gmx.net", "gmx.at", "web.de", "fastmail.com", "hey.com"}

var hostedBy = regexp.MustCompile(`(?i)\b(?:hosted|organi[sz]ed|presented)\s+by\s+([^.\n;,]+)`)

// hostOf names the host of a passive event: the organiser's domain; else,
// for a ticketing platform's invitation or link, the organiser it names;
// else the organiser's name. A ticket I put in my own calendar is hosted
// by whoever its ticketing link's description names. "" when I organised
// it (or no one did) and no one is named, and for the employer's events.
func hostOf(o *event.Occurrence, f filter) string {
	org := o.Organizer
	if org != "" && inAny(org, f.employer) {
		return "" // the employer's events are no host's record, as its people are no people
	}
	mine := org == "" || f.me[org]
	platform := !mine && inAny(org, ticketing)
	if !mine && event.EmailDomain(org) != "" && !platform && !inAny(org, freemail) {
		return event.EmailDomain(org)
	}
	if platform || f.ticketLink(o.URL) {
		if m := hostedBy.FindStringSubmatch(o.Description); m != nil {
			return strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(m[1]), " on Eventbrite"))
		}
	}
	if mine {
		return ""
	}
	if n := strings.TrimSpace(o.OrganizerName); n != "" {
		return n
	}
	return org
}

func ticketLink(u string) bool {
	p, err := url.Parse(strings.TrimSpace(u))
	if err != nil || p.Hostname() == "" {
		return false
	}
	return inAny("x@"+strings.ToLower(p.Hostname()), ticketing)
}

// Hosts is every host's record, most events first.
func Hosts(l Ledger) []Host {
	by := map[string]*Host{}
	get := func(h string) *Host {
		if by[h] == nil {
			by[h] = &Host{Host: h}
		}
		return by[h]
	}
	for _, e := range l.Events {
		h := get(e.Host)
		h.Events++
		if e.Start.After(h.LastEvent) {
			h.LastEvent = e.Start
		}
	}
	for _, p := range l.People {
		for _, host := range p.Hosts() {
			h := get(host)
			h.PeopleMet++
			if p.oneOnOneAfter(p.firstAt(host)) {
				h.LaterOneOnOne++
			}
		}
	}
	out := make([]Host, 0, len(by))
	for _, h := range by {
		out = append(out, *h)
	}
	slices.SortFunc(out, func(a, b Host) int {
		if a.Events != b.Events {
			return b.Events - a.Events
		}
		return strings.Compare(a.Host, b.Host)
	})
	return out
}

// Hosts are the hosts at whose events the person was met, in the order first met.
func (p Person) Hosts() []string {
	var out []string
	for _, m := range p.Meetings {
		if m.Host != "" && !slices.Contains(out, m.Host) {
			out = append(out, m.Host)
		}
	}
	return out
}

func (p Person) firstAt(host string) time.Time {
	for _, m := range p.Meetings {
		if m.Host == host {
			return m.Start
		}
	}
	return time.Time{}
}

func (p Person) oneOnOneAfter(t time.Time) bool {
	for _, m := range p.Meetings {
		if m.OneOnOne && m.Start.After(t) {
			return true
		}
	}
	return false
}
