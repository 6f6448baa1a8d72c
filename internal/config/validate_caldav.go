package config

import (
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/netsyncd/netsyncd/internal/budget"
)

// Messages here never quote a password_env value or a relative
// password_file value: a user who pasted the secret itself in the wrong
// place must not see it echoed into a terminal or a journal.

func (v *validator) caldav() {
	d := v.c.CalDAV
	v.url(d.URL)
	password := d.PasswordFile != "" || d.PasswordEnv != "" || len(d.PasswordCommand) > 0
	bearer := d.BearerTokenFile != "" || d.BearerTokenEnv != ""
	if d.PasswordFile != "" && d.PasswordEnv != "" {
		v.errorf("caldav.password_env", "cannot be used with caldav.password_file: keep one of the two")
	}
	v.passwordCommand()
	if d.BearerTokenFile != "" && d.BearerTokenEnv != "" {
		v.errorf("caldav.bearer_token_env", "cannot be used with caldav.bearer_token_file: keep one of the two")
	}
	if password && bearer {
		key := "caldav.bearer_token_file"
		if d.BearerTokenFile == "" {
			key = "caldav.bearer_token_env"
		}
		v.errorf(key, "cannot be used with a password: netsyncd logs in with either a password or a bearer token; remove one")
	}
	if password && strings.TrimSpace(d.Username) == "" {
		v.errorf("caldav.username", "is required with a password: write the user name you log in with")
	}
	v.envName("caldav.password_env", d.PasswordEnv)
	v.envName("caldav.bearer_token_env", d.BearerTokenEnv)
	v.secretFile("caldav.password_file", d.PasswordFile)
	v.secretFile("caldav.bearer_token_file", d.BearerTokenFile)
	v.caFile()
	if d.InsecureSkipTLSVerify {
		v.warnf("caldav.insecure_skip_tls_verify", "is true: certificates are not checked, so anyone on the network path can read your password and calendar; remove it and give the server's CA certificate in caldav.ca_file instead")
	}
	v.calendars()
	v.oauth()
	if d.Timeout <= 0 {
		v.errorf("caldav.timeout", "must be more than 0: write how long one request may take, like 30s")
	}
	if d.WritesInFlight < 0 || d.WritesInFlight > MaxWritesInFlight {
		v.errorf("caldav.writes_in_flight", "must be from 1 to %d (or left out for 8): how many entries netsyncd writes at once", MaxWritesInFlight)
	}
}

// MaxWritesInFlight bounds caldav.writes_in_flight: more would only make
// a server answer 429 sooner.
const MaxWritesInFlight = 32

func (v *validator) url(raw string) {
	const like = "like https://dav.example.com/"
	if strings.TrimSpace(raw) == "" {
		v.errorf("caldav.url", "is required: write the address of your CalDAV server, %s", like)
		return
	}
	u, err := url.Parse(strings.TrimSpace(raw))
	switch {
	case err != nil: // url's own message repeats the URL, which may hold a password
		v.errorf("caldav.url", "is not a URL: write it %s", like)
	case hasPassword(u):
		v.errorf("caldav.url", "must not contain a password: put the user name in caldav.username and the password in caldav.password_file")
	case u.Scheme != "https" && u.Scheme != "http":
		v.errorf("caldav.url", "%q must start with https:// (or http:// for a server on this machine): write it %s", u.Redacted(), like)
	case u.Host == "":
		v.errorf("caldav.url", "%q has no server name: write it %s", u.Redacted(), like)
	case !validPort(u.Port()):
		v.errorf("caldav.url", "%q has the port %q, which is no TCP port: write one from 1 to 65535, or none for the scheme's own", u.Redacted(), u.Port())
	case u.Scheme == "http" && !isLoopback(u):
		v.warnf("caldav.url", "%q is plain http: the password and calendar cross the network unencrypted; use https://", u.Redacted())
	}
}

// validPort: "" (the scheme's port) or a TCP port number; url.Parse takes
// any digits, and the first connection failed with "invalid port".
func validPort(p string) bool {
	if p == "" {
		return true
	}
	n, err := strconv.Atoi(p)
	return err == nil && n >= 1 && n <= 65535
}

func hasPassword(u *url.URL) bool {
	_, ok := u.User.Password()
	return ok
}

var envName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

func (v *validator) envName(key, name string) {
	if name != "" && !envName.MatchString(name) {
		v.errorf(key, "is not an environment variable name (letters, digits and _): write the NAME of the variable that holds the secret, like CALDAV_PASSWORD, never the secret itself")
	}
}

// secretFile checks a password or token file without reading it: it must be
// absolute (the daemon's working directory is /), should exist, and should
// be readable by its owner only.
func (v *validator) secretFile(key, path string) {
	if path == "" {
		return
	}
	if !filepath.IsAbs(path) {
		v.errorf(key, "must be an absolute path to the file holding the secret, like /etc/netsyncd/password")
		return
	}
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		v.warnf(key, "%s does not exist: create it holding only the secret, then chmod 600 %s", path, path)
	case err != nil:
		v.warnf(key, "cannot check %s (%v): make sure the daemon's user can read it", path, errors.Unwrap(err))
	case fi.IsDir():
		v.errorf(key, "%s is a directory: name the file that holds the secret", path)
	case !fi.Mode().IsRegular():
		v.errorf(key, "%s is not a regular file (a device, a FIFO or a socket): name a file holding only the secret", path)
	case fi.Mode().Perm()&0o077 != 0:
		v.warnf(key, "%s is open to group or others (mode %04o): chmod 600 %s", path, fi.Mode().Perm(), path)
	}
}

// calendars checks sources and target: no blanks, no repeats, and the target
// is not a source, or netsyncd would read back its own entries.
func (v *validator) calendars() {
	d := v.c.CalDAV
	target := strings.TrimSpace(d.Target)
	if target == "" {
		v.errorf("caldav.target", "is empty: write the display name or path of the calendar netsyncd writes to, like Networking")
	}
	if len(d.Sources) > budget.SourceCalendars {
		v.errorf("caldav.sources", "lists %d calendars, more than the %d one pass reads: keep the ones that hold your meetings", len(d.Sources), budget.SourceCalendars)
	}
	seen := map[string]int{}
	for i, s := range d.Sources {
		key := fmt.Sprintf("caldav.sources[%d]", i)
		name := strings.TrimSpace(s)
		if prev, dup := seen[strings.ToLower(name)]; dup {
			v.errorf(key, "%q is already listed (sources[%d]): remove one", s, prev)
		}
		seen[strings.ToLower(name)] = i
		switch {
		case name == "":
			v.errorf(key, "is empty: write a calendar's display name or path, or remove the entry")
		case target != "" && strings.EqualFold(name, target):
			v.errorf(key, "%q is also caldav.target: netsyncd would read back its own entries; remove it from sources or choose another target", s)
		}
	}
}
