package hostile

import (
	"bytes"
	"compress/flate"
	"compress/zlib"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
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

// refusing answers every PUT and DELETE into the target calendar with one
// status before the server sees it, as a calendar the account may only
// read does (a calendar shared read-only, a subscription), or a server
// whose quota is used up; it counts the writes that reached the source.
type refusing struct {
	h            http.Handler
	status       int
	sourceWrites atomic.Int64
}

func (f *refusing) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method == "PUT" || r.Method == "DELETE" {
		if strings.Contains(r.URL.Path, "/personal/") {
			f.sourceWrites.Add(1)
		}
		w.WriteHeader(f.status)
		return
	}
	f.h.ServeHTTP(w, r)
}

// Every write refused, as a read-only target calendar refuses them: before,
// each error said "403 Forbidden" (or 405, 415, 507) and nothing more, so
// the user could not tell that caldav.target was what to change, and a 507
// did not say the account's quota was full. Now every refused write names
// its URL, the status and what to do; the pass reports the failure (exit
// 1), and nothing is written to the source calendar.
func TestServerRefusesEveryWrite(t *testing.T) {
	for _, c := range []struct {
		status int
		want   string
	}{
		{http.StatusForbidden, "caldav.target names a calendar shared with you read-only"},
		{http.StatusMethodNotAllowed, "caldav.target must name a calendar you can edit"},
		{http.StatusUnsupportedMediaType, "calendar that holds events"},
		{http.StatusLocked, "WebDAV lock"},
		{http.StatusInsufficientStorage, "storage on the server is full"},
	} {
		t.Run(fmt.Sprint(c.status), func(t *testing.T) {
			Case(t, passBounds, fmt.Sprintf("once: every PUT and DELETE answered %d", c.status), func(t *testing.T) {
				srv, _ := davServer(t, calendar(vevent("coffee", "20261202T150000Z")))
				f := &refusing{h: srv.Handler(), status: c.status}
				cfg := passConfig(t, servedBy(t, f), "")
				code, s, log := onceAt(t, now, cfg)
				status := fmt.Sprintf("%d %s", c.status, http.StatusText(c.status))
				if code != 1 || len(s.Errors) == 0 {
					t.Fatalf("once = exit %d, errors %q; want exit 1 with the refused writes\n%s", code, s.Errors, tail(log))
				}
				for _, e := range s.Errors {
					if !strings.Contains(e, "PUT http://") || !strings.Contains(e, "/netsyncd/") || !strings.Contains(e, status) || !strings.Contains(e, c.want) {
						t.Errorf("error %q; want the URL, %q and what to do (%q)", e, status, c.want)
					}
				}
				if n := f.sourceWrites.Load(); n != 0 {
					t.Errorf("%d writes went to the source calendar", n)
				}
			})
		})
	}
}
