package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/netsyncd/netsyncd/internal/testservers"
)

// alarmSymbol is what khal's {alarm-symbol} prints for an event with an
// alarm (with unicode_symbols, its default).
const alarmSymbol = " \u23f0"

// clientApps runs vdirsyncer, khal and todoman in a directory of their own:
// their configs, the synced folder (vdir/COLLECTION/) and their caches.
// Nothing of the user's home is read or written.
type clientApps struct {
	dir        string
	env        []string
	lastOutput string // khal's last listing, for failure messages
}

// newClientApps skips the test when an app is missing, and fails it under
// CI, which must test with them (scripts/test.sh installs them).
func newClientApps(t *testing.T) *clientApps {
	t.Helper()
	for _, app := range []string{"vdirsyncer", "khal", "todoman"} {
		if _, err := exec.LookPath(app); err != nil {
			msg := fmt.Sprintf("%s not installed (apt-get install vdirsyncer khal todoman)", app)
			if os.Getenv("CI") == "true" {
				t.Fatal(msg)
			}
			t.Skip(msg)
		}
	}
	a := &clientApps{dir: t.TempDir()}
	a.env = append(os.Environ(),
		"HOME="+a.dir,
		"XDG_CONFIG_HOME="+filepath.Join(a.dir, "config"),
		"XDG_DATA_HOME="+filepath.Join(a.dir, "data"),
		"XDG_CACHE_HOME="+filepath.Join(a.dir, "cache"),
		"TZ=America/New_York",
		"LC_ALL=C.UTF-8", "LANG=C.UTF-8", // khal prints its alarm symbol; click wants a UTF-8 locale
	)
	return a
}

// run runs an app with a time limit and returns its standard output.
func (a *clientApps) run(t *testing.T, stdin []byte, name string, args ...string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env, cmd.Dir = a.env, a.dir
	var stdout, stderr bytes.Buffer
	cmd.Stdin, cmd.Stdout, cmd.Stderr = bytes.NewReader(stdin), &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %s: %v\nstdout:\n%s\nstderr:\n%s", name, strings.Join(args, " "), err, stdout.Bytes(), stderr.Bytes())
	}
	return stdout.Bytes()
}

func (a *clientApps) write(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(a.dir, name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// sync brings the server's calendar collection into vdir/collection/ with
// vdirsyncer, as its documentation says: discover (answering yes to
// creating the local folder), then sync.
func (a *clientApps) sync(t *testing.T, srv *testservers.Server, collection string) {
	t.Helper()
	conf := fmt.Sprintf(`[general]
status_path = %q

[pair cal]
a = "local"
b = "remote"
collections = [%q]
conflict_resolution = "b wins"

[storage local]
type = "filesystem"
path = %q
fileext = ".ics"

[storage remote]
type = "caldav"
url = %q
`, filepath.Join(a.dir, "status")+"/", collection, filepath.Join(a.dir, "vdir")+"/", srv.URL+srv.Home)
	if srv.Username != "" {
		conf += fmt.Sprintf("username = %q\npassword = %q\n", srv.Username, srv.Password)
	}
	cfg := a.write(t, "vdirsyncer.conf", conf)
	a.env = append(a.env, "VDIRSYNCER_CONFIG="+cfg)
	a.run(t, []byte(strings.Repeat("y\n", 5)), "vdirsyncer", "discover")
	a.run(t, nil, "vdirsyncer", "sync")
	files, _ := filepath.Glob(filepath.Join(a.dir, "vdir", collection, "*.ics"))
	if len(files) == 0 {
		t.Fatalf("vdirsyncer synced no object into vdir/%s", collection)
	}
}

// khalList lists the events of days days from from with khal, one line
// "calendar|start|title|alarm" each, and returns the set of lines.
func (a *clientApps) khalList(t *testing.T, from time.Time, days int) map[string]bool {
	t.Helper()
	cfg := a.write(t, "khal.conf", fmt.Sprintf(`[calendars]
[[networking]]
path = %q
type = calendar

[locale]
local_timezone = America/New_York
default_timezone = America/New_York
timeformat = %%H:%%M
dateformat = %%Y-%%m-%%d
longdateformat = %%Y-%%m-%%d
datetimeformat = %%Y-%%m-%%d %%H:%%M
longdatetimeformat = %%Y-%%m-%%d %%H:%%M

[sqlite]
path = %q
`, filepath.Join(a.dir, "vdir", "networking")+"/", filepath.Join(a.dir, "khal.db")))
	out := a.run(t, nil, "khal", "-c", cfg, "list", "--once", "--day-format", "",
		"--format", "{calendar}|{start}|{title}|{alarm-symbol}", from.Format("2006-01-02"), fmt.Sprintf("%dd", days))
	a.lastOutput = string(out)
	lines := map[string]bool{}
	for _, l := range strings.Split(string(out), "\n") {
		if strings.Count(l, "|") == 3 {
			lines[l] = true
		}
	}
	return lines
}

// todomanConfig writes todoman's config (a Python file: it must end in .py)
// over every synced list.
func (a *clientApps) todomanConfig(t *testing.T) string {
	t.Helper()
	return a.write(t, "todoman.py", fmt.Sprintf(`path = %q
date_format = "%%Y-%%m-%%d"
time_format = "%%H:%%M"
humanize = False
cache_path = %q
`, filepath.Join(a.dir, "vdir", "*"), filepath.Join(a.dir, "todoman.sqlite3")))
}
