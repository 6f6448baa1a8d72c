package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"go.uber.org/zap"

	"github.com/netsyncd/netsyncd/internal/classify"
	"github.com/netsyncd/netsyncd/internal/config"
	"github.com/netsyncd/netsyncd/internal/core"
	"github.com/netsyncd/netsyncd/internal/davserver"
	"github.com/netsyncd/netsyncd/internal/entry"
	"github.com/netsyncd/netsyncd/internal/pipeline"
	"github.com/netsyncd/netsyncd/internal/report"
	"github.com/netsyncd/netsyncd/internal/state"
)

var demoCommand = command{
	name: "demo", args: "[--serve] [--addr 127.0.0.1:5232]",
	short: "everything, against an embedded CalDAV server with sample data",
	long: `Starts a CalDAV server inside netsyncd, fills it with two weeks of a
sample executive's calendar around today (coffees and lunches they arranged,
mixers and conferences others organise, internal work meetings, a confidential
risk, a recurring series with a moved and a cancelled occurrence), and runs
everything against it: explain, report, and one pass that writes prep,
follow-up and weekly plan entries into its "Networking" calendar. No account,
no network, nothing written outside a temporary directory.

With --serve the server keeps running after the pass, so you can point
Thunderbird, khal (through vdirsyncer) or any CalDAV client at it and see the
entries as your calendar app shows them. Stop it with Ctrl-C.`,
	run: func(ctx context.Context, env Env, fs *flag.FlagSet, args []string) error {
		serve := fs.Bool("serve", false, "keep the server running after the demo pass")
		addr := fs.String("addr", "127.0.0.1:0", "address to listen on (loopback; port 0 picks a free one)")
		level := fs.String("log-level", "warn", "log level: debug, info, warn or error")
		if err := parseFlags(fs, args); err != nil {
			return err
		}
		log, err := newLogger(env, *level)
		if err != nil {
			return err
		}
		defer log.Sync()
		return runDemo(ctx, env, log, *addr, *serve)
	},
}

func runDemo(ctx context.Context, env Env, log *zap.Logger, addr string, serve bool) error {
	dir, err := os.MkdirTemp("", "netsyncd-demo-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	// The embedded server takes any password; the sample config names this variable.
	getenv := env.Getenv
	env.Getenv = func(k string) string {
		if k == davserver.SampleConfigPasswordEnv {
			return "demo"
		}
		return getenv(k)
	}
	srv, url, stop, err := startDemoServer(env.Now(), addr)
	if err != nil {
		return err
	}
	defer stop()
	cfgPath := filepath.Join(dir, "config.yaml")
	yaml := strings.Replace(string(davserver.SampleConfigYAML(url)), "\nstate_dir:", "\n# state_dir:", 1)
	yaml += "\nstate_dir: " + filepath.Join(dir, "state") + "\n"
	if err := os.WriteFile(cfgPath, []byte(yaml), 0o600); err != nil {
		return err
	}
	cfg, _, err := config.Load(cfgPath)
	if err != nil {
		return fmt.Errorf("demo config: %w", err)
	}
	out := env.Stdout
	fmt.Fprintf(out, "netsyncd demo: an embedded CalDAV server at %s holds a sample calendar (user %q).\n", url, "jane")
	if err := demoReports(ctx, env, cfg, log, out); err != nil {
		return err
	}
	if err := demoPeople(ctx, env, cfg, log, out); err != nil {
		return err
	}
	if err := demoPass(ctx, env, cfg, log, out, srv); err != nil {
		return err
	}
	if !serve {
		fmt.Fprintf(out, "\nRun `netsyncd demo --serve` to keep the server running and open it in a calendar app.\n")
		return nil
	}
	fmt.Fprintf(out, "\nServing %s until Ctrl-C. Any user name and password work.\n", url)
	fmt.Fprintf(out, "  Thunderbird: New Calendar > On the Network > Location %s%s\n", url, srv.Home())
	fmt.Fprintf(out, "  vdirsyncer/khal: a caldav storage with url = \"%s/\"\n", url)
	<-ctx.Done()
	return nil
}

func startDemoServer(now time.Time, addr string) (*davserver.Server, string, func(), error) {
	loc, err := time.LoadLocation("America/New_York")
	if err != nil {
		return nil, "", nil, err
	}
	srv := davserver.New("jane")
	if err := srv.AddSample(now, loc); err != nil {
		return nil, "", nil, fmt.Errorf("demo data: %w", err)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, "", nil, fmt.Errorf("demo: listen on %s: %w", addr, err)
	}
	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second}
	go func() {
		if err := hs.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			fmt.Fprintln(os.Stderr, "demo server:", err)
		}
	}()
	stop := func() {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		hs.Shutdown(ctx)
	}
	return srv, "http://" + ln.Addr().String(), stop, nil
}

func demoReports(ctx context.Context, env Env, cfg *config.Config, log *zap.Logger, out io.Writer) error {
	_, s, err := newSyncer(env, cfg, nil, log)
	if err != nil {
		return err
	}
	w := pipeline.WindowAround(cfg, env.Now())
	rw, _ := weekRange(cfg, w, env.Now(), "")
	rw.To = rw.From.AddDate(0, 0, 14)
	srcs, err := s.ReadSources(ctx, rw)
	if err != nil {
		return err
	}
	cl, err := classify.New(cfg)
	if err != nil {
		return err
	}
	an, err := core.Analyze(ctx, &core.Inputs{Config: cfg, Classifier: cl, Now: env.Now(), Window: rw, Sources: srcs})
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "\n== netsyncd explain: every event of the two weeks, and why ==\n\n")
	if err := report.WriteExplainText(out, an.Items, cfg.Location); err != nil {
		return err
	}
	fmt.Fprintf(out, "\n== netsyncd report: each week against the limits ==\n\n")
	return report.WriteReportText(out, an.Weeks, cfg.Location)
}

func demoPass(ctx context.Context, env Env, cfg *config.Config, log *zap.Logger, out io.Writer, srv *davserver.Server) error {
	store, err := state.Open(cfg.StateDir)
	if err != nil {
		return err
	}
	defer store.Close()
	_, s, err := newSyncer(env, cfg, store, log)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "\n== netsyncd once: one pass writes the entries ==\n\n")
	if err := runOnce(ctx, out, s, false, false, cfg); err != nil {
		return err
	}
	fmt.Fprintf(out, "\n== a second pass changes nothing ==\n\n")
	if err := runOnce(ctx, out, s, false, false, cfg); err != nil {
		return err
	}
	return demoEntries(out, cfg, srv)
}

// demoEntries prints the entries as a calendar app would list them.
func demoEntries(out io.Writer, cfg *config.Config, srv *davserver.Server) error {
	target := strings.TrimSuffix(srv.Home(), "/") + "/networking/"
	objs := srv.Objects(target)
	var owned []entry.Owned
	for href, data := range objs {
		if o, ours, _ := entry.Ours(href, "", data); ours {
			owned = append(owned, o)
		}
	}
	sort.Slice(owned, func(i, j int) bool { return owned[i].Start.Before(owned[j].Start) })
	fmt.Fprintf(out, "\n== the %q calendar now holds %d entries ==\n\n", cfg.CalDAV.Target, len(owned))
	for _, o := range owned {
		fmt.Fprintf(out, "%s  %-8s  %s\n", o.Start.In(cfg.Location).Format("Mon 02 Jan 15:04"), o.Kind, o.Summary)
	}
	if len(owned) > 0 {
		fmt.Fprintf(out, "\nThe first one, as written (iCalendar):\n\n%s", objs[owned[0].Href])
	}
	return nil
}
