package gcal

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// tokens is a TokenSource that hands out "t1", then "t2" after Invalidate.
type tokens struct {
	mu          sync.Mutex
	n           int
	invalidated []string
}

func (s *tokens) Token(context.Context) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return "t" + string(rune('1'+s.n)), nil
}

func (s *tokens) Invalidate(stale string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.invalidated = append(s.invalidated, stale)
	s.n++
}

func TestListPagesAndRetries401(t *testing.T) {
	var auths []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		auths = append(auths, r.Header.Get("Authorization"))
		if r.Header.Get("Authorization") == "Bearer t1" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		if r.URL.Query().Get("pageToken") == "" {
			w.Write([]byte(`{"items":[{"id":"a@example.com","summary":"A","primary":true}],"nextPageToken":"p2"}`))
			return
		}
		w.Write([]byte(`{"items":[{"id":"b@group.calendar.google.com","summary":"B"}]}`))
	}))
	defer srv.Close()
	ts := &tokens{}
	cals, err := New(srv.URL+"/calendar/v3/", ts, nil).List(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(cals) != 2 || cals[0].ID != "a@example.com" || !cals[0].Primary || cals[1].Summary != "B" {
		t.Errorf("List = %+v", cals)
	}
	if len(ts.invalidated) != 1 || ts.invalidated[0] != "t1" || len(auths) != 3 {
		t.Errorf("invalidated %v after requests %v; want t1 once, then two pages with t2", ts.invalidated, auths)
	}
}

func TestErrorsSayWhatToDo(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusForbidden)
		w.Write([]byte(`{"error":{"code":403,"message":"Google Calendar API has not been used in project 42 before or it is disabled."}}`))
	}))
	defer srv.Close()
	_, err := New(srv.URL, &tokens{}, nil).Insert(context.Background(), "Networking", "America/New_York")
	if err == nil || !strings.Contains(err.Error(), "403") || !strings.Contains(err.Error(), "has not been used") ||
		!strings.Contains(err.Error(), "enable the Google Calendar API") || strings.Contains(err.Error(), "t1") {
		t.Errorf("Insert on 403: %v", err)
	}
}

func TestIDOf(t *testing.T) {
	for in, want := range map[string]string{
		"/caldav/v2/jane@gmail.com/events/":                                                  "jane@gmail.com",
		"https://apidata.googleusercontent.com/caldav/v2/x@group.calendar.google.com/events": "x@group.calendar.google.com",
		"/caldav/v2/jane@gmail.com/user":                                                     "",
		"/dav/calendars/user/jane/Default/":                                                  "",
		"Work":                                                                               "",
	} {
		if got := IDOf(in); got != want {
			t.Errorf("IDOf(%q) = %q; want %q", in, got, want)
		}
		if want != "" && IDOf(CalDAVPath(want)) != want {
			t.Errorf("CalDAVPath(%q) does not round-trip", want)
		}
	}
}
