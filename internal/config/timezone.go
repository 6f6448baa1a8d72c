package config

import (
	"os"
	"strings"
	"time"
)

// loadLocation loads an IANA zone; "" means the system's. Go names the
// system zone "Local", which says nothing in a log or a calendar entry, so
// when $TZ or /etc/localtime names a zone, that zone is loaded by name.
func loadLocation(name string) (*time.Location, error) {
	if name != "" {
		return time.LoadLocation(name)
	}
	if tz, ok := os.LookupEnv("TZ"); ok {
		// TZ=":Europe/Paris" and TZ="/usr/share/zoneinfo/Europe/Paris" are both valid.
		if loc := zoneNamed(strings.TrimPrefix(tz, ":")); loc != nil {
			return loc, nil
		}
		return time.Local, nil
	}
	if target, err := os.Readlink("/etc/localtime"); err == nil {
		if loc := zoneNamed(target); loc != nil {
			return loc, nil
		}
	}
	if b, err := os.ReadFile("/etc/timezone"); err == nil { // Debian keeps the name here too
		if loc := zoneNamed(strings.TrimSpace(string(b))); loc != nil {
			return loc, nil
		}
	}
	return time.Local, nil
}

// zoneNamed loads a zone from a name or a path ending in zoneinfo/NAME, or
// returns nil.
func zoneNamed(s string) *time.Location {
	if i := strings.LastIndex(s, "zoneinfo/"); i >= 0 {
		s = s[i+len("zoneinfo/"):]
	}
	if s == "" || strings.HasPrefix(s, "/") {
		return nil
	}
	loc, err := time.LoadLocation(s)
	if err != nil {
		return nil
	}
	return loc
}

// Zone is the config's time zone: Location, or UTC for a config that was
// never validated (one a test builds by hand). Every package that does
// calendar arithmetic for a config asks it, so there is one fallback.
func (c *Config) Zone() *time.Location {
	if c.Location != nil {
		return c.Location
	}
	return time.UTC
}
