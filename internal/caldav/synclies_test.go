package caldav

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
)

// A server whose sync-collection answers say "truncated, more to come"
// (507 on the collection) without ever moving the token: asked again from
// the same token it gives the same page. SyncCollection stops after the
// first such answer with ErrSyncTokenInvalid, so the caller reads the
// calendar whole once, instead of asking maxSyncRounds times a pass.
// A server that moves the token on every page forever is asked at most
// maxSyncRounds+1 times.
func TestSyncTokenThatNeverMoves(t *testing.T) {
	for _, tc := range []struct {
		name      string
		moves     bool
		wantErr   bool
		maxRounds int64
	}{
		{"same token", false, true, 1},
		{"a new token each page, forever", true, false, maxSyncRounds + 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var rounds atomic.Int64
			f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
				n := rounds.Add(1)
				tok := "http://example.com/sync/1"
				if tc.moves {
					tok = "http://example.com/sync/p" + strings.Repeat("x", int(n%7)) + string(rune('a'+n%26)) + string(rune('a'+n/26%26))
				}
				w.WriteHeader(http.StatusMultiStatus)
				io.WriteString(w, `<?xml version="1.0"?><d:multistatus xmlns:d="DAV:">`+
					`<d:response><d:href>/cal/a.ics</d:href><d:propstat><d:prop><d:getetag>"1"</d:getetag></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>`+
					`<d:response><d:href>/cal/</d:href><d:status>HTTP/1.1 507 Insufficient Storage</d:status></d:response>`+
					`<d:sync-token>`+tok+`</d:sync-token></d:multistatus>`)
			})
			c, _ := fakeClient(t, f.URL)
			changed, _, _, err := c.SyncCollection(context.Background(), "/cal/", "http://example.com/sync/1")
			if tc.wantErr {
				if !errors.Is(err, ErrSyncTokenInvalid) || !strings.Contains(err.Error(), "without moving its sync-token") || !strings.Contains(err.Error(), f.URL) {
					t.Errorf("SyncCollection = %v; want ErrSyncTokenInvalid naming the URL and saying the token did not move", err)
				}
			} else if err != nil || len(changed) != 1 {
				t.Errorf("SyncCollection = %v, %v; want a.ics changed", changed, err)
			}
			if n := rounds.Load(); n > tc.maxRounds {
				t.Errorf("the server was asked %d times; want at most %d", n, tc.maxRounds)
			}
		})
	}
}
