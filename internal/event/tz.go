package event

import (
	"fmt"
	"strings"
	"time"
	_ "time/tzdata" // IANA names must resolve on hosts without /usr/share/zoneinfo

	"github.com/emersion/go-ical"

	"github.com/netsyncd/netsyncd/internal/budget"
	"github.com/netsyncd/netsyncd/internal/zonename"
)

// nameCache remembers which location a TZID name stands for. It is shared
// by the sources of one ExpandAll call (loading a zone costs a file read) and
// holds only names that do not depend on an object's own VTIMEZONE.
type nameCache map[string]*time.Location

// zones resolves the TZIDs of one Source.
type zones struct {
	names    nameCache
	defs     map[string]*ical.Component // the object's own VTIMEZONEs by TZID
	lazy     map[string][]byte          // the bytes of those read leanly (TZID only), read in full when needed
	built    map[string]*time.Location  // locations built from those
	floating *time.Location             // where floating times are read
	wr       *time.Location             // X-WR-TIMEZONE, when it names a zone
	loc      *time.Location             // the pipeline's location: DATE values are days here
	unknown  map[string]error           // TZIDs that resolved to nothing, read as floating
	// overNames counts the lookups refused past budget.ZoneNames;
	// moreUnknown the unknown TZIDs past the first budget.ProblemsPerObject
	overNames, moreUnknown int
}

func newZones(cals []*ical.Component, names nameCache, loc *time.Location) *zones {
	z := &zones{
		names: names, floating: loc, loc: loc, // its maps are made when first written: most objects need none
	}
	for _, cal := range cals {
		for _, c := range cal.Children {
			z.define(c)
		}
		z.calendar(cal)
	}
	return z
}

// define notes c when it is a VTIMEZONE.
func (z *zones) define(c *ical.Component) {
	if c.Name != ical.CompTimezone {
		return
	}
	// The first definition of a name wins: Radicale can return an object
	// with a second VTIMEZONE of the same name taken from another object of
	// the collection, with other rules.
	if id := cleanTZID(propValue(c, ical.PropTimezoneID)); id != "" && z.defs[id] == nil {
		z.define1(id, c)
	}
}

// define1 notes the VTIMEZONE c of TZID id.
func (z *zones) define1(id string, c *ical.Component) {
	if z.defs == nil {
		z.defs = map[string]*ical.Component{}
	}
	z.defs[id] = c
}

// build1 notes the location l built for TZID id.
func (z *zones) build1(id string, l *time.Location) {
	if z.built == nil {
		z.built = map[string]*time.Location{}
	}
	z.built[id] = l
}

// defineFrom is define of c read from raw; read leanly (Options.Lean), a
// VTIMEZONE holds its TZID only, and resolve reads raw in full if it needs
// more.
func (z *zones) defineFrom(c *ical.Component, raw []byte, lean bool) {
	if !lean || c.Name != ical.CompTimezone {
		z.define(c)
		return
	}
	if id := cleanTZID(propValue(c, ical.PropTimezoneID)); id != "" && z.defs[id] == nil {
		z.define1(id, c)
		if z.lazy == nil {
			z.lazy = map[string][]byte{}
		}
		z.lazy[id] = raw
	}
}

// calendar notes the X-WR-TIMEZONE of cal (Apple, Google), the zone that
// the calendar's floating times were meant in; the first that names a zone
// wins.
func (z *zones) calendar(cal *ical.Component) {
	if wr := cleanTZID(propValue(cal, "X-WR-TIMEZONE")); wr != "" && z.wr == nil {
		if l := z.byAnyCase(wr); l != nil {
			z.wr, z.floating = l, l
		}
	}
}

