// Command benchserve starts one of the real CalDAV servers of package
// testservers (Radicale, Xandikos or DAViCal) on 127.0.0.1, fills a
// calendar "Personal" with the benchmark calendar of package benchdata by
// PUTs, prints what reaches it as shell assignments, and serves until it
// gets SIGTERM or SIGINT, when it stops the server and removes its data:
//
//	benchserve -server xandikos -events 5000 -moved DIR >server.env
//
// It is scripts/bench.sh's way to the servers other than Radicale
// (BENCH_SERVER; Radicale's storage is written straight to disk there,
// which is faster than PUTs).
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"net/http"
	"os"
	"os/signal"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/netsyncd/netsyncd/internal/benchdata"
	"github.com/netsyncd/netsyncd/internal/testservers"
)

func main() {
	t := &tb{}
	code := 0
	func() {
		defer func() {
			if r := recover(); r != nil && r != errFailed {
				panic(r)
			} else if r != nil {
				code = 1
			}
		}()
		if err := run(t); err != nil {
			fmt.Fprintln(os.Stderr, "benchserve:", err)
			code = 1
		}
	}()
	t.cleanup()
	os.Exit(code)
}

func run(t *tb) error {
	server := flag.String("server", "xandikos", "radicale, xandikos or davical")
	events := flag.Int("events", 5000, "number of calendar objects")
	seed := flag.Uint64("seed", 1, "random seed: the same seed gives the same calendar")
	day := flag.String("now", time.Now().Format("2006-01-02"), "the middle of the two years, YYYY-MM-DD")
	moved := flag.String("moved", "", "folder for before.ics and after.ics of the moved event")
	inFlight := flag.Int("puts", 0, "PUTs in flight while filling the calendar (default 8; 1 on DAViCal)")
	flag.Parse()
	now, err := time.Parse("2006-01-02", *day)
	if err != nil {
		return fmt.Errorf("-now: %w", err)
	}
	var s *testservers.Server
	switch *server {
	case "radicale":
		s = testservers.Radicale(t)
	case "xandikos":
		s = testservers.Xandikos(t)
	case "davical":
		s = testservers.DAViCal(t)
	default:
		return fmt.Errorf("-server %q: write radicale, xandikos or davical", *server)
	}
	if *inFlight <= 0 {
		// DAViCal 1.1.12 under php -S answered some of 8 PUTs in flight
		// with 500 Internal Server Error.
		*inFlight = 8
		if s.Name == "davical" {
			*inFlight = 1
		}
	}
	cal := s.MakeCalendar(t, "Personal")
	opts := benchdata.Options{Events: *events, Seed: *seed, Now: now.Add(12 * time.Hour)}
	began := time.Now()
	if err := fill(s, cal, benchdata.Calendar(opts), *inFlight); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "benchserve: %s: %d events PUT in %.1f s\n", s.Name, *events, time.Since(began).Seconds())
	name := ""
	if *moved != "" {
		if name, err = benchdata.WriteMoved(*moved, opts); err != nil {
			return err
		}
	}
	fmt.Printf("URL=%s\nDAV_USER=%s\nDAV_PASS=%s\nHOME_PATH=%s\nCAL_PATH=%s\nMOVED=%s\n",
		s.URL, s.Username, s.Password, s.Home, cal, name)
	os.Stdout.Close() // the script reads the assignments once this is closed
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	<-ctx.Done()
	return nil
}

// fill PUTs objs into the calendar at cal, n at a time.
func fill(s *testservers.Server, cal string, objs []benchdata.Object, n int) error {
	var next atomic.Int64
	var wg sync.WaitGroup
	errs := make([]error, n)
	hc := &http.Client{Timeout: 60 * time.Second}
	for w := range n {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= len(objs) || errs[w] != nil {
					return
				}
				errs[w] = put(hc, s, cal+objs[i].Name, objs[i].Data)
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

func put(hc *http.Client, s *testservers.Server, path string, data []byte) error {
	req, err := http.NewRequest(http.MethodPut, s.URL+path, bytes.NewReader(data))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "text/calendar; charset=utf-8")
	if s.Username != "" {
		req.SetBasicAuth(s.Username, s.Password)
	}
	resp, err := hc.Do(req)
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated && resp.StatusCode != http.StatusNoContent {
		return fmt.Errorf("PUT %s on %s: %s", path, s.Name, resp.Status)
	}
	return nil
}

// errFailed is the panic that ends the program at a Fatal.
var errFailed = fmt.Errorf("benchserve: failed")

// tb is the testing.TB package testservers reports through, for a
// program: Fatal prints and stops, Cleanup runs at exit, TempDir is
// removed at exit.
type tb struct {
	testing.TB // unused methods panic
	mu         sync.Mutex
	cleanups   []func()
}

func (t *tb) Helper()                           {}
func (t *tb) Logf(format string, args ...any)   { fmt.Fprintf(os.Stderr, format+"\n", args...) }
func (t *tb) Errorf(format string, args ...any) { fmt.Fprintf(os.Stderr, format+"\n", args...) }
func (t *tb) Fatalf(format string, args ...any) { t.Errorf(format, args...); panic(errFailed) }
func (t *tb) Fatal(args ...any)                 { fmt.Fprintln(os.Stderr, args...); panic(errFailed) }
func (t *tb) Skip(args ...any)                  { t.Fatal(args...) }
func (t *tb) Name() string                      { return "benchserve" }

func (t *tb) Cleanup(f func()) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.cleanups = append(t.cleanups, f)
}

func (t *tb) TempDir() string {
	dir, err := os.MkdirTemp("", "netsyncd-benchserve-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}

func (t *tb) cleanup() {
	t.mu.Lock()
	defer t.mu.Unlock()
	for i := len(t.cleanups) - 1; i >= 0; i-- {
		t.cleanups[i]()
	}
}
