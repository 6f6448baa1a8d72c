package app

import (
	"errors"
	"net"
	"strings"
	"testing"

	"github.com/netsyncd/netsyncd/internal/caldav"
	"github.com/netsyncd/netsyncd/internal/config"
)

func TestWithHint(t *testing.T) {
	cfg := &config.Config{Path: "/etc/netsyncd/config.yaml"}
	refused := &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}
	cases := []struct {
		name string
		err  error
		want string // "" = returned unchanged
	}{
		{"unauthorized", &caldav.StatusError{Method: "PROPFIND", URL: "https://dav.example/", Status: 401}, "caldav.username"},
		{"not found", &caldav.StatusError{Method: "PROPFIND", URL: "https://dav.example/x/", Status: 404}, "check caldav.url"},
		{"unreachable", refused, "reachable"},
		{"conflict", &caldav.StatusError{Method: "PUT", URL: "https://dav.example/a.ics", Status: 409}, ""},
		{"other", errors.New("state: locked"), ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := withHint(c.err, cfg)
			if !errors.Is(got, c.err) {
				t.Errorf("withHint(%v) lost the error it wraps", c.err)
			}
			if c.want == "" && got.Error() != c.err.Error() {
				t.Errorf("withHint(%v) = %q; want it unchanged", c.err, got)
			}
			if c.want != "" && (!strings.Contains(got.Error(), c.want) || !strings.Contains(got.Error(), cfg.Path)) {
				t.Errorf("withHint(%v) = %q; want a hint with %q and the config's path", c.err, got, c.want)
			}
		})
	}
}
