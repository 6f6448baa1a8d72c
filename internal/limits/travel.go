package limits

import (
	"fmt"
	"math"

	"github.com/netsyncd/netsyncd/internal/config"
)

// zone is a config.Zone with its phrases ready to match.
type zone struct {
	name    string
	match   []phrase
	minutes int
}

func newZones(zs []config.Zone) []zone {
	out := make([]zone, len(zs))
	for i, z := range zs {
		out[i] = zone{name: z.Name, minutes: z.TravelMinutes}
		for _, m := range z.Match {
			out[i].match = append(out[i].match, newPhrase(m))
		}
	}
	return out
}

// matches returns the first of z's phrases found in loc, or "".
func (z zone) matches(loc string) phrase {
	for _, p := range z.match {
		if p.in(loc) {
			return p
		}
	}
	return ""
}

// travel is what travelFor found for one in-person occurrence.
type travel struct {
	minutes int
	zone    string
	note    string
	unknown bool // no zone, no usable GEO: minutes is default_travel_minutes
}

// travelFor finds the one-way travel time to an in-person occurrence:
// the first zone whose words are in the location; else the straight line
// from me.home to the event's GEO at travel_speed_kmh, rounded up to the
// minute; else default_travel_minutes, marked unknown.
func (c *checker) travelFor(it *Item) travel {
	loc := normalize(it.Occ.Location)
	if t, ok := c.zoneTravel(loc); ok {
		return t
	}
	if g, h := it.Occ.Geo, c.home; g != nil && h != nil && c.lim.TravelSpeedKmh > 0 {
		km := haversineKm(h.Lat, h.Lon, g.Lat, g.Lon)
		min := int(math.Ceil(km/c.lim.TravelSpeedKmh*60 - 1e-9))
		return travel{minutes: min, note: fmt.Sprintf("travel %d min one way: %.1f km from me.home at %g km/h", min, km, c.lim.TravelSpeedKmh)}
	}
	d := c.lim.DefaultTravelMinutes
	why := "no location"
	switch {
	case loc != "" && it.Occ.Geo != nil:
		why = "no zone matches the location and me.home is not set to measure its GEO"
	case loc != "":
		why = "no zone matches the location and it has no GEO"
	}
	return travel{minutes: d, unknown: true, note: fmt.Sprintf("travel %d min one way: default_travel_minutes (%s)", d, why)}
}

// zoneTravel applies the first zone matching loc; a second match is noted.
func (c *checker) zoneTravel(loc string) (travel, bool) {
	var t travel
	found := false
	for _, z := range c.zones {
		p := z.matches(loc)
		if p == "" {
			continue
		}
		if found {
			t.note += fmt.Sprintf("; the location also matches zone %s (%q): took %s, the first in limits.zones", z.name, string(p), t.zone)
			break
		}
		found = true
		t = travel{minutes: z.minutes, zone: z.name, note: fmt.Sprintf("travel %d min one way: zone %s (%q in the location)", z.minutes, z.name, string(p))}
	}
	return t, found
}

// haversineKm is the great-circle distance between two points, in km.
func haversineKm(lat1, lon1, lat2, lon2 float64) float64 {
	const earthKm = 6371.0
	rad := math.Pi / 180
	dLat := (lat2 - lat1) * rad
	dLon := (lon2 - lon1) * rad
	a := math.Sin(dLat/2)*math.Sin(dLat/2) + math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Sin(dLon/2)*math.Sin(dLon/2)
	return 2 * earthKm * math.Asin(math.Min(1, math.Sqrt(a)))
}

// blockedBy returns the blocked_locations entry found in the location, or "".
func (c *checker) blockedBy(location string) string {
	loc := normalize(location)
	for i, p := range c.blocked {
		if p.in(loc) {
			return c.lim.BlockedLocations[i]
		}
	}
	return ""
}
