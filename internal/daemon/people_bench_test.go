package daemon

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/netsyncd/netsyncd/internal/benchdata"
	"github.com/netsyncd/netsyncd/internal/davserver"
)

// BenchmarkFirstPassPeople5000 is a first pass over benchdata's 5,000
// events (two years around fixtureNow) twice in one run: without the people
// stage (the first pass as it was before the people ledger), and with it,
// which reads people.history (365d) once, folded into the window's query,
// learns it and the window, and plans reconnect entries and the people of
// prep and follow-up entries. The SPEC's bound: the second within 1.5x of
// the first.
//
// The server (davserver) runs in a process of its own, as a real one does:
// "cpu-ms/op" and B/op are netsyncd's alone, "server-cpu-ms/op" the
// server's, ns/op the wall time of the pass, both at work.
func BenchmarkFirstPassPeople5000(b *testing.B) {
	b.Run("without_people", func(b *testing.B) {
		benchFirstPassApart(b, func(s *Syncer) { s.withoutPeople = true }, nil)
	})
	b.Run("with_people_history_365d", func(b *testing.B) {
		benchFirstPassApart(b, nil, func(s *Syncer) {
			if len(s.ps.people.ledger.People) == 0 {
				b.Fatal("the first pass learned no one")
			}
		})
	})
}

// benchFirstPassApart times first passes against a davserver in another
// process, started afresh for each (with the timer stopped); before
// adjusts each Syncer, after checks it.
func benchFirstPassApart(b *testing.B, before, after func(*Syncer)) {
	b.ReportAllocs()
	var cpu, server time.Duration
	var created int
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		srv := startServerProcess(b)
		s := scaleSyncer(b, scaleConfig(b, srv.url))
		if before != nil {
			before(s)
		}
		server0, cpu0 := srv.cpu(b), cpuTime(b)
		b.StartTimer()
		created = mustPass(b, s).Created
		b.StopTimer()
		cpu += cpuTime(b) - cpu0
		server += srv.cpu(b) - server0
		if after != nil {
			after(s)
		}
		srv.stop()
	}
	reportCPU(b, cpu, b.N)
	b.ReportMetric(float64(server)/float64(time.Millisecond)/float64(b.N), "server-cpu-ms/op")
	b.ReportMetric(float64(created), "entries")
}

// benchServerEnv makes the test binary davserver holding benchdata's
// calendar (serveBenchCalendar) instead of running tests.
const benchServerEnv = "NETSYNCD_BENCH_DAVSERVER"

func TestMain(m *testing.M) {
	if os.Getenv(benchServerEnv) != "" {
		serveBenchCalendar()
		return
	}
	os.Exit(m.Run())
}

// serveBenchCalendar serves scaleServer's calendar on a free loopback port
// until its standard input closes. It writes its URL on the first line of
// its output, and answers GET /cpu with its own CPU time so far (ns).
func serveBenchCalendar() {
	srv := davserver.New("alice")
	srv.SetFloating(fixtureNow.Location())
	srv.AddCalendar("personal", "Personal")
	for _, o := range benchdata.Calendar(benchdata.Options{Events: scaleEvents, Seed: 1, Now: fixtureNow}) {
		if err := srv.PutObject("personal/"+o.Name, o.Data); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
	dav := srv.Handler()
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/cpu" {
			dav.ServeHTTP(w, r)
			return
		}
		var ru syscall.Rusage
		_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
		fmt.Fprint(w, ru.Utime.Nano()+ru.Stime.Nano())
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println("http://" + ln.Addr().String())
	go func() { _ = http.Serve(ln, h) }()
	_, _ = io.Copy(io.Discard, os.Stdin)
}

// serverProcess is a serveBenchCalendar process.
type serverProcess struct {
	url  string
	cmd  *exec.Cmd
	in   io.Closer
	done bool
}

func startServerProcess(b *testing.B) *serverProcess {
	b.Helper()
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), benchServerEnv+"=1")
	cmd.Stderr = os.Stderr
	in, err := cmd.StdinPipe()
	if err != nil {
		b.Fatal(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	p := &serverProcess{cmd: cmd, in: in}
	b.Cleanup(p.stop)
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		b.Fatalf("the benchmark's server did not start: %v", err)
	}
	p.url = strings.TrimSpace(line)
	return p
}

// cpu is the server process's CPU time so far.
func (p *serverProcess) cpu(b *testing.B) time.Duration {
	b.Helper()
	resp, err := http.Get(p.url + "/cpu")
	if err != nil {
		b.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	ns, err := strconv.ParseInt(string(body), 10, 64)
	if err != nil {
		b.Fatalf("server CPU %q: %v", body, err)
	}
	return time.Duration(ns)
}

func (p *serverProcess) stop() {
	if p.done {
		return
	}
	p.done = true
	p.in.Close()
	_ = p.cmd.Wait()
}
