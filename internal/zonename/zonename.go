// Package zonename spells a time zone name as the IANA database does,
// whatever its case: "europe/berlin", "AMERICA/NEW_YORK" and
// "america/port-au-prince" name zones a person means, that
// time.LoadLocation (case-sensitive on Linux and in time/tzdata) refuses.
// The config's did-you-mean and the calendar reader's TZIDs both use it.
package zonename

import (
	"strings"
	"sync"
)

//go:generate go run gen.go

var (
	foldOnce sync.Once
	folded   map[string]string // lower case -> IANA's spelling
)

// Canonical is IANA's spelling of the zone name, matched
// case-insensitively (no other change: no spaces trimmed, no prefix
// dropped), or "" when it names no zone. "Local" is no IANA name.
func Canonical(name string) string {
	if name == "" || len(name) > 64 {
		return ""
	}
	foldOnce.Do(func() {
		folded = make(map[string]string, len(ianaNames))
		for _, n := range ianaNames {
			folded[strings.ToLower(n)] = n
		}
	})
	return folded[strings.ToLower(name)]
}
