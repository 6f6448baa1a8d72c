package config

import "testing"

func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestDefaultPath(t *testing.T) {
	for _, tc := range []struct {
		name string
		env  map[string]string
		want string
	}{
		{"nothing set", nil, "/etc/netsyncd/config.yaml"},
		{"systemd", map[string]string{"CONFIGURATION_DIRECTORY": "/etc/netsyncd-x"}, "/etc/netsyncd-x/config.yaml"},
		{"systemd, several dirs", map[string]string{"CONFIGURATION_DIRECTORY": "/a:/b"}, "/a/config.yaml"},
		{"env wins", map[string]string{"NETSYNCD_CONFIG": "/tmp/n.yaml", "CONFIGURATION_DIRECTORY": "/a"}, "/tmp/n.yaml"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := DefaultPath(env(tc.env)); got != tc.want {
				t.Errorf("DefaultPath(%v) = %q; want %q", tc.env, got, tc.want)
			}
		})
	}
}

func TestResolveStateDir(t *testing.T) {
	for _, tc := range []struct {
		name, stateDir string
		env            map[string]string
		want           string
	}{
		{"config wins", "/srv/netsyncd", map[string]string{"STATE_DIRECTORY": "/var/lib/x"}, "/srv/netsyncd"},
		{"systemd", "", map[string]string{"STATE_DIRECTORY": "/var/lib/netsyncd:/var/lib/other", "HOME": "/home/j"}, "/var/lib/netsyncd"},
		{"xdg", "", map[string]string{"XDG_STATE_HOME": "/home/j/.st", "HOME": "/home/j"}, "/home/j/.st/netsyncd"},
		{"relative xdg is ignored", "", map[string]string{"XDG_STATE_HOME": "st", "HOME": "/home/j"}, "/home/j/.local/state/netsyncd"},
		{"home", "", map[string]string{"HOME": "/home/j"}, "/home/j/.local/state/netsyncd"},
		{"nothing known", "", nil, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := Default()
			c.StateDir = tc.stateDir
			if got := c.ResolveStateDir(env(tc.env)); got != tc.want {
				t.Errorf("ResolveStateDir(%v) = %q; want %q", tc.env, got, tc.want)
			}
		})
	}
}
