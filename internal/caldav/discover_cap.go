package caldav

import (
	"fmt"
	"io"
	"net/http"
)

// maxDiscovery bounds the answer to the current-user-principal PROPFIND,
// which go-webdav decodes whole: a real one is under a KiB, and a server
// (or a gzip bomb it sends, which Go's client inflates) must not make it
// gigabytes.
const maxDiscovery = 1 << 20

// cappedTransport is transport whose answers fail, naming the request,
// once their body passes max bytes.
type cappedTransport struct {
	t   transport
	max int64
}

func (ct cappedTransport) Do(req *http.Request) (*http.Response, error) {
	resp, err := ct.t.Do(req)
	if err != nil || resp == nil {
		return resp, err
	}
	resp.Body = &cappedBody{rc: resp.Body, left: ct.max, max: ct.max, what: req.Method + " " + req.URL.Redacted()}
	return resp, nil
}

// cappedBody is a response body that fails after max bytes.
type cappedBody struct {
	rc        io.ReadCloser
	left, max int64
	what      string
}

func (b *cappedBody) Read(p []byte) (int, error) {
	if b.left <= 0 {
		return 0, &requestError{fmt.Errorf("caldav: %s: the answer is larger than %d KiB, far more than any discovery answer: check caldav.url", b.what, b.max>>10)}
	}
	if int64(len(p)) > b.left {
		p = p[:b.left]
	}
	n, err := b.rc.Read(p)
	b.left -= int64(n)
	if err != nil && err != io.EOF {
		err = &requestError{fmt.Errorf("caldav: %s: reading the answer: %w", b.what, err)}
	}
	return n, err
}

func (b *cappedBody) Close() error { return b.rc.Close() }
