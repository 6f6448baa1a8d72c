package benchdata

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestDelayProxyDelaysAndOverlaps(t *testing.T) {
	backend := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		w.Header().Set("ETag", `"x"`)
		w.WriteHeader(http.StatusCreated)
		w.Write(append([]byte(r.Method+" "), b...))
	}))
	defer backend.Close()
	target, _ := url.Parse(backend.URL)
	const delay = 150 * time.Millisecond
	var log bytes.Buffer
	proxy := httptest.NewServer(DelayProxy(target, delay, &log))
	defer proxy.Close()

	start := time.Now()
	req, _ := http.NewRequest(http.MethodPut, proxy.URL+"/cal/a.ics", strings.NewReader("body"))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if took := time.Since(start); took < delay {
		t.Errorf("one request took %v through a proxy delaying %v", took, delay)
	}
	if resp.StatusCode != http.StatusCreated || string(b) != "PUT body" || resp.Header.Get("ETag") != `"x"` {
		t.Errorf("answer %d %q etag %q, want 201 \"PUT body\" \"x\"", resp.StatusCode, b, resp.Header.Get("ETag"))
	}

	// Eight requests at once take about one delay, not eight.
	start = time.Now()
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			resp, err := http.Get(proxy.URL + "/cal/")
			if err != nil {
				t.Error(err)
				return
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		})
	}
	wg.Wait()
	if took := time.Since(start); took < delay || took > 6*delay {
		t.Errorf("8 concurrent requests took %v through a proxy delaying %v each: want about one delay", took, delay)
	}
	if n := strings.Count(log.String(), "\n"); n != 9 || !strings.HasPrefix(log.String(), "PUT /cal/a.ics 201\n") {
		t.Errorf("request log has %d lines, want 9 starting with the PUT:\n%s", n, log.String())
	}
}
