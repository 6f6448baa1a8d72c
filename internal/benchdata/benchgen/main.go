// Command benchgen writes the benchmark calendar of package benchdata as a
// Radicale calendar collection, for scripts/bench.sh:
//
//	benchgen -events 5000 -seed 1 -dir COLLECTIONS/collection-root/alice/personal -moved DIR
//
// With -moved it also writes DIR/before.ics and DIR/after.ics, one
// networking event tomorrow and the same event moved by an hour, and prints
// its file name.
//
//	benchgen -events 20000 -serve 127.0.0.1:0
//
// With -serve it writes nothing and serves the calendar ("Personal", user
// alice, any password) from internal/davserver, in memory, until killed,
// after printing its URL: a server that starts at once at any size, for
// measuring netsyncd's memory (docs/performance.md).
package main

import (
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/netsyncd/netsyncd/internal/benchdata"
	"github.com/netsyncd/netsyncd/internal/davserver"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "benchgen:", err)
		os.Exit(1)
	}
}

func run() error {
	events := flag.Int("events", 5000, "number of calendar objects")
	seed := flag.Uint64("seed", 1, "random seed: the same seed gives the same calendar")
	day := flag.String("now", time.Now().Format("2006-01-02"), "the middle of the two years, YYYY-MM-DD")
	dir := flag.String("dir", "", "the Radicale collection folder to write (created)")
	name := flag.String("name", "Personal", "display name of the calendar")
	moved := flag.String("moved", "", "folder for before.ics and after.ics of the moved event")
	serve := flag.String("serve", "", "serve the calendar at this address instead of writing it")
	flag.Parse()
	if *serve != "" {
		return serveCalendar(*serve, *events, *seed, *day)
	}
	if *dir == "" {
		return fmt.Errorf("-dir is required")
	}
	now, err := time.Parse("2006-01-02", *day)
	if err != nil {
		return fmt.Errorf("-now: %w", err)
	}
	// Noon UTC is the same date in New York.
	opts := benchdata.Options{Events: *events, Seed: *seed, Now: now.Add(12 * time.Hour)}
	if err := benchdata.WriteCollection(*dir, *name, benchdata.Calendar(opts)); err != nil {
		return err
	}
	if *moved == "" {
		return nil
	}
	file, err := benchdata.WriteMoved(*moved, opts)
	if err != nil {
		return err
	}
	fmt.Println(file)
	return nil
}

func serveCalendar(addr string, events int, seed uint64, day string) error {
	now, err := time.Parse("2006-01-02", day)
	if err != nil {
		return fmt.Errorf("-now: %w", err)
	}
	loc, err := time.LoadLocation(benchdata.Zone)
	if err != nil {
		return err
	}
	srv := davserver.New("alice")
	srv.SetFloating(loc)
	srv.AddCalendar("personal", "Personal")
	for _, o := range benchdata.Calendar(benchdata.Options{Events: events, Seed: seed, Now: now.Add(12 * time.Hour)}) {
		if err := srv.PutObject("personal/"+o.Name, o.Data); err != nil {
			return err
		}
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	fmt.Printf("http://%s/\n", ln.Addr())
	return (&http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second}).Serve(ln)
}