// resolve returns the location a TZID parameter names. In order: an IANA
// name (also behind a "/mozilla.org/..."-style prefix), a Windows name, the
// object's own VTIMEZONE (its X-LIC-LOCATION, else its rules).
func (z *zones) resolve(tzid string) (*time.Location, error) {
	id := cleanTZID(tzid)
	if l := z.byName(id); l != nil {
		return l, nil
	}
	if l, ok := z.built[id]; ok {
		return l, nil
	}
	def := z.defs[id]
	if raw, ok := z.lazy[id]; ok {
		if full := fullZone(raw); full != nil {
			def = full
			z.define1(id, full)
		}
		delete(z.lazy, id)
	}
	if def == nil {
		if l := z.byAnyCase(id); l != nil {
			return l, nil // "europe/berlin": the exact names and the object's own zones first
		}
		return nil, fmt.Errorf("unknown TZID %q and no VTIMEZONE for it", shorten(tzid, 60))
	}
	if l := z.byAnyCase(cleanTZID(propValue(def, "X-LIC-LOCATION"))); l != nil {
		z.build1(id, l)
		return l, nil
	}
	l, err := buildZone(id, def)
	if err != nil {
		return nil, fmt.Errorf("TZID %q: %w", shorten(tzid, 60), err)
	}
	z.build1(id, l)
	return l, nil
}

// byAnyCase is byName of id, else of the zone it names in another case
// (foldedName): a name only, never before an object's own VTIMEZONE of
// that TZID.
func (z *zones) byAnyCase(id string) *time.Location {
	if l := z.byName(id); l != nil {
		return l
	}
	if f := foldedName(id); f != "" && f != id {
		return z.byName(f)
	}
	return nil
}

// byName finds an IANA or Windows zone name, or returns nil.
func (z *zones) byName(id string) *time.Location {
	if id == "" {
		return nil
	}
	if l, ok := z.names[id]; ok {
		return l
	}
	if len(z.names) >= budget.ZoneNames {
		z.overNames++
		return nil
	}
	l := lookupName(id)
	z.names[id] = l
	return l
}

func lookupName(id string) *time.Location {
	if iana, ok := windowsZones[id]; ok {
		id = iana
	}
	for cand := id; cand != ""; {
		if l := loadIANA(cand); l != nil {
			return l
		}
		// "/mozilla.org/20070129_1/Europe/Berlin", "/citadel.org/.../Europe/Berlin":
		// try what follows each slash.
		i := strings.IndexByte(cand, '/')
		if i < 0 {
			break
		}
		cand = cand[i+1:]
	}
	return nil
}

// foldedName is the zone id names in another case: a Windows name, or an
// IANA name (also behind a prefix of slashes, as lookupName reads it) in
// IANA's spelling (zonename.Canonical, the config's rule for its timezone
// too): "europe/berlin", "eastern standard time". "" when there is none.
func foldedName(id string) string {
	if iana, ok := windowsFolded[strings.ToLower(id)]; ok {
		return iana
	}
	for cand := id; cand != ""; {
		if c := zonename.Canonical(cand); c != "" {
			return c
		}
		i := strings.IndexByte(cand, '/')
		if i < 0 {
			break
		}
		cand = cand[i+1:]
	}
	return ""
}

func loadIANA(name string) *time.Location {
	// LoadLocation maps "" to UTC and "Local" to the host's zone: neither is
	// a zone a calendar object can mean.
	if name == "" || name == "Local" || len(name) > 64 {
		return nil
	}
	switch strings.ToUpper(name) {
	case "Z", "UTC", "GMT", "ETC/UTC", "ETC/GMT":
		return time.UTC
	}
	l, err := time.LoadLocation(name)
	if err != nil {
		return nil
	}
	return l
}

// cleanTZID is the zone name a TZID names. Outlook's names hold commas
// ("(UTC+05:30) Chennai, Kolkata, ..."): as the value of a VTIMEZONE's TZID
// property some servers store them escaped as TEXT (Xandikos writes "\,"),
// while the TZID parameters naming the zone are quoted and unescaped, so
// both sides lose the escapes of RFC 5545 section 3.3.11 before they meet.
func cleanTZID(s string) string {
	s = strings.Trim(strings.TrimSpace(s), `"'`)
	if strings.Contains(s, `\`) {
		s = strings.NewReplacer(`\,`, ",", `\;`, ";", `\\`, `\`).Replace(s)
	}
	return s
}

func propValue(c *ical.Component, name string) string {
	if p := c.Props.Get(name); p != nil {
		return strings.TrimSpace(p.Value)
	}
	return ""
}
