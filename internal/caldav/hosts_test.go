package caldav

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestSiblingHost(t *testing.T) {
	for _, tc := range []struct {
		base, other string
		want        bool
	}{
		{"https://caldav.icloud.com/", "https://p42-caldav.icloud.com:443/123/calendars/", true},
		{"https://caldav.icloud.com/", "https://a.b.icloud.com/", true},
		{"https://caldav.icloud.com/", "http://p42-caldav.icloud.com/", false},  // downgrade
		{"http://caldav.icloud.com/", "http://p42-caldav.icloud.com/", false},   // no TLS at all
		{"https://caldav.icloud.com/", "https://p42-caldav.icloud.net/", false}, // another domain
		{"https://caldav.icloud.com/", "https://evilicloud.com/", false},        // a suffix, not a subdomain
		{"https://example.com/", "https://other.com/", false},                   // parent "com" is a TLD
		{"https://dav.example.com/", "https://example.com.evil.net/", false},    // the name inside another
		{"https://127.0.0.1/", "https://127.0.0.2/", false},                     // addresses have no domain
		{"https://dav.example.com/", "https://dav.example.com:8443/", true},     // same name, other port
		{"https://CalDAV.iCloud.com/", "https://P42-CALDAV.icloud.COM/", true},  // names ignore case
		{"https://caldav.icloud.com/", "https://caldav.icloud.com.evil.net/", false},
	} {
		c, err := New(Options{URL: tc.base}, nil)
		if err != nil {
			t.Fatal(err)
		}
		u, _ := url.Parse(tc.other)
		if got := c.siblingHost(u); got != tc.want {
			t.Errorf("siblingHost(%s) from %s = %v; want %v", tc.other, tc.base, got, tc.want)
		}
	}
}

// TestHomeOnSiblingHost: once the home is on a sibling host, every path
// goes there with the credentials, and going back to a home on the
// configured host sends paths (and only base's credentials) back there.
func TestHomeOnSiblingHost(t *testing.T) {
	c, err := New(Options{URL: "https://caldav.icloud.com/", Username: "jane", Password: testPassword}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.useHome("https://p42-caldav.icloud.com:443/123/calendars/"); err != nil {
		t.Fatalf("useHome(partition) = %v", err)
	}
	u := c.resolve("/123/calendars/work/")
	if u.String() != "https://p42-caldav.icloud.com:443/123/calendars/work/" || !c.mayAuthenticate(u) {
		t.Errorf("resolve = %s (credentials %v); want it on the partition host, with credentials", u, c.mayAuthenticate(u))
	}
	if other, _ := url.Parse("https://p43-caldav.icloud.com/"); c.mayAuthenticate(other) {
		t.Errorf("credentials would go to %s, a sibling that is not the home's host", other)
	}
	if err := c.useHome("/123/calendars/"); err != nil || !strings.HasPrefix(c.resolve("/x").String(), "https://caldav.icloud.com/") {
		t.Errorf("after a home on the configured host, resolve = %s, %v", c.resolve("/x"), err)
	}
	if err := c.useHome("https://calendars.elsewhere.net/123/"); err == nil || !strings.Contains(err.Error(), "another host") {
		t.Errorf("useHome(another domain) = %v; want a refusal", err)
	}
}

// TestGetBeforeCreate: on a host known to ignore If-None-Match, a create
// is checked with a GET and an object found there is a 412, with no PUT.
func TestGetBeforeCreate(t *testing.T) {
	for _, tc := range []struct {
		name   string
		exists bool
	}{{"free", false}, {"taken", true}} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
				switch {
				case r.Method == http.MethodGet && tc.exists:
					w.Write([]byte("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"))
				case r.Method == http.MethodGet:
					http.NotFound(w, r)
				case r.Method == http.MethodPut:
					w.Header().Set("ETag", `"new"`)
					w.WriteHeader(http.StatusCreated)
				}
			})
			c, err := New(Options{URL: f.URL, IgnoresIfNoneMatch: true}, nil)
			if err != nil {
				t.Fatal(err)
			}
			etag, err := c.Put(context.Background(), "/cal/x.ics", []byte("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"), Precondition{IfNoneMatch: true})
			var methods []string
			for _, r := range f.requests() {
				methods = append(methods, r.Method)
			}
			got := strings.Join(methods, " ")
			switch {
			case tc.exists && (!IsPreconditionFailed(err) || got != "GET"):
				t.Errorf("Put over an object = %q, %v after %s; want a 412 after only a GET", etag, err, got)
			case !tc.exists && (err != nil || etag != "new" || got != "GET PUT"):
				t.Errorf("Put to a free path = %q, %v after %s; want \"new\" after GET PUT", etag, err, got)
			}
		})
	}
	if c, _ := New(Options{URL: "https://apidata.googleusercontent.com/caldav/v2/jane%40gmail.com/user"}, nil); !c.getBeforeCreate {
		t.Errorf("a client of Google's CalDAV host does not check creates with a GET")
	}
}
