package benchdata

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httputil"
	"net/url"
	"sync"
	"time"
)

// DelayProxy is a reverse proxy to target that holds every answer back by
// delay, as a server that far away would: each request costs one round
// trip of delay on top of the server's own time. Requests are served
// concurrently (each on its own connection or stream), so overlapping
// requests overlap their delays, as over a real network. When log is not
// nil every request is written to it as one line, "METHOD PATH STATUS",
// so a benchmark can count what a pass sent.
func DelayProxy(target *url.URL, delay time.Duration, log io.Writer) http.Handler {
	rp := httputil.NewSingleHostReverseProxy(target)
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = 64
	rp.Transport = tr
	var mu sync.Mutex
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		rec.hold = func() {
			if wait := delay - time.Since(start); wait > 0 {
				time.Sleep(wait)
			}
		}
		rp.ServeHTTP(rec, r)
		if log != nil {
			mu.Lock()
			fmt.Fprintf(log, "%s %s %d\n", r.Method, r.URL.Path, rec.status)
			mu.Unlock()
		}
	})
}

// statusWriter records the status and holds the answer back until the
// delay has passed since the request came in.
type statusWriter struct {
	http.ResponseWriter
	status int
	hold   func()
	held   bool
}

func (w *statusWriter) wait() {
	if !w.held {
		w.held = true
		w.hold()
	}
}

func (w *statusWriter) WriteHeader(code int) {
	w.wait()
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	w.wait()
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Flush() {
	w.wait()
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}
