package caldav

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"context"
	"errors"
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

// An error answer compressed unasked is inflated as a success is, so its
// message (a DAV:error condition, a line of text) is read; its inflated
// bytes are capped as an error body always is, and an encoding that cannot
// be read leaves the status with no message rather than another error.
func TestErrorAnswerCompressedUnasked(t *testing.T) {
	const cond = `<?xml version="1.0"?><d:error xmlns:d="DAV:"><d:need-privileges/></d:error>`
	const text = "Quota exceeded for alice\nsecond line"
	zl := func(s string) []byte {
		var b bytes.Buffer
		zw := zlib.NewWriter(&b)
		zw.Write([]byte(s))
		zw.Close()
		return b.Bytes()
	}
	raw := func(s string) []byte {
		var b bytes.Buffer
		fw, _ := flate.NewWriter(&b, 9)
		fw.Write([]byte(s))
		fw.Close()
		return b.Bytes()
	}
	bomb := raw(strings.Repeat("x", 64<<20)) // 64 MB of one line, inflated
	for _, tc := range []struct {
		name, encoding, contentType string
		body                        []byte
		status                      int
		condition, text             string
	}{
		{"zlib condition", "deflate", "text/xml", zl(cond), 403, "need-privileges", ""},
		{"raw deflate text", "deflate", "text/plain", raw(text), 507, "", "Quota exceeded for alice"},
		{"raw deflate bomb", "deflate", "text/plain", bomb, 500, "", strings.Repeat("x", 200) + "..."},
		{"br", "br", "text/plain", []byte("\x1b\x7f\x03"), 403, "", ""},
		{"not deflate", "deflate", "text/plain", []byte("Forbidden here"), 403, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Encoding", tc.encoding)
				w.Header().Set("Content-Type", tc.contentType)
				w.WriteHeader(tc.status)
				w.Write(tc.body)
			})
			c, _ := fakeClient(t, f.URL)
			_, err := c.Put(context.Background(), "/cal/e.ics", []byte(tinyCal), Precondition{IfNoneMatch: true})
			var se *StatusError
			if !errors.As(err, &se) || se.Status != tc.status || se.Condition != tc.condition || se.Body != tc.text {
				t.Fatalf("Put = %v (%#v); want status %d, condition %q, message %q", err, se, tc.status, tc.condition, tc.text)
			}
		})
	}
}
