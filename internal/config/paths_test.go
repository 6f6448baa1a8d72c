package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

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

// TestConfigSearchXDG: a user's ~/.config/netsyncd/config.yaml (or under
// $XDG_CONFIG_HOME) is found without --config, and wins over
// /etc/netsyncd/config.yaml; when it does not exist the system path is
// taken, and the error names both places.
func TestConfigSearchXDG(t *testing.T) {
	home := t.TempDir()
	userCfg := filepath.Join(home, ".config", "netsyncd", "config.yaml")
	xdg := filepath.Join(home, "xdg")
	xdgCfg := filepath.Join(xdg, "netsyncd", "config.yaml")

	e := map[string]string{"HOME": home}
	explicit, search := ConfigSearch(env(e))
	if want := []string{userCfg, SystemPath}; explicit != "" || strings.Join(search, ",") != strings.Join(want, ",") {
		t.Fatalf("ConfigSearch(HOME) = %q, %q; want \"\", %q", explicit, search, want)
	}
	if _, err := os.Stat(SystemPath); err != nil {
		p, err := FindConfig(env(e))
		if p != SystemPath || err == nil || !strings.Contains(err.Error(), userCfg+" and "+SystemPath) {
			t.Errorf("FindConfig without any file = %q, %v; want %s and an error naming both places", p, err, SystemPath)
		}
	}
	for _, f := range []string{userCfg, xdgCfg} {
		if err := os.MkdirAll(filepath.Dir(f), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(f, []byte("caldav: {url: http://127.0.0.1/}\n"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		name string
		env  map[string]string
		want string
	}{
		{"~/.config", map[string]string{"HOME": home}, userCfg},
		{"XDG_CONFIG_HOME", map[string]string{"HOME": home, "XDG_CONFIG_HOME": xdg}, xdgCfg},
		{"relative XDG_CONFIG_HOME is ignored", map[string]string{"HOME": home, "XDG_CONFIG_HOME": "xdg"}, userCfg},
		{"systemd wins", map[string]string{"HOME": home, "CONFIGURATION_DIRECTORY": "/etc/n"}, "/etc/n/config.yaml"},
		{"NETSYNCD_CONFIG wins", map[string]string{"HOME": home, "NETSYNCD_CONFIG": "/tmp/x.yaml"}, "/tmp/x.yaml"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := FindConfig(env(tc.env))
			if p != tc.want || err != nil {
				t.Errorf("FindConfig(%v) = %q, %v; want %q", tc.env, p, err, tc.want)
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
