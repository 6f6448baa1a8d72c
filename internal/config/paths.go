package config

import (
	"path/filepath"
	"strings"
)

// DefaultPath is where the config lives when --config is not given:
// $NETSYNCD_CONFIG, else $CONFIGURATION_DIRECTORY/config.yaml (set by
// systemd's ConfigurationDirectory=), else /etc/netsyncd/config.yaml.
func DefaultPath(getenv func(string) string) string {
	if p := getenv("NETSYNCD_CONFIG"); p != "" {
		return p
	}
	if dir := firstDir(getenv("CONFIGURATION_DIRECTORY")); dir != "" {
		return filepath.Join(dir, "config.yaml")
	}
	return "/etc/netsyncd/config.yaml"
}

// ResolveStateDir is where the daemon keeps its state: state_dir, else
// $STATE_DIRECTORY (systemd's StateDirectory=), else
// $XDG_STATE_HOME/netsyncd, else $HOME/.local/state/netsyncd. It returns ""
// only when none of these is known (no $HOME); the caller must refuse to run.
func (c *Config) ResolveStateDir(getenv func(string) string) string {
	if c.StateDir != "" {
		return c.StateDir
	}
	if dir := firstDir(getenv("STATE_DIRECTORY")); dir != "" {
		return dir
	}
	// The XDG spec says a relative XDG_STATE_HOME is invalid and must be ignored.
	if x := getenv("XDG_STATE_HOME"); filepath.IsAbs(x) {
		return filepath.Join(x, "netsyncd")
	}
	if home := getenv("HOME"); home != "" {
		return filepath.Join(home, ".local", "state", "netsyncd")
	}
	return ""
}

// firstDir takes the first of systemd's colon-separated directory list
// (several are given when the unit names several directories).
func firstDir(list string) string {
	first, _, _ := strings.Cut(list, ":")
	return first
}
