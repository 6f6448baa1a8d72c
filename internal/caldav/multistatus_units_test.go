package caldav

import "testing"

// TestStatusCode: a status line's code is three digits; anything else is
// no status (0), an absent one 200.
func TestStatusCode(t *testing.T) {
	for s, want := range map[string]int{
		"HTTP/1.1 200 OK": 200, "HTTP/1.1 404 Not Found": 404, "": 200, "HTTP/1.1": 200,
		"HTTP/1.1 +200 OK": 0, "HTTP/1.1 2000 OK": 0, "HTTP/1.1 20 OK": 0, "HTTP/1.1 2x0 OK": 0, "HTTP/1.1 -20 OK": 0,
	} {
		if got := statusCode(s); got != want {
			t.Errorf("statusCode(%q) = %d; want %d", s, got, want)
		}
	}
}
