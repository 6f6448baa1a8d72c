// Package servermsg makes a message a server wrote fit for netsyncd's log
// and errors: the request's secrets taken out, printable, short. A token
// endpoint or an API may repeat what it was sent ("client secret
// GOCSPX-... is wrong", "the token ya29... lacks the scope") and write
// control characters or any length.
package servermsg

import (
	"net/url"
	"strings"
)

// MaxBytes is how much of a server's message Clean keeps.
const MaxBytes = 200

// Redact replaces every secret of secrets in msg by "[redacted]", as sent
// and as form-encoded (a refresh token's "1//" is "1%2F%2F" in the body a
// server may quote).
func Redact(msg string, secrets ...string) string {
	for _, s := range secrets {
		if s != "" {
			msg = strings.ReplaceAll(msg, s, "[redacted]")
			if q := url.QueryEscape(s); q != s {
				msg = strings.ReplaceAll(msg, q, "[redacted]")
			}
		}
	}
	return msg
}

// Clean is msg with secrets redacted (before the cut: a secret across it
// would lose only its end), control characters as spaces, and cut at
// MaxBytes on a character's boundary.
func Clean(msg string, secrets ...string) string {
	msg = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return ' '
		}
		return r
	}, Redact(msg, secrets...))
	if len(msg) > MaxBytes {
		msg = strings.ToValidUTF8(msg[:MaxBytes], "") + "..."
	}
	return msg
}
