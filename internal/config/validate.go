package config

import (
	"fmt"
	"net"
	"net/url"
	"path/filepath"
	"strings"
	"time"
)

// validator collects every problem of one config, placed by key.
type validator struct {
	c     *Config
	file  string
	errs  Errors
	warns []Warning
}

// Validate checks every value the daemon relies on and sets c.Location. It
// returns warnings for settings that work but are unsafe or contradictory,
// and an Errors listing every impossible value.
func (c *Config) Validate() ([]Warning, error) {
	file := c.file
	if file == "" {
		file = c.Path
	}
	v := &validator{c: c, file: file}
	v.timezone()
	v.caldav()
	v.schedule()
	v.window()
	if v.c.StateDir != "" && !filepath.IsAbs(v.c.StateDir) {
		v.errorf("state_dir", "%q is not an absolute path: write it like /var/lib/netsyncd, or leave it out", v.c.StateDir)
	}
	v.me()
	v.employer()
	v.rules()
	v.limits()
	v.output()
	v.people()
	v.plan()
	v.budgets()
	v.errs.sortByLine()
	sortWarnings(v.warns)
	if len(v.errs) > 0 {
		return v.warns, v.errs
	}
	return v.warns, nil
}

// line is the line of key in the file or, for a key the file leaves out,
// of the nearest section it does have.
func (v *validator) line(key string) int {
	for k := key; k != ""; k = parent(k) {
		if n, ok := v.c.lines[k]; ok {
			return n
		}
	}
	return 0
}

// decodeFailed reports whether the decoder already refused key or a section
// holding it: the value is a leftover default, and one error is enough.
func (v *validator) decodeFailed(key string) bool {
	for k := key; k != ""; k = parent(k) {
		if v.c.failed[k] {
			return true
		}
	}
	return false
}

func (v *validator) errorf(key, format string, args ...any) {
	if v.decodeFailed(key) {
		return
	}
	v.errs = append(v.errs, &Error{Path: v.file, Line: v.line(key), Key: key, Message: fmt.Sprintf(format, args...)})
}

func (v *validator) warnf(key, format string, args ...any) {
	v.warns = append(v.warns, Warning{Path: v.file, Line: v.line(key), Key: key, Message: fmt.Sprintf(format, args...)})
}

// parent strips the last ".key" or "[i]" of a key path.
func parent(key string) string {
	i := strings.LastIndexAny(key, ".[")
	if i < 0 {
		return ""
	}
	return key[:i]
}

func (v *validator) timezone() {
	loc, err := loadLocation(v.c.Timezone)
	if err != nil {
		v.c.Location = nil
		if near := nearZone(v.c.Timezone); near != "" {
			v.errorf("timezone", "%q is not a time zone: did you mean %q? (names are as IANA writes them, without a leading colon)", v.c.Timezone, near)
			return
		}
		v.errorf("timezone", "%q is not a time zone: write an IANA name like America/New_York or Europe/London, or leave it out to use the system's", v.c.Timezone)
		return
	}
	v.c.Location = loc
}

func (v *validator) schedule() {
	spec := v.c.Schedule // not trimmed: the daemon parses it as written
	if strings.TrimSpace(spec) == "" {
		v.errorf("schedule", "is required: write a cron spec like \"*/10 * * * *\" or \"@every 10m\"")
		return
	}
	_, err := ParseSchedule(spec)
	every, isEvery := strings.CutPrefix(spec, "@every ")
	d, derr := ParseDuration(every)
	switch {
	case err == nil && isEvery && derr == nil && d < time.Second:
		// cron rounds it up to a pass every second, without end.
		v.errorf("schedule", "%q polls more often than once a second, and netsyncd would poll without a pause; write \"@every 10m\" (every 5m to 15m is plenty)", spec)
	case err == nil && isEvery && derr == nil && d < time.Minute:
		v.warnf("schedule", "polls every %s: servers may throttle or block you; every 5m to 15m is plenty", hms(d))
	case err == nil:
	case isEvery && derr == nil && d > 0: // "@every 2d": cron's @every knows no days
		v.errorf("schedule", "%q is not a schedule: @every takes hours, minutes and seconds; write \"@every %s\"", spec, hms(d))
	default:
		v.errorf("schedule", "%q is not a schedule (%v): write five cron fields (minute hour day month weekday) like \"*/10 * * * *\", or \"@every 10m\"", spec, err)
	}
}

func (v *validator) window() {
	w := v.c.Window
	if w.Past < 0 {
		v.errorf("window.past", "is negative: write how far back to look, like 14d")
	}
	if w.Future <= 0 {
		v.errorf("window.future", "must be more than 0: write how far ahead to look, like 60d")
	}
	v.windowSpan()
}

func (v *validator) me() {
	for i, e := range v.c.Me.Emails {
		v.email(fmt.Sprintf("me.emails[%d]", i), e)
	}
	if h := v.c.Me.Home; h != nil {
		v.latLon("me.home", *h)
	}
}

func (v *validator) email(key, e string) {
	local, domain, ok := strings.Cut(strings.TrimSpace(e), "@")
	if !ok || local == "" || domain == "" || strings.ContainsAny(e, " ,;<>") || strings.Contains(domain, "@") {
		v.errorf(key, "%q is not an email address: write one address like jane@home.example", e)
	}
}

func (v *validator) latLon(key string, p LatLon) {
	if p.Lat < -90 || p.Lat > 90 {
		v.errorf(key+".lat", "%v is not a latitude: write degrees between -90 and 90, like 40.7306", p.Lat)
	}
	if p.Lon < -180 || p.Lon > 180 {
		v.errorf(key+".lon", "%v is not a longitude: write degrees between -180 and 180, like -73.9866", p.Lon)
	}
}

func (v *validator) employer() {
	e := v.c.Employer
	if e.Confidential && len(e.Domains) == 0 && len(e.Names) == 0 {
		v.warnf("employer.confidential", "is true but employer.domains and employer.names are empty, so no attendee or word can be recognised as your employer's: list its email domains (acme-corp.com) and names (Acme)")
	}
	for i, dom := range e.Domains {
		v.domain(fmt.Sprintf("employer.domains[%d]", i), dom, "acme-corp.com")
	}
	v.nonEmpty("employer.names", e.Names, "a name like Acme")
	v.nonEmpty("employer.shared_calendars", e.SharedCalendars, "a calendar's display name or path")
}

// nonEmpty refuses blank entries in a list: an empty word would match everything.
func (v *validator) nonEmpty(key string, list []string, what string) {
	for i, s := range list {
		if strings.TrimSpace(s) == "" {
			v.errorf(fmt.Sprintf("%s[%d]", key, i), "is empty: write %s, or remove the entry", what)
		}
	}
}

// isLoopback reports whether host is this machine, where plain http is safe.
func isLoopback(u *url.URL) bool {
	h := u.Hostname()
	if h == "localhost" {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}
