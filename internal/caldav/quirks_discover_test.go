package caldav

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"go.uber.org/zap"
	"go.uber.org/zap/zaptest/observer"
)

func propXML(href, prop string) string {
	return multistatusXML(`<d:response><d:href>` + href + `</d:href><d:propstat><d:prop>` + prop +
		`</d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>`)
}

// davServer is a server whose root knows nothing, whose well-known URL
// redirects with status to /dav/, and whose home set is homeHref.
func davServer(t *testing.T, status int, homeHref string) *fake {
	return newFake(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Method != "PROPFIND" || r.Header.Get("Authorization") == "" {
			http.Error(w, "want an authenticated PROPFIND", http.StatusBadRequest)
			return
		}
		body := readAll(r)
		switch {
		case r.URL.Path == "/.well-known/caldav":
			http.Redirect(w, r, "/dav/", status)
		case strings.Contains(body, "current-user-principal") && strings.HasPrefix(r.URL.Path, "/dav/"):
			write207(w, propXML(r.URL.Path, `<d:current-user-principal><d:href>/dav/principals/alice/</d:href></d:current-user-principal>`))
		case strings.Contains(body, "calendar-home-set") && r.URL.Path == "/dav/principals/alice/":
			write207(w, propXML(r.URL.Path, `<c:calendar-home-set><d:href>`+homeHref+`</d:href></c:calendar-home-set>`))
		default:
			http.NotFound(w, r)
		}
	})
}

func TestDiscoverRedirects(t *testing.T) {
	for _, status := range []int{http.StatusMovedPermanently, http.StatusFound, http.StatusTemporaryRedirect, http.StatusPermanentRedirect} {
		t.Run(fmt.Sprint(status), func(t *testing.T) {
			f := davServer(t, status, "/dav/calendars/alice/")
			c, _ := fakeClient(t, f.URL)
			home, err := c.Discover(context.Background())
			if err != nil || home != "/dav/calendars/alice/" {
				t.Fatalf("Discover() = %q, %v; want /dav/calendars/alice/", home, err)
			}
			var followed bool
			for _, r := range f.requests() {
				followed = followed || (r.Path == "/dav/" && r.Method == "PROPFIND" && strings.Contains(r.Body, "current-user-principal"))
			}
			if !followed {
				t.Errorf("requests %+v; want the redirect followed with a PROPFIND and its body", f.requests())
			}
		})
	}
	t.Run("from a calendar url", func(t *testing.T) {
		f := davServer(t, http.StatusMovedPermanently, "/dav/calendars/alice/")
		c, _ := fakeClient(t, f.URL+"/dav/calendars/alice/work/")
		if home, err := c.Discover(context.Background()); err != nil || home != "/dav/calendars/alice/" {
			t.Errorf("Discover() = %q, %v; want /dav/calendars/alice/", home, err)
		}
		if n := len(f.requests()); n != 2 {
			t.Errorf("Discover sent %d requests; want 2 (principal, home set)", n)
		}
	})
}

func TestDiscoverKeepsCredentialsOnHost(t *testing.T) {
	other := newFake(t, func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) })
	// Same port, other host name: 127.0.0.1 vs localhost.
	elsewhere := strings.Replace(other.URL, "127.0.0.1", "localhost", 1)
	t.Run("redirect", func(t *testing.T) {
		f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/.well-known/caldav" {
				http.Redirect(w, r, elsewhere+"/dav/", http.StatusMovedPermanently)
				return
			}
			http.NotFound(w, r)
		})
		c, logs := fakeClient(t, f.URL)
		_, err := c.Discover(context.Background())
		if err == nil || !strings.Contains(err.Error(), "redirects to "+elsewhere+"/dav/") {
			t.Errorf("Discover() = %v; want a refusal naming %s", err, elsewhere)
		}
		if n := len(other.requests()); n != 0 {
			t.Errorf("the other host got %d requests; want none", n)
		}
		assertNoSecret(t, err, logs)
	})
	t.Run("home set", func(t *testing.T) {
		f := davServer(t, http.StatusMovedPermanently, elsewhere+"/calendars/")
		c, _ := fakeClient(t, f.URL+"/dav/")
		if _, err := c.Discover(context.Background()); err == nil || !strings.Contains(err.Error(), "another host") {
			t.Errorf("Discover() = %v; want a refusal of the home on another host", err)
		}
	})
}

