// Command netsyncd watches a CalDAV calendar and keeps the discipline of a
// networking job search: it classifies events, checks each week against the
// user's limits and writes prep, follow-up and weekly plan entries back.
//
// main turns signals into values and hands everything else to package app.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/netsyncd/netsyncd/internal/app"
	"github.com/netsyncd/netsyncd/internal/memlimit"
)

// memoryLimit is the soft limit on the Go runtime's memory unless
// GOMEMLIMIT sets another (runtime/debug.SetMemoryLimit): the collector
// works harder as the process nears it instead of letting the heap grow to
// twice what is live. A pass at 20,000 events peaks at about 28 MiB live;
// without a limit its RSS reached 64-80 MB, with 40 MiB 50 MB, with 32 MiB
// 43 MB for 13-20% more CPU (docs/performance.md). It is soft, and
// memlimit.Tune keeps it an eighth above the live heap once that outgrows
// it: a fixed limit below the live heap made the collector run for every
// write of a first pass at 50,000 events.
const memoryLimit = 32 << 20

func main() {
	if os.Getenv("GOMEMLIMIT") == "" {
		memlimit.Tune(memoryLimit) // for the life of the process
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	reload := make(chan struct{}, 1)
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	go func() {
		for range hup {
			select { // a burst of SIGHUPs collapses into one reload
			case reload <- struct{}{}:
			default:
			}
		}
	}()
	args := os.Args[1:]
	if len(args) > 0 && (args[0] == "--version" || args[0] == "-version") {
		args[0] = "version" // the flag every user tries first
	}
	code := app.Run(ctx, app.Env{
		Args:   args,
		Stdin:  os.Stdin,
		Stdout: os.Stdout,
		Stderr: os.Stderr,
		Getenv: os.Getenv,
		Now:    time.Now,
		Reload: reload,
	})
	stop()
	os.Exit(code)
}
