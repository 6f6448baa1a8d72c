package ics

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestWriteLineFoldsOnCharacters(t *testing.T) {
	line := "DESCRIPTION:" + strings.Repeat("Zürich 🥂 ", 30)
	var w Writer
	w.Line(line)
	out := w.String()
	if !strings.HasSuffix(out, "\r\n") {
		t.Fatalf("no CRLF at the end: %q", out)
	}
	for i, l := range strings.Split(strings.TrimSuffix(out, "\r\n"), "\r\n") {
		if len(l) > maxLine || !utf8.ValidString(l) {
			t.Errorf("line %d: %d octets, valid UTF-8 %v: %q", i+1, len(l), utf8.ValidString(l), l)
		}
		if i > 0 && !strings.HasPrefix(l, " ") {
			t.Errorf("continuation line %d does not start with a space: %q", i+1, l)
		}
	}
	if got := Unfold(out); len(got) != 2 || got[0] != line || got[1] != "" {
		t.Errorf("Unfold(folded) = %q; want the line back", got)
	}
}

func TestEscapeText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Lunch, with Bob; 5\\6", `Lunch\, with Bob\; 5\\6`},
		{"one\r\ntwo\nthree", `one\ntwo\nthree`},
		{"bell\a tab\t del\x7f", "bell tab\t del"},
		// XML 1.0 cannot carry U+FFFE and U+FFFF: a multi-status brings them back as U+FFFD.
		{"not\ufffechars\uffff, \ufffd kept, \U0010fffd too", "not\ufffdchars\ufffd\\, \ufffd kept\\, \U0010fffd too"},
	}
	for _, tt := range tests {
		if got := EscapeText(tt.in); got != tt.want {
			t.Errorf("EscapeText(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestUnfoldTabAndFirstLine(t *testing.T) {
	got := Unfold(" lead\r\nSUMMARY:a\r\n\tb\r\n c\nEND:X")
	want := []string{" lead", "SUMMARY:abc", "END:X"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("Unfold = %q; want %q", got, want)
	}
}

// Text is what EscapeText writes, unescaped: a fixed point.
func TestTextIsWhatEscapeTextWrites(t *testing.T) {
	for _, s := range []string{"plain", "a\x01b\x7f", "a\xff\xfeb", "a\r\nb\rc", "\x00", "é\u0085\u202e", "tab\tlf\n", "\ufffe\uffff\xef\xbf"} {
		got := Text(s)
		if Text(got) != got {
			t.Errorf("Text(Text(%q)) = %q, Text(%q) = %q", s, Text(got), s, got)
		}
		want := strings.NewReplacer(`\n`, "\n", `\,`, ",", `\;`, ";", `\\`, `\`).Replace(EscapeText(s))
		if got != want {
			t.Errorf("Text(%q) = %q; EscapeText writes %q", s, got, want)
		}
	}
}
