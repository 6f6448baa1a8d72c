package caldav

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestRedirectToAnotherPort: a redirect to another port of the same host
// is another origin (curl since CVE-2022-27776): the credentials never go
// there, and the error says where the redirect pointed.
func TestRedirectToAnotherPort(t *testing.T) {
	other := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusMultiStatus)
		w.Write([]byte(multistatusXML()))
	})
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+"/dav/", http.StatusTemporaryRedirect)
	})
	c, _ := fakeClient(t, f.URL)
	_, err := c.ListETags(context.Background(), "/cal/")
	if err == nil || !strings.Contains(err.Error(), "redirects to") {
		t.Errorf("ListETags after a redirect to another port = %v; want a refusal naming the redirect", err)
	}
	for _, r := range other.requests() {
		if r.Auth != "" {
			t.Errorf("the credentials went to %s, another port", other.URL)
		}
	}
}

func TestSameOrigin(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want bool
	}{
		{"https://dav.example.com/", "https://dav.example.com:443/x", true},
		{"http://dav.example.com/", "http://DAV.example.com:80/", true},
		{"https://dav.example.com/", "https://dav.example.com:8443/", false},
		{"http://127.0.0.1:5232/", "http://127.0.0.1:5233/", false},
		{"http://dav.example.com/", "https://dav.example.com/", false},
		{"https://dav.example.com/", "http://dav.example.com/", false},
		{"https://dav.example.com/", "https://www.example.com/", false},
	} {
		a, _ := url.Parse(tc.a)
		b, _ := url.Parse(tc.b)
		if got := sameOrigin(a, b); got != tc.want {
			t.Errorf("sameOrigin(%s, %s) = %v; want %v", tc.a, tc.b, got, tc.want)
		}
	}
}
