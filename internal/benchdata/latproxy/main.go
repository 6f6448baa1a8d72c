// Command latproxy is the delaying reverse proxy of `scripts/bench.sh
// latency`: it forwards every request to a CalDAV server and holds each
// answer back by -delay, as a server that many milliseconds away would.
//
//	latproxy -listen 127.0.0.1:8081 -to http://127.0.0.1:5232 -delay 80ms -log requests.log
//
// Requests are served concurrently. With -log each request is appended
// to the file as "METHOD PATH STATUS", so a benchmark can count them.
package main

import (
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"time"

	"github.com/netsyncd/netsyncd/internal/benchdata"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "latproxy:", err)
		os.Exit(1)
	}
}

func run() error {
	listen := flag.String("listen", "127.0.0.1:0", "address to listen on (loopback)")
	to := flag.String("to", "", "the server's URL, e.g. http://127.0.0.1:5232")
	delay := flag.Duration("delay", 80*time.Millisecond, "added to every answer: one round trip")
	logPath := flag.String("log", "", "file to append one line per request to")
	flag.Parse()
	target, err := url.Parse(*to)
	if err != nil || target.Host == "" {
		return fmt.Errorf("-to %q: want http://host:port", *to)
	}
	var log io.Writer
	if *logPath != "" {
		f, err := os.OpenFile(*logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
		if err != nil {
			return err
		}
		defer f.Close()
		log = f
	}
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		return err
	}
	fmt.Println(ln.Addr().String())
	srv := &http.Server{Handler: benchdata.DelayProxy(target, *delay, log), ReadHeaderTimeout: 10 * time.Second}
	return srv.Serve(ln)
}
