package caldav

import (
	"strings"
	"testing"
	"time"

	netentry "github.com/netsyncd/netsyncd/internal/entry"
)

// rawMultistatus is the REPORT answer a server built on Python's
// ElementTree (Radicale, Xandikos) sends for one object: '&', '<' and '>'
// escaped, every other character as it is, U+FFFE included.
func rawMultistatus(href string, data []byte) string {
	esc := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(string(data))
	return `<?xml version="1.0" encoding="utf-8"?>` + "\n" +
		`<multistatus xmlns="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><response><href>` + href +
		`</href><propstat><prop><getetag>"1"</getetag><C:calendar-data>` + esc +
		`</C:calendar-data></prop><status>HTTP/1.1 200 OK</status></propstat></response></multistatus>`
}

// TestEntryWithOddTextReadsBackThroughMultistatus writes entries whose
// text holds characters TEXT forbids or XML cannot carry, reads them back
// as a pass does (a multi-status answer, then entry.Ours) and checks that
// none reads as edited by the user. Before, an entry quoting an event
// with U+FFFE or U+FFFF was written with them, read back with U+FFFD, and
// kept as the user's for ever.
func TestEntryWithOddTextReadsBackThroughMultistatus(t *testing.T) {
	start := time.Date(2026, 12, 8, 17, 0, 0, 0, time.UTC)
	for name, s := range map[string]string{
		"DEL": "a\x7fb", "C0": "a\x01\x1b[2Jb", "C1": "a\u0085b\u009bc", "not UTF-8": "a\xff\xfeb",
		"bare CR": "a\rb", "NUL": "a\x00b", "U+FFFE and U+FFFF": "a\ufffeb\uffffc", "CESU surrogate": "a\xed\xa0\x80b",
		"noncharacters XML allows": "a\ufdd0b\U0001fffec", "markup": "a <b> & ]]> &amp; &#1;",
		"spaces at a fold": strings.Repeat("x", 60) + "        " + strings.Repeat("y", 100),
		"long multi-byte":  strings.Repeat("é🥂", 100),
	} {
		t.Run(name, func(t *testing.T) {
			e := netentry.Entry{Kind: netentry.KindPrep, SourceUID: "src", Summary: "Prep: " + s, Description: "Why " + s + "?\n" + s,
				Location: s, Start: start, End: start.Add(30 * time.Minute), Until: start.Add(30 * time.Minute)}
			e.UID = netentry.UID(e.Kind, e.SourceUID, "")
			ms, err := decodeMultistatus(strings.NewReader(rawMultistatus("/cal/x.ics", netentry.Encode(e, netentry.EncodeOptions{Stamp: start}))))
			if err != nil || len(ms.Responses) != 1 || len(ms.Responses[0].Propstats) != 1 || ms.Responses[0].Propstats[0].Prop.CalendarData == nil {
				t.Fatalf("decodeMultistatus: %v, %+v", err, ms)
			}
			o, ours, err := netentry.Ours("/cal/x.ics", `"1"`, []byte(*ms.Responses[0].Propstats[0].Prop.CalendarData))
			if err != nil || !ours {
				t.Fatalf("Ours = %v, %v", ours, err)
			}
			if o.Edited() || o.ContentHash != e.Hash() {
				t.Errorf("%q reads back as edited: summary %q, stored hash %s, read %s, planned %s", s, o.Summary, o.StoredHash, o.ContentHash, e.Hash())
			}
		})
	}
}
