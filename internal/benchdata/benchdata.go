// Package benchdata generates a large, realistic calendar for netsyncd's
// benchmarks: an executive's two years (one behind now, one ahead) of
// internal meetings, personal appointments, recurring series and networking.
//
// Rules this package keeps:
//   - The same Options give the same bytes: every choice comes from a PCG
//     seeded by Options.Seed, and every date is counted from Options.Now's
//     day in New York time (the time zone the objects are written in).
//   - The mix scales with Events: one object in 25 is a recurring series
//     (daily, weekly or monthly, some with EXDATEs and overridden
//     instances), one in 10 is networking ("Coffee with ...", "Lunch with
//     ...", mixers with an eventbrite URL; self-arranged ones organised by
//     Me), the rest are internal meetings and personal appointments.
//   - Each object is written as a calendar client would store it: one
//     VCALENDAR with a VTIMEZONE, folded lines, CRLF, one object per file.
package benchdata

import (
	"fmt"
	"math/rand/v2"
	"time"
)

// Me is the address of the calendar's owner: the organiser of the
// networking they arrange themselves.
const Me = "jane@home.example"

// Employer is the owner's employer's email domain.
const Employer = "acme-corp.com"

// Zone is the IANA time zone the events are written in.
const Zone = "America/New_York"

// Options chooses the calendar.
type Options struct {
	Events int       // number of calendar objects
	Seed   uint64    // the same seed gives the same calendar
	Now    time.Time // the middle of the two years; only its date counts
}

// Object is one calendar object resource.
type Object struct {
	Name string // file name, "<uid>.ics"
	UID  string
	Data []byte
	// Networking says the object is one of the networking events.
	Networking bool
	// Recurring says the object is a series (it has an RRULE).
	Recurring bool
}

// Calendar returns o.Events objects, sorted by name.
func Calendar(o Options) []Object {
	g := newGen(o)
	series := o.Events / 25
	networking := o.Events / 10
	netSeries := series / 10
	out := make([]Object, 0, o.Events)
	for i := range o.Events {
		var ev spec
		switch {
		case i < netSeries:
			ev = g.networkingSeries()
		case i < series:
			ev = g.series()
		case i < series+networking-netSeries:
			ev = g.networking()
		case i%3 == 0:
			ev = g.personal()
		default:
			ev = g.meeting()
		}
		ev.uid = fmt.Sprintf("bench-%06d@netsyncd.example", i)
		out = append(out, Object{
			Name: fmt.Sprintf("bench-%06d.ics", i), UID: ev.uid, Data: ev.ics(g.stamp),
			Networking: ev.networking, Recurring: ev.rrule != "",
		})
	}
	return out
}

// Moved returns a networking event that happens on the day after o.Now at
// 08:30 New York time (inside any window around now), and the same event
// with the same UID and name moved by shift: what a benchmark PUTs to make
// one change. Its UID is outside the range Calendar uses.
func Moved(o Options, shift time.Duration) (before, after Object) {
	g := newGen(o)
	ev := g.networking()
	ev.uid, ev.summary = "bench-moved@netsyncd.example", "Coffee with Morgan Blake"
	ev.start = g.day(1).Add(8*time.Hour + 30*time.Minute)
	ev.allDay, ev.rrule = false, ""
	name := "bench-moved.ics"
	before = Object{Name: name, UID: ev.uid, Data: ev.ics(g.stamp), Networking: true}
	ev.start = ev.start.Add(shift)
	after = Object{Name: name, UID: ev.uid, Data: ev.ics(g.stamp), Networking: true}
	return before, after
}

// gen holds the random source and the calendar's day zero.
type gen struct {
	r     *rand.Rand
	today time.Time // midnight of Now's day, in Zone
	loc   *time.Location
	stamp string // DTSTAMP of every object: fixed, so the bytes are too
}

func newGen(o Options) *gen {
	loc, err := time.LoadLocation(Zone)
	if err != nil {
		panic("benchdata: " + err.Error()) // time/tzdata is linked in: cannot happen
	}
	n := o.Now.In(loc)
	today := time.Date(n.Year(), n.Month(), n.Day(), 0, 0, 0, 0, loc)
	return &gen{
		r:     rand.New(rand.NewPCG(o.Seed, o.Seed^0x9e3779b97f4a7c15)),
		today: today, loc: loc,
		stamp: today.AddDate(-1, 0, -1).UTC().Format("20060102T150405Z"),
	}
}

// day is midnight of today+n, in Zone (AddDate keeps DST days whole).
func (g *gen) day(n int) time.Time { return g.today.AddDate(0, 0, n) }

// anyDay is a day of the two years, weekdays four times as likely.
func (g *gen) anyDay() time.Time {
	for {
		d := g.day(g.r.IntN(730) - 365)
		if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday || g.r.IntN(4) == 0 {
			return d
		}
	}
}

// at is the day d at a random quarter hour between from and to (hours).
func (g *gen) at(d time.Time, from, to int) time.Time {
	q := g.r.IntN((to - from) * 4)
	return time.Date(d.Year(), d.Month(), d.Day(), from+q/4, (q%4)*15, 0, 0, g.loc)
}

func pick[T any](g *gen, xs []T) T { return xs[g.r.IntN(len(xs))] }
