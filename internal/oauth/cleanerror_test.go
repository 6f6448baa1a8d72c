package oauth

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/oauth2"
)

// A server's description that repeats a secret near the 200-byte cut, or
// in the form-encoded shape it was sent in, loses all of it: no part of a
// secret reaches the error.
func TestCleanErrorCutSecret(t *testing.T) {
	const secret = "1//0gSECRET-refresh-token-abcdefghijklmnopqrstuvwxyz"
	for _, desc := range []string{
		strings.Repeat("x", 180) + " token " + secret + " is wrong",
		"the token " + url.QueryEscape(secret) + " is wrong",
	} {
		re := &oauth2.RetrieveError{Response: &http.Response{StatusCode: 400}, ErrorCode: "invalid_request", ErrorDescription: desc}
		msg := cleanError("https://oauth2.example/token", re, secret).Error()
		for _, part := range []string{secret[:12], url.QueryEscape(secret)[:12]} {
			if strings.Contains(msg, part) {
				t.Errorf("the error quotes part of the secret (%q): %q", part, msg)
			}
		}
	}
	// a code that repeats the secret
	re := &oauth2.RetrieveError{Response: &http.Response{StatusCode: 400}, ErrorCode: strings.Repeat("y", 195) + secret}
	if msg := cleanError("u", re, secret).Error(); strings.Contains(msg, secret[:8]) {
		t.Errorf("the error quotes part of the secret: %q", msg)
	}
}
