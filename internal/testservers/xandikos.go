package testservers

import (
	"path/filepath"
	"strconv"
	"testing"
)

// Xandikos starts Xandikos with its defaults: no authentication, principal
// /user/, calendar home /user/calendars/ holding one calendar "calendar".
func Xandikos(t testing.TB) *Server {
	t.Helper()
	bin := lookBinary(t, "xandikos")
	s := newServer(t, "xandikos")
	s.Home, s.Default = "/user/calendars/", "/user/calendars/calendar/"
	data := filepath.Join(s.dir, "data")
	s.start(t, bin, func(port int) []string {
		return []string{"--defaults", "-d", data, "-l", "127.0.0.1", "-p", strconv.Itoa(port)}
	})
	return s
}
