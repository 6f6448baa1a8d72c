package limits

import "github.com/netsyncd/netsyncd/internal/config"

// ZoneOf returns the first of zones whose words are in location (as travel
// times are found) and its one-way travel minutes; ok is false when none
// matches.
func ZoneOf(zones []config.Zone, location string) (name string, minutes int, ok bool) {
	loc := normalize(location)
	for _, z := range newZones(zones) {
		if z.matches(loc) != "" {
			return z.name, z.minutes, true
		}
	}
	return "", 0, false
}
