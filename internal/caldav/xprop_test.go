package caldav

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

// foldedProp is name:value, value n bytes, folded at 75 octets.
func foldedProp(name string, n int) string {
	v := strings.Repeat("QUJD", n/4)
	var b strings.Builder
	b.WriteString(name + v[:min(len(v), 75-len(name))])
	for i := 75 - len(name); i < len(v); i += 74 {
		b.WriteString("\r\n " + v[i:min(i+74, len(v))])
	}
	return b.String() + "\r\n"
}

// A vendor's X- property of 1 MB is cut at MaxXProp, netsyncd's own
// X-NETSYNCD- ones are kept whole, and an answer of 60 such objects stays
// under MaxKept (before: each kept its megabyte, and the answer failed).
func TestLongXPropertyCut(t *testing.T) {
	ev := func(extra string) string {
		return "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTART:20261202T150000Z\r\n" + extra + "SUMMARY:Coffee\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
	}
	blob := foldedProp("X-VENDOR-BLOB:", 1<<20)
	got := dropBinary(ev(blob))
	if len(got) > MaxXProp+1024 || !strings.Contains(got, "X-VENDOR-BLOB:QUJD") || !strings.Contains(got, "\r\nSUMMARY:Coffee\r\nEND:VEVENT") {
		t.Errorf("a 1 MB X- property: kept %d bytes, want at most about 64 KiB with the property start", len(got))
	}
	line := "X-ONE-LINE:" + strings.Repeat("é", 1<<19) + "\r\n"
	got = dropBinary(ev(line))
	if len(got) > MaxXProp+1024 || !utf8.ValidString(got) || !strings.Contains(got, "é\r\nSUMMARY:Coffee\r\n") {
		t.Errorf("a 1 MB X- property on one line: kept %d bytes (valid UTF-8 %v); want it cut at about %d at a character, its line end kept", len(got), utf8.ValidString(got), MaxXProp)
	}
	for _, keep := range []string{foldedProp("X-NETSYNCD-LEDGER:", 1<<20), foldedProp("DESCRIPTION:", 200<<10), foldedProp("X-SHORT:", 1000)} {
		if in := ev(keep); dropBinary(in) != in {
			t.Errorf("%.20s... (%d bytes) was changed; want it kept whole", keep, len(keep))
		}
	}
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?><d:multistatus xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav">`)
	for i := range 60 {
		fmt.Fprintf(&b, `<d:response><d:href>/c/%d.ics</d:href><d:propstat><d:prop><d:getetag>"%d"</d:getetag><c:calendar-data>%s</c:calendar-data></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>`, i, i, ev(blob))
	}
	b.WriteString(`</d:multistatus>`)
	ms, err := decodeMultistatus(strings.NewReader(b.String()))
	if err != nil || len(ms.Responses) != 60 {
		t.Fatalf("60 objects of a 1 MB X- property: %v", err)
	}
}
