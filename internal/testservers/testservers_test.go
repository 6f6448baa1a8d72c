package testservers

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
)

func TestCounter(t *testing.T) {
	upstream := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(r.Method + " " + r.URL.Path))
	}))
	t.Cleanup(upstream.Close)
	p := NewProxy(t, upstream.URL)
	for _, m := range []string{"PROPFIND", "GET", "PUT", "DELETE"} {
		req, _ := http.NewRequest(m, p.URL+"/cal/x", nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	if got := p.Count(); got != 4 {
		t.Errorf("Count() = %d; want 4", got)
	}
	if got, want := p.Writes(), []string{"PUT /cal/x", "DELETE /cal/x"}; !slices.Equal(got, want) {
		t.Errorf("Writes() = %q; want %q", got, want)
	}
	p.Reset()
	url, count := Counter(t, upstream.URL)
	if _, err := http.Get(url + "/"); err != nil || count() != 1 || p.Count() != 0 {
		t.Errorf("Counter: count() = %d, %v; want 1 (and the first proxy reset to 0, has %d)", count(), err, p.Count())
	}
}

func TestServers(t *testing.T) {
	const ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:t1\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:20261207T100000Z\r\nDTEND:20261207T110000Z\r\nSUMMARY:x\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
	for _, s := range All(t) {
		t.Run(s.Name, func(t *testing.T) {
			cal := s.MakeCalendar(t, "Test Calendar")
			if cal != s.Home+"Test Calendar/" {
				t.Errorf("MakeCalendar = %q; want %q", cal, s.Home+"Test Calendar/")
			}
			s.Put(t, cal+"t1.ics", []byte(ics))
			if got := s.Get(t, cal+"t1.ics"); !bytes.Contains(got, []byte("UID:t1")) {
				t.Errorf("Get = %q; want the object put", got)
			}
			s.Delete(t, cal+"t1.ics")
			if code, _, _ := s.Do(t, "GET", cal+"t1.ics", nil, nil); code != http.StatusNotFound {
				t.Errorf("GET after Delete = %d; want 404", code)
			}
			if s.Username != "" {
				anon := *s
				anon.Username = ""
				if code, _, _ := anon.Do(t, "PROPFIND", s.Home, http.Header{"Depth": {"0"}}, nil); code != http.StatusUnauthorized {
					t.Errorf("PROPFIND without credentials = %d; want 401", code)
				}
			}
		})
	}
}

// TestRadicaleSecondUser: bob has a home of his own and no access to
// alice's.
func TestRadicaleSecondUser(t *testing.T) {
	srv := Radicale(t)
	bob := srv.AsUser("bob")
	if cal := bob.MakeCalendar(t, "personal"); cal != "/bob/personal/" {
		t.Errorf("bob's MakeCalendar = %q; want /bob/personal/", cal)
	}
	if code, _, _ := bob.Do(t, "PROPFIND", srv.Home, http.Header{"Depth": {"0"}}, nil); code != http.StatusForbidden {
		t.Errorf("bob's PROPFIND of %s = %d; want 403", srv.Home, code)
	}
}
