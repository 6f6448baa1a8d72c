package daemon

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"
)

// foldAnswer is davserver holding benchdata's calendar, answering the
// first time-ranged calendar-query (the folded one: people.history and
// the window) with status, and counting those queries.
func foldAnswer(t *testing.T, status int, header http.Header) (url string, ranged *atomic.Int64) {
	t.Helper()
	srv, _ := scaleServer(t, 300)
	dav := srv.Handler()
	ranged = new(atomic.Int64)
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == "REPORT" {
			body, _ := io.ReadAll(r.Body)
			r.Body = io.NopCloser(bytes.NewReader(body))
			if bytes.Contains(body, []byte("time-range")) && !bytes.Contains(body, []byte("prop-filter")) {
				if ranged.Add(1) == 1 {
					for k, v := range header {
						w.Header()[k] = v
					}
					w.WriteHeader(status)
					return
				}
			}
		}
		dav.ServeHTTP(w, r)
	}))
	t.Cleanup(ts.Close)
	return ts.URL, ranged
}

// TestFoldRefusedReadsTheWindowAlone: a server that refuses the longer
// query (403), or fails it with no Retry-After (a gateway's 504), is asked
// for the window alone in the same pass, and the pass succeeds.
func TestFoldRefusedReadsTheWindowAlone(t *testing.T) {
	for _, status := range []int{http.StatusForbidden, http.StatusGatewayTimeout} {
		url, ranged := foldAnswer(t, status, nil)
		s := scaleSyncer(t, scaleConfig(t, url))
		mustPass(t, s)
		if n := ranged.Load(); n < 2 {
			t.Errorf("after the folded query was answered %d, %d time-ranged queries in all; want the window's own too", status, n)
		}
	}
}

// TestFoldOverloadedEndsThePass: a 503 or a 429 with Retry-After is not a refusal of the longer range: the pass ends with
// the error, so the daemon backs off as the server asked, and the window
// is not asked for again at once.
func TestFoldOverloadedEndsThePass(t *testing.T) {
	for _, tc := range []struct {
		name   string
		status int
	}{
		{"503 with Retry-After", http.StatusServiceUnavailable},
		{"429 with Retry-After", http.StatusTooManyRequests},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := http.Header{}
			h.Set("Retry-After", time.Now().Add(2*time.Hour).UTC().Format(http.TimeFormat))
			url, ranged := foldAnswer(t, tc.status, h)
			s := scaleSyncer(t, scaleConfig(t, url))
			sum, err := s.Pass(context.Background(), false)
			if err == nil && (sum == nil || len(sum.Errors) == 0) {
				t.Fatalf("the pass succeeded against a server answering %d", tc.status)
			}
			if n := ranged.Load(); n != 1 {
				t.Errorf("%d time-ranged queries to a server answering %d; want 1: the window must not be asked for again in the same pass", n, tc.status)
			}
		})
	}
}
