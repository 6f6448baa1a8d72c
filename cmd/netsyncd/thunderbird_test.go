package main

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/netsyncd/netsyncd/internal/entry"
	"github.com/netsyncd/netsyncd/internal/testservers"
)

// TestThunderbirdShowsEntries: Thunderbird, subscribed to the target
// calendar and left to sync, holds every prep, follow-up and week entry of a
// pass with its alarm at the entry's time; after a pass that moves one
// entry, it holds it moved.
//
// It takes about 75-90 s (Thunderbird refreshes a calendar once a minute
// at most; the waits are bounded at three minutes each) and needs
// Thunderbird (250 MB), Xvfb, sqlite3 and ImageMagick, which
// scripts/test.sh installs. It runs under CI (CI=true) and by hand:
//
//	NETSYNCD_THUNDERBIRD=1 go test -run TestThunderbirdShowsEntries -v ./cmd/netsyncd
//
// Otherwise it is skipped. NETSYNCD_THUNDERBIRD_SHOT=FILE.png also keeps a
// screenshot of its week view (docs/thunderbird-week.png was made so).
//
// The server is Xandikos, which has no authentication: Thunderbird would
// ask for a password on a 401, and nothing here can answer its prompt.
func TestThunderbirdShowsEntries(t *testing.T) {
	if os.Getenv("NETSYNCD_THUNDERBIRD") != "1" && os.Getenv("CI") != "true" {
		t.Skip("under CI, or by hand: NETSYNCD_THUNDERBIRD=1 go test -run TestThunderbirdShowsEntries -v ./cmd/netsyncd (about 90 s)")
	}
	for _, tool := range []string{"thunderbird", "Xvfb", "sqlite3", "import"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s not installed (apt-get install thunderbird xvfb sqlite3 imagemagick): %v", tool, err)
		}
	}
	srv := testservers.Xandikos(t)
	s := newClientSetup(t, srv)
	if sum := s.once(t); num(sum, "created") == 0 {
		t.Fatalf("the pass created nothing: %v", sum)
	}
	target := srv.Home + "networking/"
	entries := serverEntries(t, srv, target)

	tb := startThunderbird(t, srv.URL+target)
	deadline := time.Now().Add(3 * time.Minute)
	events := tb.waitFor(t, deadline, func(got map[string]tbEvent) bool {
		for _, e := range entries {
			if _, ok := got[e.UID]; !ok {
				return false
			}
		}
		return true
	})
	for _, e := range entries {
		ev, ok := events[e.UID]
		switch {
		case !ok:
			t.Errorf("Thunderbird does not hold the %s entry %q", e.Kind, e.Summary)
		case ev.title != e.Summary || !ev.start.Equal(e.Start):
			t.Errorf("Thunderbird holds %q at %s; want %q at %s", ev.title, ev.start.In(newYork).Format(time.DateTime),
				e.Summary, e.Start.In(newYork).Format(time.DateTime))
		case e.PlannedAlarm == "" || len(ev.alarms) != 1 || !strings.Contains(ev.alarms[0], "TRIGGER:"+e.PlannedAlarm+"\r\n"):
			t.Errorf("Thunderbird holds the alarms %q for %q; want one with TRIGGER:%s", ev.alarms, e.Summary, e.PlannedAlarm)
		default:
			t.Logf("Thunderbird: %s %q with its alarm", ev.start.In(newYork).Format("Mon 2006-01-02 15:04 MST"), ev.title)
		}
	}
	// The shared ledger (netsyncd-ledger.ics) is an all-day event on
	// 1 January 1970: Thunderbird caches it too, and no view of the weeks
	// here shows it.
	if ledger, ok := events["netsyncd-ledger"]; ok {
		if ledger.start.Year() != 1970 {
			t.Errorf("Thunderbird holds the ledger object at %s; want 1 January 1970", ledger.start)
		}
		delete(events, "netsyncd-ledger")
	}
	if len(events) != len(entries) {
		t.Errorf("Thunderbird holds %d events; the server %d", len(events), len(entries))
	}

	// A weekday's coffee moves two hours later: its prep and follow-up
	// move. (A weekend's would not: the default allowed times have none
	// on Sunday, so its prep stays on Saturday afternoon whatever its
	// hour, and coffee 1 is on a Sunday when the test runs on a Friday.)
	n := weekdayCoffee(8)
	uid := fmt.Sprintf("coffee-%02d", n)
	s.srv.Put(t, s.source+uid+".ics", sourceEvent(n, 2*time.Hour))
	if sum := s.once(t); num(sum, "updated") == 0 {
		t.Fatalf("the pass after moving coffee %d updated nothing: %v", n, sum)
	}
	var moved entry.Owned
	for _, e := range serverEntries(t, srv, target) {
		if e.Kind == entry.KindPrep && e.SourceUID == uid {
			moved = e
		}
	}
	if moved.UID == "" || moved.Start.Equal(events[moved.UID].start) {
		t.Fatalf("the prep entry of coffee %d did not move on the server: %+v", n, moved)
	}
	events = tb.waitFor(t, time.Now().Add(3*time.Minute), func(got map[string]tbEvent) bool {
		return got[moved.UID].start.Equal(moved.Start)
	})
	if ev := events[moved.UID]; !ev.start.Equal(moved.Start) {
		t.Errorf("Thunderbird holds the moved prep at %s; want %s", ev.start.In(newYork), moved.Start.In(newYork))
	} else {
		t.Logf("Thunderbird shows the prep of coffee %d moved to %s", n, ev.start.In(newYork).Format("Mon 2006-01-02 15:04 MST"))
	}
	if shot := os.Getenv("NETSYNCD_THUNDERBIRD_SHOT"); shot != "" {
		time.Sleep(3 * time.Second) // let the view redraw
		tb.screenshot(t, shot)
	}
}

