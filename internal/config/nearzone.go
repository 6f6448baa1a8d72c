package config

import (
	"strings"

	"github.com/netsyncd/netsyncd/internal/zonename"
)

// nearZone is the zone a timezone value that is no zone most likely
// meant, or "": the value without the leading colon of a TZ variable
// (":Europe/Berlin", as glibc reads TZ) and surrounding spaces, and then
// in IANA's spelling whatever its case (EUROPE/BERLIN, america/new_york,
// utc: zonename.Canonical, the calendar reader's rule for TZIDs too). Only
// names that load are offered.
func nearZone(name string) string {
	bare := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(name), ":"))
	if bare == "" || len(bare) > 64 {
		return ""
	}
	for _, c := range []string{bare, zonename.Canonical(bare)} {
		if c == name || c == "Local" || c == "" {
			continue
		}
		if _, err := loadLocation(c); err == nil {
			return c
		}
	}
	return ""
}
