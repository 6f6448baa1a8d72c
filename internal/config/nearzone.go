package config

import "strings"

// nearZone is the zone a timezone value that is no zone most likely
// meant, or "": the value without the leading colon of a TZ variable
// (":Europe/Berlin", as glibc reads TZ) and surrounding spaces, and then
// in IANA's casing (EUROPE/BERLIN, america/new_york, utc). Only names that
// load are offered.
func nearZone(name string) string {
	bare := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(name), ":"))
	if bare == "" || len(bare) > 64 {
		return ""
	}
	parts := strings.Split(bare, "/")
	for i, p := range parts {
		words := strings.Split(strings.ToLower(p), "_")
		for j, w := range words {
			if w != "" {
				words[j] = strings.ToUpper(w[:1]) + w[1:]
			}
		}
		parts[i] = strings.Join(words, "_")
	}
	for _, c := range []string{bare, strings.Join(parts, "/"), strings.ToUpper(bare)} {
		if c == name || c == "Local" || c == "" {
			continue
		}
		if _, err := loadLocation(c); err == nil {
			return c
		}
	}
	return ""
}
