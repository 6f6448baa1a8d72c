package caldav

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// fakeTokens hands out "a1", "a2", ... one more after each Invalidate.
type fakeTokens struct {
	mu  sync.Mutex
	n   int
	err error
}

func (f *fakeTokens) Token(context.Context) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return "a" + string(rune('1'+f.n)), f.err
}

func (f *fakeTokens) Invalidate(stale string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if stale == "a"+string(rune('1'+f.n)) {
		f.n++
	}
}

// TestTokenRefreshedOnceOn401: a 401 to a request with an access token is
// retried once, body and all, with a fresh token; a second 401 is the
// answer.
func TestTokenRefreshedOnceOn401(t *testing.T) {
	var mu sync.Mutex
	var seen []string
	accept := "a2"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		seen = append(seen, r.Header.Get("Authorization")+" "+string(b))
		ok := r.Header.Get("Authorization") == "Bearer "+accept
		mu.Unlock()
		if !ok {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		w.Header().Set("ETag", `"e1"`)
		w.WriteHeader(http.StatusCreated)
	}))
	defer srv.Close()
	toks := &fakeTokens{}
	c, err := New(Options{URL: srv.URL + "/cal/", Tokens: toks}, nil)
	if err != nil {
		t.Fatal(err)
	}
	etag, err := c.Put(context.Background(), "/cal/x.ics", []byte("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"), Precondition{})
	if err != nil || etag != "e1" {
		t.Fatalf("Put = %q, %v", etag, err)
	}
	if len(seen) != 2 || seen[0] != "Bearer a1 BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n" || seen[1] != "Bearer a2 BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n" {
		t.Errorf("requests %q; want the PUT with a1, then again with a2", seen)
	}
	mu.Lock()
	accept, seen = "none", nil
	mu.Unlock()
	_, err = c.Put(context.Background(), "/cal/y.ics", []byte("x"), Precondition{})
	var se *StatusError
	if !errors.As(err, &se) || se.Status != http.StatusUnauthorized || len(seen) != 2 {
		t.Errorf("Put with every token refused: %v after %d requests; want a 401 after 2", err, len(seen))
	}
	if strings.Contains(err.Error(), "a2") || strings.Contains(err.Error(), "a3") {
		t.Errorf("the error holds a token: %v", err)
	}
	// A token source that cannot give a token: its error, no request.
	toks.err = errors.New("oauth: sign-in needed")
	seen = nil
	if _, err := c.Get(context.Background(), "/cal/x.ics"); err == nil || !strings.Contains(err.Error(), "sign-in needed") || len(seen) != 0 {
		t.Errorf("Get without a token: %v after %d requests", err, len(seen))
	}
}
