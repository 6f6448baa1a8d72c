package hostile

import (
	"bytes"
	"compress/flate"
	"compress/zlib"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// compressing answers the in-process server's REPORTs with a
// Content-Encoding the client did not ask for (it asks for gzip only),
// as Apache's mod_deflate or a proxy rule in front of a server may.
type compressing struct {
	h        http.Handler
	encoding string // deflate (zlib, as RFC 9110 says), raw-deflate, br
}

func (c *compressing) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != "REPORT" {
		c.h.ServeHTTP(w, r)
		return
	}
	rec := httptest.NewRecorder()
	c.h.ServeHTTP(rec, r)
	var b bytes.Buffer
	name := c.encoding
	switch c.encoding {
	case "deflate":
		zw := zlib.NewWriter(&b)
		zw.Write(rec.Body.Bytes())
		zw.Close()
	case "raw-deflate":
		fw, _ := flate.NewWriter(&b, flate.DefaultCompression)
		fw.Write(rec.Body.Bytes())
		fw.Close()
		name = "deflate"
	default: // what the client cannot read: the bytes stand for it
		b.Write([]byte{0x1b, 0x7f, 0x03})
		b.Write(rec.Body.Bytes())
	}
	for k, v := range rec.Header() {
		w.Header()[k] = v
	}
	w.Header().Del("Content-Length")
	w.Header().Set("Content-Encoding", name)
	w.WriteHeader(rec.Code)
	w.Write(b.Bytes())
}

// REPORT answers compressed with deflate, which the client never asked
// for: before, the XML decoder was given the compressed bytes, every
// calendar failed with "bad multi-status: XML syntax error on line 2:
// invalid XML name: <binary>" and the pass never read anything. Now
// deflate (zlib or raw) is inflated and the pass is whole; an encoding
// netsyncd cannot read (br) fails the calendar naming the URL, the
// encoding and what to do.
func TestServerCompressesUnasked(t *testing.T) {
	for _, enc := range []string{"deflate", "raw-deflate", "br"} {
		t.Run(enc, func(t *testing.T) {
			Case(t, passBounds, "once: REPORT answers with Content-Encoding "+enc+", unasked", func(t *testing.T) {
				srv, _ := davServer(t, calendar(vevent("coffee", "20261202T150000Z")), calendar(vevent("coffee-2", "20261204T150000Z")))
				cfg := passConfig(t, servedBy(t, &compressing{h: srv.Handler(), encoding: enc}), "")
				code, s, log := onceAt(t, now, cfg)
				if enc == "br" {
					errs := strings.Join(s.Errors, "\n")
					if code != 1 || !strings.Contains(errs, "/personal/") || !strings.Contains(errs, `Content-Encoding "br"`) || !strings.Contains(errs, "turn that compression off") {
						t.Errorf("once = exit %d, errors %q; want exit 1 naming the calendar's URL, the encoding and what to do\n%s", code, s.Errors, tail(log))
					}
					return
				}
				if code != 0 || changesFor(s, "Coffee") < 4 {
					t.Fatalf("first pass = exit %d, %d coffee entries, errors %q; want both coffees' prep and follow-up\n%s", code, changesFor(s, "Coffee"), s.Errors, tail(log))
				}
				movedCoffee(srv, t) // the next REPORT (compressed) must show it
				code, s, log = onceAt(t, now.Add(time.Hour), cfg)
				if code != 0 || len(s.Changes) == 0 || len(s.Errors) != 0 {
					t.Errorf("second pass = exit %d, %d changes, errors %q; want the moved coffee's entries updated\n%s", code, len(s.Changes), s.Errors, tail(log))
				}
			})
		})
	}
}
