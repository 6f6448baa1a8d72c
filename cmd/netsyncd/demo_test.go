package main

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"go.uber.org/zap"

	"github.com/netsyncd/netsyncd/internal/caldav"
	"github.com/netsyncd/netsyncd/internal/entry"
)

// TestDemoServe runs `netsyncd demo --serve` and reads what it serves as a
// calendar app would: discovery from the printed URL with a made-up user
// name and password (the demo says any work), the calendar list, then the
// "Networking" calendar. It must hold prep, follow-up and week entries,
// every one whole, exactly the entries the demo printed. SIGTERM must end
// the demo with exit code 0 within 10 s, stop the server and remove the
// temporary directory it worked in.
func TestDemoServe(t *testing.T) {
	tmp := t.TempDir()
	var stdout, stderr syncBuffer
	cmd := exec.Command(binary, "demo", "--serve", "--addr", "127.0.0.1:0")
	cmd.Env = append(os.Environ(), "TMPDIR="+tmp)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	exited := startProcess(t, cmd, func() string { return "demo stdout:\n" + stdout.String() + "\nstderr:\n" + stderr.String() })

	serving := regexp.MustCompile(`(?m)^Serving (http://127\.0\.0\.1:\d+) until Ctrl-C`)
	waitFor(t, "the demo to serve", 60*time.Second, func() bool {
		select {
		case err := <-exited:
			t.Fatalf("the demo ended before serving: %v", err)
		default:
		}
		return serving.MatchString(stdout.String())
	})
	out := stdout.String()
	url := serving.FindStringSubmatch(out)[1]
	held := regexp.MustCompile(`the "Networking" calendar now holds (\d+) entries`).FindStringSubmatch(out)
	if held == nil {
		t.Fatalf("the demo does not say how many entries the Networking calendar holds")
	}
	printed, _ := strconv.Atoi(held[1])
	listed := map[string]int{} // "kind summary" as the demo printed them
	for _, m := range regexp.MustCompile(`(?m)^\w{3} \d\d \w{3} \d\d:\d\d  (prep|followup|week) +(.+)$`).FindAllStringSubmatch(out, -1) {
		listed[m[1]+" "+m[2]]++
	}

	c, err := caldav.New(caldav.Options{URL: url, Username: "someone", Password: "anything"}, zap.NewNop())
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	home, err := c.Discover(ctx)
	if err != nil {
		t.Fatalf("discovery from %s: %v", url, err)
	}
	cals, err := c.Calendars(ctx, home)
	if err != nil {
		t.Fatalf("calendars of %s: %v", home, err)
	}
	var target string
	var names []string
	for _, cal := range cals {
		names = append(names, cal.Name)
		if cal.Name == "Networking" {
			target = cal.Path
		}
	}
	if target == "" {
		t.Fatalf("the demo server's calendars %v have no Networking calendar", names)
	}
	entries := calendarEntries(t, c, target) // fails on anything not whole
	kinds := map[entry.Kind]int{}
	served := map[string]int{}
	prefix := map[entry.Kind]string{entry.KindPrep: "Prep: ", entry.KindFollowup: "Follow up: ", entry.KindWeek: "Networking plan "}
	for _, e := range entries {
		kinds[e.Kind]++
		served[string(e.Kind)+" "+e.Summary]++
		if !strings.HasPrefix(e.Summary, prefix[e.Kind]) {
			t.Errorf("%s entry %q does not start with %q", e.Kind, e.Summary, prefix[e.Kind])
		}
	}
	for _, k := range []entry.Kind{entry.KindPrep, entry.KindFollowup, entry.KindWeek} {
		if kinds[k] == 0 {
			t.Errorf("the Networking calendar holds no %s entry (%v)", k, kinds)
		}
	}
	if len(entries) != printed || len(entries) == 0 {
		t.Errorf("the server holds %d entries; the demo printed %d", len(entries), printed)
	}
	if fmt.Sprint(served) != fmt.Sprint(listed) {
		t.Errorf("the server holds %v; the demo listed %v", served, listed)
	}

	cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-exited:
		if err != nil {
			t.Errorf("demo --serve after SIGTERM: %v; want exit status 0", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatalf("demo --serve still running 10 s after SIGTERM")
	}
	if resp, err := http.Get(url); err == nil {
		resp.Body.Close()
		t.Errorf("%s still answers after the demo ended", url)
	}
	if left, _ := os.ReadDir(tmp); len(left) > 0 {
		t.Errorf("the demo left %v in its temporary directory %s", left, tmp)
	}
}
