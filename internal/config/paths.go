package config

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// SystemPath is the config of a system-wide install.
const SystemPath = "/etc/netsyncd/config.yaml"

// ConfigSearch is where the config is looked for when --config is not
// given, in order:
//
//  1. $NETSYNCD_CONFIG
//  2. $CONFIGURATION_DIRECTORY/config.yaml (systemd's ConfigurationDirectory=)
//  3. $XDG_CONFIG_HOME/netsyncd/config.yaml, XDG_CONFIG_HOME defaulting to ~/.config
//  4. /etc/netsyncd/config.yaml
//
// The first two are set on purpose, so they are taken whether or not the
// file exists (and a missing one is reported as such); of the last two the
// first that exists is taken. explicit is that chosen path of steps 1-2, or
// "" and search lists steps 3-4.
func ConfigSearch(getenv func(string) string) (explicit string, search []string) {
	if p := getenv("NETSYNCD_CONFIG"); p != "" {
		return p, nil
	}
	if dir := firstDir(getenv("CONFIGURATION_DIRECTORY")); dir != "" {
		return filepath.Join(dir, "config.yaml"), nil
	}
	if dir := xdgConfigHome(getenv); dir != "" {
		search = append(search, filepath.Join(dir, "netsyncd", "config.yaml"))
	}
	return "", append(search, SystemPath)
}

// DefaultPath is the config file to read when --config is not given (see
// ConfigSearch): the chosen or first existing one, else the last candidate.
func DefaultPath(getenv func(string) string) string {
	p, _ := FindConfig(getenv)
	return p
}

// FindConfig is DefaultPath with an error naming every place looked at
// when no config file exists in any of them.
func FindConfig(getenv func(string) string) (string, error) {
	explicit, search := ConfigSearch(getenv)
	if explicit != "" {
		return explicit, nil
	}
	for _, p := range search {
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	last := search[len(search)-1]
	return last, fmt.Errorf("config: no config file: looked for %s: write one there (config/netsyncd.example.yaml shows every key), or pass --config PATH or set $NETSYNCD_CONFIG",
		strings.Join(search, " and "))
}

// xdgConfigHome is $XDG_CONFIG_HOME, else ~/.config; "" without a home.
// The XDG spec says a relative XDG_CONFIG_HOME is invalid and must be ignored.
func xdgConfigHome(getenv func(string) string) string {
	if x := getenv("XDG_CONFIG_HOME"); filepath.IsAbs(x) {
		return x
	}
	if home := getenv("HOME"); home != "" {
		return filepath.Join(home, ".config")
	}
	return ""
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
