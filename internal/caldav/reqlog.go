package caldav

import (
	"io"
	"net/http"
	"sync"
	"time"

	"go.uber.org/zap"
)

// logWhenRead makes the debug line of a request (netsyncd --log-level
// debug) once its answer is read whole or closed: how long the headers
// took, how long the whole answer took and its size, which is what a
// pass's time is made of (docs/performance.md). Without debug logging it
// changes nothing.
func (c *Client) logWhenRead(req *http.Request, resp *http.Response, start time.Time) {
	if !c.log.Core().Enabled(zap.DebugLevel) {
		return
	}
	resp.Body = &loggedBody{ReadCloser: resp.Body, c: c, method: req.Method, url: req.URL.Redacted(),
		status: resp.StatusCode, start: start, headers: time.Since(start)}
}

type loggedBody struct {
	io.ReadCloser
	c           *Client
	method, url string
	status      int
	start       time.Time
	headers     time.Duration
	n           int64
	once        sync.Once
}

func (b *loggedBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	b.n += int64(n)
	if err != nil {
		b.done()
	}
	return n, err
}

func (b *loggedBody) Close() error {
	b.done()
	return b.ReadCloser.Close()
}

func (b *loggedBody) done() {
	b.once.Do(func() {
		b.c.log.Debug("request", zap.String("method", b.method), zap.String("url", b.url),
			zap.Int("status", b.status), zap.Duration("headers", b.headers),
			zap.Duration("took", time.Since(b.start)), zap.Int64("bytes", b.n),
			zap.Duration("sent_at", b.start.Sub(started)))
	})
}

// started is when the process started, near enough: sent_at in the debug
// line of a request is the time since, which orders the requests of a
// pass in time (log times are whole seconds).
var started = time.Now()