func TestDiscoverWrongPasswordStops(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("WWW-Authenticate", `Basic realm="x"`)
		http.Error(w, "who are you", http.StatusUnauthorized)
	})
	c, logs := fakeClient(t, f.URL)
	_, err := c.Discover(context.Background())
	var se *StatusError
	if !errors.As(err, &se) || se.Status != http.StatusUnauthorized || len(f.requests()) != 1 {
		t.Errorf("Discover() = %v after %d requests; want 401 after 1", err, len(f.requests()))
	}
	assertNoSecret(t, err, logs)
}

func assertNoSecret(t *testing.T, err error, logs *observer.ObservedLogs) {
	t.Helper()
	if err != nil && strings.Contains(err.Error(), testPassword) {
		t.Errorf("error %q holds the password", err)
	}
	for _, e := range logs.All() {
		if s := fmt.Sprint(e.Message, e.ContextMap()); strings.Contains(s, testPassword) {
			t.Errorf("log line %q holds the password", s)
		}
	}
}

func TestAuth(t *testing.T) {
	var auth string
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		auth = r.Header.Get("Authorization")
		http.Error(w, "boom", http.StatusInternalServerError)
	})
	basic := "Basic " + base64.StdEncoding.EncodeToString([]byte("alice:"+testPassword))
	for _, tc := range []struct {
		name     string
		opts     Options
		wantAuth string
	}{
		{"basic", Options{URL: f.URL, Username: "alice", Password: testPassword}, basic},
		{"credentials in the url", Options{URL: strings.Replace(f.URL, "://", "://alice:"+testPassword+"@", 1)}, basic},
		{"bearer", Options{URL: f.URL, BearerToken: testPassword}, "Bearer " + testPassword},
		{"none", Options{URL: f.URL}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			core, logs := observer.New(zap.DebugLevel)
			c, err := New(tc.opts, zap.New(core))
			if err != nil {
				t.Fatal(err)
			}
			_, err = c.Calendars(context.Background(), "/home/")
			if auth != tc.wantAuth {
				t.Errorf("sent Authorization %q; want %q", auth, tc.wantAuth)
			}
			if se := (*StatusError)(nil); !errors.As(err, &se) || se.Status != 500 {
				t.Errorf("Calendars = %v; want 500", err)
			}
			assertNoSecret(t, err, logs)
		})
	}
	if _, err := New(Options{URL: f.URL, Username: "a", Password: "p", BearerToken: "t"}, nil); err == nil {
		t.Error("New with a password and a bearer token succeeded; want an error")
	}
	for _, bad := range []string{"", "ftp://host/", "/just/a/path", "http://alice:" + testPassword + "@host:badport/"} {
		if _, err := New(Options{URL: bad}, nil); err == nil || strings.Contains(err.Error(), testPassword) {
			t.Errorf("New(url %q) = %v; want an error without the password", bad, err)
		}
	}
}

func TestTLS(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		write207(w, multistatusXML())
	}))
	t.Cleanup(srv.Close)
	c, _ := fakeClient(t, srv.URL)
	if _, err := c.Calendars(context.Background(), "/"); err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Errorf("Calendars over an unknown certificate = %v; want a certificate error", err)
	}
	core, logs := observer.New(zap.WarnLevel)
	c, err := New(Options{URL: srv.URL, InsecureSkipTLSVerify: true}, zap.New(core))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Calendars(context.Background(), "/"); err != nil {
		t.Errorf("Calendars with InsecureSkipTLSVerify = %v", err)
	}
	if logs.FilterMessage("tls certificate verification is off").Len() != 1 {
		t.Errorf("logs %v; want one warning that TLS is not verified", logs.All())
	}
}
