package caldav

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"io"
	"net/http"
	"strings"
	"testing"
)

// decodeContent reads each encoding a server may send unasked, leaves an
// empty body (a 201 or 204 to a PUT) alone whatever its header says, so a
// write that landed is never reported failed, and refuses an encoding it
// cannot read only when there is a body to read.
func TestDecodeContent(t *testing.T) {
	const text = `<?xml version="1.0"?><d:multistatus xmlns:d="DAV:"/>`
	pack := func(w func(io.Writer) io.WriteCloser) string {
		var b bytes.Buffer
		zw := w(&b)
		zw.Write([]byte(text))
		zw.Close()
		return b.String()
	}
	zl := pack(func(w io.Writer) io.WriteCloser { return zlib.NewWriter(w) })
	raw := pack(func(w io.Writer) io.WriteCloser { fw, _ := flate.NewWriter(w, 5); return fw })
	gz := pack(func(w io.Writer) io.WriteCloser { return gzip.NewWriter(w) })
	for _, c := range []struct{ encoding, body, want, err string }{
		{"", text, text, ""},
		{"identity", text, text, ""},
		{"deflate", zl, text, ""},
		{"Deflate", raw, text, ""},
		{"GZIP", gz, text, ""},
		{"x-gzip", gz, text, ""},
		{"br", "", "", ""},
		{"deflate", "", "", ""},
		{"br", "\x1b\x7f\x03", "", `Content-Encoding "br"`},
		{"gzip", text, "", "is not gzip"},
	} {
		req, _ := http.NewRequest("REPORT", "https://dav.example.com/cal/", nil)
		resp := &http.Response{StatusCode: 207, Header: http.Header{}, Body: io.NopCloser(strings.NewReader(c.body))}
		if c.encoding != "" {
			resp.Header.Set("Content-Encoding", c.encoding)
		}
		err := decodeContent(req, resp)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) || !strings.Contains(err.Error(), "https://dav.example.com/cal/") {
				t.Errorf("%q: %v; want an error naming the URL and %q", c.encoding, err, c.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q: %v", c.encoding, err)
			continue
		}
		got, err := io.ReadAll(resp.Body)
		if err != nil || string(got) != c.want || resp.Header.Get("Content-Encoding") != "" && c.encoding != "identity" {
			t.Errorf("%q: read %q (%v), header %q; want %q", c.encoding, got, err, resp.Header.Get("Content-Encoding"), c.want)
		}
	}
}
