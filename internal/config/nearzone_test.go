package config

import (
	"fmt"
	"strings"
	"testing"
)

// A timezone written as TZ takes it (":Europe/Berlin") or in another
// casing is refused, as before, but the error now names the zone meant;
// a name with no near zone keeps the general advice.
func TestTimezoneNearAZone(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{":Europe/Berlin", `did you mean "Europe/Berlin"?`},
		{"EUROPE/BERLIN", `did you mean "Europe/Berlin"?`},
		{"america/new_york", `did you mean "America/New_York"?`},
		{" : Asia/Kolkata ", `did you mean "Asia/Kolkata"?`},
		{"utc", `did you mean "UTC"?`},
		{"america/port-au-prince", `did you mean "America/Port-au-Prince"?`},
		{"etc/gmt+5", `did you mean "Etc/GMT+5"?`},
		{"antarctica/mcmurdo", `did you mean "Antarctica/McMurdo"?`},
		{"Mars/Olympus_Mons", "write an IANA name like America/New_York"},
		{":", "write an IANA name like America/New_York"},
	} {
		conf := fmt.Sprintf("timezone: %q\ncaldav:\n  url: https://dav.example.com/\n  username: jane\n  password_env: PW\n", c.in)
		_, _, err := Parse([]byte(conf), "/etc/netsyncd/config.yaml")
		if err == nil || !strings.Contains(err.Error(), "config.yaml:1: timezone:") || !strings.Contains(err.Error(), c.want) {
			t.Errorf("timezone %q: %v; want file:line:key and %s", c.in, err, c.want)
		}
	}
}
