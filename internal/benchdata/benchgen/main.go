// Command benchgen writes the benchmark calendar of package benchdata as a
// Radicale calendar collection, for scripts/bench.sh:
//
//	benchgen -events 5000 -seed 1 -dir COLLECTIONS/collection-root/alice/personal -moved DIR
//
// With -moved it also writes DIR/before.ics and DIR/after.ics, one
// networking event tomorrow and the same event moved by an hour, and prints
// its file name.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/netsyncd/netsyncd/internal/benchdata"
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
	flag.Parse()
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
	before, after := benchdata.Moved(opts, time.Hour)
	if err := os.MkdirAll(*moved, 0o700); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(*moved, "before.ics"), before.Data, 0o600); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(*moved, "after.ics"), after.Data, 0o600); err != nil {
		return err
	}
	fmt.Println(before.Name)
	return nil
}
