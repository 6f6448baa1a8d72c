package hostile

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"context"
	"strings"
	"testing"
	"time"
)

// Files given to explain --ics and people --ics that are no calendar: an
// empty one, Google Calendar's export (a zip of .ics files), a gzipped
// .ics, a PDF and random bytes. Before, each printed "No events in the
// window." (or "No one met yet") and exited 0, with at most a warning of
// malformed lines: a wrong file looked like an empty week. Now each exits
// 2 naming the file, what it is and what to pass instead; a real
// calendar in the same commands still reads.
func TestICSFileOfTheWrongKind(t *testing.T) {
	ics := calendar(vevent("good-coffee", "20261202T150000Z"))
	var zipped, gzipped bytes.Buffer
	zw := zip.NewWriter(&zipped)
	w, _ := zw.Create("jane@example.com.ics")
	w.Write([]byte(ics))
	zw.Close()
	gw := gzip.NewWriter(&gzipped)
	gw.Write([]byte(ics))
	gw.Close()
	noise := make([]byte, 64<<10)
	for i := range noise {
		noise[i] = byte(i*7919 + i>>3) // no "BEGIN:V" in it
	}
	for _, c := range []struct{ name, data, want string }{
		{"empty", "", "the file is empty"},
		{"blank lines", "\r\n\r\n  \n", "the file is empty"},
		{"google export zip", zipped.String(), "unzip it"},
		{"gzipped", gzipped.String(), "gunzip it"},
		{"pdf", "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "no BEGIN:VCALENDAR"},
		{"binary", string(noise), "no BEGIN:VCALENDAR"},
		{"good", ics, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			Case(t, Bounds{Time: 30 * time.Second, RSS: 100 << 20}, "explain and people --ics: "+c.name, func(t *testing.T) {
				path := writeFile(t, "calendar.ics", c.data)
				for _, args := range [][]string{
					{"explain", "--ics", path, "--from", "2026-11-30", "--to", "2026-12-13"},
					{"people", "--ics", path},
				} {
					code, stdout, stderr := netsyncd(t, context.Background(), nil, args...)
					if c.want == "" {
						if code != 0 {
							t.Errorf("%s on a good calendar = exit %d\n%s", args[0], code, tail(stderr))
						}
						continue
					}
					if code != 2 || !strings.Contains(stderr, path) || !strings.Contains(stderr, c.want) {
						t.Errorf("%s = exit %d, stderr %q, stdout %.200q; want exit 2 naming %s and %q", args[0], code, tail(stderr), stdout, path, c.want)
					}
				}
			})
		})
	}
}
