package servermsg

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestClean(t *testing.T) {
	for _, c := range []struct{ in, secret, want string }{
		{"client secret s3cr3t is wrong", "s3cr3t", "client secret [redacted] is wrong"},
		{"token 1%2F%2Fabc refused", "1//abc", "token [redacted] refused"},
		{"line\r\nbreak\x1b[31m", "", "line  break [31m"},
		{strings.Repeat("x", 195) + "s3cr3t-tail", "s3cr3t-tail", strings.Repeat("x", 195) + "[redacted]"[:5] + "..."},
	} {
		if got := Clean(c.in, c.secret); got != c.want {
			t.Errorf("Clean(%q, %q) = %q; want %q", c.in, c.secret, got, c.want)
		}
	}
	long := strings.Repeat("é", 150) // 300 bytes: the cut falls inside a character
	if got := Clean(long); !utf8.ValidString(got) || len(got) > MaxBytes+len("...") {
		t.Errorf("Clean of 150 é = %q (%d bytes); want valid UTF-8 of at most %d bytes", got, len(got), MaxBytes+3)
	}
}