type tbEvent struct {
	title  string
	start  time.Time
	alarms []string
}

type thunderbird struct {
	dir     string
	display string
}

// startThunderbird starts Xvfb on a free display and Thunderbird on it,
// with a new profile subscribed to the calendar at url (refreshed every
// minute, cached in calendar-data/cache.sqlite) and its calendar tab open;
// t.Cleanup stops both.
func startThunderbird(t *testing.T, url string) *thunderbird {
	t.Helper()
	tb := &thunderbird{dir: t.TempDir()}
	// Xvfb writes the display number it chose to the descriptor -displayfd
	// names, once it accepts connections.
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	xvfb := exec.Command("Xvfb", "-displayfd", "3", "-screen", "0", "1280x1024x24", "-nolisten", "tcp")
	xvfb.ExtraFiles = []*os.File{w}
	startGroup(t, xvfb, filepath.Join(tb.dir, "xvfb.log"))
	w.Close()
	line, err := bufio.NewReader(r).ReadString('\n')
	r.Close()
	if err != nil {
		t.Fatalf("Xvfb did not say its display: %v", err)
	}
	tb.display = ":" + strings.TrimSpace(line)

	profile := filepath.Join(tb.dir, "profile")
	prefs := map[string]string{
		"calendar.registry.nsd.type":                                  `"caldav"`,
		"calendar.registry.nsd.uri":                                   strconv.Quote(url),
		"calendar.registry.nsd.name":                                  `"netsyncd test"`,
		"calendar.registry.nsd.cache.enabled":                         "true",
		"calendar.registry.nsd.refreshInterval":                       `"1"`,
		"calendar.registry.nsd.calendar-main-in-composite":            "true",
		"calendar.timezone.local":                                     `"America/New_York"`,
		"calendar.timezone.useSystemTimezone":                         "false",
		"calendar.view.daystarthour":                                  "6",
		"calendar.view.dayendhour":                                    "20",
		"calendar.view.visiblehours":                                  "14",
		"calendar.alarms.show":                                        "false", // no alarm dialog over the view
		"mail.provider.suppress_dialog_on_startup":                    "true",
		"mail.rights.version":                                         "1",
		"mailnews.start_page.enabled":                                 "false",
		"datareporting.policy.dataSubmissionPolicyBypassNotification": "true",
		"app.update.enabled":                                          "false",
		"network.proxy.type":                                          "0",
	}
	var js strings.Builder
	for k, v := range prefs {
		fmt.Fprintf(&js, "user_pref(%q, %s);\n", k, v)
	}
	if err := os.MkdirAll(profile, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(profile, "user.js"), []byte(js.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	// The window fills the screen (there is no window manager to
	// maximise it): xulstore.json is where Thunderbird keeps its size.
	xul := `{"chrome://messenger/content/messenger.xhtml":{"messengerWindow":` +
		`{"screenX":"0","screenY":"0","width":"1280","height":"1024","sizemode":"normal"}}}`
	if err := os.WriteFile(filepath.Join(profile, "xulstore.json"), []byte(xul), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("thunderbird", "--profile", profile, "--no-remote", "-calendar")
	cmd.Env = append(os.Environ(), "DISPLAY="+tb.display, "HOME="+tb.dir, "XDG_CONFIG_HOME="+filepath.Join(tb.dir, ".config"),
		"XDG_CACHE_HOME="+filepath.Join(tb.dir, ".cache"), "MOZ_CRASHREPORTER_DISABLE=1")
	startGroup(t, cmd, filepath.Join(tb.dir, "thunderbird.log"))
	return tb
}

// startGroup starts cmd in a process group of its own, output to log;
// t.Cleanup sends the group SIGTERM and, 10 s later, SIGKILL.
func startGroup(t *testing.T, cmd *exec.Cmd, log string) {
	t.Helper()
	out, err := os.Create(log)
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout, cmd.Stderr = out, out
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", cmd.Path, err)
	}
	out.Close()
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	t.Cleanup(func() {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(10 * time.Second):
			_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			<-exited
		}
	})
}

// waitFor reads Thunderbird's calendar cache every two seconds until done
// holds or the deadline passes, and returns the last reading.
func (tb *thunderbird) waitFor(t *testing.T, deadline time.Time, done func(map[string]tbEvent) bool) map[string]tbEvent {
	t.Helper()
	var got map[string]tbEvent
	for {
		got = tb.events(t)
		if done(got) || time.Now().After(deadline) {
			return got
		}
		time.Sleep(2 * time.Second)
	}
}

// events reads the events of the subscription from a copy of the cache
// (Thunderbird keeps the database locked while it runs).
func (tb *thunderbird) events(t *testing.T) map[string]tbEvent {
	t.Helper()
	src := filepath.Join(tb.dir, "profile", "calendar-data", "cache.sqlite")
	snap := filepath.Join(t.TempDir(), "cache.sqlite")
	for _, suffix := range []string{"", "-wal"} {
		b, err := os.ReadFile(src + suffix)
		if err != nil {
			if suffix == "" {
				return nil // not made yet
			}
			continue
		}
		if err := os.WriteFile(snap+suffix, b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	query := func(sql string) [][]string {
		out, err := exec.Command("sqlite3", "-batch", "-separator", "\x1f", "-newline", "\x1e", snap, sql).Output()
		if err != nil {
			return nil // a copy taken mid-write; the next reading will do
		}
		var rows [][]string
		for _, line := range strings.Split(string(out), "\x1e") {
			if line != "" {
				rows = append(rows, strings.Split(line, "\x1f"))
			}
		}
		return rows
	}
	got := map[string]tbEvent{}
	for _, row := range query("SELECT id, title, event_start FROM cal_events WHERE cal_id = 'nsd'") {
		if len(row) != 3 {
			continue
		}
		us, _ := strconv.ParseInt(row[2], 10, 64)
		got[row[0]] = tbEvent{title: row[1], start: time.UnixMicro(us)}
	}
	for _, row := range query("SELECT item_id, icalString FROM cal_alarms WHERE cal_id = 'nsd'") {
		if ev, ok := got[row[0]]; ok && len(row) == 2 {
			ev.alarms = append(ev.alarms, row[1])
			got[row[0]] = ev
		}
	}
	return got
}

func (tb *thunderbird) screenshot(t *testing.T, path string) {
	t.Helper()
	if out, err := exec.Command("import", "-display", tb.display, "-window", "root", path).CombinedOutput(); err != nil {
		t.Errorf("screenshot: %v\n%s", err, out)
	}
}
